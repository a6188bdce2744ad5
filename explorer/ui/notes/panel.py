"""The notes list and editor. Edits are saved as you type (debounced), when another note is
chosen, and when the window closes: nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.core.reports import on_page
from explorer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from explorer.core.changes import Changes, Done
    from explorer.core.notes import Note, NoteStore, PassageTarget
    from explorer.core.workspace import Workspace

NOTE_ROLE = Qt.ItemDataRole.UserRole + 2
SAVE_DELAY_MS = 600
Index = QModelIndex | QPersistentModelIndex
PageKey = tuple[str, int]
"""A passage note's id and where its words start: the page it cites stays while they do."""


def passage_of(note: Note) -> PassageTarget | None:
    """The passage a note is on; None for a note on something else."""
    from explorer.core.notes import PassageTarget  # pydantic: not before the window shows

    return note.target if isinstance(note.target, PassageTarget) else None


def target_text(note: Note, reports: frozenset[str] | None = None) -> str:
    """What the note is on; a note on a report no longer in ``reports`` says so."""
    if reports is not None and note.report is not None and note.report not in reports:
        return f"{note.target_id} (on a removed report)"
    passage = passage_of(note)
    orphaned = passage is not None and passage.orphaned
    return note.target_id + (" (not found in the current text)" if orphaned else "")


def page_key(note: Note) -> PageKey | None:
    """What a note's page is looked up by; None for a note that cites no page (not on a
    passage, or its words lost)."""
    target = passage_of(note)
    if target is not None and not target.orphaned:
        return note.id, target.position.start
    return None


def new_pages(ws: Workspace, notes: list[Note], known: frozenset[PageKey]) -> dict[PageKey, str]:
    """On the read lane: the pages of the passage notes not looked up yet (those on a
    report without pages get "")."""
    from explorer.core.annotate import note_pages

    wanted = [n for n in notes if (key := page_key(n)) is not None and key not in known]
    return {
        key: page or ""
        for note, page in zip(wanted, note_pages(ws, wanted), strict=True)
        if (key := page_key(note)) is not None
    }


def matches(note: Note, query: str, reports: frozenset[str] | None = None) -> bool:
    """Words match body, quote or target; #words must be tags."""
    passage = passage_of(note)
    quote = passage.quote.exact if passage is not None else ""
    haystack = f"{note.body}\n{quote}\n{target_text(note, reports)}".lower()
    for word in query.lower().split():
        if word.startswith("#"):
            if word[1:] not in (t.lower() for t in note.tags):
                return False
        elif word not in haystack:
            return False
    return True


class NotesModel(QAbstractListModel):
    """Notes as rows; the Note itself is under NOTE_ROLE."""

    def __init__(self) -> None:
        super().__init__()
        self._notes: list[Note] = []
        self.reports: frozenset[str] | None = None
        """The library's report ids, once known: notes on other reports are on removed ones."""
        self.pages: dict[PageKey, str] = {}
        """The page a passage note's words start on, a PDF's printed label ("" for none), as
        looked up on the read lane: a row cites it after its place."""

    def set_notes(self, notes: list[Note], pages: dict[PageKey, str] | None = None) -> None:
        """Show these notes, citing these newly looked-up pages too; rows are updated in
        place when the same notes stay in order."""
        self.pages.update(pages or {})
        if [n.id for n in notes] == [n.id for n in self._notes]:
            for row, note in enumerate(notes):
                if note != self._notes[row] or page_key(note) in (pages or {}):
                    self.replace(row, note)
            return
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def notes(self) -> list[Note]:
        return list(self._notes)

    def replace(self, row: int, note: Note) -> None:
        """Update one row in place: the selection and the editor's cursor stay put."""
        self._notes[row] = note
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def row_of(self, note_id: str) -> int:
        return next((i for i, n in enumerate(self._notes) if n.id == note_id), -1)

    def place(self, note: Note) -> str:
        """What the note is on, and the page it cites ("libtasn1#16, p. 16")."""
        key = page_key(note)
        page = self.pages.get(key) if key is not None else None
        return target_text(note, self.reports) + on_page(page)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            passage = passage_of(note)
            quote = passage.quote.exact if passage is not None else ""
            first = (note.body.strip().splitlines() or [f"“{quote}”" if quote else "(highlight)"])[
                0
            ]
            tags = " ".join(f"#{t}" for t in note.tags)
            return f"{first[:80]}\n{self.place(note)}  {tags}".rstrip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.place(note)
        if role == NOTE_ROLE:
            return note
        return None


class NotesPanel(QWidget):
    """Filterable notes list over an editor with a Markdown preview."""

    note_activated = Signal(object)
    listed = Signal()
    """The list was shown anew (after a refresh, on the read lane)."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self._runner = runner
        self._current: str | None = None
        self._dirty = False
        self._markdown: MarkdownIt | None = None  # made on the first preview, not at start-up
        self.filter = QLineEdit(placeholderText="Filter notes: words, #tag, section…")
        self.show_trash = QCheckBox("Trash")
        self.model = NotesModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.status = QLabel(wordWrap=True)
        self.body = QPlainTextEdit(placeholderText="Write your note in Markdown…")
        self.tags = QLineEdit(placeholderText="Tags, separated by spaces")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.delete = QPushButton("Move to Trash")
        self.restore = QPushButton("Restore")
        self._build_layout()
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.body.textChanged.connect(self._edited)
        self.tags.textEdited.connect(lambda _t: self._edited())
        self.filter.textChanged.connect(lambda _t: self.refresh())
        self.show_trash.toggled.connect(lambda _c: self.refresh())
        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.list.activated.connect(lambda i: self.note_activated.emit(i.data(NOTE_ROLE)))
        self.delete.clicked.connect(self.delete_current)
        self.restore.clicked.connect(self.restore_current)
        runner.changed.connect(self._apply)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.show_trash)
        editor = QWidget()
        edit_layout = QVBoxLayout(editor)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        for widget in (self.body, self.tags):
            edit_layout.addWidget(widget, 2 if widget is self.body else 0)
        edit_layout.addLayout(buttons)
        edit_layout.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    # ---- showing ---------------------------------------------------------------------

    def _apply(self, changes: Changes, initiator: object) -> None:
        """Notes changed: list them again, unless this panel made the change (it shows it
        already) or only a note's text changed and this panel made it. Report text that
        changed may have moved the pages the notes cite."""
        if initiator is self:
            return
        if changes.text_changed:  # the pages looked up may be printed elsewhere now
            self.model.pages.clear()
        if changes.notes_changed or changes.note_bodies or changes.text_changed:
            self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Reload the list (on the read lane), keeping (or moving to) the chosen note."""
        self.flush()
        trash = self.show_trash.isChecked()
        known = frozenset(self.model.pages)

        def read(ws: Workspace, _task: object) -> tuple[list[Note], dict[PageKey, str]]:
            store = ws.notes()
            notes = [t.note for t in store.trash()] if trash else store.notes()
            return notes, new_pages(ws, notes, known)

        self._runner.read(
            read,
            lambda found: self._listed(*found, trash, select),
            self._unreadable,
            key="notes-list",
        )

    def _unreadable(self, message: str) -> None:
        self.model.set_notes([])
        self.status.setText(message)
        self._show(None)
        self.listed.emit()

    def _listed(
        self, notes: list[Note], pages: dict[PageKey, str], trash: bool, select: str | None
    ) -> None:
        shown = [n for n in notes if matches(n, self.filter.text(), self.model.reports)]
        self.model.set_notes(shown, pages)
        self.status.setText(self._summary(len(notes), len(shown), trash))
        wanted = select or self._current
        row = self.model.row_of(wanted) if wanted else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self._show(None)
        self.listed.emit()

    @staticmethod
    def _summary(total: int, shown: int, trash: bool) -> str:
        where = "in the trash" if trash else ""
        if total == 0:
            return (
                "The trash is empty."
                if trash
                else (
                    "No notes yet. Select words in the reader and press Ctrl+Shift+N, or focus a "
                    "concept and use Notes → Note on Focused Concept."
                )
            )
        return f"{shown} of {total} notes {where}".strip() + "."

    def set_reports(self, report_ids: set[str]) -> None:
        """The reports in the library now; notes on any other say they are on a removed one."""
        known = frozenset(report_ids)
        if known == self.model.reports:
            return
        self.model.reports = known
        if self.filter.text().strip():
            self.refresh()  # what the filter finds may have changed
        elif self.model.rowCount():
            last = self.model.index(self.model.rowCount() - 1)
            self.model.dataChanged.emit(self.model.index(0), last)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        note = current.data(NOTE_ROLE) if current.isValid() else None
        self._show(note)  # a Note, or None

    def _show(self, note: Note | None) -> None:
        if note is not None and note.id == self._current and self._dirty:
            return  # the user is typing in it: their text wins, and is saved next
        self._current = note.id if note else None
        in_trash = self.show_trash.isChecked()
        for widget in (self.body, self.tags):
            widget.blockSignals(True)
        if self.body.toPlainText() != (note.body if note else ""):  # else the cursor stays
            self.body.setPlainText(note.body if note else "")
        if self.tags.text() != (" ".join(note.tags) if note else ""):
            self.tags.setText(" ".join(note.tags) if note else "")
        for widget in (self.body, self.tags):
            widget.blockSignals(False)
            widget.setEnabled(note is not None and not in_trash)
        self.delete.setEnabled(note is not None and not in_trash)
        self.restore.setVisible(in_trash)
        self.restore.setEnabled(note is not None and in_trash)
        self._dirty = False
        self._render_preview()

    def _render_preview(self) -> None:
        if self._markdown is None:
            from markdown_it import MarkdownIt

            self._markdown = MarkdownIt("commonmark", {"html": False})
        self.preview.setHtml(self._markdown.render(self.body.toPlainText()))

    # ---- editing ---------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self._current

    def _edited(self) -> None:
        if self._current is None:
            return
        self._dirty = True
        self._render_preview()
        self._timer.start()

    def flush(self) -> None:
        """Save the note being edited now, if it changed (on the worker; in order)."""
        self._timer.stop()
        if not self._dirty or self._current is None:
            return
        self._dirty = False
        note_id, body = self._current, self.body.toPlainText()
        tags = self.tags.text().replace(",", " ").split()

        def saved(note: Note) -> None:  # its row and preview: nothing else changed
            row = self.model.row_of(note.id)
            if row >= 0:
                self.model.replace(row, note)

        def failed(message: str) -> None:
            if self._current == note_id:
                self._dirty = True  # keep the text; the next flush tries again
            self.status.setText(f"Not saved yet: {message}")

        self._runner.op(
            lambda ws, _task: ws.notes().edit(note_id, body=body, tags=tags),
            saved,
            failed,
            initiator=self,
        )

    def delete_current(self) -> None:
        if self._current is None:
            return
        self.flush()
        note_id, self._current = self._current, None
        self._change(lambda store: store.remove(note_id))

    def restore_current(self) -> None:
        if self._current is None:
            return
        note_id = self._current
        self.show_trash.setChecked(False)
        self._change(lambda store: store.restore(note_id), select=note_id)

    def _change(self, change: Callable[[NoteStore], Done[Note]], select: str | None = None) -> None:
        """A change of the list (trash, restore) on the write lane; then the list is shown
        anew (the rest of the window hears of it from the runner)."""
        self._runner.op(
            lambda ws, _task: change(ws.notes()),
            lambda _note: self.refresh(select=select),
            self.status.setText,
            initiator=self,
        )

    def select(self, note_id: str) -> None:
        """Show this note in the editor: at once when the list holds it (what is typed next
        goes into it), and again once the list is read anew (without the trash or a filter)."""
        self.show_trash.setChecked(False)
        self.filter.clear()
        row = self.model.row_of(note_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self.refresh(select=note_id)
        self.body.setFocus()
