"""Making the Qt application: the window, `explorer present` and the drawn exports (which
make one offscreen when the command line has none) all start it the same way."""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QIcon
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
    add_emoji_font()
    return app


EMOJI_FONT = "NotoEmoji-Regular.ttf"
"""Noto Emoji (monochrome, SIL Open Font License 1.1: resources/fonts/OFL.txt), the emoji of
Unicode 15 and their sequences in 885 KB: a report's "📝 Notebooks" is drawn, not "▯ Notebooks",
on a system without an emoji font."""


def add_emoji_font() -> None:
    """Make the bundled emoji font the one Qt draws emoji with when no font has them (once
    per process)."""
    db = QFontDatabase
    if "Noto Emoji" in db.applicationEmojiFontFamilies():
        return
    font = db.addApplicationFont(str(bundled_dir("resources") / "fonts" / EMOJI_FONT))
    families = db.applicationFontFamilies(font) if font >= 0 else []
    for family in families:
        db.addApplicationEmojiFontFamily(family)
