"""The concepts table of the Trends view: a thin model over `Series`, its filter and the
sparkline painted in the Trend column (one delegate, no widget per row)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from explorer.core.kinds import NODE_KINDS, OTHER_KIND_COLOUR
from explorer.core.trends import Period, Series
from explorer.ui.sorting import PassSortDown, resorted

SERIES_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's Series itself."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""What a column sorts by: numbers as numbers, text in lower case."""
COLUMNS = ("Concept", "Kind", "Status", "Trend", "Reports", "First", "Peak", "Mean year", "Bursts")
CONCEPT, KIND, STATUS, TREND, REPORTS, FIRST, PEAK, MEAN_YEAR, BURSTS = range(len(COLUMNS))
KIND_LABELS = {k.name: k.label for k in NODE_KINDS}
KIND_COLOURS = {k.name: k.light for k in NODE_KINDS}
BURST_COLOUR = "#E6198A"  # no kind uses this hue, so a burst reads as a burst
STATUS_TIPS = {
    "new": "First mentioned in one of the recent periods",
    "rising": "Its recent share is at least 1.5 times its earlier share",
    "steady": "Its share changes less than 1.5 times",
    "falling": "Its recent share is at most 1/1.5 of its earlier share",
    "gone": "Not mentioned in any recent period",
    "one-off": "Mentioned in one period only",
    "few": "Mentioned in too few reports, or only in periods of too few reports, to say",
}
COLUMN_EMS = (14, 9, 5, 7, 5, 4, 4, 5, 4)
"""Each column's least width, in widths of an "m"."""
Index = QModelIndex | QPersistentModelIndex


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` (which may come from a report) literally, never as markup."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


class SeriesModel(QAbstractTableModel):
    """One row per concept of the timeline; the Series is under SERIES_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Series] = []
        self._periods: list[Period] = []
        self._order: dict[str, int] = {}
        self._marks: dict[str, QColor] = {}
        self._sort: tuple[int, Qt.SortOrder] = (REPORTS, Qt.SortOrder.DescendingOrder)

    def set_series(self, rows: Sequence[Series], periods: Sequence[Period]) -> None:
        self.beginResetModel()
        self._rows, self._periods = list(rows), list(periods)
        self._order = {p.id: i for i, p in enumerate(periods)}
        self._marks = {}
        self._rows = self._sorted(self._rows)
        self.endResetModel()

    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the rows here, in one Python sort (see explorer.ui.sorting)."""
        self._sort = (column, order)
        self._rows = resorted(self, self._rows, self._sorted, lambda item: item.id)

    def _sorted(self, rows: list[Series]) -> list[Series]:
        column, order = self._sort
        keyed = sorted(rows, key=lambda item: (self._key(item, column), item.id))
        return keyed[::-1] if order == Qt.SortOrder.DescendingOrder else keyed

    def periods(self) -> list[Period]:
        return list(self._periods)

    def row_of(self, concept_id: str) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == concept_id:
                return row
        return None

    def set_marks(self, colours: dict[str, QColor]) -> None:
        """Show a swatch of its chart colour beside each charted concept.

        Only the rows whose swatch changes are announced: the filter above this model runs
        again over every row announced, which for all of milvus-blog-en's 544 concepts held
        the GUI thread while a library was being added."""
        old, self._marks = self._marks, dict(colours)
        changed = {c for c in old.keys() | self._marks.keys() if old.get(c) != self._marks.get(c)}
        role = [Qt.ItemDataRole.DecorationRole]
        for row, item in enumerate(self._rows):
            if item.id in changed:
                at = self.index(row, CONCEPT)
                self.dataChanged.emit(at, at, role)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == SORT_ROLE:
            return self._key(item, column)
        if role == SERIES_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == TREND:
            return self._trend_words(item)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == KIND:
                return QColor(KIND_COLOURS.get(item.kind, OTHER_KIND_COLOUR))
            if column == CONCEPT:
                return self._marks.get(item.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (REPORTS, MEAN_YEAR, BURSTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: Series, column: int) -> str:
        if column == CONCEPT:
            return item.label
        if column == KIND:
            return KIND_LABELS.get(item.kind, item.kind)
        if column == STATUS:
            return item.status
        if column == REPORTS:
            return f"{item.total:,}"
        if column == FIRST:
            return item.first or "—"
        if column == PEAK:
            return item.peak or "—"
        if column == MEAN_YEAR:
            return "—" if item.mean_year is None else f"{item.mean_year:.1f}"
        if column == BURSTS:
            return str(len(item.bursts)) if item.bursts else ""
        return ""

    def _key(self, item: Series, column: int) -> object:
        if column in (CONCEPT, KIND, STATUS):
            return self._text(item, column).lower()
        if column == TREND:  # where it stands now
            return item.share.get(self._periods[-1].id, 0.0) if self._periods else 0.0
        if column == REPORTS:
            return item.total
        if column in (FIRST, PEAK):
            period = item.first if column == FIRST else item.peak
            return self._order.get(period, -1) if period else -1
        if column == MEAN_YEAR:
            return item.mean_year if item.mean_year is not None else -1.0
        return len(item.bursts)

    def _tip(self, item: Series, column: int) -> str | None:
        if column == CONCEPT:
            return plain_tip(f"{item.label}\n{item.id}")
        if column == STATUS:
            return STATUS_TIPS.get(item.status)
        if column == TREND:
            return plain_tip(self._trend_words(item))
        if column == BURSTS and item.bursts:
            spans = (f"{b.start}–{b.end} (weight {b.weight:g})" for b in item.bursts)
            return "Bursts: " + ", ".join(spans)
        return None

    def _trend_words(self, item: Series) -> str:
        """Each period's share in words, for the tooltip and screen readers."""
        return "; ".join(
            f"{p.id}: {'few reports' if p.few else percent(item.share.get(p.id, 0.0))} "
            f"({item.reports.get(p.id, 0)} of {len(p.reports)})"
            for p in self._periods
        )


_HEADER_TIPS = {
    TREND: "Share of reports per period; bursts are drawn thicker (sorts by the latest share)",
    REPORTS: "Reports mentioning the concept, over all periods",
    FIRST: "The first period with a mention",
    PEAK: "The period with the highest share",
    MEAN_YEAR: "The mean date of the mentioning reports",
    BURSTS: "Periods of unusually many mentions (Kleinberg bursts)",
}


class ConceptFilter(PassSortDown):
    """Keeps the rows whose label contains the text and whose status and kind match."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._status: str | None = None
        self._kind: str | None = None

    def set_filter(self, text: str, status: str | None, kind: str | None) -> None:
        self.beginFilterChange()
        self._text, self._status, self._kind = text.strip().lower(), status, kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        item = model.data(model.index(source_row, 0, source_parent), SERIES_ROLE)
        if not isinstance(item, Series):
            return False
        return (
            (not self._text or self._text in item.label.lower())
            and (self._status is None or item.status == self._status)
            and (self._kind is None or item.kind == self._kind)
        )


class SparklineDelegate(QStyledItemDelegate):
    """Paints a row's share series as a small polyline scaled to its own peak; the periods of
    a burst stand on a tinted band and their segments are drawn thicker. A period of few
    reports has no share: the line breaks there."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        item = index.data(SERIES_ROLE)
        model = index.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        if not isinstance(item, Series) or not isinstance(source, SeriesModel):
            return
        periods = source.periods()
        ids = [p.id for p in periods]
        if len(ids) < 2:
            return
        rect = QRectF(option.rect).adjusted(4, 4, -4, -4)  # type: ignore[attr-defined]
        values = [0.0 if p.few else item.share.get(p.id, 0.0) for p in periods]
        top = max(values) or 1.0
        step = rect.width() / (len(ids) - 1)
        points = [
            QPointF(rect.left() + i * step, rect.bottom() - v / top * rect.height())
            for i, v in enumerate(values)
        ]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = QColor(KIND_COLOURS.get(item.kind, OTHER_KIND_COLOUR))
        line = option.palette.color(role) if selected else colour  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        burst, band = QColor(BURST_COLOUR), QColor(BURST_COLOUR)
        band.setAlpha(50)
        spans = [
            (ids.index(b.start), ids.index(b.end))
            for b in item.bursts
            if b.start in ids and b.end in ids
        ]
        for first, last in spans:
            left, right = points[first].x() - step / 2, points[last].x() + step / 2
            painter.fillRect(QRectF(left, rect.top() - 2, right - left, rect.height() + 4), band)
        painter.setPen(QPen(line, 1.3))
        for run in _runs([not p.few for p in periods]):
            if len(run) == 1:
                painter.drawEllipse(points[run[0]], 1.2, 1.2)
            else:
                painter.drawPolyline(QPolygonF([points[i] for i in run]))
        painter.setPen(QPen(burst, 2.6))
        painter.setBrush(burst)
        for first, last in spans:
            if first == last:
                painter.drawEllipse(points[first], 2.0, 2.0)
            else:
                painter.drawPolyline(QPolygonF(points[first : last + 1]))
        painter.restore()


def _runs(kept: Sequence[bool]) -> list[list[int]]:
    """The runs of consecutive kept indexes: [T, T, F, T] → [[0, 1], [3]]."""
    runs: list[list[int]] = []
    for i, keep in enumerate(kept):
        if keep:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    return runs


class ConceptTable(QTableView):
    """The concepts, sortable by any column, several selectable; the Concept column takes the
    width the others leave (the table scrolls sideways when narrow)."""

    def __init__(self, model: ConceptFilter) -> None:
        super().__init__()
        self.setObjectName("trendsTable")
        self.setAccessibleName("Concepts over time")
        self.setModel(model)
        model.modelReset.connect(self._fit_columns)
        self.setItemDelegateForColumn(TREND, SparklineDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(REPORTS, Qt.SortOrder.DescendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(3 * self.fontMetrics().horizontalAdvance("m"))
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        header, em = self.horizontalHeader(), self.fontMetrics().horizontalAdvance("m")
        shown = self.model()
        source = shown.sourceModel() if isinstance(shown, ConceptFilter) else None
        periods = source.periods() if isinstance(source, SeriesModel) else []
        period = max((self.fontMetrics().horizontalAdvance(p.id) for p in periods), default=0)
        for column, ems in enumerate(COLUMN_EMS[1:], start=1):
            least = period + em if column in (FIRST, PEAK) else 0
            header.resizeSection(column, max(ems * em, header.sectionSizeHint(column), least))
        others = sum(header.sectionSize(c) for c in range(1, len(COLUMNS)))
        header.resizeSection(CONCEPT, max(COLUMN_EMS[0] * em, self.viewport().width() - others))
