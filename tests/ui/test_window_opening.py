"""The window shows before its library is opened, then fills in: what the user does in the
meantime (a search typed, reports opened) is done once the library is open; a library that
cannot be opened is said in one sentence, and the window stays."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from explorer.core.workspace import Workspace
from explorer.ui.app import open_window
from explorer.ui.main_window import OPENING, MainWindow
from explorer.ui.search.rows import HIT_ROLE
from tests.ui.conftest import FakeDialogs


@dataclass
class Opening:
    """A window whose library opens only when the test lets it."""

    window: MainWindow
    release: threading.Event
    threads: list[threading.Thread] = field(default_factory=list)


@pytest.fixture
def opening(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, dialogs: FakeDialogs
) -> Iterator[Opening]:
    release = threading.Event()
    threads: list[threading.Thread] = []

    def open_when_released() -> Workspace:
        threads.append(threading.current_thread())
        release.wait(60)
        return Workspace(data_dir)

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(open_when_released, dialogs=dialogs, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)  # painted: it is opening
    yield Opening(window, release, threads)
    release.set()
    window.runner.wait(30_000)


def test_the_window_shows_at_once_and_fills_in_when_the_library_is_open(
    qtbot: QtBot, opening: Opening
) -> None:
    window = opening.window
    assert window.isVisible()
    assert window.statusBar().currentMessage() == OPENING
    assert [window.left_tabs.tabText(i) for i in range(window.left_tabs.count())] == [
        "Search",
        "Notes",
        "Library",
        "Tours",
    ]
    assert window.graph_view.visible_nodes() == set()
    assert window.counts.text() == ""
    assert opening.threads[0] is not threading.main_thread()  # opened off the GUI thread

    opening.release.set()
    qtbot.waitUntil(lambda: window.navigator.concept_graph is not None, timeout=30_000)
    assert window.graph_view.visible_nodes()
    qtbot.waitUntil(lambda: "1 report · 10 passages" in window.counts.text(), timeout=10_000)
    assert window.statusBar().currentMessage() != OPENING


def test_a_search_typed_while_the_library_opens_is_answered_once_it_is_open(
    qtbot: QtBot, opening: Opening
) -> None:
    window = opening.window
    panel = window.search_panel
    with qtbot.waitSignal(panel.query_committed):
        qtbot.keyClicks(panel.box, "LoRA")
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 0  # asked for, not answered: the library is not open

    opening.release.set()  # (a first folder's index is made then: the search runs again)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=30_000)
    [hit] = [panel.model.index(row).data(HIT_ROLE) for row in range(panel.model.rowCount())]
    assert hit.section == "2. Improved Efficiency and Scaling"


def test_reports_opened_while_the_library_opens_are_added_once_it_is_open(
    qtbot: QtBot, opening: Opening, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    report = tmp_path / "otters.md"
    report.write_text("# Otters\n\nOtters juggle pebbles in the river.\n", encoding="utf-8")
    dialogs.files = [report]
    window = opening.window
    window.actions_by_name["open"].trigger()
    with qtbot.waitSignal(
        window.changed, timeout=60_000, check_params_cb=lambda changes: changes.library_changed
    ):
        opening.release.set()
    qtbot.waitUntil(
        lambda: [row.entry.title for row in window.library.panel.rows()] == ["Otters"],
        timeout=30_000,
    )  # the sample report gives way to the user's first


def test_a_library_that_cannot_be_opened_is_said_and_the_window_stays(
    qtbot: QtBot, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(not_a_folder, settings=settings, dialogs=dialogs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=30_000)
    [(title, text, _details)] = dialogs.errors
    assert title == "The library could not be opened"
    assert str(not_a_folder) in text and "cannot be created" in text
    assert window.isVisible() and window.statusBar().currentMessage() == text
    qtbot.keyClicks(window.search_panel.box, "otters")  # typing does not fail nor hang
    window.runner.wait(10_000)
