"""Making notes from what the user points at, and keeping markers and badges current."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from explorer.core.changes import Changes
from explorer.core.errors import ExplorerError
from explorer.core.exports import export_format
from explorer.core.ids import node_key, node_kind, report_node, section_node
from explorer.core.notes import (
    ConceptTarget,
    EdgeTarget,
    Note,
    NotesDamaged,
    PassageTarget,
    ReportTarget,
    Target,
    target_for,
)

if TYPE_CHECKING:
    from explorer.ui.window_parts import WindowParts


class NotesController(QObject):
    """The window's note actions; every change goes through the workspace's note store."""

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.w = window
        self.last_edge: tuple[str, str] | None = None
        window.graph_view.edge_clicked.connect(lambda a, b: setattr(self, "last_edge", (a, b)))
        panel = window.notes_panel
        panel.notes_changed.connect(lambda: self.notes_changed(Changes(notes=True, origin=panel)))
        window.notes_panel.note_activated.connect(self.go_to)
        window.reader.note_clicked.connect(self.show_note)

    # ---- creating --------------------------------------------------------------------

    def note_on_selection(self, highlight: bool = False) -> None:
        section_id = self.w.reader.section_id
        span = self.w.reader.selected_span()
        if not section_id or span is None:
            self._say("Select some words in the reader first.")
            return
        report, _section = self.w.ws.section(section_id)
        self._create(target_for(report, *span), highlight)

    def note_on_focus(self) -> None:
        node = self.w.navigator.focused()
        if not node:
            self._say("Click a node in the graph first.")
            return
        target: Target
        if node_kind(node) == "report":
            target = ReportTarget(report=node_key(node))
        elif node_kind(node) == "section":
            report, section = self.w.ws.section(node_key(node))
            first = section.passages[0] if section.passages else None
            if first is None:
                return
            target = target_for(report, first.start, first.end)
        else:
            target = ConceptTarget(concept=node)
        self._create(target, highlight=False)

    def note_on_edge(self) -> None:
        if self.last_edge is None:
            self._say("Click a link in the graph first.")
            return
        self._create(EdgeTarget(source=self.last_edge[0], target=self.last_edge[1]), False)

    def _create(self, target: Target, highlight: bool) -> None:
        """Save a new note on the worker; then show it (or just say so, for a highlight)."""

        def created(note: Note) -> None:
            self.notes_changed(Changes(notes=True, ids=frozenset({note.id})))
            if highlight:
                self._say("Highlighted.")
                return
            self.w.left_tabs.setCurrentWidget(self.w.notes_panel)
            self.w.notes_panel.select(note.id)

        self.w.runner.start(
            lambda _task: self.w.ws.notes().add(target),
            created,
            lambda message: self.w.dialogs.error(self.w, "The note was not saved", message),
        )

    # ---- showing ---------------------------------------------------------------------

    def notes_changed(self, changes: Changes | None = None) -> None:
        """Refresh what shows notes: the list (unless it made the change itself), the
        reader's markers, the graph's badges."""
        changes = changes or Changes(notes=True)
        try:
            notes = self.w.ws.notes().notes()
        except ExplorerError:
            notes = []
        badges: set[str] = set()
        for note in notes:
            target = note.target
            if isinstance(target, ConceptTarget):
                badges.add(target.concept)
            elif isinstance(target, EdgeTarget):
                badges.update((target.source, target.target))
            elif isinstance(target, PassageTarget):
                badges.add(section_node(target.section))
            else:
                badges.add(report_node(target.report))
        self.w.graph_view.set_badges(badges)
        if not changes.made_by(self.w.notes_panel):
            self.w.notes_panel.refresh()
        if self.w.reader.section_id:
            self.w.navigator.reopen()
        self.w.changed.emit(changes)

    def show_note(self, note_id: str) -> None:
        self.w.left_tabs.setCurrentWidget(self.w.notes_panel)
        self.w.notes_panel.select(note_id)

    def go_to(self, note: Note) -> None:
        target = note.target
        if isinstance(target, PassageTarget):
            self.w.navigator.open_section(target.section, target.passage)
        elif isinstance(target, ConceptTarget):
            self.w.navigator.focus(target.concept, run_search=False)
        elif isinstance(target, EdgeTarget):
            self.w.navigator.focus(target.source, run_search=False)
            self.w.navigator.show_path(target.source, target.target)
        else:
            self.w.navigator.focus(report_node(target.report), run_search=False)

    # ---- damaged notes, export, import -----------------------------------------------

    def check_on_start(self) -> None:
        try:
            self.w.ws.notes()
        except NotesDamaged as exc:
            choice = self.w.dialogs.ask_recover(self.w, str(exc), exc.backup is not None)
            if choice in ("backup", "empty"):
                self._recover(choice == "empty")
        self.notes_changed()

    def _recover(self, empty: bool) -> None:
        from explorer.core.notes import NoteStore

        def recover(_task: object) -> None:
            store = NoteStore(self.w.ws.folder)
            with contextlib.suppress(NotesDamaged):
                store.load()
            store.recover(empty=empty)

        def recovered(_none: object) -> None:
            self.w.ws.forget_notes()
            self.notes_changed()

        def failed(message: str) -> None:
            self.w.dialogs.error(self.w, "The notes were not recovered", message)
            self.w.ws.forget_notes()

        self.w.runner.start(recover, recovered, failed)

    def export(self, fmt: str) -> None:
        from explorer.core.annotate import workspace_titles
        from explorer.core.exports import write_export
        from explorer.core.notes import export_html, export_text, safe_filename
        from explorer.ui.draw import NotesPdf, render_export

        suggested = safe_filename("Trend Explorer notes", f".{fmt}")
        path = self.w.dialogs.save_file(
            self.w, "Export notes", suggested, export_format("notes", fmt).file_filter
        )
        if path is None:
            return
        ws = self.w.ws

        def write(_task: object) -> int:
            notes, titles = ws.notes().notes(), workspace_titles(ws)
            if export_format("notes", fmt).drawn:
                data = render_export(NotesPdf(export_html(notes, titles)))[0].data
            else:
                data = export_text(notes, titles, fmt).encode("utf-8")
            write_export(data, path, ws.folder)
            return len(notes)

        self.w.runner.start(
            write,
            lambda count: self._say(f"Exported {count} notes to {path}."),
            lambda message: self.w.dialogs.error(self.w, "The notes were not exported", message),
        )

    def import_file(self) -> None:
        from explorer.core.notes import notes_in_file
        from explorer.core.storage import USER_FILE_LIMIT, read_regular_file

        files = self.w.dialogs.open_files(self.w)
        if not files:
            return
        chosen = Path(files[0])

        def load(_task: object) -> tuple[int, int]:
            raw = read_regular_file(chosen, USER_FILE_LIMIT)
            return self.w.ws.notes().import_notes(notes_in_file(raw))

        def imported(counts: tuple[int, int]) -> None:
            self.notes_changed()
            self._say(f"Imported {counts[0] + counts[1]} notes ({counts[0]} new).")

        self.w.runner.start(
            load,
            imported,
            lambda message: self.w.dialogs.error(self.w, "The notes were not imported", message),
        )

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 6000)
