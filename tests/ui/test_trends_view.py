"""The Trends view as a user meets it: the concepts table, its filters and sorting, the chart and
its points, the passages behind a point, exports, and the cards of a single report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from explorer.core.trends import BurstSpan, Period, Series, Timeline
from explorer.core.trends import cards as trend_cards
from explorer.core.workspace import Workspace
from explorer.ui.trends.chart import PointPassage
from explorer.ui.trends.table import CONCEPT, REPORTS, STATUS, TREND
from explorer.ui.trends.view import TrendsView

PERIODS = (
    Period("2021", "2021-01-01", "2021-12-31", tuple(f"a{i}" for i in range(4))),
    Period("2022", "2022-01-01", "2022-12-31", tuple(f"b{i}" for i in range(5))),
    Period("2023", "2023-01-01", "2023-12-31", tuple(f"c{i}" for i in range(10))),
)
BOLD = "<b>x</b>"


def series(
    key: str, label: str, kind: str, counts: tuple[int, int, int], status: str, **extra: Any
) -> Series:
    reports = {p.id: n for p, n in zip(PERIODS, counts, strict=True)}
    share = {p.id: n / len(p.reports) for p, n in zip(PERIODS, counts, strict=True)}
    seen = [p.id for p in PERIODS if reports[p.id]]
    return Series(
        id=f"concept:{key}",
        label=label,
        kind=kind,
        reports=reports,
        share=share,
        first=seen[0],
        last=seen[-1],
        peak=max(seen, key=lambda p: share[p]),
        mean_year=2022.5,
        status=status,
        **extra,
    )


def make_timeline() -> Timeline:
    """Totals 19, 10, 9, 3 and 2: sorted as text, "9" would come before "19"."""
    burst = BurstSpan("2023", "2023", 1.5)
    concepts = (
        series("openai", "OpenAI", "organization", (4, 5, 10), "steady"),
        series("rag", "RAG", "technique", (0, 2, 8), "new"),
        series("lora", "LoRA", "technique", (1, 3, 5), "rising", bursts=(burst,)),
        series("bold", BOLD, "keyphrase", (2, 1, 0), "falling"),
        series("gpt", "GPT-2", "model", (2, 0, 0), "one-off"),
    )
    return Timeline("year", PERIODS, ("undated-1",), concepts)


@pytest.fixture
def view(qtbot: QtBot) -> TrendsView:
    widget = TrendsView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_timeline(make_timeline())
    return widget


def labels(view: TrendsView) -> list[str]:
    """The Concept column, top to bottom, as the table shows it."""
    model = view.table.model()
    return [model.index(row, CONCEPT).data() for row in range(model.rowCount())]


def click_header(qtbot: QtBot, view: TrendsView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def click_row(qtbot: QtBot, view: TrendsView, label: str, ctrl: bool = False) -> None:
    row = labels(view).index(label)
    rect = view.table.visualRect(view.table.model().index(row, CONCEPT))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def rendered(rich_text: str) -> str:
    """What a label showing this rich text reads as."""
    doc = QTextDocument()
    doc.setHtml(rich_text)
    return doc.toPlainText()


def test_table_lists_concepts_and_sorts_reports_as_numbers(qtbot: QtBot, view: TrendsView) -> None:
    assert sorted(labels(view)) == sorted(["LoRA", "OpenAI", "RAG", BOLD, "GPT-2"])
    click_header(qtbot, view, CONCEPT)
    assert labels(view)[0] != "OpenAI"
    click_header(qtbot, view, REPORTS)
    if view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
        assert labels(view) == ["GPT-2", BOLD, "LoRA", "RAG", "OpenAI"]
        click_header(qtbot, view, REPORTS)
    assert labels(view) == ["OpenAI", "RAG", "LoRA", BOLD, "GPT-2"]
    assert view.table.model().index(0, REPORTS).data() == "19"


def test_status_filter_hides_other_statuses(qtbot: QtBot, view: TrendsView) -> None:
    QTest.keyClicks(view.status_combo, "rising")
    assert view.status_combo.currentText() == "rising"
    assert labels(view) == ["LoRA"]
    qtbot.keyClick(view.status_combo, Qt.Key.Key_Home)
    assert view.status_combo.currentText() == "Any status"
    assert len(labels(view)) == 5


def test_text_filter_keeps_the_chart(qtbot: QtBot, view: TrendsView) -> None:
    before = view.charted()
    QTest.keyClicks(view.filter, "ra")
    assert sorted(labels(view)) == ["LoRA", "RAG"]
    assert view.charted() == before


def test_starts_with_the_three_biggest_charted_and_the_denominators(view: TrendsView) -> None:
    assert view.charted() == ["concept:openai", "concept:rag", "concept:lora"]
    caption = view.chart.caption.text()
    assert "Periods: 2021 (4 reports) · 2022 (5) · 2023 (10)." in caption
    assert "1 undated report not counted" in caption
    items = view.chart.plot.getPlotItem().items
    shaded = [item.getRegion() for item in items if isinstance(item, pg.LinearRegionItem)]
    assert shaded == [(1.5, 2.5)]  # LoRA's burst in 2023


def test_ctrl_click_charts_two_concepts(qtbot: QtBot, view: TrendsView) -> None:
    click_row(qtbot, view, "GPT-2")
    assert view.charted() == ["concept:gpt"]
    with qtbot.waitSignal(view.concepts_selected, timeout=1000) as chosen:
        click_row(qtbot, view, BOLD, ctrl=True)
    assert chosen.args == [["concept:gpt", "concept:bold"]]
    assert view.charted() == ["concept:gpt", "concept:bold"]
    legend = rendered(view.chart.legend.text())
    assert "GPT-2" in legend and BOLD in legend  # the label shows literally, not in bold
    assert view.chart.plot.getPlotItem().getAxis("left").labelText == "Share of reports (%)"


def test_select_concepts_selects_their_rows(view: TrendsView) -> None:
    view.select_concepts(["concept:gpt", "concept:nope", "concept:rag"])
    assert view.charted() == ["concept:gpt", "concept:rag"]
    rows = view.table.selectionModel().selectedRows(STATUS)
    assert sorted(index.data() for index in rows) == ["new", "one-off"]


def test_measure_switch_changes_the_axis(qtbot: QtBot, view: TrendsView) -> None:
    assert view.chart.axis_label() == "Share of reports (%)"
    QTest.keyClicks(view.measure_combo, "Number")
    assert view.chart.axis_label() == "Reports mentioning"
    assert "reports mentioning the concept" in view.chart.caption.text()
    view.set_measure("share")
    assert view.chart.axis_label().startswith("Share")
    with pytest.raises(ValueError, match="share"):
        view.set_measure("percent")


def line(view: TrendsView) -> list[float]:
    """The y values of the one line drawn."""
    items = view.chart.plot.getPlotItem().listDataItems()
    (curve,) = [item for item in items if isinstance(item, pg.PlotDataItem)]
    return list(curve.yData)


def test_smoothed_draws_the_average_and_keeps_the_points(qtbot: QtBot, view: TrendsView) -> None:
    view.select_concepts(["concept:rag"])
    assert line(view) == pytest.approx([0.0, 40.0, 80.0])
    qtbot.mouseClick(view.smoothed, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    assert view.smoothed.isChecked()
    assert line(view) == pytest.approx([20.0, 40.0, 60.0])
    points = view.chart.plot.getPlotItem().listDataItems()[-1]
    assert list(points.data["y"]) == pytest.approx([0.0, 40.0, 80.0])


def point_on_screen(view: TrendsView, x: float, y: float) -> QPoint:
    box = view.chart.plot.getPlotItem().getViewBox()
    return QPoint(view.chart.plot.mapFromScene(box.mapViewToScene(QPointF(x, y))))


def test_clicking_a_point_asks_for_its_evidence(qtbot: QtBot, view: TrendsView) -> None:
    view.select_concepts(["concept:lora", "concept:rag"])
    qtbot.waitUntil(lambda: view.chart.plot.getPlotItem().getViewBox().width() > 200)
    position = point_on_screen(view, 1, 60.0)  # LoRA in 2022: 3 of 5 reports
    with qtbot.waitSignal(view.point_selected, timeout=1000) as picked:
        qtbot.mouseClick(view.chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert picked.args == ["concept:lora", "2022"]
    position = point_on_screen(view, 2, 80.0)  # RAG in 2023: 8 of 10
    with qtbot.waitSignal(view.point_selected, timeout=1000) as picked:
        qtbot.mouseClick(view.chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert picked.args == ["concept:rag", "2023"]


ROWS = [
    PointPassage("<b>Loud</b> report", "loud#2.1", "LoRA <i>cuts</i> the cost of fine-tuning."),
    PointPassage("<b>Loud</b> report", "loud#3.4", "More on LoRA."),
    PointPassage("Quiet report", "quiet#1.1", "Adapters, LoRA and friends."),
]


def test_evidence_lists_rows_literally_and_opens_them(qtbot: QtBot, view: TrendsView) -> None:
    view.show_evidence("concept:lora", "2022", ROWS)
    assert view.evidence.heading.text() == "LoRA in 2022: 2 reports"
    listed = view.evidence.list
    assert listed.count() == 3
    assert listed.item(0).text() == "<b>Loud</b> report\nLoRA <i>cuts</i> the cost of fine-tuning."
    second = listed.visualItemRect(listed.item(1)).center()
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=second)
    with qtbot.waitSignal(view.passage_activated, timeout=1000) as opened:
        qtbot.keyClick(listed, Qt.Key.Key_Return)
    assert opened.args == ["loud#3.4"]
    listed.scrollToItem(listed.item(2))
    third = listed.visualItemRect(listed.item(2)).center()
    with qtbot.waitSignal(view.passage_activated, timeout=1000) as opened:
        # A double-click is a click and then a second press (QTest's mouseDClick sends only the
        # second press, as Qt's double-click event).
        qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=third)
        qtbot.mouseDClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=third)
    assert opened.args == ["quiet#1.1"]


def test_export_chart_png_svg_and_refuses_others(
    view: TrendsView, tmp_path: Path, data_dir: Path
) -> None:
    view.export_chart(tmp_path / "chart.png", data_dir)
    png = (tmp_path / "chart.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 1000
    view.export_chart(tmp_path / "chart.svg", data_dir)
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") or "<svg" in svg
    assert "<svg" in svg
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.export_chart(tmp_path / "chart.jpg", data_dir)
    assert not (tmp_path / "chart.jpg").exists()


def test_cards_of_the_bundled_report(qtbot: QtBot, view: TrendsView, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "seeded")
    report = workspace.report("ai-llm-advancements-2024")
    cards = trend_cards(workspace.graph().graph, report)
    view.set_cards(cards, report.title)
    frames = view.card_frames()
    assert len(frames) == 10
    assert not view.table.isVisible() and not view.chart.isVisible()
    assert view.cards_hint.isVisible()
    assert view.cards_hint.text().startswith("Add dated reports (front matter date:")
    first = frames[0]
    title = first.findChild(QLabel, "trendCardTitle")
    assert title is not None and rendered(title.text()) == cards[0].title
    view.cards_area.ensureWidgetVisible(title)
    with qtbot.waitSignal(view.passage_activated, timeout=1000) as opened:
        qtbot.mouseClick(title, Qt.MouseButton.LeftButton, pos=QPoint(12, title.height() // 2))
    assert opened.args == [cards[0].sentence_passage]
    second_title = frames[1].findChild(QLabel, "trendCardTitle")
    sentence = frames[1].findChild(QLabel, "trendCardSentence")
    assert sentence is not None and cards[1].sentence in rendered(sentence.text())
    assert second_title is not None
    second_title.setFocus()
    qtbot.keyClick(second_title, Qt.Key.Key_Tab)  # Tab goes from a card's title to its sentence
    assert QApplication.focusWidget() is sentence
    with qtbot.waitSignal(view.passage_activated, timeout=1000) as opened:
        qtbot.keyClick(sentence, Qt.Key.Key_Return)
    assert opened.args == [cards[1].sentence_passage]
    view.set_timeline(make_timeline())
    assert view.table.isVisible() and not view.cards_hint.isVisible()


def test_each_charted_concept_wears_its_chart_colour_and_only_those(
    qtbot: QtBot, view: TrendsView
) -> None:
    """The swatch beside a concept is its line's colour; charting others moves the swatches."""

    def swatches() -> dict[str, str]:
        model = view.model
        found = {}
        for row in range(model.rowCount()):
            colour = model.index(row, CONCEPT).data(Qt.ItemDataRole.DecorationRole)
            if colour is not None:
                found[model.index(row, CONCEPT).data()] = colour.name()
        return found

    colours = {c: q.name() for c, q in view.chart.colours().items()}
    labels = {s: view._by_id[s].label for s in view.charted()}
    assert swatches() == {labels[c]: colours[c] for c in view.charted()}
    view.select_concepts(["concept:gpt"])
    assert swatches() == {"GPT-2": view.chart.colours()["concept:gpt"].name()}


def test_a_period_of_few_reports_is_greyed_not_drawn_as_zero(qtbot: QtBot) -> None:
    """2021 has four reports: no share is drawn there (not 0 %, not 25 %); the year is
    greyed and the legend says why; counts still show every year."""
    thin = Period("2021", "2021-01-01", "2021-12-31", PERIODS[0].reports, few=True)
    made = make_timeline()
    widget = TrendsView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    widget.set_timeline(Timeline("year", (thin, *PERIODS[1:]), (), made.concepts))
    widget.select_concepts(["concept:openai"])  # 4 of 4 in 2021, 5 of 5, 10 of 10
    items = widget.chart.plot.getPlotItem().items
    assert (-0.5, 0.5) in [i.getRegion() for i in items if isinstance(i, pg.LinearRegionItem)]
    points = widget.chart.plot.getPlotItem().listDataItems()[-1]
    assert list(points.data["x"]) == [1, 2] and list(points.data["y"]) == [100.0, 100.0]
    curve = [float(y) for y in line(widget)]
    assert curve[0] != curve[0] and curve[1:] == [100.0, 100.0]  # NaN: a gap in the line
    assert "too few for a share" in rendered(widget.chart.legend.text())
    model = widget.table.model()
    row = labels(widget).index("OpenAI")
    words = model.index(row, TREND).data(Qt.ItemDataRole.ToolTipRole)
    assert "2021: few reports (4 of 4); 2022: 100% (5 of 5)" in words
    widget.set_measure("count")
    points = widget.chart.plot.getPlotItem().listDataItems()[-1]
    assert list(points.data["y"]) == [4.0, 5.0, 10.0]
