"""The Trends view and the timeline bar inside the window, driven as a user drives them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from explorer.ui.trends.chart import PASSAGE_ROLE
from tests.conftest import dated_docs
from tests.ui.conftest import FakeDialogs, ask, do, opened, settle

SEED = "ai-llm-advancements-2024"


def dated_shelf(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    docs = dated_docs(tmp_path)
    do(qtbot, window, lambda ws: ws.add([docs], sample=True))  # the sample stays: 2024
    qtbot.waitUntil(
        lambda: (
            window.trends.line is not None and len(window.trends.line.periods) == 5
        ),  # 2020–2024: years
        timeout=60_000,
    )
    settle(qtbot, window)


def test_the_bundled_report_opens_as_ten_trend_cards(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.trends.line is not None, timeout=30_000)
    settle(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.middle_tabs.currentWidget() is window.trends.view
    assert len(window.trends.view.card_frames()) == 10
    assert window.trends.view.cards_hint.text().startswith("Add dated reports")
    assert not window.trends.bar.slider.isEnabled()  # one period: nothing to slide over


def test_a_point_lists_its_passages_and_one_opens_in_the_reader(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    view = window.trends.view
    window.middle_tabs.setCurrentWidget(view)
    view.select_concepts(["concept:lora"])
    evidence = view.evidence.list
    view.point_selected.emit("concept:lora", "2022")  # what a click on the chart's point sends
    qtbot.waitUntil(lambda: evidence.count() > 0, timeout=10_000)
    assert view.evidence.heading.text() == "LoRA in 2022: 1 report"
    first = evidence.item(0)
    assert str(first.data(PASSAGE_ROLE)).startswith("y2022#")
    evidence.setCurrentItem(first)
    evidence.setFocus()
    with opened(qtbot, window):
        QTest.keyClick(evidence, Qt.Key.Key_Return)
    assert window.middle_tabs.currentWidget() is window.reading
    assert window.reader.section_id is not None and window.reader.section_id.startswith("y2022#")


def test_the_slider_shows_the_graph_as_it_stood(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    bar, graph = window.trends.bar, window.graph_view
    everything = graph.visible_nodes()
    assert "concept:lora" in everything and "report:y2020" in everything
    bar.slider.setFocus()
    QTest.keyClick(bar.slider, Qt.Key.Key_Home)  # the first period: 2020
    shown = graph.visible_nodes()
    assert "report:y2020" in shown and "report:y2021" not in shown
    assert "concept:quantization" in shown and "concept:lora" not in shown
    QTest.keyClick(bar.slider, Qt.Key.Key_Right)  # 2021: LoRA arrives
    assert "concept:lora" in graph.visible_nodes()
    QTest.keyClick(bar.slider, Qt.Key.Key_End)
    assert graph.visible_nodes() == everything


def test_colour_by_mean_year_and_by_status_have_legends(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    bar = window.trends.bar
    bar.colouring.setCurrentIndex(bar.colouring.findData("year"))
    assert window.graph_view.colour_mode() == "overlay"
    years = window.graph_view._legend.entries()
    assert years == ["2020", "2021", "2022", "2023", "2024"]  # whole years, not 2020.8
    window.actions_by_name["colour:status"].trigger()
    assert window.graph_view._legend.entries() == ["few"]  # a report a year says too little
    window.actions_by_name["colour:kind"].trigger()
    assert window.graph_view.colour_mode() == "kind"


def test_a_date_set_in_the_window_moves_the_report(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    periods = window.trends.view.periods_combo
    periods.setCurrentIndex(periods.findData("year"))  # moving y2020 would make it quarters
    with opened(qtbot, window):
        window.navigator.open_section("y2020#1")
    dialogs.texts = ["2023-06"]
    window.actions_by_name["set_date"].trigger()
    qtbot.waitUntil(
        lambda: (
            window.trends.line is not None and "y2020" in window.trends.line.period("2023").reports
        ),
        timeout=30_000,
    )
    assert "Y2020" in dialogs.text_questions[0]
    assert ask(qtbot, window, lambda ws: ws.dates())["y2020"] == "2023-06-01"
    dialogs.texts = ["2023-02-30"]
    window.actions_by_name["set_date"].trigger()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=30_000)
    assert "is not a date" in dialogs.errors[0][1]


def test_the_chart_is_exported_as_png_and_svg(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    window.trends.view.select_concepts(["concept:lora"])
    for name, start in (("chart.png", b"\x89PNG"), ("chart.svg", b"<?xml")):
        dialogs.save_path = tmp_path / name
        window.actions_by_name["export_chart"].trigger()
        settle(qtbot, window)
        written = (tmp_path / name).read_bytes()
        assert written.startswith(start) and len(written) > 500
    assert b"LoRA" in (tmp_path / "chart.svg").read_bytes()  # the legend is in the drawing


def test_a_snapshot_of_one_concept_charts_it_on_the_bundled_report(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`explorer snapshot --view trends --concept lora` on the bundled report alone (one
    period: the view's face is its trend cards) shows the chart of LoRA, its point's
    passages under it, not the cards."""
    import explorer.ui.app as app
    from explorer.cli import main

    windows: list[MainWindow] = []
    real = app.build_window

    def kept(*args: Any, **kwargs: Any) -> MainWindow:
        windows.append(real(*args, **kwargs))
        return windows[-1]

    monkeypatch.setattr(app, "build_window", kept)
    out = tmp_path / "lora.png"
    assert main(["snapshot", "-o", str(out), "--view", "trends", "--concept", "lora"]) == 0
    assert QImage(str(out)).width() > 0
    (window,) = windows
    view = window.trends.view
    chart = view.findChild(QWidget, "trendChart")
    assert chart is not None and chart.isVisibleTo(window)
    cards = view.findChild(QWidget, "trendCards")
    assert cards is not None and not cards.isVisibleTo(window)
    legend = view.findChild(QLabel, "trendLegend")
    assert legend is not None and "LoRA" in legend.text()
    assert view.charted() == ["concept:lora"]
    heading = view.findChild(QLabel, "trendEvidenceHeading")
    assert heading is not None and heading.text().startswith("LoRA in ")
    evidence = view.findChild(QListWidget, "trendEvidence")
    assert evidence is not None and evidence.count() > 0
    assert evidence.item(0).text().startswith("Detailed Report on Advancements in AI LLMs")
