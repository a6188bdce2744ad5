"""The Library panel: the reports, their dates and files; remove, reveal, open."""
