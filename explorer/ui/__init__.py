"""The desktop window (PySide6 + pyqtgraph) over explorer.core."""

# The core is imported before PySide6 on purpose: PySide6 installs an import hook that reads
# the source of every module imported after it, which costs a tenth of a second at start.
import explorer.core.workspace  # noqa: F401
