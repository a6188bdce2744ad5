"""Concept-graph benchmark: pipeline stage timings, the layout against networkx, caching.

Run with ``.venv/bin/python benchmarks/graph.py``. In one run it measures:

1. for the bundled seed report, the LLM-course report and the Milvus blog (296 posts): parse,
   extract (vocabulary matching + keyphrase discovery), build_graph, add_metrics and
   force_layout times, and the node and edge counts per kind;
2. on a ~1,000-node graph cut from the Milvus graph (top 1,000 nodes by degree, largest
   connected component): ``force_layout`` against ``networkx.spring_layout`` and
   ``networkx.forceatlas2_layout`` (median of 3), determinism, a few layout-quality figures,
   and PNG renderings of each layout in /tmp (``--png-dir``) to look at;
3. ``Workspace.graph()`` cold (first build after adding the Milvus blog to a fresh data folder)
   and warm (a second Workspace on the same folder, loading the cached graph).

Temporary folders are removed; the PNGs are kept.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import numpy as np
from common import report_target  # type: ignore[import-not-found]

from explorer.core.collect import AddSummary, collect_files
from explorer.core.graph.build import build_graph
from explorer.core.graph.concepts import extract, known_names
from explorer.core.graph.discovery import discover
from explorer.core.graph.layout import force_layout
from explorer.core.graph.metrics import EXACT_BETWEENNESS_UP_TO, add_metrics
from explorer.core.graph.vocabulary import Matcher, Taxonomy, load_taxonomy
from explorer.core.reports.ingest import parse_file
from explorer.core.reports.models import Report
from explorer.core.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SEED_REPORT = REPO / "seeds" / "ai-llm-advancements-2024.md"
INPUTS: list[tuple[str, Path]] = [
    ("seed", SEED_REPORT),
    ("llm-course-report", CORPORA / "llm-course-report" / "docs"),
    ("milvus-blog-en", CORPORA / "milvus-blog-en" / "docs"),
]

LAYOUT_NODES = 1000
REPEATS = 3
SEED = 7
SPRING_VS_OURS = 3.6  # target: spring_layout at least this many times slower than ours
PNG_SIZE = 1600

KIND_COLOURS: dict[str, str] = {
    "report": "#d62728",
    "section": "#9e9e9e",
    "keyphrase": "#bcbd22",
    "technique": "#1f77b4",
    "model": "#ff7f0e",
    "organization": "#2ca02c",
    "industry": "#9467bd",
    "theme": "#8c564b",
    "modality": "#e377c2",
}

COMMUNITY_COLOURS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#000000",
]

Positions = Mapping[Hashable, tuple[float, float]]
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def report_files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    return sorted(collect_files([source], AddSummary()))


# ---- 1. the pipeline, stage by stage ------------------------------------------------------


@dataclass
class Stages:
    name: str
    files: int
    passages: int
    parse: float
    extract: float
    matching: float
    discovery: float
    build: float
    metrics: float
    exact_betweenness: bool
    layout: float
    graph: nx.Graph

    @property
    def total(self) -> float:
        return self.parse + self.extract + self.build + self.metrics + self.layout


def parse_all(files: Sequence[Path]) -> list[Report]:
    reports: list[Report] = []
    seen: Counter[str] = Counter()
    for path in files:
        report = parse_file(path)
        seen[report.id] += 1
        if seen[report.id] > 1:  # same file name in two folders: keep ids unique
            report = parse_file(path, f"{report.id}-{seen[report.id]}")
        reports.append(report)
    return reports


def split_extract(
    reports: Sequence[Report], taxonomy: Taxonomy, matcher: Matcher
) -> tuple[float, float]:
    """The two halves of ``extract`` timed apart: vocabulary matching, then discovery."""
    start = time.perf_counter()
    mentions = [m for report in reports for m in matcher.find(report)]
    matching = time.perf_counter() - start
    taken = [(m.passage_id, m.start, m.end) for m in mentions]
    known = known_names(taxonomy)
    start = time.perf_counter()
    discover(reports, taken=taken, known=known)
    discovery = time.perf_counter() - start
    return matching, discovery


def run_pipeline(name: str, source: Path, taxonomy: Taxonomy, matcher: Matcher) -> Stages:
    files = report_files(source)
    reports, parse = timed(lambda: parse_all(files))
    (infos, hits), extract_time = timed(lambda: extract(reports, taxonomy, matcher))
    matching, discovery = split_extract(reports, taxonomy, matcher)
    graph, build = timed(lambda: build_graph(reports, infos, hits))
    _, metrics = timed(lambda: add_metrics(graph))
    positions, layout = timed(lambda: force_layout(graph))
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"], graph.nodes[node]["y"] = x, y
    return Stages(
        name=name,
        files=len(files),
        passages=sum(r.passage_count for r in reports),
        parse=parse,
        extract=extract_time,
        matching=matching,
        discovery=discovery,
        build=build,
        metrics=metrics,
        exact_betweenness=graph.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO,
        layout=layout,
        graph=graph,
    )


def print_stages(s: Stages) -> None:
    g = s.graph
    print(f"\n== {s.name}: {s.files} file(s), {s.passages} passages ==")
    print(f"  parse                 {s.parse * 1000:9.1f} ms")
    print(f"  extract               {s.extract * 1000:9.1f} ms   (extract() as the app calls it)")
    print(f"    matching            {s.matching * 1000:9.1f} ms   (Matcher.find per report)")
    print(f"    discovery           {s.discovery * 1000:9.1f} ms   (discover())")
    print(f"  build_graph           {s.build * 1000:9.1f} ms")
    how = "exact" if s.exact_betweenness else "sampled"
    print(f"  add_metrics           {s.metrics * 1000:9.1f} ms   (betweenness {how})")
    print(f"  force_layout          {s.layout * 1000:9.1f} ms")
    print(f"  total                 {s.total * 1000:9.1f} ms")
    print(f"  nodes {g.number_of_nodes()}, edges {g.number_of_edges()}")
    nodes = Counter(str(d.get("kind")) for _, d in g.nodes(data=True))
    edges = Counter(str(d.get("kind")) for _, _, d in g.edges(data=True))
    print("  nodes by kind: " + ", ".join(f"{k} {v}" for k, v in nodes.most_common()))
    print("  edges by kind: " + ", ".join(f"{k} {v}" for k, v in edges.most_common()))


# ---- 2. the layout against networkx -------------------------------------------------------


def layout_graph(full: nx.Graph, size: int = LAYOUT_NODES) -> nx.Graph:
    """Top ``size`` nodes by degree (ties by id), induced, largest connected component."""
    ranked = sorted(full.degree(), key=lambda item: (-item[1], str(item[0])))
    top = [node for node, _ in ranked[:size]]
    induced = full.subgraph(top)
    largest = max(nx.connected_components(induced), key=lambda c: (len(c), min(map(str, c))))
    graph = nx.Graph(induced.subgraph(largest))
    for _, data in graph.nodes(data=True):
        for key in ("x", "y", "degree", "betweenness", "community"):
            data.pop(key, None)
    add_metrics(graph)  # its own communities, as the app computes before laying out
    return graph


def as_array(graph: nx.Graph, pos: Positions) -> tuple[list[Hashable], np.ndarray]:
    """Positions as an array (same node order for every layout), centred, max |coord| = 1."""
    nodes = sorted(graph.nodes, key=str)
    xy = np.array([[float(pos[n][0]), float(pos[n][1])] for n in nodes])
    xy -= xy.mean(axis=0)
    xy /= float(np.abs(xy).max()) or 1.0
    return nodes, xy


def quality(graph: nx.Graph, pos: Positions) -> dict[str, float]:
    """A few numbers to back up the pictures."""
    nodes, xy = as_array(graph, pos)
    index = {n: i for i, n in enumerate(nodes)}
    radius = np.hypot(xy[:, 0], xy[:, 1])
    rmax = float(radius.max()) or 1.0
    diff = xy[:, None, :] - xy[None, :, :]
    dist = np.hypot(diff[..., 0], diff[..., 1])
    n = len(nodes)
    mean_pair = float(dist.sum() / (n * (n - 1)))
    edges = np.array([(index[a], index[b]) for a, b in graph.edges])
    edge_len = float(dist[edges[:, 0], edges[:, 1]].mean())
    np.fill_diagonal(dist, np.inf)
    nearest = dist.min(axis=1)
    community = np.array([int(graph.nodes[v].get("community", -1)) for v in nodes])
    knn = np.argsort(dist, axis=1)[:, :10]
    same = float((community[knn] == community[:, None]).mean())
    cells = 50
    grid = np.clip(((xy + 1) / 2 * cells).astype(int), 0, cells - 1)
    occupied = len({(int(a), int(b)) for a, b in grid})
    hull_cells = math.pi * (cells / 2) ** 2
    return {
        "rim": float((radius > 0.9 * rmax).mean()),
        "median_r": float(np.median(radius) / rmax),
        "edge/pair": edge_len / mean_pair,
        "knn_same_comm": same,
        "overlap": float((nearest < 0.004).mean()),
        "occupancy": occupied / hull_cells,
    }


def compare_layouts(graph: nx.Graph, png_dir: Path) -> None:
    communities = len({d["community"] for _, d in graph.nodes(data=True)})
    kinds = Counter(str(d.get("kind")) for _, d in graph.nodes(data=True))
    print(
        f"\n== layout comparison: {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges, {communities} Louvain communities =="
    )
    print("  (milvus graph: top 1,000 nodes by degree, induced, largest connected component)")
    print("  nodes by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    layouts: dict[str, Callable[[], Positions]] = {
        "force_layout": lambda: force_layout(graph),
        "spring_layout": lambda: nx.spring_layout(graph, seed=SEED),
    }
    if hasattr(nx, "forceatlas2_layout"):
        layouts["forceatlas2_layout"] = lambda: nx.forceatlas2_layout(graph, seed=SEED)
    else:
        print(f"  forceatlas2_layout: not in networkx {nx.__version__}")
    times: dict[str, list[float]] = {name: [] for name in layouts}
    result: dict[str, Positions] = {}
    for _ in range(REPEATS):  # interleaved rounds, so drift hits every layout alike
        for name, fn in layouts.items():
            result[name], seconds = timed(fn)
            times[name].append(seconds)
    median = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"  networkx {nx.__version__}; median of {REPEATS} (all runs, ms):")
    for name, ts in times.items():
        runs = ", ".join(f"{t * 1000:.0f}" for t in ts)
        print(f"    {name:20s} {median[name] * 1000:9.1f} ms   [{runs}]")
    ratio = median["spring_layout"] / median["force_layout"]
    verdict = "MET" if ratio >= SPRING_VS_OURS else "NOT MET"
    print(f"  spring/ours = {ratio:.2f}x   (target >= {SPRING_VS_OURS}x: {verdict})")
    report_target(
        f"layout of {graph.number_of_nodes():,} nodes: spring ÷ ours",
        ratio,
        "×",
        SPRING_VS_OURS,
        at_least=True,
        peer="networkx.spring_layout",
    )
    if "forceatlas2_layout" in median:
        print(f"  forceatlas2/ours = {median['forceatlas2_layout'] / median['force_layout']:.2f}x")

    first, second = force_layout(graph), force_layout(graph)
    print(f"  determinism: force_layout twice on the same graph identical: {first == second}")
    shuffled = nx.Graph()
    rng = np.random.default_rng(1)
    order = list(graph.nodes(data=True))
    shuffled.add_nodes_from(order[i] for i in rng.permutation(len(order)))
    edge_list = list(graph.edges(data=True))
    shuffled.add_edges_from(edge_list[i] for i in rng.permutation(len(edge_list)))
    again = force_layout(shuffled)
    moves = [math.dist(first[n], again[n]) for n in first]
    moved = sum(d > 0.01 for d in moves)
    print(
        f"  same graph, nodes/edges inserted in another order: identical {again == first}"
        f" (largest move {max(moves):.2g}; {moved} of {len(moves)} nodes moved > 0.01)"
    )

    print("  quality (positions centred and scaled to max |coord| 1):")
    print(
        "    rim = share of nodes beyond 0.9 of the max radius; median_r = median radius;\n"
        "    edge/pair = mean edge length / mean distance of all pairs (lower = neighbours "
        "closer);\n"
        "    knn_same_comm = share of each node's 10 nearest nodes in its Louvain community;\n"
        "    overlap = share of nodes with another within 0.004; occupancy = share of a 50x50\n"
        "    grid's inscribed disc that has a node in it"
    )
    header = ["rim", "median_r", "edge/pair", "knn_same_comm", "overlap", "occupancy"]
    print("    " + " " * 20 + "".join(f"{h:>15s}" for h in header))
    for name, pos in result.items():
        q = quality(graph, pos)
        print(f"    {name:20s}" + "".join(f"{q[h]:15.3f}" for h in header))

    for name, pos in result.items():
        for colour_by in ("kind", "community"):
            path = png_dir / f"graph-layout-{name}-{colour_by}.png"
            title = f"{name}: {graph.number_of_nodes()} nodes, coloured by {colour_by}"
            render(graph, pos, path, title, colour_by)
            print(f"  wrote {path}")


_APP: Any = None


def render(
    graph: nx.Graph, pos: Positions, path: Path, title: str, colour_by: str = "kind"
) -> None:
    """Edges as thin grey lines, nodes as dots coloured by kind (or Louvain community)."""
    global _APP
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPen

    if _APP is None:
        _APP = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    nodes, xy = as_array(graph, pos)
    margin = 40.0
    half = (PNG_SIZE - 2 * margin) / 2
    points = {
        n: QPointF(margin + half * (1 + x), margin + half * (1 - y))
        for n, (x, y) in zip(nodes, xy, strict=True)
    }
    image = QImage(PNG_SIZE, PNG_SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge_colour = QColor(120, 120, 120, 50)
    painter.setPen(QPen(edge_colour, 0.6))
    for a, b in graph.edges:
        painter.drawLine(points[a], points[b])
    painter.setPen(Qt.PenStyle.NoPen)
    order = sorted(nodes, key=lambda n: graph.nodes[n].get("kind") != "section")  # sections under
    for node in order:
        kind = str(graph.nodes[node].get("kind"))
        if colour_by == "kind":
            colour = KIND_COLOURS.get(kind, "#000000")
        else:
            colour = COMMUNITY_COLOURS[int(graph.nodes[node]["community"]) % 10]
        painter.setBrush(QBrush(QColor(colour)))
        r = 5.0 if kind == "report" else 3.0
        painter.drawEllipse(points[node], r, r)
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(10, 8, PNG_SIZE - 20, 24), title)
    if colour_by == "kind":
        present = Counter(str(d.get("kind")) for _, d in graph.nodes(data=True))
        legend = [(k, c) for k, c in KIND_COLOURS.items() if k in present]
    else:
        present = Counter(str(d["community"]) for _, d in graph.nodes(data=True))
        legend = [(str(i), COMMUNITY_COLOURS[i % 10]) for i in range(len(present))]
    y = 36.0
    for kind, colour in legend:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(colour)))
        painter.drawEllipse(QPointF(16, y), 5, 5)
        painter.setPen(QColor("black"))
        painter.drawText(QPointF(26, y + 5), f"{kind} ({present[kind]})")
        y += 18
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


# ---- 3. the workspace cache ---------------------------------------------------------------


def workspace_graph(corpus: Path) -> None:
    print("\n== Workspace.graph(): fresh data folder + milvus-blog-en ==")
    with tempfile.TemporaryDirectory(prefix="graph-bench-") as tmp:
        folder = Path(tmp)
        ws, open_time = timed(lambda: Workspace(folder))
        summary, add_time = timed(lambda: ws.add([corpus]).value)
        print(f"  Workspace() (seeds the bundled report) {open_time * 1000:9.1f} ms")
        label = f"add({len(summary.added)} reports, index)"
        print(f"  {label:39s}{add_time * 1000:9.1f} ms")
        cold, cold_time = timed(ws.graph)
        print(
            f"  graph() cold (build + save)            {cold_time * 1000:9.1f} ms   "
            f"({cold.graph.number_of_nodes()} nodes, {cold.graph.number_of_edges()} edges)"
        )
        again, again_time = timed(ws.graph)
        print(f"  graph() again, same Workspace (memo)   {again_time * 1000:9.1f} ms")
        ws2, open2_time = timed(lambda: Workspace(folder))
        warm, warm_time = timed(ws2.graph)
        same = nx.utils.graphs_equal(cold.graph, warm.graph)
        print(f"  second Workspace() on the folder       {open2_time * 1000:9.1f} ms")
        print(
            f"  graph() warm (load cached JSON)        {warm_time * 1000:9.1f} ms   "
            f"(same graph as cold: {same})"
        )
        print(f"  cold/warm = {cold_time / warm_time:.1f}x")
        del again


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--png-dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    for _, source in INPUTS:
        if not source.exists():
            print(f"missing input: {source}", file=sys.stderr)
            return 2
    taxonomy, tax_time = timed(load_taxonomy)
    matcher, matcher_time = timed(lambda: Matcher(taxonomy))
    print(f"python {sys.version.split()[0]}, networkx {nx.__version__}, numpy {np.__version__}")
    print(
        f"load_taxonomy {tax_time * 1000:.1f} ms ({len(taxonomy.concepts)} concepts), "
        f"Matcher() {matcher_time * 1000:.1f} ms (once, shared by all inputs)"
    )
    stages = [run_pipeline(name, source, taxonomy, matcher) for name, source in INPUTS]
    for s in stages:
        print_stages(s)
    milvus = stages[-1].graph
    compare_layouts(layout_graph(milvus), args.png_dir)
    workspace_graph(INPUTS[-1][1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
