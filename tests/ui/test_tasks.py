"""The one task runner: one worker thread, and the latest search wins."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from explorer.core.workspace import Workspace
from explorer.ui.tasks import TaskRunner


def test_only_the_latest_search_runs_and_is_answered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    ran: list[str] = []
    answered: list[str] = []
    threads: set[int] = set()

    def slow(_task: object) -> str:
        release.wait(30)
        threads.add(threading.get_ident())
        return "add"

    runner.start(slow, answered.append, answered.append)
    for query in ("v", "ve", "vector"):

        def search(_task: object, q: str = query) -> str:
            ran.append(q)
            threads.add(threading.get_ident())
            return q

        runner.start(search, answered.append, answered.append, key="search")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    assert ran == ["vector"] and answered == ["add", "vector"]
    assert len(threads) == 1 and threading.main_thread().ident not in threads


def test_searches_against_an_add_see_the_library_before_or_after_it(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    """Searches queued behind an add on the one worker: each sees a whole library."""
    ws = Workspace(data_dir)
    folder = tmp_path / "otters"
    folder.mkdir()
    for n in range(12):
        (folder / f"otter-{n}.md").write_text(f"# Otters {n}\n\nOtters juggle pebbles {n}.\n")
    runner = TaskRunner()
    totals: list[int] = []
    runner.start(lambda _t: ws.search("otters").total, totals.append, print)
    runner.start(lambda _t: ws.add([folder]), lambda _s: None, print)
    for _ in range(3):
        runner.start(lambda _t: ws.search("otters").total, totals.append, print)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=60_000)
    assert totals == [0, 12, 12, 12]


def test_answers_that_arrive_after_the_window_closed_are_dropped(qtbot: QtBot) -> None:
    """A task's answer queued for widgets that were deleted with their window."""
    from PySide6.QtCore import QCoreApplication

    runner = TaskRunner()
    seen: list[object] = []
    runner.start(lambda _task: 42, seen.append, seen.append)
    runner.wait()
    runner.close()  # the answer is still queued for the GUI thread
    QCoreApplication.processEvents()  # delivers what was queued
    assert seen == []
    done: list[object] = []
    runner.start(lambda _task: done.append("ran"), seen.append, seen.append)
    runner.wait()
    assert done == ["ran"]  # the work itself still runs (a save must not be lost)
