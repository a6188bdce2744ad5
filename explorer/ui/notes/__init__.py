"""The notes panel: the list, the editor and its Markdown preview."""
