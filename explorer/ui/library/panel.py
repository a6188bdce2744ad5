"""The Library panel: every report, sortable by any column and filtered as you type.

It asks for what the user wants through signals (open a report's outline, remove a report,
show its file); the library controller answers them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from explorer.core.wording import many
from explorer.ui.library.details import ReportDetails
from explorer.ui.library.model import ROW_ROLE, TITLE, LibraryFilter, LibraryModel, LibraryRow
from explorer.ui.library.table import LibraryTable

EMPTY_HINT = (
    "No reports yet. Add Markdown or text reports with File → Open Reports… (Ctrl+O) or "
    "File → Open Folder… (Ctrl+Shift+O), or drop files or folders on the window."
)


class LibraryPanel(QWidget):
    """The reports of the library, with their title, date, sections, passages and file.

    Signals are requests, each with a report id: ``outline_requested`` (double-click, Enter,
    Open Outline), ``remove_requested`` (Delete, Remove from Library…), ``file_requested``
    (Show in File Manager). ``shown`` asks for the rows to be brought up to date.
    """

    outline_requested = Signal(str)
    remove_requested = Signal(str)
    file_requested = Signal(str)
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter by title, file or id…")
        self.filter.setClearButtonEnabled(True)
        self.summary = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self._news = ""  # what the last action did, shown after the count until the next
        self.table = LibraryTable(self.proxy)
        self.table.setToolTip("Double-click a report for its outline; right-click for more")
        self.open_action = self._action("Open Outline", self.outline_requested, "Return")
        self.open_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.file_action = self._action("Show in File Manager", self.file_requested)
        self.remove_action = self._action(
            "Remove from Library…", self.remove_requested, QKeySequence.StandardKey.Delete
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.details = ReportDetails(
            [
                (self.open_action, "Open Outline"),
                (self.file_action, "Show in File Manager"),
                (self.remove_action, "Remove…"),
            ]
        )
        self.empty = QLabel(EMPTY_HINT, textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setContentsMargins(4, 12, 4, 4)
        self.stack = QStackedWidget()
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)
        self.stack.addWidget(listing)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        self.table.doubleClicked.connect(lambda _i: self._request(self.outline_requested))
        self.details.copies.linkActivated.connect(self._choose_copy)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        self.filter.textChanged.connect(self._filter)
        for change in (self.model.modelReset, self.model.rowsRemoved, self.model.dataChanged):
            change.connect(self._counted)
        self._counted()

    def _action(
        self, text: str, signal: SignalInstance, keys: str | QKeySequence.StandardKey | None = None
    ) -> QAction:
        """An action on the chosen report: in the table's right-click menu, its keys working
        while the table has the focus."""
        action = QAction(text, self.table)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(lambda _checked=False: self._request(signal))
        action.setEnabled(False)
        self.table.addAction(action)
        return action

    # ---- what is shown ---------------------------------------------------------------

    def set_rows(self, rows: list[LibraryRow]) -> None:
        """Show these reports, keeping the chosen one chosen."""
        chosen = self.current_id()
        self.model.set_rows(rows)
        if chosen is not None:
            self.select(chosen)
        self._counted()

    def drop(self, report_id: str, news: str = "") -> None:
        """Take a removed report out of the list (the rest stay as they are), saying so."""
        self._news = news
        self.model.drop(report_id)

    def rows(self) -> list[LibraryRow]:
        """The rows as shown: filtered and sorted."""
        found = (self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount()))
        return [row for row in found if isinstance(row, LibraryRow)]

    def row(self, report_id: str) -> LibraryRow | None:
        return next((r for r in self.model.rows() if r.id == report_id), None)

    def current_id(self) -> str | None:
        item = self._current()
        return item.id if item is not None else None

    def _current(self) -> LibraryRow | None:
        chosen = self.table.selectionModel().selectedRows()
        item = chosen[0].data(ROW_ROLE) if chosen else None
        return item if isinstance(item, LibraryRow) else None

    def select(self, report_id: str) -> bool:
        """Choose a report's row (when the filter shows it)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, TITLE)
            item = index.data(ROW_ROLE)
            if isinstance(item, LibraryRow) and item.id == report_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return True
        return False

    def _choose_copy(self, report_id: str) -> None:
        """A near copy's link: choose that report (clearing a filter that hides it)."""
        if not self.select(report_id) and self.filter.text():
            self.filter.clear()
            self.select(report_id)

    def _filter(self, text: str) -> None:
        self._news = ""
        self.proxy.set_text(text)
        self._counted()

    def _counted(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.stack.setCurrentIndex(0 if total else 1)
        self.filter.setEnabled(bool(total) or bool(self.filter.text()))
        if not total:
            self.summary.setText(self._news)
        elif shown == total:
            self.summary.setText(f"{many(total, 'report')}. {self._news}".strip())
        elif shown:
            self.summary.setText(f"{shown:,} of {many(total, 'report')}.")
        else:
            self.summary.setText(f"No report’s title, file or id has “{self.filter.text()}”.")
        self._chosen()

    def _chosen(self) -> None:
        item = self._current()
        for action in (self.open_action, self.file_action, self.remove_action):
            action.setEnabled(item is not None)
        self.details.show_row(item, self.model.titles)

    def _request(self, signal: SignalInstance) -> None:
        chosen = self.current_id()
        if chosen is not None:
            signal.emit(chosen)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()
