"""The Library panel as a user meets it: the reports listed, sorted by a header click,
filtered by typing; a report opened, removed (its notes kept) and its file shown."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from explorer.core.notes import NoteStore
from explorer.ui.library.model import DATE, FILE, PASSAGES, SECTIONS, TITLE
from explorer.ui.library.panel import LibraryPanel
from explorer.ui.main_window import MainWindow
from explorer.ui.notes.panel import NOTE_ROLE
from tests.conftest import corpus
from tests.ui.conftest import FakeDialogs, ask, noted, opened, settle
from tests.ui.test_notes_ui import select_in_reader

SEED = "ai-llm-advancements-2024"
MESSY = (
    "til--datasette__search-all-columns-trick.md",
    "peg--pages__models__gemini.en.md",
    "haystack--content__release-notes__2.25.1.md",
)


def paragraphs(count: int, animal: str) -> str:
    return "\n\n".join(
        f"The {animal} carries pebble number {i} to the river." for i in range(count)
    )


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """Four small reports: dated in front matter, by file name, or not at all, with 2 to
    11 passages (so that a text sort of the counts would put 10 before 9)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "otters.md").write_text(
        f"---\ndate: 2023-10-05\n---\n# Otters\n\n## Play\n\n{paragraphs(10, 'otter')}\n\n"
        "## Rest\n\nOtters sleep holding paws.\n",
        encoding="utf-8",
    )
    (folder / "beavers.md").write_text(
        f"---\ndate: 2024-01-09\n---\n# beavers build dams\n\n{paragraphs(9, 'beaver')}\n",
        encoding="utf-8",
    )
    (folder / "2023-02-01-herons.md").write_text(
        f"# Herons\n\n{paragraphs(2, 'heron')}\n", encoding="utf-8"
    )
    (folder / "voles.md").write_text(f"# Voles\n\n{paragraphs(10, 'vole')}\n", encoding="utf-8")
    return folder


def library(window: MainWindow) -> LibraryPanel:
    """The Library tab, shown, with its first listing in."""
    panel = window.library.panel
    window.left_tabs.setCurrentWidget(panel)
    settle_listing(window)
    return panel


def settle_listing(window: MainWindow) -> None:
    window.runner.wait(60_000)
    QApplication.processEvents()


def add(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> None:
    """Add files as File → Open does, and wait until the window has taken them in."""
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.open_paths(paths)
    settle(qtbot, window)


def ids(panel: LibraryPanel) -> list[str]:
    return [row.id for row in panel.rows()]


def cell(panel: LibraryPanel, report_id: str, column: int) -> str:
    row = ids(panel).index(report_id)
    return str(panel.proxy.index(row, column).data())


def click_row(qtbot: QtBot, panel: LibraryPanel, report_id: str, double: bool = False) -> None:
    rect = panel.table.visualRect(panel.proxy.index(ids(panel).index(report_id), TITLE))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:  # a double-click is a click, then a second press that is a double-click
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot: QtBot, panel: LibraryPanel, column: int) -> None:
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 < x < header.viewport().width(), "the column is out of view"
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def recorder(folders: list[Path]) -> Callable[[Path], bool]:
    """A file manager that notes the folders it is asked to show."""

    def reveal(folder: Path) -> bool:
        folders.append(folder)
        return True

    return reveal


def test_an_empty_library_says_how_to_add_reports(qtbot: QtBot, window: MainWindow) -> None:
    panel = library(window)
    assert panel.summary.text() == "1 report."
    click_row(qtbot, panel, SEED)
    panel.table.setFocus()
    with qtbot.waitSignal(window.changed, timeout=30_000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert panel.rows() == []
    assert panel.stack.currentWidget() is panel.empty
    assert "File → Open Reports…" in panel.empty.text()
    assert "drop files or folders on the window" in panel.empty.text()
    assert "0 reports" in window.counts.text()


def test_added_files_are_listed_with_their_title_date_counts_and_file(
    qtbot: QtBot, window: MainWindow, reports: Path, tmp_path: Path
) -> None:
    panel = library(window)
    messy = tmp_path / "messy"
    messy.mkdir()
    for name in MESSY:
        shutil.copy(corpus("messy-mix") / name, messy / name)
    add(qtbot, window, [reports, messy])
    assert panel.summary.text() == "7 reports."  # the sample left for them
    entries = {e.id: e for e in ask(qtbot, window, lambda ws: ws.reports())}
    assert set(ids(panel)) == set(entries)
    assert [cell(panel, "otters", c) for c in (TITLE, DATE, SECTIONS, PASSAGES, FILE)] == [
        "Otters",
        "2023-10-05",
        "2",
        "11",
        "otters.md",
    ]
    assert cell(panel, "2023-02-01-herons", DATE) == "2023-02-01"  # from its file name
    assert cell(panel, "voles", DATE) == "—"
    for entry in entries.values():  # the messy ones too: what the library holds is shown
        assert cell(panel, entry.id, TITLE) == entry.title
        assert cell(panel, entry.id, PASSAGES) == f"{entry.passages:,}"
        assert cell(panel, entry.id, FILE) == Path(entry.path).name
    click_row(qtbot, panel, "otters")
    assert panel.details.title.text() == "Otters"
    assert panel.details.facts.text() == (
        "2023-10-05, read from the report · 2 sections · 11 passages"
    )
    assert panel.details.path.text() == str(reports / "otters.md")


def test_a_header_click_sorts_by_that_column(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    panel = library(window)
    add(qtbot, window, [reports])
    window.splitter.setSizes([900, 250, 150])  # room for every column
    QApplication.processEvents()
    click_header(qtbot, panel, PASSAGES)
    assert [r.entry.passages for r in panel.rows()] == [2, 9, 10, 11]  # numbers, not text
    click_header(qtbot, panel, PASSAGES)
    assert [r.entry.passages for r in panel.rows()] == [11, 10, 9, 2]
    click_header(qtbot, panel, TITLE)
    assert [r.entry.title for r in panel.rows()] == [
        "beavers build dams",
        "Herons",
        "Otters",
        "Voles",
    ]
    click_header(qtbot, panel, DATE)
    assert [r.date for r in panel.rows()] == [None, "2023-02-01", "2023-10-05", "2024-01-09"]
    click_header(qtbot, panel, FILE)
    assert [Path(r.entry.path).name for r in panel.rows()][:2] == [
        "2023-02-01-herons.md",
        "beavers.md",
    ]
    click_header(qtbot, panel, SECTIONS)
    assert [r.entry.sections for r in panel.rows()] == [1, 1, 1, 2]


def test_typing_in_the_filter_keeps_matching_titles_files_and_ids(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    panel = library(window)
    add(qtbot, window, [reports])
    qtbot.keyClicks(panel.filter, "otter")
    assert ids(panel) == ["otters"]
    assert panel.summary.text() == "1 of 4 reports."
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "2023-02")  # part of a file name
    assert ids(panel) == ["2023-02-01-herons"]
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "BUILD dams")  # every word, in any case
    assert ids(panel) == ["beavers"]
    qtbot.keyClicks(panel.filter, " zebra")
    assert ids(panel) == []
    assert panel.summary.text() == "No report’s title, file or id has “BUILD dams zebra”."
    panel.filter.clear()
    assert len(ids(panel)) == 4


def test_removing_a_report_keeps_its_notes(
    qtbot: QtBot, window: MainWindow, reports: Path, dialogs: FakeDialogs, data_dir: Path
) -> None:
    add(qtbot, window, [reports])
    with opened(qtbot, window, "otters#1"):
        window.navigator.open_section("otters#1")
    select_in_reader(window, "pebble number 3")
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with noted(qtbot, window), opened(qtbot, window):
        qtbot.keyClick(window.reader, Qt.Key.Key_N, both)
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    box = window.search_panel.box
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=10_000):
        qtbot.keyClicks(box, "otter")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.search_panel.model.rowCount() > 0
    panel = library(window)
    click_row(qtbot, panel, "otters")
    dialogs.confirm_answer = False  # Cancel: nothing happens
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert "otters" in ids(panel) and "otters" in {
        e.id for e in ask(qtbot, window, lambda ws: ws.reports())
    }
    dialogs.confirm_answer = True
    removal = qtbot.waitSignal(
        window.changed, timeout=30_000, check_params_cb=lambda c: "otters" in c.reports
    )
    searched = qtbot.waitSignal(window.search_panel.results_shown, timeout=30_000)
    with removal, searched:
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert dialogs.confirmations[-1].startswith("Remove “Otters” from the library?")
    assert "Its notes are kept" in dialogs.confirmations[-1]
    assert "otters" not in ids(panel)
    assert panel.summary.text() == "3 reports. Removed “Otters”; its notes are kept."
    assert window.search_panel.model.rowCount() == 0  # gone from search
    qtbot.waitUntil(  # no longer read (the reader clears on the same broadcast)
        lambda: "click a node in the graph" in window.reader.toPlainText(), timeout=10_000
    )
    qtbot.waitUntil(  # gone from the graph once it is built again
        lambda: (
            window.navigator.concept_graph is not None
            and "report:otters" not in window.navigator.concept_graph
            and "report:voles" in window.navigator.concept_graph
        ),
        timeout=30_000,
    )
    settle(qtbot, window)
    assert [n.id for n in ask(qtbot, window, lambda ws: ws.notes().notes())] == [note.id]
    on_disk = NoteStore(data_dir)
    on_disk.load()
    assert [n.id for n in on_disk.notes()] == [note.id]  # the notes file still has it
    notes_list = window.notes_panel.model
    assert notes_list.index(0).data(NOTE_ROLE).id == note.id
    assert "otters#1 (on a removed report)" in notes_list.index(0).data()


def test_double_click_or_enter_opens_the_report(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    add(qtbot, window, [reports])
    panel = library(window)
    window.middle_tabs.setCurrentWidget(window.trends.view)
    asked = qtbot.waitSignal(panel.outline_requested, timeout=5000)
    with asked, opened(qtbot, window, "voles#1"):
        click_row(qtbot, panel, "voles", double=True)
    assert asked.args == ["voles"]
    assert window.middle_tabs.currentWidget() is window.reading
    assert "The vole carries pebble number 0" in window.reader.toPlainText()
    assert window.outline.isVisible() and window.outline.report_id == "voles"
    assert (
        window.outline.currentIndex().data()
        == ask(qtbot, window, lambda ws: ws.report("voles")).sections[0].title
    )
    click_row(qtbot, panel, "beavers")
    asked = qtbot.waitSignal(panel.outline_requested, timeout=5000)
    with asked, opened(qtbot, window, "beavers#1"):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert asked.args == ["beavers"]
    assert "The beaver carries pebble number 0" in window.reader.toPlainText()
    click_row(qtbot, panel, "otters")
    with opened(qtbot, window, "otters#1"):
        qtbot.keyClick(panel.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def test_show_in_file_manager_opens_the_files_folder(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    folders: list[Path] = []
    window.library.reveal = recorder(folders)
    add(qtbot, window, [reports])
    panel = library(window)
    click_row(qtbot, panel, "2023-02-01-herons")
    show = panel.details.buttons[1]
    assert show.text() == "Show in File Manager"
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert folders == [reports]


def test_a_file_that_is_gone_gets_one_sentence(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    folders: list[Path] = []
    window.library.reveal = recorder(folders)
    add(qtbot, window, [reports])
    (reports / "voles.md").unlink()
    panel = library(window)
    click_row(qtbot, panel, "voles")
    qtbot.mouseClick(panel.details.buttons[1], Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert message == (
        f"The file of “Voles” is no longer at {reports / 'voles.md'}; the library keeps a "
        "copy of its text, so the report still reads."
    )
    assert folders == []
    settle_listing(window)  # and the row now shows the file as gone
    assert "its file is gone" in panel.details.facts.text()
    assert cell(panel, "voles", FILE) == "voles.md"


def test_the_right_click_menu_offers_the_actions(
    qtbot: QtBot, window: MainWindow, reports: Path
) -> None:
    add(qtbot, window, [reports])
    panel = library(window)
    click_row(qtbot, panel, "otters")
    seen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        action = next(a for a in menu.actions() if a.text() == "Open Outline")
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    rect = panel.table.visualRect(panel.proxy.index(ids(panel).index("otters"), TITLE))
    QTimer.singleShot(0, choose)
    handle = window.windowHandle()  # through the window, as a real click comes: the
    where = panel.table.viewport().mapTo(window, rect.center())  # press opens the menu
    with qtbot.waitSignal(panel.outline_requested, timeout=5000) as asked:
        QTest.mouseClick(handle, Qt.MouseButton.RightButton, pos=where)
    assert seen == ["Open Outline", "Show in File Manager", "Remove from Library…"]
    assert asked.args == ["otters"]


def test_a_date_set_for_a_report_shows_in_the_library(
    qtbot: QtBot, window: MainWindow, reports: Path, dialogs: FakeDialogs
) -> None:
    add(qtbot, window, [reports])
    panel = library(window)
    with opened(qtbot, window, "voles#1"):
        window.navigator.open_section("voles#1")
    dialogs.texts = ["2022-06"]
    with qtbot.waitSignal(window.changed, timeout=10_000):
        window.actions_by_name["set_date"].trigger()
    settle(qtbot, window)
    assert cell(panel, "voles", DATE) == "2022-06-01"
    click_row(qtbot, panel, "voles")
    assert panel.details.facts.text().startswith("2022-06-01, set by you")
