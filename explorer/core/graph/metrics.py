"""Centrality and communities, stored on the graph's nodes as attributes.

Exact betweenness is cubic-ish (65 s at 5,000 nodes here), so above a size threshold it is
estimated from a seeded sample of source nodes: the same graph always gets the same numbers.
The sampled estimate is networkx's (the same sources, Brandes' sums, the same scaling),
worked out with numpy a level of each search at a time: networkx's Python loops took 75 s
for the 100 searches over the 42,000 nodes of 2,960 reports.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from explorer.core.graph.coarse import concept_graph, is_coarse, spread_groups

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SEED = 7
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_SAMPLE = 100


def add_metrics(graph: nx.Graph, seed: int = SEED) -> None:
    """Set ``degree``, ``betweenness`` and ``community`` on every node."""
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)
    n = graph.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_UP_TO else min(BETWEENNESS_SAMPLE, n)
    if k is None:
        between = nx.betweenness_centrality(graph, normalized=True)
    else:
        between = sampled_betweenness(graph, k, seed)
    for node, value in between.items():
        graph.nodes[node]["betweenness"] = round(float(value), 6)
    for node, community in communities(graph, seed).items():
        graph.nodes[node]["community"] = community


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities, numbered from 0 by size (largest first), then by first node;
    a big graph's are its concepts' (see coarse.py)."""
    if is_coarse(graph):
        found = spread_groups(graph, communities(concept_graph(graph), seed))
        groups: dict[int, list[str]] = {}
        for node, group in found.items():
            groups.setdefault(group, []).append(node)
        return _numbered(groups.values())
    if graph.number_of_edges() == 0:
        return {node: i for i, node in enumerate(sorted(graph.nodes))}
    return _numbered(nx.community.louvain_communities(graph, weight="weight", seed=seed))


def _numbered(found: Iterable[Iterable[str]]) -> dict[str, int]:
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: i for i, members in enumerate(ordered) for node in members}


def sampled_betweenness(graph: nx.Graph, k: int, seed: int = SEED) -> dict[str, float]:
    """networkx's ``betweenness_centrality(graph, k, seed=seed)`` (unweighted, normalized,
    without endpoints), the same numbers but for the order of additions."""
    import numpy as np  # only when building a big graph

    nodes = list(graph.nodes())
    n = len(nodes)
    if k >= n:
        return dict(nx.betweenness_centrality(graph, normalized=True))
    sources = random.Random(seed).sample(nodes, k)
    place = {node: i for i, node in enumerate(nodes)}
    degree = np.fromiter((len(graph[v]) for v in nodes), dtype=np.int64, count=n)
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=starts[1:])
    ends = np.fromiter(
        (place[w] for v in nodes for w in graph[v]), dtype=np.int64, count=int(starts[-1])
    )
    total = np.zeros(n)
    for source in sources:
        s = place[source]
        delta = _dependencies(s, starts, degree, ends, n)
        delta[s] = 0.0
        total += delta
    if n < 3:  # no pair of other nodes for a path through one
        return {v: float(total[i]) for i, v in enumerate(nodes)}
    scale_source = 1 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    scale_other = 1 / (k * (n - 2))
    chosen = {place[v] for v in sources}
    return {
        v: float(total[i]) * (scale_source if i in chosen else scale_other)
        for i, v in enumerate(nodes)
    }


def _dependencies(
    s: int,
    starts: npt.NDArray[np.int64],
    degree: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    n: int,
) -> npt.NDArray[np.float64]:
    """Brandes' dependency of ``s`` on every node: a breadth-first search a level at a
    time, counting shortest paths (sigma), then the dependencies summed back up the levels."""
    import numpy as np

    depth = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    depth[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    steps: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    level = 0
    while frontier.size:
        counts = degree[frontier]
        origin = np.repeat(frontier, counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        reached = ends[np.repeat(starts[frontier], counts) + offsets]
        fresh = reached[depth[reached] < 0]
        depth[fresh] = level + 1
        onward = depth[reached] == level + 1  # an edge on a shortest path from s
        v, w = origin[onward], reached[onward]
        sigma += np.bincount(w, weights=sigma[v], minlength=n)
        steps.append((v, w))
        frontier = np.unique(fresh)
        level += 1
    delta = np.zeros(n)
    for v, w in reversed(steps):
        delta += np.bincount(v, weights=sigma[v] * ((1 + delta[w]) / sigma[w]), minlength=n)
    return delta
