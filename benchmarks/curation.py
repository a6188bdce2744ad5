"""The user's concept edits on milvus-blog-en, with the library's graph cached: how long from
a hide or a merge until the graph as edited and the timeline are ready (what the graph view,
the map and the trends view then draw), against loading the cached graph itself, measured in
the same run. Target: an edit shows within a second.

1. In one process, the graph loaded: hide a concept, merge two, add one (its mentions found
   in every report's text the first time, from the cache after), each until the edited graph
   and the timeline are ready, and the library map too; each edit is undone between runs.
2. In fresh processes: `explorer trends --json` with a hide and a merge in force, against
   the same command with no edits (the cost of applying the edits at start-up).

Prints medians and p95s. Figures, not a test.

    python benchmarks/curation.py [--corpus DIR] [--runs 5] [--data DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"

from common import cli_ms, p95, report_target  # type: ignore[import-not-found]  # noqa: E402

from explorer.core.workspace import Workspace  # noqa: E402


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def load_cached_graph(data: Path) -> float:
    """The peer: a new workspace's graph read from the cache (no edits)."""
    ws = Workspace(data)
    return timed(lambda: ws.graphs.base())


def edit_then_ready(ws: Workspace, edit: Callable[[], object], with_map: bool) -> float:
    """An edit, until the edited graph and its timeline (and the map) are ready."""

    def run() -> None:
        edit()
        ws.graph()
        ws.timeline()
        if with_map:
            ws.graphs.concept_map(100)

    ms = timed(run)
    ws.concept_edits().undo()
    ws.graph()
    return ms


def show(name: str, values: list[float], note: str = "") -> None:
    print(
        f"{name:<44} median {statistics.median(values):7.1f} ms  p95 {p95(values):7.1f} ms"
        + (f"   {note}" if note else "")
    )


def in_process(data: Path, runs: int) -> dict[str, list[float]]:
    """Each run edits other concepts (of the 40 most mentioned), so that no graph or map
    made for an earlier run is found again."""
    shutil.rmtree(data / "cache" / "curation", ignore_errors=True)  # the first add reads
    ws = Workspace(data)
    ws.graph()
    ws.timeline()
    ws.graphs.concept_map(100)
    edits = ws.concept_edits()
    heavy = [r.label for r in edits.concepts()[:40]]
    figures: dict[str, list[float]] = {
        "load the cached graph (peer)": [load_cached_graph(data) for _ in range(runs)],
        "hide → graph + timeline": [],
        "hide → graph + timeline + map": [],
        "merge → graph + timeline": [],
        "merge → graph + timeline + map": [],
        "add → graph + timeline (found in the cache)": [],
    }
    first_add = edit_then_ready(ws, lambda: edits.add("segment files", "theme"), False)
    names = iter(heavy)
    for _ in range(runs):
        for with_map in (False, True):
            tail = " + map" if with_map else ""
            hidden = next(names)
            figures[f"hide → graph + timeline{tail}"].append(
                edit_then_ready(ws, partial(edits.hide, [hidden]), with_map)
            )
            source, into = next(names), next(names)
            figures[f"merge → graph + timeline{tail}"].append(
                edit_then_ready(ws, partial(edits.merge, [source], into=into), with_map)
            )
        figures["add → graph + timeline (found in the cache)"].append(
            edit_then_ready(ws, lambda: edits.add("segment files", "theme"), False)
        )
    figures["add → graph + timeline (first: reads every report)"] = [first_add]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5, help="at most 6")
    parser.add_argument("--data", type=Path, help="a data folder with the corpus added already")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explorer-curation-") as tmp:
        data = args.data or Path(tmp) / "data"
        if args.data is None:
            cli_ms(data, "add", str(args.corpus))
        cli_ms(data, "graph", "-o", str(Path(tmp) / "g.json"))  # builds and caches the graph
        figures = in_process(data, min(args.runs, 6))
        plain = [cli_ms(data, "trends", "--json") for _ in range(args.runs)]
        cli_ms(data, "concepts", "hide", "Milvus")
        cli_ms(data, "concepts", "merge", "load balance", "--into", "load balancing")
        edited = [cli_ms(data, "trends", "--json") for _ in range(args.runs)]
        cli_ms(data, "concepts", "undo")
        cli_ms(data, "concepts", "undo")
    for name, values in figures.items():
        show(name, values)
    show("explorer trends --json, no edits (peer)", plain)
    show("explorer trends --json, a hide and a merge", edited)
    peer = statistics.median(figures["load the cached graph (peer)"])
    for name in ("hide → graph + timeline + map", "merge → graph + timeline + map"):
        value = statistics.median(figures[name])
        print(f"  {name} ÷ loading the cached graph: {value / peer:.2f} ×")
        report_target(f"{name}, median", value, "ms", 1000.0, peer=f"cached graph {peer:.0f} ms")


if __name__ == "__main__":
    main()
