"""The concept graph view: drawing, pointer and keys, labels, colours."""
