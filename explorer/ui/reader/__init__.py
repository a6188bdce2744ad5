"""The reader: one section's text, escaped, with its marks."""
