"""Results per report: each report's best passage first, with "N more in this report"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import HIT_ROLE, MORE_ROLE, MoreRow
from tests.ui.conftest import opened
from tests.ui.test_main_window import type_query


def add_otters(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Three reports on otters: five passages in one, two in another, one in the third."""
    files = []
    for name, count in (("rivers", 5), ("coasts", 2), ("zoos", 1)):
        sections = "".join(
            f"## {name.title()} {n}\n\nOtters of the {name} number {n} juggle pebbles.\n\n"
            for n in range(1, count + 1)
        )
        path = tmp_path / f"{name}.md"
        path.write_text(f"# {name.title()}\n\n{sections}", encoding="utf-8")
        files.append(path)
    with qtbot.waitSignal(window.changed, timeout=30_000):
        window.add_paths(files)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)


def rows(window: MainWindow) -> list[str]:
    """Each row as the user reads it: a hit's report id, or the "N more" line."""
    model = window.search_panel.model
    out = []
    for row in range(model.rowCount()):
        index = model.index(row)
        more = index.data(MORE_ROLE)
        out.append(more.text if isinstance(more, MoreRow) else index.data(HIT_ROLE).report)
    return out


def test_each_report_shows_its_best_passage_and_how_many_more(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_otters(qtbot, window, tmp_path)
    type_query(qtbot, window, "otters")
    assert sorted(rows(window)) == sorted(
        ["rivers", "4 more in this report", "coasts", "1 more in this report", "zoos"]
    )  # the order of the reports is their best passages' rank
    by_report = rows(window)
    assert by_report[by_report.index("rivers") + 1] == "4 more in this report"
    assert by_report[by_report.index("coasts") + 1] == "1 more in this report"
    assert window.search_panel.status.text() == (
        "8 passages match in 3 reports; showing the best passage of each."
    )


def test_clicking_n_more_shows_the_other_passages_of_that_report(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_otters(qtbot, window, tmp_path)
    type_query(qtbot, window, "otters")
    model, view = window.search_panel.model, window.search_panel.list
    at = rows(window).index("4 more in this report")
    with qtbot.waitSignal(window.search_panel.expanded, timeout=10_000):
        qtbot.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=view.visualRect(model.index(at)).center(),
        )
    shown = rows(window)
    assert shown.count("rivers") == 5 and "4 more in this report" not in shown
    assert "1 more in this report" in shown  # the other report stays folded
    rivers = [model.index(r).data(HIT_ROLE) for r in range(len(shown)) if shown[r] == "rivers"]
    assert len({h.passage_id for h in rivers}) == 5
    # an unfolded passage opens like any hit
    inner = model.index(at + 1)
    with opened(qtbot, window, inner.data(HIT_ROLE).section_id):
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(inner).center()
        )


def test_enter_on_n_more_unfolds_it_too(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    add_otters(qtbot, window, tmp_path)
    type_query(qtbot, window, "otters")
    model, view = window.search_panel.model, window.search_panel.list
    at = rows(window).index("1 more in this report")
    view.setFocus()
    view.setCurrentIndex(model.index(at))
    with qtbot.waitSignal(window.search_panel.expanded, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert rows(window).count("coasts") == 2


def test_one_report_chosen_lists_its_passages_ranked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_otters(qtbot, window, tmp_path)
    panel = window.search_panel
    panel.report_facet.setCurrentIndex(panel.report_facet.findData("rivers"))
    type_query(qtbot, window, "otters")
    assert rows(window) == ["rivers"] * 5
    assert panel.status.text() == "5 passages match; showing 5."
