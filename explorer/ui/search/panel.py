"""The query box, its facets and the result list (a thin model over SearchHit objects)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core.kinds import CONCEPT_KIND_NAMES
from explorer.core.search import SearchHit, SearchResult
from explorer.core.wording import many

SearchStarter = Callable[
    [str, str | None, str | None, Callable[[SearchResult], None], Callable[[str], None]], None
]
"""search(text, report, kind, on_result, on_error): starts a search; answers come later."""
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
REPORT_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3
INNER_ROLE = Qt.ItemDataRole.UserRole + 4
DEBOUNCE_MS = 180
SNIPPET_LINES = 3
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class MoreRow:
    """The row under a report's best hit: how many more of its passages match."""

    report: str
    count: int

    @property
    def text(self) -> str:
        return f"{self.count:,} more in this report"


class ResultModel(QAbstractListModel):
    """The hits of the current search, grouped by report when they span several: each
    report's best passage, then a MoreRow that expands into its other passages. The
    SearchHit of a row is under HIT_ROLE, a MoreRow under MORE_ROLE."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SearchHit | MoreRow] = []
        self._inner: set[str] = set()  # passages shown inside an expanded report
        self.titles: dict[str, str] = {}
        """Report titles by id, for the rows' second half."""

    def set_hits(self, hits: list[SearchHit], more: dict[str, int] | None = None) -> None:
        self.beginResetModel()
        self._rows, self._inner = [], set()
        for hit in hits:
            self._rows.append(hit)
            if more and more.get(hit.report):
                self._rows.append(MoreRow(hit.report, more[hit.report]))
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return [row for row in self._rows if isinstance(row, SearchHit)]

    def expand(self, report: str, hits: list[SearchHit]) -> int:
        """Put a report's other passages where its MoreRow is; the row number, or -1."""
        at = next(
            (i for i, r in enumerate(self._rows) if isinstance(r, MoreRow) and r.report == report),
            -1,
        )
        if at < 0:
            return -1
        shown = {h.passage_id for h in self.hits()}
        inner = [h for h in hits if h.passage_id not in shown]
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()
        if inner:
            self.beginInsertRows(QModelIndex(), at, at + len(inner) - 1)
            self._rows[at:at] = inner
            self._inner |= {h.passage_id for h in inner}
            self.endInsertRows()
        return at

    def is_inner(self, hit: SearchHit) -> bool:
        return hit.passage_id in self._inner

    def mark_snippets(self, snippets: dict[str, str]) -> None:
        """Put marked snippets into the rows of these passages (the rows stay where they are)."""
        for row, hit in enumerate(self._rows):
            if not isinstance(hit, SearchHit):
                continue
            snippet = snippets.get(hit.passage_id)
            if snippet is not None and not hit.marked:
                self._rows[row] = hit.model_copy(update={"snippet": snippet, "marked": True})
                self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if isinstance(hit, MoreRow):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return hit.text
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{hit.text}: click or press Enter to show them"
            return hit if role == MORE_ROLE else None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.section} — {self.titles.get(hit.report, hit.report)}"
        if role == REPORT_TITLE_ROLE:
            return self.titles.get(hit.report, hit.report)
        if role == Qt.ItemDataRole.ToolTipRole:
            title = self.titles.get(hit.report, hit.report)
            return f"{hit.section} · {title}\n{hit.passage_id} (score {hit.score:.2f})"
        if role == HIT_ROLE:
            return hit
        if role == INNER_ROLE:
            return hit.passage_id in self._inner
        return None


def _matching(total: int) -> str:
    return f"{many(total, 'passage')} {'matches' if total == 1 else 'match'}"


def snippet_html(hit: SearchHit, highlight: str) -> str:
    """The snippet is escaped by the index; the only markup here is the app's own marks."""
    snippet = hit.snippet.replace("<mark>", f'<span style="background:{highlight}">')
    return snippet.replace("</mark>", "</span>")


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as one title line (section, then report, elided) and SNIPPET_LINES of
    wrapped snippet with marked terms; every row has the same height."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, int, bool], tuple[QTextDocument, float]] = {}

    def _snippet(self, option: QStyleOptionViewItem, hit: SearchHit) -> tuple[QTextDocument, float]:
        """The laid-out snippet and the height of its first SNIPPET_LINES lines (cached)."""
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128  # type: ignore[attr-defined]
        width = max(120, option.rect.width() - 12)  # type: ignore[attr-defined]
        key = (hit.passage_id + hit.snippet, width, dark)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 400:
                self._cache.clear()
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
            highlight = "#7a6a00" if dark else "#fff2a8"  # the reader's marks, same colours
            doc.setHtml(snippet_html(hit, highlight))
            doc.setTextWidth(width)
            found = doc, _lines_height(doc, SNIPPET_LINES)
            self._cache[key] = found
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        hit = index.data(HIT_ROLE)
        title = index.data(REPORT_TITLE_ROLE)
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        option.text = ""  # type: ignore[attr-defined]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)  # type: ignore[attr-defined]
        more = index.data(MORE_ROLE)
        if isinstance(more, MoreRow):
            self._paint_more(painter, option, more)
            return
        if not isinstance(hit, SearchHit):
            return
        inner = bool(index.data(INNER_ROLE))
        rect = option.rect.adjusted(22 if inner else 6, 4, -6, -6)  # type: ignore[attr-defined]
        selected = option.state & QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role)  # type: ignore[attr-defined]
        painter.save()
        bold = QFont(option.font)  # type: ignore[attr-defined]
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        section = metrics.elidedText(hit.section, Qt.TextElideMode.ElideRight, rect.width())
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(rect.left(), rect.top() + metrics.ascent(), section)
        rest = rect.width() - metrics.horizontalAdvance(section)
        plain = QFontMetrics(option.font)  # type: ignore[attr-defined]
        report = plain.elidedText(f" · {title or hit.report}", Qt.TextElideMode.ElideRight, rest)
        if rest > plain.horizontalAdvance(" · …") and not inner:
            painter.setFont(option.font)  # type: ignore[attr-defined]
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))  # type: ignore[attr-defined]
            x = rect.left() + metrics.horizontalAdvance(section)
            painter.drawText(x, rect.top() + metrics.ascent(), report)
        doc, height = self._snippet(option, hit)
        painter.translate(rect.left(), rect.top() + line)
        painter.setClipRect(QRectF(0, 0, rect.width(), height))  # whole lines only
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_more(self, painter: QPainter, option: QStyleOptionViewItem, more: MoreRow) -> None:
        selected = option.state & QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link
        rect = option.rect.adjusted(22, 0, -6, 0)  # type: ignore[attr-defined]
        painter.save()
        painter.setPen(option.palette.color(role))  # type: ignore[attr-defined]
        painter.setFont(option.font)  # type: ignore[attr-defined]
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, f"▸ {more.text}")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """A title line and SNIPPET_LINES of snippet, whatever the hit (a MoreRow: one line):
        the list lays out its rows without laying out their text."""
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        lines = 1 if isinstance(index.data(MORE_ROLE), MoreRow) else 1 + SNIPPET_LINES
        return QSize(max(120, option.rect.width()), line * lines + (6 if lines == 1 else 10))  # type: ignore[attr-defined]


def _lines_height(doc: QTextDocument, lines: int) -> float:
    """The height of a document's first ``lines`` laid-out lines, so a clip ends on a line."""
    layout = doc.documentLayout()
    bottom, seen = 0.0, 0
    block = doc.begin()
    while block.isValid() and seen < lines:
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            if seen == lines:
                break
            bottom = top + text_layout.lineAt(i).rect().bottom()
            seen += 1
        block = block.next()
    return bottom


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
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
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
        self.box.textEdited.connect(lambda _t: self._timer.start())
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
        self.model.set_hits(list(result.hits), result.more)
        self._shown_query = result.query
        self._show_suggestion(result.suggestion)
        if result.hits and result.reports > 1:
            shown = len(result.hits)
            which = "each" if shown == result.reports else f"the first {shown}"
            self.status.setText(
                f"{_matching(result.total)} in {many(result.reports, 'report')}; "
                f"showing the best passage of {which}."
            )
        elif result.hits:
            about = "" if result.exact else "about "
            self.status.setText(f"{about}{_matching(result.total)}; showing {len(result.hits)}.")
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

    def _take_suggestion(self, _link: str) -> None:
        self.set_query(self._pending_suggestion)
        self._commit()

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        more = index.data(MORE_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_activated.emit(hit)
        elif isinstance(more, MoreRow) and self._shown_query:
            self.more_requested.emit(self._shown_query, more.report)
