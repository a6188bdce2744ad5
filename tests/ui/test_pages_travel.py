"""Pages travel (issue 24, item 4): wherever the window cites a passage of a PDF it shows the
label printed on its page ("p. 16"), and nothing for the passages of other formats: the
rows of the result list, the passages behind a trend point and a report's trend cards, the
link tooltips' evidence, and the notes list."""

from __future__ import annotations

import re
from functools import partial

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from explorer.ui.graph.labels import edge_tooltip
from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import HIT_ROLE, MORE_ROLE, MoreRow
from explorer.ui.trends.chart import PASSAGE_ROLE
from tests.conftest import corpus
from tests.ui.conftest import ask, do, noted, opened, settle
from tests.ui.test_main_window import type_query
from tests.ui.test_trends_view import point_on_screen

PDF = corpus("docs-mix") / "libtasn1.pdf"  # the GNU Libtasn1 manual: printed pages i, 1, 2 …
MARKDOWN = corpus("llm-course-report") / "README.md"  # no pages
DER = "libtasn1#16"  # DER functions: from printed page 15 to 22


@pytest.fixture
def shelf(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The manual (dated 2025-02 by its PDF) and the Markdown course, dated 2023: the first
    and the last of the trends' periods."""
    do(qtbot, window, lambda ws: ws.add([PDF, MARKDOWN]))
    do(qtbot, window, lambda ws: ws.set_date("readme", "2023"))
    qtbot.waitUntil(
        lambda: (
            (line := window.trends.line) is not None
            and [line.periods[0].reports, line.periods[-1].reports] == [("readme",), ("libtasn1",)]
        ),
        timeout=60_000,
    )
    settle(qtbot, window)
    return window


def page_of(qtbot: QtBot, window: MainWindow, passage_id: str) -> str | None:
    return ask(qtbot, window, lambda ws: ws.passage(passage_id)[2].page)


def hit_rows(window: MainWindow) -> list[QModelIndex]:
    model = window.search_panel.model
    return [
        index
        for row in range(model.rowCount())
        if (index := model.index(row)).data(HIT_ROLE) is not None
    ]


def test_result_rows_cite_a_pdf_passage_s_page_and_no_page_for_markdown(
    qtbot: QtBot, shelf: MainWindow
) -> None:
    type_query(qtbot, shelf, "code")  # in both reports: each one's best passage, and N more
    rows = hit_rows(shelf)
    assert {index.data(HIT_ROLE).report for index in rows} == {"libtasn1", "readme"}
    for index in rows:
        hit = index.data(HIT_ROLE)
        shown = index.data(Qt.ItemDataRole.DisplayRole)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if hit.report == "libtasn1":
            page = page_of(qtbot, shelf, hit.passage_id)
            assert page and page.isdigit()
            assert shown == f"{hit.section}, p. {page} — Libtasn1"
            assert tip.startswith(f"{hit.section}, p. {page} · Libtasn1\n")
        else:
            assert shown == f"{hit.section} — LLM Course" and "p. " not in tip

    model, panel = shelf.search_panel.model, shelf.search_panel
    more = next(
        i
        for i in range(model.rowCount())
        if isinstance(m := model.index(i).data(MORE_ROLE), MoreRow) and m.report == "libtasn1"
    )
    with qtbot.waitSignal(panel.expanded, timeout=10_000):
        qtbot.mouseClick(
            panel.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=panel.list.visualRect(model.index(more)).center(),
        )
    inner = [i for i in hit_rows(shelf) if model.is_inner(i.data(HIT_ROLE))]
    assert inner  # the manual's other passages, each citing its own page
    pages = {
        index.data(Qt.ItemDataRole.DisplayRole).split(", p. ")[1].split(" — ")[0] for index in inner
    }
    wanted = {page_of(qtbot, shelf, i.data(HIT_ROLE).passage_id) for i in inner}
    assert pages == wanted and len(pages) > 1


def test_the_passages_behind_a_trend_point_cite_their_pages(
    qtbot: QtBot, shelf: MainWindow
) -> None:
    view = shelf.trends.view
    shelf.middle_tabs.setCurrentWidget(view)
    view.select_concepts(["concept:code"])
    view.set_measure("count")  # one report a period is too few for a share
    qtbot.waitUntil(lambda: view.chart.plot.getPlotItem().getViewBox().width() > 200)
    evidence = view.evidence.list

    def first_row_from(report: str) -> bool:
        return evidence.count() > 0 and evidence.item(0).text().startswith(report)

    line = shelf.trends.line
    assert line is not None
    for period, report in ((len(line.periods) - 1, "Libtasn1"), (0, "LLM Course")):
        where = point_on_screen(view, period, 1.0)  # the one report of the period names code
        with qtbot.waitSignal(view.point_selected, timeout=1000):
            qtbot.mouseClick(view.chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.waitUntil(partial(first_row_from, report), timeout=10_000)
        for i in range(evidence.count()):
            item = evidence.item(i)
            place = item.text().split("\n")[0]
            if report == "Libtasn1":
                page = page_of(qtbot, shelf, item.data(PASSAGE_ROLE))
                assert page and place == f"Libtasn1, p. {page}"
                assert f"Libtasn1, p. {page} · libtasn1#" in item.toolTip()
            else:
                assert place == "LLM Course" and "p. " not in item.toolTip()


def test_a_link_s_evidence_cites_its_page(qtbot: QtBot, shelf: MainWindow) -> None:
    graph = shelf.navigator.concept_graph
    assert graph is not None
    describe = shelf.graph_view.describe
    assert describe is not None
    for a, b, page in (
        ("concept:der-encoding", "concept:size-byte", "16"),
        ("concept:evaluation", "concept:hugging-face", None),
    ):
        data = graph.graph.edges[a, b]
        first = data["evidence"][0]
        with qtbot.waitSignal(shelf.navigator.passages_described, timeout=10_000):
            shelf.graph_view.edge_hovered.emit(a, b)  # what hovering the link sends
        section, words = describe(first).split(" — “", 1)
        tip = edge_tooltip(a, b, data, describe)
        if page is not None:
            assert page_of(qtbot, shelf, first) == page
            assert section == f"DER functions, p. {page}" and "DER encoding" in words
            assert f"{first}: DER functions, p. {page} — “" in tip
        else:
            assert "p. " not in section and f"{first}: {section} — “" in tip


def test_a_note_on_a_pdf_passage_cites_its_page_in_the_notes_list(
    qtbot: QtBot, shelf: MainWindow
) -> None:
    reader, panel = shelf.reader, shelf.notes_panel
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    def listed(count: int) -> bool:
        return panel.model.rowCount() == count

    chosen = [(DER, "Creates the DER encoding"), ("readme#14", "computationally intensive")]
    for count, (section, words) in enumerate(chosen, 1):
        with opened(qtbot, shelf, section):
            shelf.navigator.open_section(section)
        found = reader.document().find(words)
        assert not found.isNull(), words
        reader.setTextCursor(found)
        with noted(qtbot, shelf), opened(qtbot, shelf):
            qtbot.keyClick(reader, Qt.Key.Key_N, both)
        qtbot.waitUntil(partial(listed, count))

    def row_of(report: str) -> QModelIndex:
        notes = panel.model.notes()
        row = next(i for i, n in enumerate(notes) if n.report == report)
        return panel.model.index(row)

    place = f"{DER}, p. 16"  # the section its words are in, and their page
    qtbot.waitUntil(lambda: place in row_of("libtasn1").data(Qt.ItemDataRole.DisplayRole))
    assert row_of("libtasn1").data(Qt.ItemDataRole.ToolTipRole) == place
    assert "p. " not in row_of("readme").data(Qt.ItemDataRole.DisplayRole)

    # typed into, saved, filtered: the row keeps its page
    panel.list.setCurrentIndex(row_of("libtasn1"))
    with noted(qtbot, shelf):
        qtbot.keyClicks(panel.body, "Encoding rules")
        panel.flush()
    qtbot.keyClicks(panel.filter, "encoding")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    settle(qtbot, shelf)
    shown = row_of("libtasn1").data(Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("Encoding rules\n") and place in shown


def card_sentences(window: MainWindow) -> list[str]:
    return [
        label.text()
        for frame in window.trends.view.card_frames()
        if (label := frame.findChild(QLabel, "trendCardSentence")) is not None
    ]


def test_a_pdf_report_s_trend_cards_cite_the_page_of_their_sentence(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.trends.view
    qtbot.waitUntil(lambda: len(card_sentences(window)) == 10, timeout=30_000)  # the sample's
    assert not [text for text in card_sentences(window) if ", p. " in text]  # Markdown: no pages
    do(qtbot, window, lambda ws: ws.add([PDF]))  # the sample steps aside: one report, its cards
    qtbot.waitUntil(lambda: view.cards_heading.text().startswith("Libtasn1"), timeout=60_000)
    sentences = card_sentences(window)  # a label such as 16, xii or T-2 (the title pages')
    assert sentences and all(re.search(r"”, p\. [^ <]+</a>$", text) for text in sentences)
