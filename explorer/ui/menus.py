"""The menu bar and its shortcuts: standard keys where the platform has them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from explorer.core.ids import is_concept
from explorer.core.kinds import NODE_KIND_NAMES
from explorer.ui.graph.timeline_bar import COLOURINGS

if TYPE_CHECKING:
    from explorer.ui.vocabulary.controller import UndoState
    from explorer.ui.window_parts import WindowParts


def _action(
    window: WindowParts,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)  # shortcuts work in full screen, with the menu bar hidden
    return action


def build_menus(window: WindowParts) -> dict[str, QAction]:
    bar = window.menuBar()
    acts: dict[str, QAction] = {}
    file = bar.addMenu("&File")
    acts["open"] = _action(
        window,
        file,
        "&Open Reports…",
        window.open_files,
        QKeySequence.StandardKey.Open,
        "Add Markdown or text reports",
    )
    acts["open_folder"] = _action(
        window,
        file,
        "Open &Folder…",
        window.open_folder,
        "Ctrl+Shift+O",
        "Add every report in a folder",
    )
    acts["open_sample"] = _action(
        window, file, "Open &Sample Report", window.open_sample, None,
        "Bring the sample report back to the library and read it",
    )  # fmt: skip
    acts["set_date"] = _action(
        window, file, "Set Report &Date…", window.trends.set_date, None,
        "Date the report being read (dated reports make the timeline)",
    )  # fmt: skip
    acts["export_chart"] = _action(
        window, file, "Export Trend &Chart…", window.trends.export_chart, None,
        "Save the Trends view's chart as PNG or SVG",
    )  # fmt: skip
    file.addSeparator()
    acts["import_concepts"] = _action(
        window, file, "&Import Concept Thesaurus…", window.vocabulary.import_thesaurus, None,
        "Merge, rename and hide concepts as a VOSviewer thesaurus or CiteSpace aliases say",
    )  # fmt: skip
    acts["export_concepts"] = _action(
        window, file, "E&xport Concept Thesaurus…", window.vocabulary.export_thesaurus, None,
        "Save your hides, merges and renames as a VOSviewer thesaurus",
    )  # fmt: skip
    file.addSeparator()
    recent = file.addMenu("Open &Recent")
    recent.aboutToShow.connect(partial(_fill_recent, window, recent))
    file.addSeparator()
    acts["quit"] = _action(window, file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    acts["find"] = _action(
        window,
        edit,
        "&Find",
        _focus_search(window),
        QKeySequence.StandardKey.Find,
        "Go to the search box",
    )
    _concept_actions(window, edit, acts)

    view = bar.addMenu("&View")
    acts["full_screen"] = _action(window, view, "&Full Screen", window.toggle_full_screen, "F11")
    acts["escape"] = _action(window, view, "Leave Full Screen / Clear Focus", window.escape, "Esc")
    acts["present"] = _action(
        window, view, "&Present", window.present, "F5",
        "Present the chosen tour full screen (PageDown/PageUp walk it, Esc leaves)",
    )  # fmt: skip
    screens = view.addMenu("Present &On")
    screens.aboutToShow.connect(partial(window.presenting.fill_screens_menu, screens))
    acts["reading_mode"] = _action(
        window, view, "Reading &Mode", window.toggle_reading_mode, "Ctrl+Shift+R",
        "Hide the graph: the reader takes its room (again: the graph is back)",
    )  # fmt: skip
    acts["side_panel"] = _action(
        window, view, "&Side Panel", window.toggle_side_panel, "Ctrl+Shift+B",
        "Fold the search, notes, library and tours tabs away, or bring them back",
    )  # fmt: skip
    acts["fit"] = _action(window, view, "Fit &Graph", window.graph_view.fit, "Ctrl+0")
    acts["show_trends"] = _action(
        window, view, "&Trends", partial(_middle, window, "trends"), "Ctrl+T"
    )
    acts["show_reader"] = _action(
        window, view, "&Reader", partial(_middle, window, "reader"), "Ctrl+R"
    )
    acts["page_view"] = _action(
        window, view, "&Page View", window.pages.toggle, "Ctrl+Shift+P",
        "Show the PDF page as printed, the passage marked (again: back to the text)",
    )  # fmt: skip
    acts["page_view"].setCheckable(True)
    acts["page_view"].setEnabled(False)
    window.pages.action = acts["page_view"]
    colour = view.addMenu("Colour Nodes By")
    for mode, label in COLOURINGS:
        acts[f"colour:{mode}"] = _action(
            window, colour, label.removeprefix("By ").capitalize(),
            partial(window.trends.bar.set_colouring, mode),
        )  # fmt: skip
    local = view.addMenu("&Local Graph")
    _action(window, local, "Whole Graph", partial(_local, window, 0), "Ctrl+`")
    for depth in (1, 2, 3):
        _action(
            window,
            local,
            f"Depth {depth} Around Focus",
            partial(_local, window, depth),
            f"Ctrl+{depth}",
        )
    kinds = view.addMenu("Show &Kinds")
    for kind in NODE_KIND_NAMES:
        act = QAction(kind.capitalize(), window, checkable=True, checked=True)
        act.toggled.connect(partial(_kinds_changed, window, kinds))
        kinds.addAction(act)
        acts[f"kind:{kind}"] = act

    go = bar.addMenu("&Go")
    acts["back"] = _action(
        window, go, "&Back", window.navigator.back, QKeySequence.StandardKey.Back
    )
    acts["forward"] = _action(
        window, go, "&Forward", window.navigator.forward, QKeySequence.StandardKey.Forward
    )
    acts["path"] = _action(
        window,
        go,
        "Path from Focus to Highlighted…",
        partial(_path, window),
        "Ctrl+P",
        "Show the shortest path between two concepts",
    )

    notes = bar.addMenu("&Notes")
    acts["note"] = _action(
        window,
        notes,
        "&Note on Selection",
        window.notes.note_on_selection,
        "Ctrl+Shift+N",
        "Add a note on the words selected in the reader",
    )
    acts["highlight"] = _action(
        window,
        notes,
        "&Highlight Selection",
        partial(window.notes.note_on_selection, True),
        "Ctrl+Shift+H",
        "Highlight the words selected in the reader",
    )
    acts["note_focus"] = _action(
        window, notes, "Note on Focused &Concept", window.notes.note_on_focus, "Ctrl+Alt+N"
    )
    acts["note_edge"] = _action(
        window, notes, "Note on Last Clicked &Link", window.notes.note_on_edge
    )
    acts["show_notes"] = _action(
        window,
        notes,
        "&Show Notes",
        lambda: window.left_tabs.setCurrentWidget(window.notes_panel),
        "Ctrl+Shift+L",
    )
    notes.addSeparator()
    export = notes.addMenu("&Export Notes")
    for fmt, label in (
        ("md", "Markdown…"),
        ("html", "Web Page…"),
        ("json", "JSON…"),
        ("pdf", "PDF…"),
    ):
        acts[f"export_{fmt}"] = _action(window, export, label, partial(window.notes.export, fmt))
    acts["import_notes"] = _action(window, notes, "&Import Notes…", window.notes.import_file)
    window.reader.add_context_actions([acts["note"], acts["highlight"]])

    help_menu = bar.addMenu("&Help")
    acts["about"] = _action(window, help_menu, "&About Trend Explorer", window.about)
    return acts


def _concept_actions(window: WindowParts, edit: QMenu, acts: dict[str, QAction]) -> None:
    """Undo and redo of the vocabulary (Ctrl+Z / Ctrl+Shift+Z where no text field takes
    them: a note being typed undoes its own typing), adding a concept, the hidden ones."""
    edit.addSeparator()
    undo = _action(
        window, edit, "&Undo Concept Edit", window.vocabulary.undo,
        QKeySequence.StandardKey.Undo, "Take back your last change to the concepts",
    )  # fmt: skip
    redo = _action(
        window, edit, "&Redo Concept Edit", window.vocabulary.redo,
        QKeySequence.StandardKey.Redo, "Make the concept edit you undid again",
    )  # fmt: skip
    edit.addSeparator()
    acts["add_concept"] = _action(
        window, edit, "&Add Concept…", window.vocabulary.add, None,
        "A concept of yours (name, kind, other names), found in every report",
    )  # fmt: skip
    acts["hidden_concepts"] = _action(
        window, edit, "&Hidden Concepts…", window.vocabulary.show_hidden, None,
        "The concepts you hid; show them again",
    )  # fmt: skip
    undo.setShortcuts(QKeySequence.StandardKey.Undo)  # every binding the platform has
    redo.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Shift+Z, and Ctrl+Y
    acts["concept_undo"], acts["concept_redo"] = undo, redo

    def follow(state: UndoState) -> None:
        for action, what, verb in ((undo, state.undo, "Undo"), (redo, state.redo, "Redo")):
            action.setEnabled(what is not None)
            action.setStatusTip(f"{verb}: {what}" if what else f"No concept edit to {verb.lower()}")

    follow(window.vocabulary.state)
    window.vocabulary.state_changed.connect(follow)


def _focus_search(window: WindowParts) -> Callable[[], None]:
    def go() -> None:
        if not window.left_tabs.isVisible():  # folded away: the search box comes back
            window.toggle_side_panel()
        window.left_tabs.setCurrentWidget(window.search_panel)
        window.search_panel.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        window.search_panel.box.selectAll()

    return go


def _fill_recent(window: WindowParts, menu: QMenu) -> None:
    menu.clear()
    items = window.recent()
    if not items:
        menu.addAction("No recent files").setEnabled(False)
    for item in items:
        act = menu.addAction(item)
        act.triggered.connect(partial(window.add_paths, [Path(item)]))


def _middle(window: WindowParts, which: str) -> None:
    if which == "trends":
        window.middle_tabs.setCurrentWidget(window.trends.view)
    else:
        window.show_reader()


def _local(window: WindowParts, depth: int) -> None:
    window.navigator.show_local(depth)


def _kinds_changed(window: WindowParts, menu: QMenu, _checked: bool) -> None:
    kinds = {a.text().lower() for a in menu.actions() if a.isChecked()}
    window.graph_view.set_visible_kinds(kinds)


def _path(window: WindowParts) -> None:
    focused = window.navigator.focused()
    targets = [n for n in window.graph_view.highlighted() if is_concept(n)]
    if focused and targets:
        window.navigator.show_path(focused, sorted(targets)[0])
    else:
        window.statusBar().showMessage(
            "Focus a concept, Ctrl+click another, or search to highlight one, then try again.",
            6000,
        )
