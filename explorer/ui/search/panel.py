"""The query box, its facets, the did-you-mean and the result list (rows: see rows.py)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from explorer.core.kinds import CONCEPT_KIND_NAMES
from explorer.core.wording import many
from explorer.ui.search.rows import (
    COPIES_ROLE,
    HIT_ROLE,
    MORE_ROLE,
    CopiesRow,
    HitDelegate,
    MoreRow,
    ResultModel,
)

if TYPE_CHECKING:
    from explorer.core.search import SearchHit, SearchResult

SearchStarter = Callable[
    [str, str | None, str | None, Callable[["SearchResult"], None], Callable[[str], None]], None
]
"""search(text, report, kind, on_result, on_error): starts a search; answers come later."""
DEBOUNCE_MS = 180


def _matching(total: int) -> str:
    return f"{many(total, 'passage')} {'matches' if total == 1 else 'match'}"


class SearchPanel(QWidget):
    """Search as you type (debounced) and on Enter; facets; did-you-mean; history."""

    query_committed = Signal(str)
    hit_activated = Signal(object)
    results_shown = Signal(object)
    details_shown = Signal(str)
    """The query whose other snippets and did-you-mean are now shown too."""
    more_requested = Signal(str, str)
    """(query, report id): the user asked for the other passages of a report."""
    expanded = Signal(str)
    """The id of the report whose other passages are now shown."""

    def __init__(self, search: SearchStarter) -> None:
        super().__init__()
        self._search = search
        self._shown_query: str | None = None
        self._pending_suggestion = ""
        self.as_typed: str | None = None
        """A query the user asked to search as typed, not corrected (see show_result)."""
        self._double_click = -1  # the row just double-clicked (see _activated)
        self.box = QLineEdit(placeholderText="Search the reports…  (Ctrl+F)")
        self.box.setClearButtonEnabled(True)
        self.box.setToolTip('Words, "phrases", AND / OR / NOT, prefix quant*, fuzzy helthcare~')
        self.history = QStringListModel()
        self.box.setCompleter(QCompleter(self.history, self))
        self.report_facet = QComboBox()
        self.report_facet.setToolTip("Only hits from this report")
        self.kind_facet = QComboBox()
        self.kind_facet.setToolTip("Only passages that mention a concept of this kind")
        self.kind_facet.addItem("Any concept kind", None)
        for kind in CONCEPT_KIND_NAMES:
            self.kind_facet.addItem(kind.capitalize(), kind)
        self.suggestion = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.suggestion.linkActivated.connect(self._take_suggestion)
        self.status = QLabel(wordWrap=True)
        self.model = ResultModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)  # a MoreRow is one line; sizes are still fixed
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activate)
        self.list.doubleClicked.connect(self._double_clicked)
        facets = QHBoxLayout()
        facets.addWidget(self.report_facet, 2)
        facets.addWidget(self.kind_facet, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in (self.box,):
            layout.addWidget(widget)
        layout.addLayout(facets)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self.box.textEdited.connect(self._edited)
        self.box.returnPressed.connect(self._commit)
        self.report_facet.currentIndexChanged.connect(lambda _i: self.run())
        self.kind_facet.currentIndexChanged.connect(lambda _i: self.run())
        self.show_empty_state()

    def set_reports(self, reports: list[tuple[str, str]]) -> None:
        """(id, title) pairs for the report facet; keeps the current choice if it still exists."""
        current = self.report_facet.currentData()
        self.model.titles = dict(reports)
        self.report_facet.blockSignals(True)
        self.report_facet.clear()
        self.report_facet.addItem(f"All reports ({len(reports)})", None)
        for report_id, title in reports:
            self.report_facet.addItem(title[:60], report_id)
        found = self.report_facet.findData(current)
        self.report_facet.setCurrentIndex(max(0, found))
        self.report_facet.blockSignals(False)

    def _edited(self, _text: str) -> None:
        self.as_typed = None
        self._timer.start()

    def set_query(self, text: str, run: bool = True) -> None:
        self.box.setText(text)
        if run:
            self.run()

    def _commit(self) -> None:
        self._timer.stop()
        self.run()
        text = self.box.text().strip()
        if text:
            items = [text, *(q for q in self.history.stringList() if q != text)][:50]
            self.history.setStringList(items)
            self.query_committed.emit(text)

    def run(self) -> None:
        """Search now with the box's text and the chosen facets."""
        self._timer.stop()
        text = self.box.text().strip()
        if not text:
            self.model.set_hits([])
            self._shown_query = None
            self.show_empty_state()
            self.results_shown.emit(None)
            return
        self._search(
            text,
            self.report_facet.currentData(),
            self.kind_facet.currentData(),
            self.show_result,
            self._failed,
        )

    def _failed(self, message: str) -> None:
        self.show_error(message)
        self.results_shown.emit(None)

    def show_result(self, result: SearchResult) -> None:
        from explorer.core.search import copies_words  # pydantic: not before the window shows

        self.model.set_hits(list(result.hits), result.more)
        self._shown_query = result.searched
        if result.corrected:
            self._show_correction(result.corrected, result.query)
        else:
            self._show_suggestion(result.suggestion)
        matching = _matching(result.total - result.copies) + copies_words(result)
        if result.hits and result.reports > 1:
            shown = len(result.hits)
            which = "each" if shown == result.reports else f"the first {shown}"
            self.status.setText(
                f"{matching} in {many(result.reports, 'report')}; "
                f"showing the best passage of {which}."
            )
        elif result.hits:
            about = "" if result.exact else "about "
            self.status.setText(f"{about}{matching}; showing {len(result.hits)}.")
        else:
            self.status.setText(
                "Nothing matched. Try fewer words, OR between words, a prefix such as quant*, "
                "a fuzzy term such as helthcare~, or clear the filters above."
            )
        self.results_shown.emit(result)

    def shown_query(self) -> str | None:
        """The query whose hits the list shows (None before the first)."""
        return self._shown_query

    def show_details(self, query: str, snippets: dict[str, str], suggestion: str | None) -> None:
        """What follows the hits of the query shown: the other rows' marked snippets and a
        did-you-mean."""
        if query != self._shown_query:
            return
        self.model.mark_snippets(snippets)
        if suggestion:
            self._show_suggestion(suggestion)
        self.details_shown.emit(query)

    def _show_correction(self, corrected: str, typed: str) -> None:
        """The query as typed matched nothing: its correction's hits are shown, the query
        as typed one click away."""
        self.suggestion.setText(
            f"Showing results for <b>{html.escape(corrected)}</b> — search instead for "
            f'<a href="as-typed">{html.escape(typed)}</a>'
        )
        self.suggestion.show()
        self._pending_suggestion = ""

    def _show_suggestion(self, suggestion: str | None) -> None:
        if suggestion:
            link = html.escape(suggestion)
            self.suggestion.setText(f'Did you mean <a href="suggest">{link}</a>?')
        else:
            self.suggestion.clear()
        self.suggestion.setVisible(bool(suggestion))
        self._pending_suggestion = suggestion or ""

    def show_total(self, query: str, total: int) -> None:
        """The exact count, once counted, for the query whose hits are shown."""
        if query == self._shown_query and self.model.rowCount():
            self.status.setText(f"{_matching(total)}; showing {len(self.model.hits())}.")

    def show_more(self, query: str, report: str, hits: list[SearchHit]) -> None:
        """A report's other passages, in place of its MoreRow (if that query is still shown)."""
        if query != self._shown_query:
            return
        at = self.model.expand(report, hits)
        if at >= 0:
            self.list.setCurrentIndex(self.model.index(at))
            self.expanded.emit(report)

    def show_error(self, message: str) -> None:
        self.model.set_hits([])
        self._shown_query = None
        self.suggestion.hide()
        self.status.setText(message)

    def show_empty_state(self) -> None:
        self.suggestion.hide()
        self.status.setText(
            'Type to search every passage, for example LoRA, privacy or "open source".'
        )

    def _take_suggestion(self, link: str) -> None:
        if link == "as-typed":
            self.as_typed = self.box.text().strip()
            self.run()
            return
        self.set_query(self._pending_suggestion)
        self._commit()

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        more = index.data(MORE_ROLE)
        if hit is not None:  # a hit, or one of the other places of its passage
            self.hit_activated.emit(hit)
        elif isinstance(more, MoreRow) and self._shown_query:
            self.more_requested.emit(self._shown_query, more.report)
        elif isinstance(index.data(COPIES_ROLE), CopiesRow):
            self._toggle_copies(index.row())

    def _activated(self, index: QModelIndex) -> None:
        """Enter, or a double-click: its first click opened or closed a list of copies
        already, so its activation does not close or open it again."""
        if index.row() == self._double_click and isinstance(index.data(COPIES_ROLE), CopiesRow):
            return
        self._activate(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        self._double_click = index.row()  # the activation that follows, in the same event
        QTimer.singleShot(0, self._forget_double_click)

    def _forget_double_click(self) -> None:
        self._double_click = -1

    def _toggle_copies(self, row: int) -> None:
        """Open or close the list of a passage's other places."""
        self.model.toggle_copies(row)
        self.list.setCurrentIndex(self.model.index(row))
