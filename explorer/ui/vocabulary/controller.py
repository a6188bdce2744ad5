"""The window's vocabulary actions: hide, show again, merge, rename and add concepts, undo and
redo them, a thesaurus in and out; the concept menu (the graph's and the Trends table's
right-click) and the focused concept's details.

Each change is one operation on the runner's write lane (ConceptEdits in the core); the
views follow its Changes (``vocabulary_changed``) on their own. This controller only says
in the status bar what the change did and keeps the Edit menu's undo and redo current.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu

from explorer.core.changes import Done
from explorer.core.exports import file_filters, format_for_suffix, write_export
from explorer.core.ids import is_concept
from explorer.core.wording import many
from explorer.ui.vocabulary.details import ConceptDetails

if TYPE_CHECKING:
    from explorer.core.changes import Changes
    from explorer.core.graph import Add, AnyEdit, ConceptEdits, ConceptGraph, Imported, Merge
    from explorer.core.workspace import Workspace
    from explorer.ui.tasks import Task
    from explorer.ui.window_parts import WindowParts

T = TypeVar("T")
UNDO = "Edit ▸ Undo Concept Edit"
REDO = "Edit ▸ Redo Concept Edit"
MENU_LABEL = 40  # characters of a concept's name in a menu item
THESAURUS_FILTERS = file_filters("concepts") + ";;All files (*)"


@dataclass(frozen=True)
class UndoState:
    """What Undo Concept Edit and Redo Concept Edit would take back or make again, in a few
    words ("hid “LoRA”"); None when there is nothing to."""

    undo: str | None = None
    redo: str | None = None


class VocabularyController(QObject):
    """The user's vocabulary in the window. ``state_changed(UndoState)`` after each change."""

    state_changed = Signal(object)

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.w = window
        self.state = UndoState()
        self.details = ConceptDetails()
        self.menu: QMenu | None = None
        """The concept menu shown last (a right-click's)."""
        self._then_focus: tuple[str, str] | None = None  # (node, what to say) once drawn
        self._state_read = False
        self.details.rename_asked.connect(self.rename)
        self.details.merge_asked.connect(lambda node: self.merge([node]))
        self.details.hide_asked.connect(lambda node: self.hide([node]))
        window.graph_view.menu_asked.connect(lambda node, at: self.popup(node, [], at))
        window.trends.view.concepts_menu_asked.connect(self.popup)
        window.navigator.focus_changed.connect(lambda _node: self._show_details())
        window.navigator.graph_changed.connect(self._graph_changed)
        window.runner.changed.connect(self._apply)

    # ---- following the window ----------------------------------------------------------

    def _apply(self, changes: Changes, _initiator: object) -> None:
        """The vocabulary changed (here or by an undo): Undo and Redo say what they would do."""
        if changes.vocabulary_changed:
            self.read_state()

    def _graph_changed(self, graph: ConceptGraph) -> None:
        self._show_details()
        if not self._state_read:
            self.read_state()
        if self._then_focus is not None:
            node, said = self._then_focus
            self._then_focus = None
            if node in graph:
                self.w.navigator.focus(node, run_search=False)
                self._say(said)  # over what focusing said

    def _show_details(self) -> None:
        graph, node = self.w.navigator.concept_graph, self.w.navigator.focused()
        if graph is None or node is None or not is_concept(node) or node not in graph:
            self.details.show_concept(None)
        else:
            self.details.show_concept(node, graph.node(node))

    def read_state(self) -> None:
        """Read what Undo and Redo would do (the read lane), then tell the menus."""
        self._state_read = True
        self.w.runner.read(
            _undo_state, self._set_state, lambda _message: self._set_state(UndoState()),
            key="concept-undo",
        )  # fmt: skip

    def _set_state(self, state: UndoState) -> None:
        self.state = state
        self.state_changed.emit(state)

    # ---- a damaged edits file ------------------------------------------------------------

    def check_on_start(self) -> None:
        """Read the concept edits; when their file is damaged, offer to recover it (until
        then the graph shows the concepts as the reports make them)."""

        def check(ws: Workspace, _task: Task) -> tuple[str, bool] | None:
            from explorer.core.graph import EditsDamaged

            try:
                ws.concept_edits()
            except EditsDamaged as exc:
                return str(exc), exc.backup is not None
            return None

        def checked(damage: tuple[str, bool] | None) -> None:
            if damage is None:
                return
            choice = self.w.dialogs.ask_recover(self.w, *damage, what="concept edits")
            if choice in ("backup", "empty"):
                self.w.runner.op(
                    lambda ws, _task: ws.recover_concept_edits(empty=choice == "empty"),
                    lambda _used: self._say("Your concept edits were recovered."),
                    lambda message: self._failed("The concept edits were not recovered", message),
                    initiator=self,
                )

        self.w.runner.read(check, checked, self._say)

    # ---- the concept menu --------------------------------------------------------------

    def popup(self, clicked: str, selected: list[str], where: QPoint) -> None:
        """Show the concept menu at ``where``: for the node clicked, and the nodes selected."""
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.menu_for(clicked, selected)
        self.menu.popup(where)

    def menu_for(self, clicked: str, selected: Sequence[str] = ()) -> QMenu:
        """Hide, Rename…, Merge Into… for the concept clicked; Hide and Merge Into… for the
        concepts selected when they are several; Add Concept… always."""
        graph = self.w.navigator.concept_graph
        ours = [n for n in dict.fromkeys(selected) if is_concept(n) and graph and n in graph]
        menu = QMenu(self.w)
        menu.setObjectName("conceptMenu")
        kind = "technique"
        if graph is not None and is_concept(clicked) and clicked in graph:
            name, kind = _menu_name(self.label(clicked)), str(graph.node(clicked)["kind"])
            menu.addAction(f"Hide {name}", lambda: self.hide([clicked]))
            menu.addAction(f"Rename {name}…", lambda: self.rename(clicked))
            menu.addAction(f"Merge {name} Into…", lambda: self.merge([clicked]))
            menu.addSeparator()
        if len(ours) > 1:
            menu.addAction(f"Hide {len(ours)} Selected Concepts", lambda: self.hide(ours))
            menu.addAction(f"Merge {len(ours)} Selected Concepts Into…", lambda: self.merge(ours))
            menu.addSeparator()
        menu.addAction("Add Concept…", lambda: self.add(kind))
        return menu

    def label(self, node: str) -> str:
        """A concept's name in the graph shown (its id if the graph has no such node)."""
        graph = self.w.navigator.concept_graph
        return str(graph.node(node)["label"]) if graph is not None and node in graph else node

    # ---- changing the vocabulary -------------------------------------------------------

    def hide(self, nodes: Sequence[str]) -> None:
        """Hide concepts from every view until they are shown again or the hide is undone."""
        names = list(nodes)
        them = "it" if len(names) == 1 else "them"
        self._edit(
            lambda edits: edits.hide(names), "The concept was not hidden",
            lambda edit: f"{_said(edit)} — {UNDO} brings {them} back.",
        )  # fmt: skip

    def rename(self, node: str) -> None:
        """Ask for a concept's new name, then give it."""
        old = self.label(node)
        text = self.w.dialogs.ask_text(
            self.w, "Rename Concept", f"New name for “{old}” (the old name still finds it):", old
        )
        if text is None or " ".join(text.split()) in ("", old):
            return
        self._edit(
            lambda edits: edits.rename(node, text), "The concept was not renamed",
            lambda edit: f"{_said(edit)}; “{edit.concept.label}” still finds it.",
        )  # fmt: skip

    def merge(self, nodes: Sequence[str]) -> None:
        """Ask for the concept to merge these into (by name, completed), then merge them."""
        graph, sources = self.w.navigator.concept_graph, list(nodes)
        if graph is None or not sources:
            return
        names = sorted(
            {self.label(n) for n in graph.concepts() if n not in sources}, key=str.casefold
        )
        what = f"“{self.label(sources[0])}”" if len(sources) == 1 else many(len(sources), "concept")
        into = self.w.dialogs.choose_concept(
            self.w, "Merge Concepts", f"Merge {what} into the concept called:", names
        )
        if not into:
            return
        focused = self.w.navigator.focused() in sources

        def merged(edit: Merge) -> str:
            said = f"{_said(edit)} — {UNDO} takes it back."
            if focused:  # the focus follows what it became
                self._then_focus = (edit.into.id, said)
            return said

        self._edit(lambda edits: edits.merge(sources, into), "The concepts were not merged", merged)

    def add(self, kind: str = "technique") -> None:
        """Ask for a new concept (name, kind, other names), add it, and focus it once drawn."""
        new = self.w.dialogs.new_concept(self.w, kind)
        if new is None:
            return

        def work(ws: Workspace, _task: Task) -> Done[tuple[Add, int, int]]:
            done = ws.concept_edits().add(new.label, new.kind, new.aliases)
            graph, node = ws.graph(), done.value.concept.id
            mentions = int(graph.node(node).get("count", 0))
            return Done((done.value, mentions, len(graph.sections_of(node))), done.changes)

        def added(answer: tuple[Add, int, int]) -> None:
            edit, mentions, sections = answer
            found = (
                f": {many(mentions, 'mention')} in {many(sections, 'section')}"
                if sections
                else "; no report mentions it yet"
            )
            said = f"{_said(edit)}{found} — {UNDO} takes it back."
            self._then_focus = (edit.concept.id, said) if sections else None
            self._say(said)

        self.w.runner.op(
            work, added, lambda m: self._failed("The concept was not added", m), initiator=self
        )

    def show_hidden(self) -> None:
        """List the hidden concepts (read on the read lane); show again those chosen."""
        self.w.runner.read(
            lambda ws, _task: [(r.id, r.label) for r in ws.concept_edits().hidden()],
            self._choose_hidden,
            lambda message: self._failed("The hidden concepts could not be listed", message),
        )

    def _choose_hidden(self, hidden: list[tuple[str, str]]) -> None:
        chosen = self.w.dialogs.choose_hidden(self.w, hidden)
        them = "it" if len(chosen) == 1 else "them"
        if chosen:
            self._edit(
                lambda edits: edits.unhide(chosen), "The concepts were not shown again",
                lambda edit: f"{_said(edit)} — {UNDO} hides {them} again.",
            )  # fmt: skip

    def undo(self) -> None:
        self._edit(
            lambda edits: edits.undo(), "",
            lambda edit: f"Undid: {_described(edit)} — {REDO} makes it again.",
        )  # fmt: skip

    def redo(self) -> None:
        self._edit(lambda edits: edits.redo(), "", lambda edit: f"Redid: {_described(edit)}.")

    def _edit(
        self, work: Callable[[ConceptEdits], Done[T]], title: str, say: Callable[[T], str]
    ) -> None:
        """One change on the write lane; what it did, said in the status bar. A change refused
        is said in a dialog titled ``title`` (or, without a title, in the status bar)."""
        self.w.runner.op(
            lambda ws, _task: work(ws.concept_edits()),
            lambda value: self._say(say(value)),
            lambda message: self._failed(title, message),
            initiator=self,
        )

    # ---- other tools' files ------------------------------------------------------------

    def import_thesaurus(self) -> None:
        """A VOSviewer thesaurus or CiteSpace alias lines, as one edit (one undo takes it back)."""
        path = self.w.dialogs.open_file(self.w, "Import a concept thesaurus", THESAURUS_FILTERS)
        if path is None:
            return
        self.w.runner.op(
            lambda ws, _task: ws.concept_edits().import_file(path),
            lambda imported: self._imported(path, imported),
            lambda message: self._failed("The thesaurus was not imported", message),
            initiator=self,
        )

    def _imported(self, path: Path, imported: Imported) -> None:
        unknown = imported.unknown
        names = ", ".join(f"“{n}”" for n in unknown[:3]) + ("…" if len(unknown) > 3 else "")
        left = f"; {many(len(unknown), 'name')} no concept has ({names})" if unknown else ""
        if imported.edit is None:
            self._failed(
                "The thesaurus was not imported",
                f"{path.name} ({imported.format}) asks nothing of this library's concepts"
                f"{left}; nothing was changed.",
            )
            return
        edits = many(len(imported.edit.edits), "edit")
        self._say(
            f"Imported {path.name} ({imported.format}): {edits}{left} — {UNDO} takes it back."
        )

    def export_thesaurus(self) -> None:
        """Write the hides, merges and renames as a VOSviewer thesaurus (on the write lane)."""
        path = self.w.dialogs.save_file(
            self.w, "Export concept thesaurus", "Concept thesaurus.txt", file_filters("concepts")
        )
        if path is None:
            return
        if format_for_suffix("concepts", path.suffix) is None:
            path = path.with_name(path.name + ".txt")

        def write(ws: Workspace, _task: Task) -> tuple[int, int]:
            text, added = ws.concept_edits().export_thesaurus()
            write_export(text, path, ws.folder)
            return text.count("\n") - 1, added

        def written(counts: tuple[int, int]) -> None:
            lines, added = counts
            left = (
                f"; {many(added, 'concept')} you added {'is' if added == 1 else 'are'} not in "
                "it (a thesaurus only replaces names)"
                if added
                else ""
            )
            self._say(f"Wrote {many(lines, 'line')} to {path} (a VOSviewer thesaurus){left}.")

        self.w.runner.export(
            write, written, lambda message: self._failed("The thesaurus was not saved", message)
        )

    # ---- saying ------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 12_000)

    def _failed(self, title: str, message: str) -> None:
        self._say(message)
        if title:
            self.w.dialogs.error(self.w, title, message)


def _undo_state(ws: Workspace, _task: Task) -> UndoState:
    """On the read lane: the last edit made and the last undone, described."""
    from explorer.core.graph import describe

    store = ws.concept_edits().store
    made, undone = store.edits(), store.undone()
    return UndoState(describe(made[-1]) if made else None, describe(undone[-1]) if undone else None)


def _described(edit: AnyEdit) -> str:
    from explorer.core.graph import describe

    return describe(edit)


def _said(edit: AnyEdit) -> str:
    """What an edit did, as a sentence starts: "Hid “LoRA”"."""
    text = _described(edit)
    return text[:1].upper() + text[1:]


def _menu_name(label: str) -> str:
    """A concept's name in a menu item: quoted, shortened, its & not taken for a shortcut."""
    short = label if len(label) <= MENU_LABEL else label[: MENU_LABEL - 1].rstrip() + "…"
    return "“" + short.replace("&", "&&") + "”"
