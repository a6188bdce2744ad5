"""Each report's share of the graph is worked out once (issue 25, item 3): a library that
gains a report builds its graph without parsing the others again, and the graph is the one
a build from nothing makes, whether the shares were worked out in this process or a pool."""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from explorer.core.errors import Cancelled
from explorer.core.graph.parts import pool
from explorer.core.graph.store import _lines
from explorer.core.reports import Report
from explorer.core.workspace import Workspace
from tests.conftest import corpus

POSTS = 14


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Milvus posts that end with the blog's call to action (boilerplate across them)."""
    folder = tmp_path_factory.mktemp("posts")
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))
    chosen = [p for p in docs if "want a deep dive" in p.read_text(encoding="utf-8")][:POSTS]
    for post in chosen:
        shutil.copy(post, folder / post.name)
    return folder


def library(data: Path, posts: Path, leave_out: int = 0) -> Workspace:
    """A library of the posts (but the last ``leave_out``)."""
    files = sorted(posts.iterdir())
    ws = Workspace(data)
    ws.add(files[: len(files) - leave_out])
    return ws


def drawn(graph: nx.Graph) -> bytes:
    """The graph as its cache holds it: every node and link, in order, with their data."""
    return b"".join(_lines(graph))


def from_nothing(data: Path, into: Path) -> bytes:
    """The graph of a copy of the data folder, every derived file of the graph left out."""
    shutil.copytree(data, into)
    for derived in ("graph", "parts", "map", "mentioned", "curation"):
        shutil.rmtree(into / "cache" / derived, ignore_errors=True)
    return drawn(Workspace(into).graph().graph)


def parses(ws: Workspace) -> list[str]:
    """The reports the graph build of ``ws`` parses from here on, in order."""
    parsed: list[str] = []
    service = ws.graphs
    report: Callable[[str], Report] = service._report

    def counted(report_id: str) -> Report:
        parsed.append(report_id)
        return report(report_id)

    service._report = counted
    return parsed


def shares(data: Path) -> dict[str, int]:
    """The shares kept, by file name, and when each was written."""
    return {p.name: p.stat().st_mtime_ns for p in (data / "cache" / "parts").iterdir()}


def test_adding_a_report_builds_the_graph_from_the_others_shares(
    posts: Path, data_dir: Path, tmp_path: Path
) -> None:
    library(data_dir, posts, leave_out=1).graph()
    before = shares(data_dir)
    assert len(before) == 2 * (POSTS - 1)  # each report's outline and mentions, its shingles

    ws = Workspace(data_dir)  # as the next time the app opens
    added = ws.add([sorted(posts.iterdir())[-1]]).value.added[0]
    parsed = parses(ws)
    graph = ws.graph().graph

    assert parsed == [added.id]  # the others were not parsed again
    after = shares(data_dir)
    assert {n: t for n, t in after.items() if n in before} == before  # nor worked out again
    assert len(after) == 2 * POSTS
    assert f"report:{added.id}" in graph
    assert drawn(graph) == from_nothing(data_dir, tmp_path / "scratch")


def test_a_big_add_works_out_the_shares_while_it_indexes(
    posts: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "POOL_FROM", 2)  # these posts count as many
    ws = library(data_dir, posts)
    assert multiprocessing.active_children() == []  # the add left no process behind
    assert len(shares(data_dir)) == 2 * POSTS
    parsed = parses(ws)
    graph = ws.graph().graph

    assert parsed == []  # the first build read no report
    assert drawn(graph) == from_nothing(data_dir, tmp_path / "scratch")


def test_a_report_without_its_share_is_parsed_alone(
    posts: Path, data_dir: Path, tmp_path: Path
) -> None:
    ws = library(data_dir, posts)
    whole = drawn(ws.graph().graph)
    lost = sorted(shares(data_dir))[0]
    (data_dir / "cache" / "parts" / lost).unlink()  # one file of one share (the other stays)
    shutil.rmtree(data_dir / "cache" / "graph")

    ws = Workspace(data_dir)
    parsed = parses(ws)
    assert drawn(ws.graph().graph) == whole
    assert len(parsed) == 1  # that report, and no other
    assert whole == from_nothing(data_dir, tmp_path / "scratch")


def test_the_shares_of_a_removed_report_go_with_it(posts: Path, data_dir: Path) -> None:
    ws = library(data_dir, posts)
    ws.graph()
    gone = sorted(e.id for e in ws.library.entries)[0]
    ws.remove(gone)
    graph = ws.graph().graph

    assert f"report:{gone}" not in graph
    assert len(shares(data_dir)) == 2 * (POSTS - 1)


def test_a_damaged_share_is_worked_out_again(posts: Path, data_dir: Path, tmp_path: Path) -> None:
    ws = library(data_dir, posts)
    whole = drawn(ws.graph().graph)
    kept = sorted((data_dir / "cache" / "parts").iterdir())
    kept[0].write_bytes(b'{"version": 1, "id"')  # cut short
    kept[1].write_bytes(b"\x00" * 7)
    shutil.rmtree(data_dir / "cache" / "graph")

    assert drawn(Workspace(data_dir).graph().graph) == whole
    assert whole == from_nothing(data_dir, tmp_path / "scratch")


def test_the_pool_builds_the_graph_this_process_builds(
    posts: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = drawn(library(data_dir, posts).graph().graph)  # a few: worked out here
    monkeypatch.setattr(pool, "POOL_FROM", 2)
    ws = library(tmp_path / "pooled", posts)
    shutil.rmtree(tmp_path / "pooled" / "cache" / "parts")  # worked out as they were added
    parsed = parses(ws)
    pooled = ws.graph().graph

    assert parsed == []  # every share was worked out in the pool's processes
    assert multiprocessing.active_children() == []  # which are gone
    assert len(shares(tmp_path / "pooled")) == 2 * POSTS
    assert drawn(pooled) == here


def test_a_cancelled_add_leaves_no_process_and_the_graph_whole(
    posts: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "POOL_FROM", 2)
    ws = Workspace(data_dir)
    children: list[multiprocessing.process.BaseProcess] = []

    def cancelled() -> bool:  # true once the processes working out the shares run
        children.extend(multiprocessing.active_children())
        return bool(children)

    with pytest.raises(Cancelled):
        ws.add(sorted(posts.iterdir()), cancelled=cancelled)

    assert children
    assert all(not child.is_alive() for child in children)
    assert multiprocessing.active_children() == []
    graph = Workspace(data_dir).graph().graph
    assert graph.number_of_nodes() > 0
    stopped = [p.name for p in (data_dir / "cache" / "parts").iterdir() if p.suffix == ".tmp"]
    assert stopped == []  # a share whose write was stopped is gone
    assert drawn(graph) == from_nothing(data_dir, tmp_path / "scratch")
