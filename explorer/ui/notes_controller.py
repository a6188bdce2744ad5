"""Making notes from what the user points at, and keeping markers and badges current."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from explorer.core.changes import Changes
from explorer.core.errors import ExplorerError
from explorer.core.ids import node_key, node_kind, report_node, section_node
from explorer.core.kinds import note_export_format
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
        try:
            note = self.w.ws.notes().add(target)
        except (ExplorerError, OSError) as exc:
            self.w.dialogs.error(self.w, "The note was not saved", str(exc))
            return
        self.notes_changed()
        if highlight:
            self._say("Highlighted.")
            return
        self.w.left_tabs.setCurrentWidget(self.w.notes_panel)
        self.w.notes_panel.select(note.id)

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

        store = NoteStore(self.w.ws.folder)
        try:
            store.recover(empty=empty)
        except NotesDamaged:
            pass
        except ExplorerError as exc:
            self.w.dialogs.error(self.w, "The notes were not recovered", str(exc))
        self.w.ws.forget_notes()

    def export(self, fmt: str) -> None:
        from explorer.core.annotate import workspace_titles
        from explorer.core.notes import safe_filename
        from explorer.notes_files import write_notes

        suggested = safe_filename("Trend Explorer notes", f".{fmt}")
        path = self.w.dialogs.save_file(
            self.w, "Export notes", suggested, note_export_format(fmt).file_filter
        )
        if path is None:
            return
        try:
            notes = self.w.ws.notes().notes()
            write_notes(notes, workspace_titles(self.w.ws), fmt, path, self.w.ws.folder)
        except (ExplorerError, OSError) as exc:
            self.w.dialogs.error(self.w, "The notes were not exported", str(exc))
            return
        self._say(f"Exported {len(notes)} notes to {path}.")

    def import_file(self) -> None:
        from explorer.core.notes import from_web_annotation

        files = self.w.dialogs.open_files(self.w)
        if not files:
            return
        try:
            notes = from_web_annotation(Path(files[0]).read_bytes())
            added, replaced = self.w.ws.notes().import_notes(notes)
        except (ExplorerError, OSError) as exc:
            self.w.dialogs.error(self.w, "The notes were not imported", str(exc))
            return
        self.notes_changed()
        self._say(f"Imported {added + replaced} notes ({added} new).")

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 6000)
