"""One Workspace, three threads: a reader, a writer and a builder at the same time (the
window's lanes). Reads answer from the index as it stood and never wait for a write or a
graph build; an add can be cancelled, and leaves the library whole.

Threads are sequenced with events (a progress or cancel callback pauses the writer until
the reader has its answer); nothing here sleeps or measures time."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.changes import Changes, Done
from explorer.core.collect import AddSummary
from explorer.core.errors import Cancelled
from explorer.core.notes import ReportTarget
from explorer.core.parsed import CACHED_REPORTS
from explorer.core.search import SearchResult
from explorer.core.workspace import Workspace
from tests.conftest import corpus

SEED_ID = "ai-llm-advancements-2024"
WAIT = 300.0
"""A bound on every wait for the other thread, so that a failure ends instead of hanging."""


class Adder(threading.Thread):
    """Workspace.add in a thread of its own; its result or its error kept for the test."""

    def __init__(self, ws: Workspace, paths: list[Path], **options: Any) -> None:
        super().__init__(daemon=True)
        self.ws, self.paths, self.options = ws, paths, options
        self.done: Done[AddSummary] | None = None
        self.error: BaseException | None = None
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            self.done = self.ws.add(self.paths, **self.options)
        except BaseException as exc:  # the test reads it
            self.error = exc
        finally:
            self.finished.set()

    def result(self) -> Done[AddSummary]:
        self.join(WAIT)
        assert not self.is_alive(), "the add never finished"
        if self.error is not None:
            raise self.error
        assert self.done is not None
        return self.done


class Pause:
    """A point where the writer waits until the reader says it has its answer."""

    def __init__(self) -> None:
        self.reached, self.answered = threading.Event(), threading.Event()
        self.waited_for_reader: bool | None = None

    def hold(self) -> None:
        """In the writer: tell the reader, and wait for its answer."""
        if not self.reached.is_set():
            self.reached.set()
            self.waited_for_reader = self.answered.wait(WAIT)

    def read(self, work: Callable[[], SearchResult]) -> SearchResult:
        """In the reader: wait for the writer to pause here, do the work, let it go on."""
        assert self.reached.wait(WAIT), "the writer never got here"
        try:
            return work()
        finally:
            self.answered.set()


@pytest.fixture(autouse=True)
def no_children_left() -> Iterator[None]:
    yield
    assert multiprocessing.active_children() == [], "an index child was left running"


def test_a_search_during_an_add_answers_from_the_index_as_it_stood(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    lora, milvus = ws.search("LoRA"), ws.search("milvus")
    reading, indexing = Pause(), Pause()
    all_read = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        if done == total // 2:  # half the files read into the library, none committed
            reading.hold()
        if done == total:
            all_read.set()

    def cancelled() -> bool:  # asked while the index child writes: here only to pause
        if all_read.is_set() and multiprocessing.active_children():
            indexing.hold()
        return False

    adder = Adder(ws, [corpus("milvus-blog-en")], progress=progress, cancelled=cancelled)
    adder.start()
    while_reading = reading.read(lambda: ws.search("milvus"))
    assert ws.search("LoRA").total == lora.total
    while_indexing = indexing.read(lambda: ws.search("milvus"))
    added = adder.result()

    assert reading.waited_for_reader and indexing.waited_for_reader, (
        "each search returned while the add was still under way"
    )
    assert while_reading.total == while_indexing.total == milvus.total
    assert len(added.value.added) == 296
    after = ws.search("milvus")
    assert after.total > milvus.total, "once the add is done, search finds what it added"


def test_a_search_before_the_first_index_is_made_finds_nothing_and_does_not_wait(
    data_dir: Path,
) -> None:
    ws = Workspace(data_dir)  # a new folder: its report is listed, nothing is indexed yet
    reading = Pause()

    def progress(done: int, total: int, what: str) -> None:
        if done == 2:
            reading.hold()

    files = sorted(corpus("milvus-blog-en").glob("*.md"))[:4]
    adder = Adder(ws, files, progress=progress)
    adder.start()
    found = reading.read(lambda: ws.search("Milvus"))
    adder.result()
    assert reading.waited_for_reader, "the search returned while the add was under way"
    assert found.total == 0 and found.hits == ()
    assert ws.search("Milvus").total > 0, "once the add is done, the index holds the library"


def test_two_threads_reading_reports_during_an_add_keep_the_cache_whole(
    data_dir: Path,
) -> None:
    files = sorted(corpus("milvus-blog-en").glob("*.md"))
    ws = Workspace(data_dir)
    ws.add(files[: CACHED_REPORTS + 8])  # more than the cache holds: readers evict
    ids = [e.id for e in ws.reports()]
    add_done = threading.Event()
    rounds = [threading.Event(), threading.Event()]
    errors: list[BaseException] = []

    def read(done_a_round: threading.Event, order: list[str]) -> None:
        try:
            while not add_done.is_set():
                for report_id in order:
                    report = ws.report(report_id)
                    assert report.id == report_id
                    assert ws.section(f"{report_id}#1")[0].id == report_id
                done_a_round.set()
        except BaseException as exc:  # the test reads it
            errors.append(exc)
            done_a_round.set()

    readers = [
        threading.Thread(target=read, args=(rounds[0], ids), daemon=True),
        threading.Thread(target=read, args=(rounds[1], ids[::-1]), daemon=True),
    ]
    for reader in readers:
        reader.start()

    def progress(done: int, total: int, what: str) -> None:
        if done == 1:  # the readers have been at it a full round before the add goes on
            assert all(r.wait(WAIT) for r in rounds)

    try:
        summary = ws.add(files, progress=progress).value
    finally:
        add_done.set()
        for reader in readers:
            reader.join(WAIT)
    assert errors == []
    assert len(summary.added) == len(files) - CACHED_REPORTS - 8
    assert ws.report(ids[0]).id == ids[0]
    kept = ws.parsed.kept()
    assert len(kept) == len(set(kept)) <= CACHED_REPORTS, "each report kept once, no more"


def test_cancelling_between_files_keeps_the_files_read_and_nothing_else(
    data_dir: Path, tmp_path: Path
) -> None:
    ws = Workspace(data_dir)
    note = ws.notes().add(ReportTarget(report=SEED_ID), body="kept as it was").value
    files = []
    for n in range(10):
        path = tmp_path / f"doc{n}.md"
        path.write_text(f"# Document {n}\n\nThe word marker{n} is only here.\n")
        files.append(path)
    asked = 0

    def cancelled() -> bool:  # asked before each file: true before the fifth
        nonlocal asked
        asked += 1
        return asked > 4

    with pytest.raises(Cancelled, match="cancelled after 4 of 10 files") as raised:
        ws.add(files, cancelled=cancelled)
    kept = {"doc0", "doc1", "doc2", "doc3"}
    assert raised.value.changes == Changes(reports=frozenset(kept))
    assert {e.id for e in Workspace(data_dir).reports()} == {SEED_ID, *kept}
    assert ws.search("marker2").total == 1, "a search after the cancel indexes what was kept"
    assert ws.search("marker7").total == 0
    assert ws.manifest.indexed().keys() == {SEED_ID, *kept}
    assert Workspace(data_dir).notes().get(note.id) == note, "the notes are unharmed"
    assert len(ws.add(files).value.added) == 6, "the rest can be added later"


def test_cancelling_while_this_process_indexes_commits_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    ws = Workspace(data_dir)
    ws.ensure_index()
    files = []
    for n in range(3):
        path = tmp_path / f"doc{n}.md"
        path.write_text(f"# Document {n}\n\nThe word marker{n} is only here.\n")
        files.append(path)
    asked = 0

    def cancelled() -> bool:  # asked before each file, then as each report is indexed
        nonlocal asked
        asked += 1
        return asked > len(files) + 1

    with pytest.raises(Cancelled, match="while the 3 files read were being indexed") as caught:
        ws.add(files, cancelled=cancelled)
    assert str(caught.value).endswith("The sample report left the library.")  # kept: they came
    assert ws.manifest.is_usable() and ws.manifest.indexed().keys() == {SEED_ID}
    assert {e.id for e in Workspace(data_dir).reports()} == {"doc0", "doc1", "doc2"}
    assert ws.search("marker1").total == 1, "the next search indexes them"


def test_cancelling_while_the_index_child_writes_stops_it_and_keeps_the_index_whole(
    data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    ws = Workspace(data_dir)
    note = ws.notes().add(ReportTarget(report=SEED_ID), body="kept as it was").value
    ws.ensure_index()
    before = ws.index.doc_count()
    capfd.readouterr()
    children: list[multiprocessing.process.BaseProcess] = []
    all_read = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        if done == total:
            all_read.set()

    def cancelled() -> bool:  # true once every file is read, the child writing the index
        if all_read.is_set():
            children.extend(multiprocessing.active_children())
        return bool(children)

    with pytest.raises(Cancelled, match="while the 296 files read were being indexed"):
        ws.add([corpus("milvus-blog-en")], progress=progress, cancelled=cancelled)

    assert children, "the add was cancelled while the child was writing the index"
    assert all(not child.is_alive() and child.exitcode is not None for child in children)
    assert ws.index.doc_count() == before, "the add stopped before anything was indexed"
    assert ws.manifest.is_usable(), "what the child left half-made is gone"
    assert ws.manifest.indexed().keys() == {SEED_ID}, "the manifest claims no more than it holds"
    assert len(Workspace(data_dir).reports()) == 297, "the reports read were kept"
    assert capfd.readouterr().err == "", "nothing was printed"
    assert ws.search("milvus").total > 0, "the next search indexes them"
    assert Workspace(data_dir).notes().get(note.id) == note


def test_cancelling_while_files_are_read_and_indexed_keeps_those_read_and_stops_the_child(
    data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The index child writes the first reports while the next files are read: a cancel
    then keeps the files read, stops the child, and leaves the index as it was."""
    ws = Workspace(data_dir)
    ws.ensure_index()
    before = ws.index.doc_count()
    capfd.readouterr()
    children: list[multiprocessing.process.BaseProcess] = []
    read = 0

    def progress(done: int, total: int, what: str) -> None:
        nonlocal read
        read = done - 1  # files read before this one

    def cancelled() -> bool:  # true once the child that writes the index is running
        children.extend(multiprocessing.active_children())
        return bool(children)

    with pytest.raises(Cancelled, match=r"cancelled after \d+ of 296 files") as caught:
        ws.add([corpus("milvus-blog-en")], progress=progress, cancelled=cancelled)

    assert children, "the add was cancelled while the child was writing the index"
    assert 0 < read < 296, "it was cancelled while the files were being read"
    assert f"after {read + 1} of 296" in str(caught.value)
    assert all(not child.is_alive() and child.exitcode is not None for child in children)
    assert multiprocessing.active_children() == []
    assert ws.index.doc_count() == before, "nothing the child wrote was committed"
    assert ws.manifest.is_usable() and ws.manifest.indexed().keys() == {SEED_ID}
    assert len(Workspace(data_dir).reports()) == read + 1, "the files read were kept"
    assert capfd.readouterr().err == "", "nothing was printed"
    assert ws.search("milvus").total > 0, "the next search indexes them"


def test_reads_answer_while_the_graph_is_being_built(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.ensure_index()
    graphs = ws.graphs
    assert graphs.ready() is None
    assert graphs.concepts_in([f"{SEED_ID}#2.1"], wait=False) is None
    building = Pause()
    report = graphs._report

    def slow_report(report_id: str) -> Any:  # the builder reads each report: pause there
        building.hold()
        return report(report_id)

    graphs._report = slow_report
    builder = threading.Thread(target=ws.graph, daemon=True)
    builder.start()

    def read_while_building() -> SearchResult:
        assert graphs.ready() is None and graphs.concepts_in(["x#1.1"], wait=False) is None
        assert ws.section(f"{SEED_ID}#2")[1].title
        return ws.search("LoRA")

    assert building.read(read_while_building).total > 0
    builder.join(WAIT)
    assert building.waited_for_reader, "the reads were answered while the build was paused"
    built = graphs.ready()
    assert built is not None and built is ws.graph()
    found = graphs.concepts_in([f"{SEED_ID}#2.1", f"{SEED_ID}#2.2"], wait=False)
    assert found is not None and found == graphs.concepts_in([f"{SEED_ID}#2.1", f"{SEED_ID}#2.2"])


def test_cancelling_while_a_pdf_is_read_stops_its_reader_and_keeps_the_files_before(
    data_dir: Path, tmp_path: Path
) -> None:
    ws = Workspace(data_dir)
    first = tmp_path / "first.md"
    first.write_text("# First\n\nThe word marker0 is only here.\n")
    readers: list[int | None] = []

    def cancelled() -> bool:  # true once the child that reads the PDF is running
        readers.extend(child.pid for child in multiprocessing.active_children())
        return bool(readers)

    with pytest.raises(Cancelled, match="cancelled after 1 of 2 files"):
        ws.add([first, corpus("docs-mix") / "libtasn1.pdf"], cancelled=cancelled)
    assert readers, "the add was cancelled while the PDF was being read"
    assert not multiprocessing.active_children()
    for pid in readers:
        assert pid is not None
        with pytest.raises(ProcessLookupError):  # killed and reaped: no such process
            os.kill(pid, 0)
    assert {e.id for e in Workspace(data_dir).reports()} == {"first"}
    assert len(ws.add([corpus("docs-mix") / "libtasn1.pdf"]).value.added) == 1, "added later"
