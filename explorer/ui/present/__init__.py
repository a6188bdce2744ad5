"""Presenting tours: the presenter window and the slide exports drawn with Qt (the PDF)."""
