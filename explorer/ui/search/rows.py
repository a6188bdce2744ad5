"""The result list's rows: a thin model over SearchHit objects, grouped by report when the
hits span several ("N more in this report" rows), a passage that stands in several places
shown once ("also in 2 reports", which opens into those places), and the delegate that
paints them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard, Union

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

from explorer.core.reports import on_page, page_label
from explorer.ui.theme import mark_colours
from explorer.ui.trends.table import plain_tip

if TYPE_CHECKING:
    from explorer.core.search import SearchHit

Index = QModelIndex | QPersistentModelIndex

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
REPORT_TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3
INNER_ROLE = Qt.ItemDataRole.UserRole + 4
COPIES_ROLE = Qt.ItemDataRole.UserRole + 5
"""The CopiesRow of a row ("also in 2 reports"), or None."""
COPY_ROLE = Qt.ItemDataRole.UserRole + 6
"""The CopyRow of a row (one other place of a passage), or None; its hit is under HIT_ROLE."""
SNIPPET_LINES = 3


@dataclass(frozen=True)
class MoreRow:
    """The row under a report's best hit: how many more of its passages match."""

    report: str
    count: int

    @property
    def text(self) -> str:
        return f"{self.count:,} more in this report"


@dataclass(frozen=True)
class CopiesRow:
    """The line under a hit whose passage stands word for word in other places too:
    "also in 2 reports"; activated, it opens into one CopyRow per place (and closes)."""

    hit: SearchHit
    open: bool = False

    @property
    def text(self) -> str:
        return self.hit.also_in_words()


@dataclass(frozen=True)
class CopyRow:
    """One other place of a hit's passage, under its open CopiesRow; ``hit`` is the hit as
    it stands there, so activating the row opens that place."""

    hit: SearchHit


Row = Union["SearchHit", MoreRow, CopiesRow, CopyRow]


def is_hit(row: Row) -> TypeGuard[SearchHit]:
    """Whether a row is a hit (not one of the rows made of one)."""
    return not isinstance(row, (MoreRow, CopiesRow, CopyRow))


class ResultModel(QAbstractListModel):
    """The hits of the current search, grouped by report when they span several: each
    report's best passage, then a MoreRow that expands into its other passages. A hit
    whose passage stands in other places too has a CopiesRow under it, which opens into
    a CopyRow for each. The SearchHit of a row is under HIT_ROLE (a CopyRow's: the passage
    where it stands), a MoreRow under MORE_ROLE, a CopiesRow under COPIES_ROLE."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._inner: set[str] = set()  # passages shown inside an expanded report
        self._titles: dict[str, str] = {}
        self._shared_titles: set[str] = set()

    @property
    def titles(self) -> dict[str, str]:
        """Report titles by id, for the rows' second half."""
        return self._titles

    @titles.setter
    def titles(self, titles: dict[str, str]) -> None:
        self._titles = dict(titles)
        self._shared_titles = {t for t, n in Counter(titles.values()).items() if n > 1}

    def named(self, report: str) -> str:
        """A report as a tooltip names it: its title, and its id too when another report
        has the same title (versions of one report often do)."""
        title = self._titles.get(report, report)
        return f"{title} ({report})" if title in self._shared_titles else title

    def short_name(self, report: str) -> str:
        """A report as a row names it, in the little room it has: its title, or its id when
        another report has the same title (the id tells them apart; the title would not)."""
        title = self._titles.get(report, report)
        return report if title in self._shared_titles else title

    def set_hits(self, hits: list[SearchHit], more: dict[str, int] | None = None) -> None:
        self.beginResetModel()
        self._rows, self._inner = [], set()
        for hit in hits:
            self._rows += _with_copies(hit)
            if more and more.get(hit.report):
                self._rows.append(MoreRow(hit.report, more[hit.report]))
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return [row for row in self._rows if is_hit(row)]

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
            rows = [row for hit in inner for row in _with_copies(hit)]
            self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
            self._rows[at:at] = rows
            self._inner |= {h.passage_id for h in inner}
            self.endInsertRows()
        return at

    def toggle_copies(self, row: int) -> bool:
        """Open a CopiesRow into the places it names, or close it again; whether it is
        open now (False when the row is no CopiesRow)."""
        copies = self._rows[row] if 0 <= row < len(self._rows) else None
        if not isinstance(copies, CopiesRow):
            return False
        if copies.open:
            count = len(copies.hit.also_in)
            self.beginRemoveRows(QModelIndex(), row + 1, row + count)
            del self._rows[row + 1 : row + 1 + count]
            self.endRemoveRows()
        else:
            places = [CopyRow(copies.hit.copy_hit(place)) for place in copies.hit.also_in]
            self.beginInsertRows(QModelIndex(), row + 1, row + len(places))
            self._rows[row + 1 : row + 1] = places
            self.endInsertRows()
        self._rows[row] = CopiesRow(copies.hit, not copies.open)
        self.dataChanged.emit(self.index(row), self.index(row))
        return not copies.open

    def is_inner(self, hit: SearchHit) -> bool:
        return hit.passage_id in self._inner

    def mark_snippets(self, snippets: dict[str, str]) -> None:
        """Put marked snippets into the rows of these passages (the rows stay where they are)."""
        for row, hit in enumerate(self._rows):
            if not is_hit(hit):
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
        if isinstance(hit, CopiesRow):
            return self._copies_data(hit, role)
        if isinstance(hit, CopyRow):
            return self._copy_data(hit, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.section}{on_page(hit.page)} — {self.short_name(hit.report)}"
        if role == REPORT_TITLE_ROLE:
            return self.short_name(hit.report)
        if role == Qt.ItemDataRole.ToolTipRole:
            place = f"{hit.section}{on_page(hit.page)} · {self.named(hit.report)}"
            return f"{place}\n{hit.passage_id} (score {hit.score:.2f})"
        if role == HIT_ROLE:
            return hit
        if role == INNER_ROLE:
            return hit.passage_id in self._inner
        return None

    def _copies_data(self, row: CopiesRow, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole:
            titles = dict.fromkeys(self.named(c.report) for c in row.hit.also_in)
            listed = "\n".join(f"• {t}" for t in list(titles)[:10])
            rest = f"\n… and {len(titles) - 10:,} more" if len(titles) > 10 else ""
            what = "close the list" if row.open else "list them"
            return plain_tip(
                f"The same passage, word for word, is also in:\n{listed}{rest}\n"
                f"Click or press Enter to {what}."
            )
        return row if role == COPIES_ROLE else None

    def _copy_data(self, row: CopyRow, role: int) -> object:
        hit = row.hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return copy_line(hit, self.short_name(hit.report))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(
                f"{copy_line(hit, self.named(hit.report))}\n"
                f"{hit.passage_id}: click or press Enter to open it there"
            )
        if role == HIT_ROLE:
            return hit
        return row if role == COPY_ROLE else None


def _with_copies(hit: SearchHit) -> list[Row]:
    """A hit's row, and under it the line naming its passage's other places, if any."""
    return [hit, CopiesRow(hit)] if hit.also_in else [hit]


def copy_line(hit: SearchHit, name: str) -> str:
    """One other place of a passage as its line says it: its report, then its section."""
    return f"{name} · {hit.section}{on_page(hit.page)}"


def snippet_html(hit: SearchHit, highlight: str, text: str) -> str:
    """The snippet is escaped by the index; the only markup here is the app's own marks,
    with a text colour of their own (the row's, white when selected, is not for them)."""
    snippet = hit.snippet.replace("<mark>", f'<span style="background:{highlight};color:{text}">')
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
            doc.setHtml(snippet_html(hit, *mark_colours(dark)))  # as the reader marks
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
            self._paint_line(painter, option, f"▸ {more.text}", 22, link=True)
            return
        copies = index.data(COPIES_ROLE)
        if isinstance(copies, CopiesRow):
            sign = "▾" if copies.open else "▸"
            self._paint_line(painter, option, f"{sign} {copies.text}", 22, link=True)
            return
        if isinstance(index.data(COPY_ROLE), CopyRow):
            self._paint_line(painter, option, f"↳ {index.data()}", 34, link=False)
            return
        if hit is None:
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

    def _paint_line(
        self, painter: QPainter, option: QStyleOptionViewItem, text: str, indent: int, link: bool
    ) -> None:
        """A one-line row: "▸ 4 more in this report", "▸ also in 2 reports", a copy's place."""
        selected = option.state & QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        role = QPalette.ColorRole.Link if link else QPalette.ColorRole.Text
        if selected:
            role = QPalette.ColorRole.HighlightedText
        rect = option.rect.adjusted(indent, 0, -6, 0)  # type: ignore[attr-defined]
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        painter.save()
        painter.setPen(option.palette.color(role))  # type: ignore[attr-defined]
        painter.setFont(option.font)  # type: ignore[attr-defined]
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """A title line and SNIPPET_LINES of snippet, whatever the hit (a MoreRow, a
        CopiesRow or a CopyRow: one line): the list lays out its rows without laying out
        their text."""
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        one_line = any(index.data(role) is not None for role in (MORE_ROLE, COPIES_ROLE, COPY_ROLE))
        lines = 1 if one_line else 1 + SNIPPET_LINES
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
