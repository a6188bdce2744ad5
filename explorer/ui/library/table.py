"""The reports table: sortable by any column; the Title column takes the width the others
leave, down to a least width (then the table scrolls sideways, and File goes out of view
first)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from explorer.ui.library.model import DATE, FILE, PASSAGES, SECTIONS, TITLE, LibraryFilter

SAMPLES = {DATE: "0000-00-00", SECTIONS: "000", PASSAGES: "0,000"}
"""The widest text each narrow column shows."""
FILE_EMS = 11
LEAST_TITLE_EMS = 15
Index = QModelIndex | QPersistentModelIndex


class _MiddleElided(QStyledItemDelegate):
    """File names keep their start and their suffix: "blog__en__2…management.md"."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


class LibraryTable(QTableView):
    """The reports, one selectable at a time."""

    def __init__(self, model: LibraryFilter) -> None:
        super().__init__()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)  # the newest first
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegateForColumn(FILE, _MiddleElided(self))
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(2 * self.fontMetrics().horizontalAdvance("m"))
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        em = metrics.horizontalAdvance("m")
        for column, sample in SAMPLES.items():
            header.resizeSection(
                column, max(metrics.horizontalAdvance(sample) + em, header.sectionSizeHint(column))
            )
        header.resizeSection(FILE, FILE_EMS * em)
        others = sum(header.sectionSize(c) for c in (DATE, SECTIONS, PASSAGES, FILE))
        header.resizeSection(TITLE, max(LEAST_TITLE_EMS * em, self.viewport().width() - others))
