"""The cyclic garbage collector never walks the whole heap while a big library is made.

A full collection holds the interpreter, so the window freezes for as long as it takes:
adding a report of 100,000 headings set off thirteen of them (up to 0.57 s each), and the
end of a graph build one more of the young objects it had made (0.43 s). These tests watch
the collector (gc.callbacks) while the work runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from explorer.core.workspace import Workspace


@contextmanager
def collections() -> Iterator[list[int]]:
    """The generations of the collections that ran inside the block."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)


def headings(folder: Path, count: int) -> Path:
    path = folder / "headings.md"
    path.write_text(
        "".join(
            f"{'#' * (2 + i % 3)} Heading {i}\n\nWords about vectors {i}.\n\n" for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def test_adding_a_report_of_many_headings_sets_off_no_full_collection(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "data")
    report = headings(tmp_path, 30_000)
    with collections() as seen:
        summary = ws.add([report]).value
    assert len(summary.added) == 1
    assert 2 not in seen, f"{seen.count(2)} full collections during the add"


def test_a_graph_built_sets_off_no_collection_as_it_is_kept(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "data")
    ws.add([headings(tmp_path, 3_000)])
    with collections() as seen:
        graph = ws.graph()
    assert graph.graph.number_of_nodes() > 100
    assert seen == [], f"collections of generations {seen} while the graph was kept"
