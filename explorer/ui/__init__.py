"""The desktop window (PySide6 + pyqtgraph) over explorer.core."""
