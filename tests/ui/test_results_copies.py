"""One passage, one row: copies of a passage in several reports show once, with a line
"also in 2 reports" under it that opens into the other places; the Library marks reports
that are near copies of each other."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from explorer.core.search import SearchHit
from explorer.ui.library.model import TITLE
from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import COPIES_ROLE, COPY_ROLE, HIT_ROLE, MORE_ROLE
from tests.conftest import copied_reports
from tests.ui.conftest import opened, settle
from tests.ui.test_library_panel import cell, click_row, ids, library
from tests.ui.test_main_window import type_query

TITLE_2024 = "Detailed Report on Advancements in AI LLMs (2024)"


def add_versions(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.add_paths([copied_reports(tmp_path)])
    settle(qtbot, window)


def shown(window: MainWindow) -> list[str]:
    """Each row as the user reads it: a hit's report id, or the line's words."""
    model = window.search_panel.model
    out = []
    for row in range(model.rowCount()):
        index = model.index(row)
        hit = index.data(HIT_ROLE)
        if index.data(MORE_ROLE) or index.data(COPIES_ROLE) or index.data(COPY_ROLE):
            out.append(str(index.data()))
        else:
            out.append(hit.report)
    return out


def click(qtbot: QtBot, window: MainWindow, row: int) -> None:
    view, model = window.search_panel.list, window.search_panel.model
    rect = view.visualRect(model.index(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_passage_in_three_versions_is_one_row_with_its_other_places_a_click_away(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_versions(qtbot, window, tmp_path)
    type_query(qtbot, window, "LoRA")
    panel = window.search_panel
    assert shown(window) == ["llm-2024-final", "also in 2 reports"]
    assert panel.status.text() == "1 passage matches (and 2 copies of it); showing 1."
    tip = panel.model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{TITLE_2024} (llm-2024-draft)" in tip and f"{TITLE_2024} (llm-2024)" in tip
    click(qtbot, window, 1)
    section = "2. Improved Efficiency and Scaling"
    assert shown(window) == [
        "llm-2024-final",
        "also in 2 reports",
        f"llm-2024-draft · {section}",  # one title, three reports: their ids tell them apart
        f"llm-2024 · {section}",
    ]
    with opened(qtbot, window, "llm-2024#2"):
        click(qtbot, window, 3)  # the oldest version's place opens like any hit
    click(qtbot, window, 1)  # and the list closes again
    assert shown(window) == ["llm-2024-final", "also in 2 reports"]


def test_enter_opens_the_other_places_and_a_double_click_leaves_them_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_versions(qtbot, window, tmp_path)
    type_query(qtbot, window, "LoRA")
    view, model = window.search_panel.list, window.search_panel.model
    view.setFocus()
    view.setCurrentIndex(model.index(1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert len(shown(window)) == 4
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert len(shown(window)) == 2
    at = view.visualRect(model.index(1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    view.doubleClicked.emit(model.index(1))  # a double-click's second half, as Qt sends it
    view.activated.emit(model.index(1))
    assert len(shown(window)) == 4


def test_grouped_rows_show_copies_once_and_count_them_honestly(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_versions(qtbot, window, tmp_path)
    type_query(qtbot, window, "privacy")
    assert shown(window) == [
        "llm-2024-draft",
        "also in 1 report",
        "llm-2024-final",  # "federated training": its own words
        "otters",
    ]
    assert window.search_panel.status.text() == (
        "3 passages match (and 1 copy of them) in 3 reports; showing the best passage of each."
    )


def test_n_more_lists_a_report_s_own_passages_and_copies_stay_with_their_hit(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_versions(qtbot, window, tmp_path)
    type_query(qtbot, window, "AI OR otters")
    rows = shown(window)
    assert "llm-2024" not in rows  # every passage of it is a copy of a newer version's
    more = next(r for r in rows if r.endswith("more in this report"))
    before = len(hits(window))
    with qtbot.waitSignal(window.search_panel.expanded, timeout=10_000):
        click(qtbot, window, rows.index(more))
    shown_now = hits(window)
    assert len(shown_now) == before + int(more.split()[0])  # as many as it said
    passages = [h.passage_id for h in shown_now]
    assert len(set(passages)) == len(passages)
    assert not {c.passage for h in shown_now for c in h.also_in} & set(passages)
    assert "llm-2024" not in shown(window)


def hits(window: MainWindow) -> list[SearchHit]:
    """The hit rows (not the lines under them)."""
    model = window.search_panel.model
    return [
        model.index(r).data(HIT_ROLE)
        for r in range(model.rowCount())
        if model.index(r).data(COPY_ROLE) is None and model.index(r).data(HIT_ROLE) is not None
    ]


def test_the_library_marks_near_copies_and_names_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_versions(qtbot, window, tmp_path)
    panel = library(window)
    assert set(ids(panel)) == {"llm-2024", "llm-2024-draft", "llm-2024-final", "otters"}
    for version in ("llm-2024", "llm-2024-draft", "llm-2024-final"):
        assert cell(panel, version, TITLE) == f"≈ {TITLE_2024}"
    assert cell(panel, "otters", TITLE) == "Otters"
    row = ids(panel).index("llm-2024-final")
    tip = panel.proxy.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "≈ copy of “Detailed Report" in tip and "llm-2024-draft: 9 of 10 passages in both" in tip
    click_row(qtbot, panel, "llm-2024-final")
    links = panel.details.copies
    assert links.isVisible()
    assert 'href="llm-2024"' in links.text() and "9 of 10 passages in both" in links.text()
    links.linkActivated.emit("llm-2024-draft")  # the link of the other version
    assert panel.current_id() == "llm-2024-draft"
    panel.filter.setText("≈")
    assert sorted(ids(panel)) == ["llm-2024", "llm-2024-draft", "llm-2024-final"]
    click_row(qtbot, panel, "llm-2024")
    panel.filter.clear()
    click_row(qtbot, panel, "otters")
    assert not links.isVisible()
