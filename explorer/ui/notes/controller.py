"""Making notes from what the user points at, and keeping markers and badges current."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from explorer.core.exports import export_format
from explorer.core.ids import node_key, node_kind, report_node, section_node

if TYPE_CHECKING:
    from explorer.core.changes import Changes, Done
    from explorer.core.notes import Note, Target
    from explorer.core.workspace import Workspace
    from explorer.ui.window_parts import WindowParts

MakeTarget = Callable[["Workspace"], "Target"]
"""What a new note points at, found on the write lane (a section's text is read there)."""


class NotesController(QObject):
    """The window's note actions; every change is an operation on the runner's write lane."""

    badges_shown = Signal()
    """The graph's note badges were set anew."""

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.w = window
        self.last_edge: tuple[str, str] | None = None
        window.graph_view.edge_clicked.connect(lambda a, b: setattr(self, "last_edge", (a, b)))
        window.notes_panel.note_activated.connect(self.go_to)
        window.reader.note_clicked.connect(self.show_note)
        window.runner.changed.connect(self._apply)
        window.navigator.graph_changed.connect(lambda _graph: self.show_badges())

    # ---- creating --------------------------------------------------------------------

    def note_on_selection(self, highlight: bool = False) -> None:
        section_id = self.w.reader.section_id
        span = self.w.reader.selected_span()
        if not section_id or span is None:
            self._say("Select some words in the reader first.")
            return

        def target(ws: Workspace) -> Target:
            from explorer.core.notes import target_for

            report, _section = ws.section(section_id)
            return target_for(report, *span)

        self._create(target, highlight)

    def note_on_focus(self) -> None:
        from explorer.core.notes import ConceptTarget, ReportTarget

        node = self.w.navigator.focused()
        if not node:
            self._say("Click a node in the graph first.")
            return
        if node_kind(node) == "report":
            self._create(lambda _ws: ReportTarget(report=node_key(node)), highlight=False)
        elif node_kind(node) == "section":
            self._create(lambda ws: _section_target(ws, node_key(node)), highlight=False)
        else:
            self._create(lambda _ws: ConceptTarget(concept=node), highlight=False)

    def note_on_edge(self) -> None:
        if self.last_edge is None:
            self._say("Click a link in the graph first.")
            return
        from explorer.core.notes import EdgeTarget

        source, target = self.last_edge
        self._create(lambda _ws: EdgeTarget(source=source, target=target), False)

    def _create(self, target: MakeTarget, highlight: bool) -> None:
        """Save a new note on the write lane; then show it (or just say so, for a highlight)."""

        def created(note: Note) -> None:
            if highlight:
                self._say("Highlighted.")
                return
            self.w.left_tabs.setCurrentWidget(self.w.notes_panel)
            self.w.notes_panel.select(note.id)

        self.w.runner.op(
            lambda ws, _task: ws.notes().add(target(ws)),
            created,
            lambda message: self.w.dialogs.error(self.w, "The note was not saved", message),
            initiator=self,
        )

    # ---- showing ---------------------------------------------------------------------

    def _apply(self, changes: Changes, _initiator: object) -> None:
        """Notes came, went or moved: the graph's badges follow (a note's text alone does
        not change them; the list and the reader listen for themselves)."""
        if changes.notes_changed:
            self.show_badges()

    def show_badges(self) -> None:
        """Mark the nodes that have notes (read on the read lane)."""
        self.w.runner.read(
            lambda ws, _task: _badges(ws.notes().notes()),
            self._badged,
            lambda _message: self._badged(set()),  # damaged notes: said on start
            key="badges",
        )

    def _badged(self, badges: set[str]) -> None:
        self.w.graph_view.set_badges(badges)
        self.badges_shown.emit()

    def show_note(self, note_id: str) -> None:
        self.w.left_tabs.setCurrentWidget(self.w.notes_panel)
        self.w.notes_panel.select(note_id)

    def go_to(self, note: Note) -> None:
        from explorer.core.notes import ConceptTarget, EdgeTarget, PassageTarget

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
        """Read the notes; when they are damaged, offer to recover them."""

        def check(ws: Workspace, _task: object) -> tuple[str, bool] | None:
            from explorer.core.notes import NotesDamaged

            try:
                ws.notes()
            except NotesDamaged as exc:
                return str(exc), exc.backup is not None
            return None

        def checked(damage: tuple[str, bool] | None) -> None:
            if damage is not None:
                choice = self.w.dialogs.ask_recover(self.w, *damage)
                if choice in ("backup", "empty"):
                    self._recover(choice == "empty")
            self.w.notes_panel.refresh()
            self.show_badges()

        self.w.runner.read(check, checked, self._say)

    def _recover(self, empty: bool) -> None:
        self.w.runner.op(
            lambda ws, _task: ws.recover_notes(empty=empty),
            lambda _used: self._say("The notes were recovered."),
            lambda message: self.w.dialogs.error(self.w, "The notes were not recovered", message),
            initiator=self,
        )

    def export(self, fmt: str) -> None:
        from explorer.core.notes import safe_filename

        suggested = safe_filename("Trend Explorer notes", f".{fmt}")
        path = self.w.dialogs.save_file(
            self.w, "Export notes", suggested, export_format("notes", fmt).file_filter
        )
        if path is None:
            return

        def write(ws: Workspace, _task: object) -> int:
            from explorer.core.annotate import workspace_titles
            from explorer.core.exports import write_export
            from explorer.core.notes import export_html, export_text
            from explorer.ui.draw import NotesPdf, render_export

            notes, titles = ws.notes().notes(), workspace_titles(ws)
            if export_format("notes", fmt).drawn:
                data = render_export(NotesPdf(export_html(notes, titles)))[0].data
            else:
                data = export_text(notes, titles, fmt).encode("utf-8")
            write_export(data, path, ws.folder)
            return len(notes)

        self.w.runner.export(
            write,
            lambda count: self._say(f"Exported {count} notes to {path}."),
            lambda message: self.w.dialogs.error(self.w, "The notes were not exported", message),
        )

    def import_file(self) -> None:
        files = self.w.dialogs.open_files(self.w)
        if not files:
            return
        chosen = Path(files[0])

        def load(ws: Workspace, _task: object) -> Done[tuple[int, int]]:
            return ws.notes().import_file(chosen)

        def imported(counts: tuple[int, int]) -> None:
            self._say(f"Imported {counts[0] + counts[1]} notes ({counts[0]} new).")

        self.w.runner.op(
            load,
            imported,
            lambda message: self.w.dialogs.error(self.w, "The notes were not imported", message),
            initiator=self,
        )

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 6000)


def _section_target(ws: Workspace, section_id: str) -> Target:
    """A note on a section points at its first passage."""
    from explorer.core.notes import ReportTarget, target_for

    report, section = ws.section(section_id)
    if not section.passages:
        return ReportTarget(report=report.id)
    first = section.passages[0]
    return target_for(report, first.start, first.end)


def _badges(notes: list[Note]) -> set[str]:
    """The graph nodes that have notes on them."""
    from explorer.core.notes import ConceptTarget, EdgeTarget, PassageTarget

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
    return badges
