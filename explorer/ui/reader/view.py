"""The reader: one section rendered from its Markdown, with query terms, concept mentions
and notes marked, and the passages counted as no mention (boilerplate, reference lists)
dimmed, their tooltip saying why.

The page is made in the core (``explorer.core.reports.render_section``), off the GUI
thread; here it is shown, its links followed on click (concepts, notes, and web links the
user chose to open), and a selection mapped back to report offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QDesktopServices, QPalette
from PySide6.QtWidgets import QTextBrowser

from explorer.core.ids import is_concept
from explorer.ui.theme import mark_colours

if TYPE_CHECKING:  # the renderer (markdown-it) is imported when first used, not at start-up
    from explorer.core.reports import Page, Report, Section, Span

WEB_SCHEMES = ("http", "https", "mailto")


class Reader(QTextBrowser):
    """Shows a section; clicking a marked concept emits ``concept_clicked(node id)``."""

    concept_clicked = Signal(str)
    note_clicked = Signal(str)
    section_shown = Signal(str)
    """The id of the section now shown in full (a long one is shown first in part)."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        flags = self.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags)  # Shift+arrows select, as in any text view
        self.section_id: str | None = None
        self.focus_passage: str | None = None
        """The passage the section was opened at (a search hit, a link's evidence)."""
        self.page: Page | None = None
        self._opened_at = 0
        self._positions: list[int] | None = None
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """Opens a web link the user clicked; tests put a recorder here."""
        self.show_empty_state()

    def colours(self) -> dict[str, str]:
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return {
            "mark": mark_colours(dark)[0],
            "mark_text": mark_colours(dark)[1],
            "focus": "#2a3440" if dark else "#eef4ff",
            "link": "#8cc4ff" if dark else "#0b5cad",
            "muted": "#9aa0a6" if dark else "#5f6368",
            "note": "#5c4a1a" if dark else "#ffe0b2",
            "code": "#2b2f36" if dark else "#f3f4f6",
            "rule": "#4a4f57" if dark else "#c9ccd1",
        }

    def show_section(
        self,
        report: Report,
        section: Section,
        spans: Mapping[str, Sequence[Span]],
        focus_passage: str | None = None,
        dimmed: Mapping[str, str] | None = None,
    ) -> None:
        """Render the section here and show it (the navigator renders on its worker and
        calls ``show_page``)."""
        from explorer.core.reports import render_section

        colours = self.colours()
        page = render_section(report, section, spans, focus_passage, colours, dimmed=dimmed)
        self.show_page(section.id, page, focus_passage)

    def show_page(self, section_id: str, page: Page, focus_passage: str | None = None) -> None:
        """Show a rendered section, scrolled to the focused passage or to the top;
        ``section_shown`` tells when it is shown in full (not a first look at it)."""
        self.section_id, self.focus_passage = section_id, focus_passage
        self.page, self._positions = page, None
        self.setHtml(page.html)
        if focus_passage:
            self.scrollToAnchor(focus_passage)
        else:
            self.verticalScrollBar().setValue(0)
        self._opened_at = self.verticalScrollBar().value()
        if page.complete:
            self.section_shown.emit(section_id)

    def show_empty_state(self) -> None:
        self.section_id, self.focus_passage = None, None
        self.page, self._positions = None, None
        muted = self.colours()["muted"]
        self.setHtml(
            f'<p style="color:{muted}">Search for a word, or click a node in the graph, '
            "to read the passage behind it here. Underlined words are concepts: click one "
            "to see it in the graph.</p>"
        )

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Never load anything a report refers to: no files, no network."""
        return None

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if is_concept(text):
            self.concept_clicked.emit(text)
        elif text.startswith("note:"):
            self.note_clicked.emit(text.split(":", 1)[1])
        elif url.scheme().lower() in WEB_SCHEMES:
            self.open_url(url)  # the user clicked it; nothing else is ever opened

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as report offsets (start, end), from its first shown character
        of a passage to the end of the source of its last; None when it holds none."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.page is None:
            return None
        from explorer.core.reports import source_span

        positions = self._lined_up(self.page)
        return source_span(self.page, positions, cursor.selectionStart(), cursor.selectionEnd())

    def reading_place(self) -> tuple[str | None, int | None]:
        """Where the user is reading: the passage the section was opened at while the view
        is still where that left it, else the report offset at the top of the view."""
        if self.focus_passage and self.verticalScrollBar().value() == self._opened_at:
            return self.focus_passage, None
        return None, self.offset_at_top()

    def offset_at_top(self) -> int | None:
        """The report offset of the first report character shown from the top of the view
        down (where the user is reading); None when nothing of a report is shown."""
        if self.page is None:
            return None
        from explorer.core.reports import source_span

        positions = self._lined_up(self.page)
        top = self.cursorForPosition(QPoint(0, 0)).position()
        span = source_span(self.page, positions, top, len(positions))
        return span[0] if span is not None else None

    def _lined_up(self, page: Page) -> list[int]:
        """Each document position's page character (see ``document_positions``)."""
        if self._positions is None:  # the page is read-only: line it up once
            from explorer.core.reports import document_positions

            self._positions = document_positions(page, self.document().toRawText())
        return self._positions

    def selected_words(self) -> str:
        """The selected text, paragraph breaks as new lines."""
        return self.textCursor().selectedText().replace("\u2029", "\n").replace("\u270e", "")

    def add_context_actions(self, actions: list[QAction]) -> None:
        """Actions offered on right click, above the usual Copy and Select All."""
        self._context_actions = actions

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        for action in getattr(self, "_context_actions", []):
            menu.insertAction(first, action)  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
