"""The query box, its facets and the result list (a thin model over SearchHit objects)."""

from __future__ import annotations

import html
from collections.abc import Callable

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
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
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

SearchStarter = Callable[
    [str, str | None, str | None, Callable[[SearchResult], None], Callable[[str], None]], None
]
"""search(text, report, kind, on_result, on_error): starts a search; answers come later."""
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
DEBOUNCE_MS = 180
Index = QModelIndex | QPersistentModelIndex


class ResultModel(QAbstractListModel):
    """The hits of the current search; the SearchHit itself is under HIT_ROLE."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.section} — {hit.report}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.passage_id} (score {hit.score:.2f})"
        if role == HIT_ROLE:
            return hit
        return None


def hit_html(hit: SearchHit, highlight: str) -> str:
    """The only markup here is the app's own; section and report names are escaped."""
    snippet = hit.snippet.replace("<mark>", f'<span style="background:{highlight}">')
    snippet = snippet.replace("</mark>", "</span>")
    return (
        f"<b>{html.escape(hit.section)}</b> "
        f'<span style="color:gray">· {html.escape(hit.report)}</span><br>{snippet}'
    )


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as a title line and a wrapped snippet with marked terms."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, int, bool], QTextDocument] = {}

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        """Laid-out snippet documents are cached: sizing and painting both need them."""
        hit = index.data(HIT_ROLE)
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128  # type: ignore[attr-defined]
        width = max(120, option.rect.width() - 12)  # type: ignore[attr-defined]
        key = (hit.passage_id + hit.snippet if isinstance(hit, SearchHit) else "", width, dark)
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) > 400:
                self._cache.clear()
            doc = QTextDocument()
            doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
            highlight = "#7a6a00" if dark else "#fff2a8"  # the reader's marks, same colours
            doc.setHtml(hit_html(hit, highlight) if isinstance(hit, SearchHit) else "")
            doc.setTextWidth(width)
            self._cache[key] = doc
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        option.text = ""  # type: ignore[attr-defined]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)  # type: ignore[attr-defined]
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)  # type: ignore[attr-defined]
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))  # type: ignore[attr-defined]
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        size = doc.size()
        return QSize(int(size.width()) + 12, int(QRectF(0, 0, 1, size.height()).height()) + 10)


class SearchPanel(QWidget):
    """Search as you type (debounced) and on Enter; facets; did-you-mean; history."""

    query_committed = Signal(str)
    hit_activated = Signal(object)
    results_shown = Signal(object)

    def __init__(self, search: SearchStarter) -> None:
        super().__init__()
        self._search = search
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
        self.list.setUniformItemSizes(False)
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
        self.model.set_hits(list(result.hits))
        if result.suggestion:
            link = html.escape(result.suggestion)
            self.suggestion.setText(f'Did you mean <a href="suggest">{link}</a>?')
        else:
            self.suggestion.clear()
        self.suggestion.setVisible(bool(result.suggestion))
        self._pending_suggestion = result.suggestion or ""
        self._shown_query = result.query
        if result.hits:
            about = "" if result.exact else "about "
            shown = len(result.hits)
            self.status.setText(f"{about}{result.total:,} passages match; showing {shown}.")
        else:
            self.status.setText(
                "Nothing matched. Try fewer words, OR between words, a prefix such as quant*, "
                "a fuzzy term such as helthcare~, or clear the filters above."
            )
        self.results_shown.emit(result)

    def show_total(self, query: str, total: int) -> None:
        """The exact count, once counted, for the query whose hits are shown."""
        if query == getattr(self, "_shown_query", None) and self.model.rowCount():
            shown = self.model.rowCount()
            self.status.setText(f"{total:,} passages match; showing {shown}.")

    def show_error(self, message: str) -> None:
        self.model.set_hits([])
        self.suggestion.hide()
        self.status.setText(message)

    def show_empty_state(self) -> None:
        self.suggestion.hide()
        self.status.setText(
            'Type to search every passage, for example LoRA, privacy or "open source".'
        )

    def _take_suggestion(self, _link: str) -> None:
        self.set_query(getattr(self, "_pending_suggestion", ""))
        self._commit()

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_activated.emit(hit)
