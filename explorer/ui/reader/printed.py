"""The Page view: a PDF report's page as printed, in place of its text in the reader, the
passage being read marked on it.

pdfium draws the page on the read lane (``Workspace.printed_page``), as wide as the view,
and keeps the last pages drawn; here the picture is shown and the passage's lines are
painted over it. ‹ and › (or PageUp at the top and PageDown at the bottom) turn the pages;
Ctrl+Shift+P, or *Text*, goes back to the text at the page shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core.reports import page_label

if TYPE_CHECKING:
    from explorer.core.reports.formats.pdf.printed import PrintedPage
    from explorer.core.workspace import Workspace
    from explorer.ui.tasks import TaskRunner

MARGIN = 12
"""Pixels kept clear on each side of the page."""
NARROWEST = 420
"""A page is drawn at least this wide (narrower, its text cannot be read): a narrower view
scrolls across it."""
MARK = QColor(255, 214, 0, 90)
MARK_EDGE = QColor(214, 160, 0)


class PageView(QWidget):
    """Shows one printed page of the report being read; ``text_asked(passage id)`` asks
    for the text again, at the passage that opens the page shown."""

    text_asked = Signal(str)
    shown = Signal(int)
    """A page was shown (its number)."""
    refused = Signal(str)
    """No page could be shown: why, in one sentence (also shown in the view)."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.runner = runner
        self.report_id: str | None = None
        self.printed: PrintedPage | None = None
        self.passage: str | None = None
        """The passage being read (marked on the pages it is on, as they are turned)."""
        self.opened_on: int | None = None
        """The number of the page shown first for the reading position (before turning)."""
        self._width = 0
        self.previous = _button("‹", "Previous page (PageUp at the top, or Left)")
        self.next = _button("›", "Next page (PageDown at the bottom, or Right)")
        self.where = QLabel()
        self.where.setObjectName("pageViewPlace")
        self.back = _button("Text", "Back to the text (Ctrl+Shift+P)")
        self.previous.clicked.connect(lambda: self.turn(-1))
        self.next.clicked.connect(lambda: self.turn(1))
        self.back.clicked.connect(self.ask_text)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for part in (self.previous, self.where, self.next):
            bar.addWidget(part)
        bar.addStretch(1)
        bar.addWidget(self.back)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture.setWordWrap(True)
        self.area = QScrollArea()
        self.area.setWidget(self.picture)
        self.area.setWidgetResizable(True)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.installEventFilter(self)
        self.area.viewport().installEventFilter(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(bar)
        column.addWidget(self.area, 1)
        self._resized = QTimer(self, singleShot=True, interval=150)
        self._resized.timeout.connect(self._redraw_if_wider)
        self._update_buttons()

    # ---- asking for pages ------------------------------------------------------------

    def show_reading(self, report_id: str, passage_id: str | None, offset: int | None) -> None:
        """Show the page at ``offset`` (else where the passage starts), the passage marked."""
        self.report_id, self.opened_on, self.passage = report_id, None, None
        self._ask(passage_id, offset, None)

    def turn(self, by: int) -> None:
        """Show the page ``by`` pages on (‹ is -1, › is 1), if there is one."""
        printed = self.printed
        if printed is None or not 1 <= printed.number + by <= printed.count:
            return
        self._ask(self.passage, None, printed.number + by, at_bottom=by < 0)

    def ask_text(self) -> None:
        passage = self.printed.opens if self.printed is not None else None
        self.text_asked.emit(passage or "")

    def _ask(
        self,
        passage_id: str | None,
        offset: int | None,
        number: int | None,
        at_bottom: bool = False,
    ) -> None:
        report_id = self.report_id
        if report_id is None:
            return
        ratio = self.devicePixelRatioF()
        self._width = self._page_width()
        width = round(self._width * ratio)

        def draw(ws: Workspace, _task: object) -> PrintedPage:
            return ws.printed_page(report_id, passage_id, offset, number, width)

        self.runner.read(
            draw, lambda printed: self._show(printed, at_bottom), self._failed, key="page"
        )

    def _page_width(self) -> int:
        """The view's width less the margins and a scroll bar (the view's own width while
        it is shown; its stack's before, when it has not been laid out yet)."""
        holder = self if self.isVisible() else self.parentWidget() or self
        scroll_bar = self.area.verticalScrollBar().sizeHint().width()
        width = holder.width() - scroll_bar - 2 * MARGIN - 2 * self.area.frameWidth()
        return max(NARROWEST, width)

    # ---- showing them ----------------------------------------------------------------

    def _show(self, printed: PrintedPage, at_bottom: bool = False) -> None:
        self.printed = printed
        if self.opened_on is None:  # the first page shown for a reading place
            self.opened_on, self.passage = printed.number, printed.passage
        picture = printed.picture
        rgb32 = QImage.Format.Format_RGB32
        image = QImage(
            picture.pixels, picture.width, picture.height, picture.stride, rgb32
        ).copy()  # its own pixels: the bytes it was made over go with the answer
        if printed.marks:
            painter = QPainter(image)
            painter.setPen(MARK_EDGE)
            for x, y, width, height in printed.marks:
                painter.fillRect(x - 2, y - 2, width + 4, height + 4, MARK)
            painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.picture.setPixmap(pixmap)
        self.picture.setAccessibleName(f"Page {printed.label} as printed")
        place = page_label(printed.label)
        if printed.label != str(printed.number):
            place += f" (page {printed.number} of {printed.count})"
        else:
            place += f" of {printed.count}"
        self.where.setText(place)
        self._update_buttons()
        bar = self.area.verticalScrollBar()
        QTimer.singleShot(0, lambda: self._scroll_to_mark(at_bottom))
        bar.setValue(bar.maximum() if at_bottom else 0)
        self.shown.emit(printed.number)

    def _scroll_to_mark(self, at_bottom: bool) -> None:
        printed, bar = self.printed, self.area.verticalScrollBar()
        if printed is None:
            return
        if printed.marks:
            top = min(y for _x, y, _w, _h in printed.marks) / self.devicePixelRatioF()
            bar.setValue(int(top) - 3 * MARGIN)
        else:
            bar.setValue(bar.maximum() if at_bottom else 0)

    def _failed(self, message: str) -> None:
        self.printed = None
        self.picture.setPixmap(QPixmap())
        self.picture.setText(message)  # plain text: a path can hold anything
        self.picture.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setText("")
        self._update_buttons()
        self.refused.emit(message)

    def _update_buttons(self) -> None:
        printed = self.printed
        self.previous.setEnabled(printed is not None and printed.number > 1)
        self.next.setEnabled(printed is not None and printed.number < printed.count)

    # ---- keys and size ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if event.type() == QEvent.Type.Resize and watched is self.area.viewport():
            self._resized.start()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        """PageDown at the bottom (PageUp at the top) turns the page; Left and Right turn
        it anywhere."""
        bar = self.area.verticalScrollBar()
        turns: dict[int, Callable[[], bool]] = {
            Qt.Key.Key_PageDown: lambda: bar.value() >= bar.maximum(),
            Qt.Key.Key_PageUp: lambda: bar.value() <= bar.minimum(),
            Qt.Key.Key_Right: lambda: True,
            Qt.Key.Key_Left: lambda: True,
        }
        at_edge = turns.get(event.key())
        if at_edge is None or not at_edge():
            return False
        forward = event.key() in (Qt.Key.Key_PageDown, Qt.Key.Key_Right)
        self.turn(1 if forward else -1)
        return True

    def _redraw_if_wider(self) -> None:
        """A view much wider or narrower than the picture: draw the page again to fit."""
        printed = self.printed
        if printed is None or not self.isVisible():
            return
        if abs(self._page_width() - self._width) > 0.1 * max(self._width, 1):
            self._ask(self.passage, None, printed.number)


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    return button
