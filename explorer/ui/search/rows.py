"""The result list's rows: a thin model over SearchHit objects, grouped by report when the
hits span several ("N more in this report" rows), and the delegate that paints them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from explorer.core.explain import on_page
from explorer.core.reports import page_label
from explorer.core.search import SearchHit

Index = QModelIndex | QPersistentModelIndex

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
REPORT_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3
INNER_ROLE = Qt.ItemDataRole.UserRole + 4
SNIPPET_LINES = 3


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
        title = self.titles.get(hit.report, hit.report)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.section}{on_page(hit.page)} — {title}"
        if role == REPORT_TITLE_ROLE:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            place = f"{hit.section}{on_page(hit.page)} · {title}"
            return f"{place}\n{hit.passage_id} (score {hit.score:.2f})"
        if role == HIT_ROLE:
            return hit
        if role == INNER_ROLE:
            return hit.passage_id in self._inner
        return None


def snippet_html(hit: SearchHit, highlight: str) -> str:
    """The snippet is escaped by the index; the only markup here is the app's own marks."""
    snippet = hit.snippet.replace("<mark>", f'<span style="background:{highlight}">')
    return snippet.replace("</mark>", "</span>")


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as one title line (section, a PDF passage's page, then report; the
    section and report elided, the page never) and SNIPPET_LINES of wrapped snippet with
    marked terms; every row has the same height."""

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
        painter.setPen(colour)
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        self._paint_title(painter, option, rect, hit, None if inner else (title or hit.report))
        doc, height = self._snippet(option, hit)
        painter.translate(rect.left(), rect.top() + line)
        painter.setClipRect(QRectF(0, 0, rect.width(), height))  # whole lines only
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_title(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rect: QRect,
        hit: SearchHit,
        report: str | None,
    ) -> None:
        """The section in bold, then muted (unless selected: grey on the highlight is hard to
        read) a PDF passage's page and the report (None: not shown); the section and report
        are elided, the page is shown whole."""
        bold = QFont(option.font)  # type: ignore[attr-defined]
        bold.setBold(True)
        metrics, plain = QFontMetrics(bold), QFontMetrics(option.font)  # type: ignore[attr-defined]
        page = f" · {page_label(hit.page)}" if hit.page else ""
        room = rect.width() - plain.horizontalAdvance(page)
        section = metrics.elidedText(hit.section, Qt.TextElideMode.ElideRight, room)
        baseline = rect.top() + metrics.ascent()
        painter.setFont(bold)
        painter.drawText(rect.left(), baseline, section)
        x = rect.left() + metrics.horizontalAdvance(section)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        if not option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))  # type: ignore[attr-defined]
        painter.drawText(x, baseline, page)
        x += plain.horizontalAdvance(page)
        rest = rect.left() + rect.width() - x
        if report is not None and rest > plain.horizontalAdvance(" · …"):
            painter.drawText(
                x, baseline, plain.elidedText(f" · {report}", Qt.TextElideMode.ElideRight, rest)
            )

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
