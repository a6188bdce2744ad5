"""Making the Qt application: the window, `explorer present` and the drawn exports (which
make one offscreen when the command line has none) all start it the same way."""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from explorer import __version__
from explorer.core.reports import bundled_dir
from explorer.ui.theme import apply_theme

SWITCH_INTERVAL_S = 0.001
"""How long the worker thread may hold the interpreter before the GUI thread gets its turn.
Python's default, 5 ms, is paid at every return from Qt to Python while the worker runs
Python code (a paint makes dozens): adding milvus-blog-en while typing stalled the window for
up to 150 ms with it and 85–90 ms with 1 ms, the add taking as long (benchmarks/gui_stall.py)."""

QT_CHATTER = ("propagateSizeHints",)
"""Qt messages that say nothing to a user: the offscreen platform's "This plugin does not
support propagateSizeHints()", printed for every window shown (thousands for a big one)."""


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not any(chatter in message for chatter in QT_CHATTER):
        print(message, file=sys.stderr)


def make_app(theme: str = "system") -> QApplication:
    """The process's QApplication (made if there is none), named, themed, quiet."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Trend Explorer")
    app.setOrganizationName("TrendExplorer")
    app.setApplicationVersion(__version__)
    with contextlib.suppress(FileNotFoundError):
        app.setWindowIcon(QIcon(str(bundled_dir("resources") / "icons" / "app.svg")))
    apply_theme(app, theme)
    return app
