"""The user's vocabulary in the window: hide, rename, merge, add and show again concepts from
the graph's right-click menu, the Trends table and the focused concept's details; undo and
redo from the Edit menu; every view follows, and the status bar says what changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from explorer.core.trends import Series
from explorer.ui.main_window import MainWindow
from explorer.ui.trends.table import SERIES_ROLE
from explorer.ui.vocabulary.dialogs import NewConcept
from tests.conftest import dated_docs
from tests.ui.conftest import FakeDialogs, ask, opened, settle

PICTURES = os.environ.get("EXPLORER_TEST_PICTURES")
"""A folder to save pictures of the window in, to look at (unset: none are saved)."""


def picture(widget: QWidget, name: str) -> None:
    if PICTURES:
        widget.grab().save(str(Path(PICTURES) / f"{name}.png"))


def dated_shelf(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The bundled report and three dated ones: a timeline of 2020–2024 in the Trends table."""
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.open_paths([dated_docs(tmp_path)])
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.open_sample()  # it stepped aside for the user's reports: File ▸ Open Sample
    qtbot.waitUntil(
        lambda: window.trends.line is not None and len(window.trends.line.periods) == 5,
        timeout=60_000,
    )
    settle(qtbot, window)


def edited(qtbot: QtBot, window: MainWindow) -> Any:
    """Wait for a change of the user's concepts to have reached every view."""
    return qtbot.waitSignal(
        window.changed, timeout=30_000, check_params_cb=lambda c: c.vocabulary_changed
    )


def redrawn(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the edited graph (and its labels), the timeline and the reader are shown."""
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not window.graph_view.labels_due(), timeout=5_000)


def right_click(widget: QWidget, pos: QPoint) -> None:
    """A right-click as the windowing system delivers it (its press opens a context menu),
    after the mouse has come there (a click where the last one was would be a double-click)."""
    top = widget.window()
    handle = top.windowHandle()
    assert handle is not None
    at = widget.mapTo(top, pos)
    QTest.mouseMove(handle, QPoint(at.x() + 150, at.y() + 150))
    QTest.mouseMove(handle, at)
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)


def popup_menu(qtbot: QtBot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5_000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def choose(menu: QMenu, starts: str) -> None:
    """Click the menu's item whose text starts so."""
    found = [a for a in menu.actions() if a.text().startswith(starts)]
    assert found, f"no {starts!r} in {[a.text() for a in menu.actions()]}"
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(found[0]).center())


def node_menu(qtbot: QtBot, window: MainWindow, node: str) -> QMenu:
    view = window.graph_view
    right_click(view.viewport(), view.node_position(node).toPoint())
    return popup_menu(qtbot)


def table_rows(window: MainWindow) -> dict[str, str]:
    """The Trends table as shown: concept id → the name in its row."""
    table = window.trends.view.table
    model = table.model()
    rows = {}
    for row in range(model.rowCount()):
        item = model.index(row, 0).data(SERIES_ROLE)
        if isinstance(item, Series):
            rows[item.id] = str(model.index(row, 0).data())
    return rows


def row_point(window: MainWindow, node: str) -> QPoint:
    table = window.trends.view.table
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        item = index.data(SERIES_ROLE)
        if isinstance(item, Series) and item.id == node:
            table.scrollTo(index)
            return table.visualRect(index).center()
    raise AssertionError(f"{node} has no row in the Trends table")


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def action(window: MainWindow, name: str) -> QAction:
    return window.actions_by_name[name]


# ---- hide, undo, redo ----------------------------------------------------------------------


def test_a_concept_hidden_from_the_graphs_menu_leaves_every_view_until_undone(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    window.middle_tabs.setCurrentWidget(window.trends.view)
    assert "concept:lora" in window.graph_view.visible_nodes()
    assert "concept:lora" in table_rows(window)
    assert not action(window, "concept_undo").isEnabled()
    menu = node_menu(qtbot, window, "concept:lora")
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Hide “LoRA”", "Rename “LoRA”…", "Merge “LoRA” Into…", "Add Concept…",
    ]  # fmt: skip
    picture(menu, "concept-menu")
    with edited(qtbot, window):
        choose(menu, "Hide")
    redrawn(qtbot, window)
    assert status(window) == "Hid “LoRA” — Edit ▸ Undo Concept Edit brings it back."
    assert "concept:lora" not in window.graph_view.visible_nodes()
    assert "concept:lora" not in table_rows(window)
    assert "concept:quantization" in table_rows(window)
    picture(window, "after-hide")
    qtbot.waitUntil(lambda: action(window, "concept_undo").isEnabled(), timeout=5_000)
    assert action(window, "concept_undo").statusTip() == "Undo: hid “LoRA”"

    window.graph_view.setFocus()
    with edited(qtbot, window):
        QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    redrawn(qtbot, window)
    assert "concept:lora" in window.graph_view.visible_nodes()
    assert table_rows(window)["concept:lora"] == "LoRA"
    assert status(window) == "Undid: hid “LoRA” — Edit ▸ Redo Concept Edit makes it again."
    qtbot.waitUntil(lambda: action(window, "concept_redo").isEnabled(), timeout=5_000)
    assert not action(window, "concept_undo").isEnabled()

    with edited(qtbot, window):
        shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(window, Qt.Key.Key_Z, shift_ctrl)
    redrawn(qtbot, window)
    assert "concept:lora" not in window.graph_view.visible_nodes()
    assert status(window) == "Redid: hid “LoRA”."
    hidden = ask(qtbot, window, lambda ws: [r.id for r in ws.concept_edits().hidden()])
    assert hidden == ["concept:lora"]


def test_a_text_field_keeps_its_own_undo(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    with edited(qtbot, window):
        choose(node_menu(qtbot, window, "concept:lora"), "Hide")
    redrawn(qtbot, window)
    qtbot.waitUntil(lambda: action(window, "concept_undo").isEnabled(), timeout=5_000)
    box = window.search_panel.box
    box.setFocus()
    qtbot.keyClicks(box, "xyz")
    QTest.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == ""  # the search box's typing is undone, not the hide
    settle(qtbot, window)
    assert "concept:lora" not in window.graph_view.visible_nodes()
    assert action(window, "concept_undo").isEnabled()


# ---- rename, merge -------------------------------------------------------------------------


def test_a_concept_renamed_from_the_trends_table_keeps_its_old_name_as_another(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    window.middle_tabs.setCurrentWidget(window.trends.view)
    table = window.trends.view.table
    right_click(table.viewport(), row_point(window, "concept:lora"))
    menu = popup_menu(qtbot)
    dialogs.texts = ["Low-rank adaptation"]
    with edited(qtbot, window):
        choose(menu, "Rename “LoRA”")
    redrawn(qtbot, window)
    assert dialogs.text_questions == ["New name for “LoRA” (the old name still finds it):"]
    assert status(window) == ("Renamed “LoRA” to “Low-rank adaptation”; “LoRA” still finds it.")
    assert table_rows(window)["concept:lora"] == "Low-rank adaptation"
    assert "LoRA" not in table_rows(window).values()
    picture(window, "after-rename")

    window.navigator.focus("concept:lora", run_search=False)  # as a click on its node does
    details = window.vocabulary.details
    assert details.isVisible() and details.name.text() == "Low-rank adaptation"
    assert "also LoRA" in details.facts.text()


def test_merging_from_the_concepts_details_moves_the_focus_to_what_it_became(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    view, details = window.graph_view, window.vocabulary.details
    assert not details.isVisible()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.node_position("concept:lora").toPoint()
    )
    qtbot.waitUntil(details.isVisible, timeout=5_000)
    assert details.name.text() == "LoRA"
    assert details.facts.text() == (
        "technique · 2 mentions · also low-rank adaptation, low-rank adapter, LoRA adapter"
    )
    settle(qtbot, window)
    picture(window, "concept-details")
    dialogs.concepts = ["fine-tuning"]  # typed as the user remembers it
    with edited(qtbot, window):
        qtbot.mouseClick(details.merge, Qt.MouseButton.LeftButton)
    redrawn(qtbot, window)
    prompt, names = dialogs.concept_questions[0]
    assert prompt == "Merge “LoRA” into the concept called:"
    assert "Fine-tuning" in names and "LoRA" not in names
    assert status(window) == (
        "Merged “LoRA” into “Fine-tuning” — Edit ▸ Undo Concept Edit takes it back."
    )
    assert "concept:lora" not in view.visible_nodes()
    assert window.navigator.focused() == "concept:fine-tuning"
    assert details.name.text() == "Fine-tuning"
    assert details.facts.text() == (
        "technique · 3 mentions · also fine-tune, fine-tuned, full fine-tuning, LoRA, "
        "low-rank adaptation, low-rank adapter, LoRA adapter"
    )
    picture(window, "after-merge")


def test_several_rows_of_the_trends_table_merge_into_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    window.middle_tabs.setCurrentWidget(window.trends.view)
    table = window.trends.view.table
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "concept:lora")
    )
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        row_point(window, "concept:fine-tuning"),
    )
    assert sorted(window.trends.view.charted()) == ["concept:fine-tuning", "concept:lora"]
    right_click(table.viewport(), row_point(window, "concept:lora"))
    menu = popup_menu(qtbot)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Hide “LoRA”", "Rename “LoRA”…", "Merge “LoRA” Into…",
        "Hide 2 Selected Concepts", "Merge 2 Selected Concepts Into…", "Add Concept…",
    ]  # fmt: skip
    dialogs.concepts = ["Quantization"]
    with edited(qtbot, window):
        choose(menu, "Merge 2 Selected")
    redrawn(qtbot, window)
    assert dialogs.concept_questions[0][0] == "Merge 2 concepts into the concept called:"
    rows = table_rows(window)
    assert "concept:lora" not in rows and "concept:fine-tuning" not in rows
    assert status(window).startswith("Merged “LoRA” and “Fine-tuning” into “Quantization”")
    line = window.trends.line
    assert line is not None
    quantization = next(s for s in line.concepts if s.id == "concept:quantization")
    assert quantization.first == "2020" and quantization.total == 4  # all four reports now


# ---- showing again, adding -----------------------------------------------------------------


def test_hidden_concepts_are_shown_again_from_the_edit_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    window.middle_tabs.setCurrentWidget(window.trends.view)
    table = window.trends.view.table
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "concept:lora")
    )
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        row_point(window, "concept:quantization"),
    )
    right_click(table.viewport(), row_point(window, "concept:quantization"))
    with edited(qtbot, window):
        choose(popup_menu(qtbot), "Hide 2 Selected")
    redrawn(qtbot, window)
    assert status(window) == (
        "Hid “Quantization” and “LoRA” — Edit ▸ Undo Concept Edit brings them back."
    )
    assert "concept:lora" not in table_rows(window)

    dialogs.hidden_answer = ["concept:lora"]
    with edited(qtbot, window):
        action(window, "hidden_concepts").trigger()
    redrawn(qtbot, window)
    assert dialogs.hidden_offered == [
        [("concept:quantization", "Quantization"), ("concept:lora", "LoRA")]
    ]
    assert status(window) == "Showed “LoRA” again — Edit ▸ Undo Concept Edit hides it again."
    assert "concept:lora" in table_rows(window)
    assert "concept:quantization" not in table_rows(window)
    assert "concept:lora" in window.graph_view.visible_nodes()


def test_a_concept_added_from_the_graphs_menu_is_found_and_focused(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    view = window.graph_view
    right_click(view.viewport(), QPoint(5, view.viewport().height() - 5))  # on no node
    menu = popup_menu(qtbot)
    assert [a.text() for a in menu.actions()] == ["Add Concept…"]
    dialogs.new_concepts = [NewConcept("Workflows", "theme", ("workflow",))]
    with edited(qtbot, window):
        choose(menu, "Add Concept")
    redrawn(qtbot, window)
    assert not dialogs.errors
    node = "concept:workflows"
    assert status(window) == (
        "Added “Workflows” (theme; also workflow): 2 mentions in 2 sections"
        " — Edit ▸ Undo Concept Edit takes it back."
    )
    assert node in view.visible_nodes()
    assert window.navigator.focused() == node
    assert window.vocabulary.details.name.text() == "Workflows"
    picture(window, "after-add")


# ---- the reader, files ---------------------------------------------------------------------


def test_the_reader_marks_the_concepts_as_edited(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.focus("concept:lora", run_search=False)
    assert 'href="concept:lora"' in window.reader.toHtml()
    section = window.reader.section_id
    with edited(qtbot, window), opened(qtbot, window, section):
        qtbot.mouseClick(window.vocabulary.details.hide_button, Qt.MouseButton.LeftButton)
    assert 'href="concept:lora"' not in window.reader.toHtml()
    assert window.reader.section_id == section
    assert not window.vocabulary.details.isVisible()  # its concept is gone


def test_the_search_by_concept_kind_follows_a_hide(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        panel.kind_facet.setCurrentIndex(panel.kind_facet.findData("model"))
    with qtbot.waitSignal(
        panel.results_shown, timeout=10_000, check_params_cb=lambda r: r is not None
    ) as shown:
        qtbot.keyClicks(panel.box, "CLIP")
    assert shown.args[0].total == 1  # the passage that names CLIP and Mistral, models
    with edited(qtbot, window), qtbot.waitSignal(panel.results_shown, timeout=10_000) as again:
        choose(node_menu(qtbot, window, "concept:mistral"), "Hide")
    assert again.args[0].total == 1  # CLIP is still a model
    redrawn(qtbot, window)
    with edited(qtbot, window), qtbot.waitSignal(panel.results_shown, timeout=10_000) as again:
        choose(node_menu(qtbot, window, "concept:clip"), "Hide")
    assert again.args[0].hits == ()  # it names no model now


def test_a_thesaurus_goes_out_and_comes_in_through_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dialogs.texts = ["Low-rank adaptation"]
    with edited(qtbot, window):
        choose(node_menu(qtbot, window, "concept:lora"), "Rename")
    redrawn(qtbot, window)
    dialogs.save_path = tmp_path / "thesaurus"
    action(window, "export_concepts").trigger()
    written = tmp_path / "thesaurus.txt"
    qtbot.waitUntil(lambda: status(window).startswith("Wrote"), timeout=10_000)
    assert written.read_text(encoding="utf-8").splitlines() == [
        "label\treplace by",
        "LoRA\tLow-rank adaptation",
    ]
    assert status(window) == f"Wrote 1 line to {written} (a VOSviewer thesaurus)."

    thesaurus = tmp_path / "mine.txt"
    thesaurus.write_text("label\treplace by\nFine-tuning\tQuantization\nNo such\t\n", "utf-8")
    dialogs.open_path = thesaurus
    with edited(qtbot, window):
        action(window, "import_concepts").trigger()
    redrawn(qtbot, window)
    assert status(window) == (
        "Imported mine.txt (VOSviewer thesaurus): 1 edit; 1 name no concept has (“No such”)"
        " — Edit ▸ Undo Concept Edit takes it back."
    )
    assert "concept:fine-tuning" not in window.graph_view.visible_nodes()
    assert ask(qtbot, window, lambda ws: ws.graph().node("concept:quantization")["aliases"])


def test_a_damaged_edits_file_at_start_offers_the_backup(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    """The edits file torn by a crash elsewhere: the window says so, offers the newest
    backup, and once it is restored LoRA is hidden again; the torn file is kept."""
    from PySide6.QtCore import QSettings

    from explorer.core.workspace import Workspace

    ws = Workspace(data_dir)
    edits = ws.concept_edits()
    edits.hide(["LoRA"])
    edits.hide(["Quantization"])  # the backup of the first save holds LoRA hidden
    path = edits.store.path
    path.write_bytes(path.read_bytes()[:40])
    torn = path.read_bytes()
    dialogs.recover_answer = "backup"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(data_dir), dialogs=dialogs, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    with qtbot.waitSignal(
        win.changed, timeout=60_000, check_params_cb=lambda c: c.vocabulary_changed
    ):
        win.show()
    assert dialogs.recover_questions[0].startswith("concept edits: ")
    assert "could not be read" in dialogs.recover_questions[0]
    qtbot.waitUntil(lambda: not win.graph_view.has_node("concept:lora"), timeout=30_000)
    assert any(c.read_bytes() == torn for c in (data_dir / "recovery").iterdir())
    assert "recovered" in win.statusBar().currentMessage()
    win.runner.wait(30_000)
