"""The library's reports as a table: a thin model over `LibraryRow` values, and its filter.

Rows are built on the worker (`library_rows`: it looks at every report's file) and handed to
the model whole; the model never asks the workspace anything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from explorer.ui.sorting import PassSortDown, resorted
from explorer.ui.trends.table import plain_tip

if TYPE_CHECKING:
    from explorer.core.reports import ReportEntry
    from explorer.core.search import NearCopy
    from explorer.core.workspace import Workspace

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's LibraryRow itself."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""What a column sorts by: numbers as numbers, ISO dates as text (which sorts them as dates),
words in lower case."""
COLUMNS = ("Title", "Date", "Sections", "Passages", "File")
HEADERS = ("Title", "Date", "§", "¶", "File")
"""What the header shows: the pane is narrow, so the counts go by the signs for a section
and a paragraph (their tooltips and the details under the table spell them out)."""
TITLE, DATE, SECTIONS, PASSAGES, FILE = range(len(COLUMNS))
NUMBERS = (SECTIONS, PASSAGES)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LibraryRow:
    """One report as the Library panel shows it."""

    entry: ReportEntry
    date: str | None
    """The date it is placed at on the timeline (the user's, else one read from it)."""
    file_exists: bool
    """Whether the file it was added from is still there (its text is kept either way)."""
    missing: bool
    """Its stored text and its file are both gone: it can no longer be read."""
    near_copies: tuple[NearCopy, ...] = ()
    """The reports it shares most of its passages with (see explorer.core.search.copies)."""

    @property
    def id(self) -> str:
        return self.entry.id

    @cached_property
    def file_name(self) -> str:
        return Path(self.entry.path).name

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """What each column shows, made once: a repaint asks for each cell several times."""
        return tuple(_text(self, column) for column in range(len(COLUMNS)))

    @property
    def date_source(self) -> str:
        if self.date is None:
            return "No date: it stays off the timeline (File → Set Report Date…)"
        if self.entry.user_date:
            return f"{self.date}, set by you"
        if self.entry.date:
            return f"{self.date}, read from the report"
        return f"{self.date}, read from its file name or title"


def library_rows(ws: Workspace, near_copies: bool = True) -> list[LibraryRow]:
    """On the worker: every report of the library with its date, the state of its file and
    (with ``near_copies``) the reports it is a near copy of, from the index as it stands:
    never waiting for it. Those are found by reading the whole index (seconds, and hundreds
    of megabytes of it in memory, for thousands of reports): only the Library tab shows them."""
    dates, missing = ws.dates(), ws.missing()
    near = ws.near_copies(update=False) if near_copies else {}
    return [
        LibraryRow(
            entry=e,
            date=dates.get(e.id, e.user_date or e.date),
            file_exists=Path(e.path).is_file(),
            missing=e.id in missing,
            near_copies=tuple(near.get(e.id, ())),
        )
        for e in ws.reports()
    ]


NEAR_COPY_SIGN = "≈"
"""Before the title of a report that is a near copy of another."""


class LibraryModel(QAbstractTableModel):
    """One row per report; the LibraryRow is under ROW_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LibraryRow] = []
        self._sort: tuple[int, Qt.SortOrder] = (DATE, Qt.SortOrder.DescendingOrder)
        self.titles: dict[str, str] = {}
        """Each report's title by id (a near copy's tooltip names the other by its title)."""

    def set_rows(self, rows: list[LibraryRow]) -> None:
        """Show these rows; when the same reports stay, changed rows are updated in place (the
        selection and the scroll position stay put)."""
        rows = self._sorted(rows)
        self.titles = {r.id: r.entry.title for r in rows}
        if [r.id for r in rows] == [r.id for r in self._rows]:
            for row, item in enumerate(rows):
                if item != self._rows[row]:
                    self._rows[row] = item
                    self.dataChanged.emit(self.index(row, 0), self.index(row, FILE))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[LibraryRow]:
        return list(self._rows)

    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the rows here, in one Python sort (see explorer.ui.sorting)."""
        if (column, order) == self._sort:
            return  # the header asks twice: once for the click, once for its indicator
        self._sort = (column, order)
        self._rows = resorted(self, self._rows, self._sorted, lambda item: item.id)

    def _sorted(self, rows: list[LibraryRow]) -> list[LibraryRow]:
        """By the sort column; reports that tie keep their order by id, in either order."""
        column, order = self._sort
        by_id = sorted(rows, key=lambda item: item.id)
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(by_id, key=lambda item: _key(item, column), reverse=descending)

    def drop(self, report_id: str) -> None:
        """Take one report's row out (after it was removed)."""
        row = next((i for i, r in enumerate(self._rows) if r.id == report_id), None)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        answer = _ANSWERS.get(role)  # most roles a repaint asks for have no answer here
        row = index.row()  # -1 for an invalid index
        if answer is None or not 0 <= row < len(self._rows):
            return None
        return answer(self, self._rows[row], index.column())


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


_ANSWERS: dict[int, Callable[[LibraryModel, LibraryRow, int], object]] = {
    Qt.ItemDataRole.DisplayRole: lambda model, item, column: item.texts[column],
    Qt.ItemDataRole.AccessibleTextRole: lambda model, item, column: item.texts[column],
    SORT_ROLE: lambda model, item, column: _key(item, column),
    ROW_ROLE: lambda model, item, column: item,
    Qt.ItemDataRole.ToolTipRole: lambda model, item, column: _tip(item, column, model.titles),
    Qt.ItemDataRole.TextAlignmentRole: lambda model, item, column: (
        _RIGHT if column in NUMBERS else None
    ),
    Qt.ItemDataRole.ForegroundRole: lambda model, item, column: (
        QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if item.missing or _undated(item, column)
        else None
    ),
    Qt.ItemDataRole.FontRole: lambda model, item, column: (
        _italic() if column == FILE and not item.file_exists else None
    ),
}
"""What the model answers for each role it answers (the cell's row, its column)."""


def _undated(item: LibraryRow, column: int) -> bool:
    return column == DATE and item.date is None


def _text(item: LibraryRow, column: int) -> str:
    entry = item.entry
    if column == TITLE:
        return f"{NEAR_COPY_SIGN} {entry.title}" if item.near_copies else entry.title
    if column == DATE:
        return item.date or "—"
    if column == SECTIONS:
        return f"{entry.sections:,}"
    if column == PASSAGES:
        return f"{entry.passages:,}"
    return item.file_name


def _key(item: LibraryRow, column: int) -> str | int:
    if column == SECTIONS:
        return item.entry.sections
    if column == PASSAGES:
        return item.entry.passages
    if column == DATE:
        return item.date or ""  # YYYY-MM-DD: as text it sorts as a date; undated first
    if column == TITLE:
        return item.entry.title.casefold()  # a near copy sorts among the others
    return _text(item, column).casefold()


def _tip(item: LibraryRow, column: int, titles: dict[str, str]) -> str | None:
    entry = item.entry
    if column == TITLE:
        gone = "\nIts text and its file are gone; add the file again." if item.missing else ""
        return plain_tip(f"{entry.title}\n{entry.id}{gone}{_near_tip(item, titles)}")
    if column == DATE:
        return plain_tip(item.date_source)
    if column == FILE:
        where = "" if item.file_exists else "\nNo longer there; the library keeps its text."
        return plain_tip(entry.path + where)
    return None


def _near_tip(item: LibraryRow, titles: dict[str, str]) -> str:
    from explorer.core.search import near_copy_words  # pydantic: not before the window shows

    return "".join(
        f"\n{NEAR_COPY_SIGN} copy of “{titles.get(near.report, near.report)}” "
        f"({near.report}: {near_copy_words(near)})"
        for near in item.near_copies
    )


_HEADER_TIPS = {
    TITLE: f"{NEAR_COPY_SIGN} before a title: most of the report's passages stand word for "
    "word in another report too (a version or a copy of it); type ≈ in the filter to list "
    "those reports",
    DATE: "The report's date on the timeline: yours if you set one, else one read from it",
    SECTIONS: "Sections: one per heading",
    PASSAGES: "Passages: the paragraphs search finds",
    FILE: "The file it was added from",
}


class LibraryFilter(PassSortDown):
    """Keeps the reports whose title, file or id contains every word typed; the model below
    it does the sorting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def text(self) -> str:
        return " ".join(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        item = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        if not isinstance(item, LibraryRow):
            return False
        near = NEAR_COPY_SIGN if item.near_copies else ""
        seen = f"{item.entry.title}\n{item.entry.path}\n{item.id}\n{near}".casefold()
        return all(word in seen for word in self._words)
