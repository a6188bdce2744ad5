"""The switch between a PDF report's text and its Page view (View → Page View,
Ctrl+Shift+P): both stand in one stack in the reader's place.

The switch is offered while the report being read has printed pages. Turned on, the Page
view shows the page the reader was at, the passage opened (or the one at the top) marked;
a section opened meanwhile is shown as a page too, and one without pages brings the text
back. Turned off, the text shows again, moved to the page last shown if it was turned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStackedWidget

from explorer.core.ids import report_of, section_of
from explorer.core.reports import has_pages
from explorer.ui.reader.printed import PageView

if TYPE_CHECKING:
    from explorer.core.reports import Report
    from explorer.ui.window_parts import WindowParts


class PageSwitch(QObject):
    """Holds the reader and the Page view in ``stack``; ``toggle`` goes between them."""

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.window = window
        self.view = PageView(window.runner)
        self.stack = QStackedWidget()
        self.stack.addWidget(window.reader)
        self.stack.addWidget(self.view)
        self.action: QAction | None = None
        """View → Page View (set by the menus)."""
        self.paged = False
        """Whether the report being read has printed pages."""
        window.navigator.section_opened.connect(self._opened)
        self.view.text_asked.connect(self.show_text)

    @property
    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.view

    def toggle(self) -> None:
        if self.showing_pages:
            self.view.ask_text()
        elif self.paged:
            self.show_pages()
        self._sync_action()

    def show_pages(self) -> None:
        """The Page view at the page the reader is at."""
        reader = self.window.reader
        if reader.section_id is None:
            return
        passage_id, offset = reader.reading_place()
        self.view.show_reading(report_of(reader.section_id), passage_id, offset)
        self.stack.setCurrentWidget(self.view)
        self.view.area.setFocus()
        self._sync_action()

    def show_text(self, passage_id: str = "") -> None:
        """The text again; at ``passage_id`` when the page shown is not the one the Page
        view opened on."""
        printed = self.view.printed
        self.stack.setCurrentWidget(self.window.reader)
        self.window.reader.setFocus()
        if passage_id and printed is not None and printed.number != self.view.opened_on:
            self.window.navigator.open_section(section_of(passage_id), passage_id)
        self._sync_action()

    def _opened(self, report: Report, _section_id: str) -> None:
        self.paged = has_pages(report.text)
        if self.showing_pages:
            if self.paged:
                self.show_pages()
            else:
                self.show_text()
        self._sync_action()

    def _sync_action(self) -> None:
        if self.action is not None:
            self.action.setEnabled(self.paged or self.showing_pages)
            self.action.setChecked(self.showing_pages)
