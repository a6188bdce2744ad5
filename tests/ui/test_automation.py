"""What scripts, tests and screen readers rely on: build_window, open_paths, widget names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from explorer.ui.app import build_window
from tests.ui.conftest import ask, opened

NAMES = (
    "searchBox",
    "resultsList",
    "reader",
    "outlineView",
    "graphView",
    "notesList",
    "noteEditor",
)


def test_build_window_names_its_widgets_and_opens_paths(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    window = build_window(data_dir, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    assert not window.isVisible()
    every = [*NAMES, "notesFilter", "trendsView", "timelineSlider", "libraryView"]
    every += ["libraryTable", "libraryFilter", "mapShowMore", "mapShowFewer", "mapLinkWeight"]
    every += ["toursView", "tourList", "tourStops", "tourAddStop", "tourPresent"]
    every += ["tourStopTitle", "tourStopCaption", "tourStopNotes"]
    every += ["conceptDetails", "conceptRename", "conceptMerge", "conceptHide"]
    for name in every:  # the README's Automation table, every row
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), f"{name} has no accessible name"
    report = tmp_path / "otters.md"
    report.write_text("# Otters\n\n## Play\n\nOtters juggle pebbles.\n", encoding="utf-8")
    window.show()
    added = qtbot.waitSignal(
        window.changed, timeout=30_000, check_params_cb=lambda c: "otters" in c.reports
    )
    with added:
        window.open_paths([report])
    assert "otters" in [e.id for e in ask(qtbot, window, lambda ws: ws.reports())]
    with opened(qtbot, window, "otters#1"):
        window.open_paths([Path("explorer://open?report=otters&section=otters%231&start=0&end=6")])
    window.open_paths([Path("explorer://open?report=otters&start=%C2%B2")])
    assert "character offset" in window.statusBar().currentMessage()
    window.runner.wait(30_000)


def test_a_concept_link_opened_before_the_graph_is_ready_waits_for_it(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    window = build_window(data_dir, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    assert window.navigator.concept_graph is None  # not shown yet: no graph
    window.open_paths([Path("explorer://open?concept=LoRA")])
    assert "once the graph is ready" in window.statusBar().currentMessage()
    with qtbot.waitSignal(
        window.navigator.focus_changed,
        timeout=30_000,
        check_params_cb=lambda node: node == "concept:lora",
    ):
        window.show()  # the graph loads, then the link is followed
    assert window.navigator.focused() == "concept:lora"
    window.runner.wait(30_000)
