"""The one task runner: it holds the Workspace; reads, writes and builds run on three lanes;
the latest search wins; operations announce their changes with their initiator."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from pytestqt.qtbot import QtBot

from explorer.core.changes import Changes, Done
from explorer.core.workspace import Workspace
from explorer.ui.tasks import Task, TaskRunner


def test_only_the_latest_search_runs_and_is_answered(qtbot: QtBot, data_dir: Path) -> None:
    runner = TaskRunner(Workspace(data_dir))
    release = threading.Event()
    ran: list[str] = []
    answered: list[str] = []
    threads: set[int] = set()

    def slow(_ws: Workspace, _task: Task) -> str:
        release.wait(30)
        threads.add(threading.get_ident())
        return "first"

    runner.read(slow, answered.append, answered.append)
    for query in ("v", "ve", "vector"):

        def search(_ws: Workspace, _task: Task, q: str = query) -> str:
            ran.append(q)
            threads.add(threading.get_ident())
            return q

        runner.read(search, answered.append, answered.append, key="search")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    assert ran == ["vector"] and answered == ["first", "vector"]
    assert len(threads) == 1 and threading.main_thread().ident not in threads


def test_a_search_is_answered_while_an_add_is_still_running(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    """The read lane never waits behind the write lane: the search answers from the index as
    it stood, while the add is held half-way; after the add, the new reports are found."""
    folder = tmp_path / "otters"
    folder.mkdir()
    for n in range(12):
        (folder / f"otter-{n}.md").write_text(f"# Otters {n}\n\nOtters juggle pebbles {n}.\n")
    runner = TaskRunner(Workspace(data_dir))
    halfway, finish = threading.Event(), threading.Event()

    def held(done: int, total: int, what: str) -> None:
        if done == 6:
            halfway.set()
            finish.wait(60)

    added: list[object] = []
    runner.op(lambda ws, _task: ws.add([folder], progress=held), added.append)
    qtbot.waitUntil(halfway.is_set, timeout=60_000)
    totals: list[int] = []
    runner.read(lambda ws, _task: ws.search("otters").total, totals.append)
    qtbot.waitUntil(lambda: bool(totals), timeout=30_000)
    assert totals == [0] and not added  # answered while the add waits half-way
    finish.set()
    qtbot.waitUntil(lambda: bool(added), timeout=60_000)
    runner.read(lambda ws, _task: ws.search("otters").total, totals.append)
    qtbot.waitUntil(lambda: len(totals) == 2, timeout=30_000)
    assert totals == [0, 12]


def test_an_operation_announces_its_changes_with_its_initiator(
    qtbot: QtBot, data_dir: Path
) -> None:
    """The Changes come from the core operation; the runner only passes them on, once."""
    runner = TaskRunner(Workspace(data_dir))
    heard: list[tuple[Changes, object]] = []
    runner.changed.connect(lambda changes, who: heard.append((changes, who)))
    me = object()
    report = "ai-llm-advancements-2024"
    with qtbot.waitSignal(runner.changed, timeout=10_000):
        runner.op(lambda ws, _task: ws.set_date(report, "2023-05"), None, initiator=me)
    [(changes, who)] = heard
    assert who is me and changes.dates == {report} and not changes.text_changed


def test_a_stale_operation_still_announces_what_it_changed(qtbot: QtBot, data_dir: Path) -> None:
    runner = TaskRunner(Workspace(data_dir))
    heard: list[Changes] = []
    answered: list[str] = []
    runner.changed.connect(lambda changes, _who: heard.append(changes))

    def renamed(name: str) -> Done[str]:  # as TourStore.rename answers, without a store
        return Done(name, Changes(tours=frozenset({name})))

    for name in ("a", "b"):
        runner.op(partial(lambda n, _ws, _task: renamed(n), name), answered.append, key="rename")
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    assert answered == ["b"]  # the newest wins what is shown
    assert [sorted(c.tours) for c in heard] == [["a"], ["b"]]  # both were made


def test_closing_cancels_long_work_but_still_saves_what_was_typed(
    qtbot: QtBot, data_dir: Path
) -> None:
    runner = TaskRunner(Workspace(data_dir))
    started = threading.Event()
    seen: list[object] = []

    def long_add(_ws: Workspace, task: Task) -> Done[str]:
        started.set()
        while not task.cancelled:
            threading.Event().wait(0.01)
        return Done("cancelled")

    saved: list[str] = []
    runner.op(long_add, seen.append, seen.append, must_run=False)

    def save(_ws: Workspace, _task: Task) -> Done[str]:
        saved.append("typed")
        return Done("saved")

    runner.op(save, seen.append)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert runner.close(10_000)  # the add stops, the save behind it runs
    assert saved == ["typed"]
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()  # answers queued for a closed window are dropped
    assert seen == []
