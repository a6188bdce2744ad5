"""The outline of the report being read: its sections as a tree, beside the reader.

It follows the reader (the section shown is selected, its parts unfolded) and a click or
Enter on a section asks for that section (``section_chosen``). The tree is a model over the
report's immutable sections, so a report of 100,000 headings costs one pass to index, and
items are made only for rows the view asks about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from explorer.core.wording import many

if TYPE_CHECKING:
    from explorer.core.reports import Report, Section

Index = QModelIndex | QPersistentModelIndex
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlineModel(QAbstractItemModel):
    """Sections as a tree: ``level`` and ``parent`` from the report, order from the text."""

    def __init__(self, report: Report | None = None) -> None:
        super().__init__()
        self.report_id = ""
        self.shape: tuple[str, int, int] = ("", 0, 0)
        """The report's id, text length and number of sections: a new cut is a new tree."""
        self._sections: list[Section] = []
        self._children: list[list[int]] = [[]]  # by section number; 0 is the root
        self._row: list[int] = [0]
        if report is not None:
            self.set_report(report)

    def set_report(self, report: Report) -> None:
        self.beginResetModel()
        self.report_id = report.id
        self.shape = (report.id, len(report.text), len(report.sections))
        self._sections = list(report.sections)
        self._children = [[] for _ in range(len(self._sections) + 1)]
        self._row = [0] * (len(self._sections) + 1)
        for section in self._sections:
            parent = _number(section.parent) if section.parent else 0
            siblings = self._children[parent if 0 < parent < section.number else 0]
            self._row[section.number] = len(siblings)
            siblings.append(section.number)
        self.endResetModel()

    def section(self, index: Index) -> Section | None:
        number = int(index.internalId()) if index.isValid() else 0
        return self._sections[number - 1] if number else None

    def index_of(self, section_id: str) -> QModelIndex:
        number = _number(section_id)
        if not 1 <= number <= len(self._sections):
            return QModelIndex()
        return self.createIndex(self._row[number], 0, number)

    # ---- QAbstractItemModel ----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        number = int(parent.internalId()) if parent.isValid() else 0
        children = self._children[number] if number < len(self._children) else []
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        section = self.section(child)
        if section is None or not section.parent:
            return QModelIndex()
        number = _number(section.parent)
        return self.createIndex(self._row[number], 0, number)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        number = int(parent.internalId()) if parent.isValid() else 0
        return len(self._children[number]) if number < len(self._children) else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        section = self.section(index)
        if section is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return section.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{section.title}\n{section.id} · {many(len(section.passages), 'passage')}"
        if role == SECTION_ROLE:
            return section.id
        return None


def _number(section_id: str) -> int:
    try:
        return int(section_id.rsplit("#", 1)[1])
    except (IndexError, ValueError):
        return 0


class OutlineView(QTreeView):
    """The outline panel (objectName ``outlineView``)."""

    section_chosen = Signal(str)
    """The id of a section the user clicked or chose with Enter."""

    def __init__(self) -> None:
        super().__init__()
        self.outline = OutlineModel()
        self.setModel(self.outline)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)  # a long outline scrolls without measuring each row
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(14)
        self.hide()  # until a section is read: an empty tree says nothing
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)  # Enter, or a double click on some styles

    @property
    def report_id(self) -> str:
        return self.outline.report_id

    def follow(self, report: Report, section_id: str) -> None:
        """Show this report's outline with ``section_id`` selected and its parts unfolded."""
        self.show()
        if (report.id, len(report.text), len(report.sections)) != self.outline.shape:
            self.outline.set_report(report)
            if len(report.sections) <= 400:
                self.expandAll()
        index = self.outline.index_of(section_id)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        self.selectionModel().setCurrentIndex(
            index, self.selectionModel().SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_section(self) -> str | None:
        section = self.outline.section(self.currentIndex())
        return section.id if section else None

    def _chosen(self, index: QModelIndex) -> None:
        section = self.outline.section(index)
        if section is not None:
            self.section_chosen.emit(section.id)
