"""Building tours in the window, as a user does: the Tours tab's buttons, fields and keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.core.notes import ConceptTarget
from explorer.core.tours import Tour
from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow
from tests.ui.conftest import FakeDialogs, ask, do, settle

SEED = "ai-llm-advancements-2024"


def listed(qtbot: QtBot, window: MainWindow) -> Tour:
    """Open the Tours tab and wait until it lists the tours; the tour shown."""
    window.left_tabs.setCurrentWidget(window.tours.panel)
    qtbot.waitUntil(lambda: window.tours.panel.tour() is not None, timeout=30_000)
    settle(qtbot, window)
    tour = window.tours.panel.tour()
    assert tour is not None
    return tour


def changed(qtbot: QtBot, window: MainWindow):  # type: ignore[no-untyped-def]
    """Wait for the window to announce a change of the tours, then for the list again."""
    return qtbot.waitSignal(
        window.changed, timeout=10_000, check_params_cb=lambda c: c.tours_changed
    )


def click(qtbot: QtBot, window: MainWindow, button: str) -> None:
    with changed(qtbot, window):
        qtbot.mouseClick(window.tours.panel.buttons[button], Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def titles(window: MainWindow) -> list[str]:
    tour = window.tours.panel.tour()
    assert tour is not None
    return [s.title for s in tour.stops]


def test_the_tours_tab_starts_with_the_librarys_own_tour(qtbot: QtBot, window: MainWindow) -> None:
    tour = listed(qtbot, window)
    panel = window.tours.panel
    assert tour.id == "default"
    assert panel.tours.currentText().endswith("(the library's own)")
    assert panel.tours.toolTip() == panel.tours.currentText()  # elided in a narrow column
    assert panel.stops.count() == len(ask(qtbot, window, lambda ws: ws.default_tour().stops)) == 15
    assert panel.stops.item(0).text() == "1. Advancements in Multimodal Models  (neighbourhood)"
    assert not panel.buttons["rename"].isEnabled()  # the default tour has nothing to rename


def test_a_stop_clicked_is_shown_in_the_graph_and_its_fields_from_their_start(
    qtbot: QtBot, window: MainWindow
) -> None:
    listed(qtbot, window)
    panel, stops = window.tours.panel, window.tours.panel.stops
    tour = panel.tour()
    assert tour is not None
    second = tour.stops[1]
    assert second.view == "local" and second.focus is not None
    item = stops.item(1)
    assert item.toolTip() == item.text()  # the whole line, however narrow the column
    where = stops.visualItemRect(item).center()
    with qtbot.waitSignal(panel.stop_selected, timeout=5000):
        qtbot.mouseClick(stops.viewport(), Qt.MouseButton.LeftButton, pos=where)
    settle(qtbot, window)
    assert window.navigator.focused() == second.focus
    assert window.graph_view.local_centre() == second.focus
    shown, graph = set(window.graph_view.visible_nodes()), window.navigator.concept_graph
    assert graph is not None
    assert second.focus in shown and len(shown) < graph.graph.number_of_nodes()
    assert panel.caption.text() == second.caption and len(second.caption) > 40
    assert panel.caption.cursorPosition() == 0  # read from its start, not scrolled to its end
    # The arrow keys walk the stops, each shown as it is reached.
    stops.setFocus()
    with qtbot.waitSignal(panel.stop_selected, timeout=5000):
        QTest.keyClick(stops, Qt.Key.Key_Down)
    settle(qtbot, window)
    assert window.navigator.focused() == tour.stops[2].focus


def test_a_tour_made_in_the_window_survives_a_restart(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    listed(qtbot, window)
    lora = ConceptTarget(concept="concept:lora")
    note = do(qtbot, window, lambda ws: ws.notes().add(lora, "Ask about memory."))
    window.navigator.focus("concept:lora", run_search=False)
    settle(qtbot, window)
    click(qtbot, window, "add")  # after the first stop, which is selected
    tour = window.tours.panel.tour()
    assert tour is not None and tour.id != "default"  # saved as the user's own
    added = tour.stops[1]
    assert (added.title, added.focus) == ("LoRA", "concept:lora")
    assert added.evidence is not None and added.evidence.startswith(f"{SEED}#2")
    assert added.camera is not None
    assert added.notes == (note.id,)  # the notes on the focus are linked to the stop
    panel = window.tours.panel
    assert panel.selected_stop() == added.id
    panel.title.setFocus()
    panel.title.selectAll()
    QTest.keyClicks(panel.title, "Low-rank adapters")
    with changed(qtbot, window):
        QTest.keyClick(panel.title, Qt.Key.Key_Return)
    panel.speaker.setFocus()
    QTest.keyClicks(panel.speaker, "Mention the memory saved.")
    window.close()  # what is typed is saved on the way out (the window waits for it)

    again = MainWindow(
        Workspace(data_dir),
        dialogs=FakeDialogs(),  # type: ignore[arg-type]
        settings=QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.navigator.concept_graph is not None, timeout=30_000)
    saved = ask(qtbot, again, lambda ws: ws.tours().tours())
    assert [t.id for t in saved] == [tour.id]
    kept = saved[0].stops[1]
    assert (kept.title, kept.focus, kept.speaker_notes) == (
        "Low-rank adapters",
        "concept:lora",
        "Mention the memory saved.",
    )
    assert kept.camera == added.camera and kept.evidence == added.evidence
    assert kept.notes == (note.id,)
    again.left_tabs.setCurrentWidget(again.tours.panel)
    qtbot.waitUntil(lambda: again.tours.panel.tours.count() == 2, timeout=30_000)
    again.runner.wait(30_000)


def test_stops_are_reordered_duplicated_and_deleted(qtbot: QtBot, window: MainWindow) -> None:
    listed(qtbot, window)
    first, second, third = titles(window)[:3]
    click(qtbot, window, "down")  # the first stop goes down one
    assert titles(window)[:3] == [second, first, third]
    assert window.tours.panel.stops.currentRow() == 1  # it stays selected
    with changed(qtbot, window):
        QTest.keyClick(
            window.tours.panel.stops, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier
        )
    settle(qtbot, window)
    assert titles(window)[:3] == [second, third, first]
    click(qtbot, window, "up")
    assert titles(window)[:3] == [second, first, third]
    fourth = titles(window)[3]
    click(qtbot, window, "copy")  # the copy comes right after, and is selected
    assert titles(window)[:4] == [second, first, first, third]
    assert window.tours.panel.stops.currentRow() == 2
    click(qtbot, window, "remove")  # the copy goes; the stop now in its place is selected
    assert titles(window)[:3] == [second, first, third]
    assert window.tours.panel.stops.currentRow() == 2
    click(qtbot, window, "remove")
    assert titles(window)[:3] == [second, first, fourth]
    assert len(titles(window)) == 14


def test_copying_the_librarys_own_tour_saves_one_copy(qtbot: QtBot, window: MainWindow) -> None:
    default = listed(qtbot, window)
    click(qtbot, window, "duplicate")
    saved = ask(qtbot, window, lambda ws: ws.tours().tours())
    assert [(t.name, len(t.stops)) for t in saved] == [(default.name, len(default.stops))]
    assert window.tours.panel.tour() == saved[0]


def test_tours_are_renamed_duplicated_and_deleted(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    listed(qtbot, window)
    dialogs.texts = ["Board meeting"]
    with changed(qtbot, window):
        qtbot.mouseClick(window.tours.panel.buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tours.panel.tours.currentText() == "Board meeting")
    settle(qtbot, window)
    assert window.tours.panel.stops.count() == 0
    click(qtbot, window, "add")
    dialogs.texts = ["Board meeting, March"]
    click(qtbot, window, "rename")
    click(qtbot, window, "duplicate")
    names = [t.name for t in ask(qtbot, window, lambda ws: ws.tours().tours())]
    assert names == ["Board meeting, March", "Board meeting, March (copy)"]
    click(qtbot, window, "delete")
    assert [t.name for t in ask(qtbot, window, lambda ws: ws.tours().tours())] == [
        "Board meeting, March"
    ]
    assert "trash" in dialogs.confirmations[-1]
    qtbot.waitUntil(lambda: window.tours.panel.tours.count() == 2)


def test_present_in_the_tab_presents_the_tour_chosen_there(
    qtbot: QtBot, window: MainWindow
) -> None:
    listed(qtbot, window)
    click(qtbot, window, "remove")  # now the user's own tour, one stop shorter
    chosen = window.tours.panel.tour()
    assert chosen is not None
    with qtbot.waitSignal(window.presenting.started, timeout=30_000) as started:
        qtbot.mouseClick(window.tours.panel.buttons["present"], Qt.MouseButton.LeftButton)
    presenter = started.args[0]
    assert presenter.prepared.tour.id == chosen.id and presenter.count() == 14
    with qtbot.waitSignal(window.presenting.ended):
        QTest.keyClick(presenter, Qt.Key.Key_Escape)
