"""A seeded force-directed layout, fast enough to run on every graph rebuild.

Fruchterman–Reingold forces in numpy: communities start clustered (so few iterations are
needed), repulsion is exact for small graphs and sampled for large ones, and edge weights
pull gently (square root). Same graph and seed → same positions.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
import numpy.typing as npt

from explorer.core.graph.coarse import concept_graph, is_coarse, placed

Positions = dict[Hashable, tuple[float, float]]
FloatArray = npt.NDArray[np.float64]

EXACT_UP_TO = 1000
SEPARATE_UP_TO = 400
SAMPLE = 96


def force_layout(graph: nx.Graph, seed: int = 7, iterations: int = 60) -> Positions:
    """Positions in [-1, 1]² for every node of the graph (a big graph's: its concepts',
    and the others placed among them; see coarse.py)."""
    if is_coarse(graph):
        where = placed(graph, force_layout(concept_graph(graph), seed, iterations), seed)
        ordered = sorted(graph.nodes, key=str)
        return _normalise(ordered, np.array([where[n] for n in ordered], dtype=np.float64))
    nodes = sorted(graph.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    rng = np.random.default_rng(seed)
    index = {node: i for i, node in enumerate(nodes)}
    pos = _initial(graph, nodes, rng)
    # edges in a canonical order: float sums must not depend on how the graph was built.
    # Sorted by numpy, not as a list of tuples: that one C call held the interpreter (and so
    # the window) for a tenth of a second at 100,000 sections.
    pairs = np.fromiter(
        (i for a, b in graph.edges() for i in sorted((index[a], index[b]))),
        dtype=np.int64,
        count=2 * graph.number_of_edges(),
    ).reshape(-1, 2)
    weights = np.sqrt(
        np.fromiter(
            (float(d.get("weight", 1) or 1) for _a, _b, d in graph.edges(data=True)),
            dtype=np.float64,
            count=graph.number_of_edges(),
        )
    )
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    edges, weights = pairs[order], weights[order]
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k, rng)
        if len(edges):
            disp -= _attraction(pos, edges, weights, k, n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    _separate(pos, min_gap=0.9 / math.sqrt(n))
    return _normalise(nodes, pos)


def _separate(pos: FloatArray, min_gap: float, rounds: int = 15) -> None:
    """Push apart nodes closer than ``min_gap`` so that small graphs show every node.

    Only for small graphs, seen whole on one screen; big ones are read zoomed in, and an
    all-pairs pass there would cost more than the layout itself.
    """
    n = len(pos)
    if n > SEPARATE_UP_TO:
        return
    span = float(np.ptp(pos, axis=0).max()) or 1.0
    gap = min_gap * span / 2
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            return
        safe = np.where(close, np.maximum(dist, 1e-9), 1.0)
        push = np.where(close, (gap - safe) / safe / 2, 0.0)
        pos += (delta * push[..., None]).sum(axis=1)


def _initial(graph: nx.Graph, nodes: list[Hashable], rng: np.random.Generator) -> FloatArray:
    """Each community around its own centre on a sunflower spiral; members jittered."""
    groups: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(int(graph.nodes[node].get("community", 0)), []).append(i)
    pos = np.zeros((len(nodes), 2))
    golden = math.pi * (3 - math.sqrt(5))
    total = len(nodes)
    for rank, (_, members) in enumerate(sorted(groups.items(), key=lambda g: -len(g[1]))):
        radius = 0.8 * math.sqrt(rank / max(1, len(groups)))
        centre = np.array([math.cos(rank * golden), math.sin(rank * golden)]) * radius
        spread = 0.6 * math.sqrt(len(members) / total)
        pos[members] = centre + rng.uniform(-spread, spread, size=(len(members), 2))
    return pos


def _repulsion(pos: FloatArray, k: float, rng: np.random.Generator) -> FloatArray:
    """k²/d pushes between nodes: all pairs when small, a random sample when large."""
    n = len(pos)
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    if n <= EXACT_UP_TO:
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        scale = 1.0
    else:
        others = rng.integers(0, n, size=(n, SAMPLE))
        dx = x[:, None] - x[others]
        dy = y[:, None] - y[others]
        scale = n / SAMPLE
    force = np.float32(k * k) / np.maximum(dx * dx + dy * dy, np.float32(1e-6))
    out = np.empty((n, 2))
    out[:, 0] = (dx * force).sum(axis=1) * scale
    out[:, 1] = (dy * force).sum(axis=1) * scale
    return out


def _attraction(
    pos: FloatArray, edges: npt.NDArray[np.int64], weights: FloatArray, k: float, n: int
) -> FloatArray:
    src, dst = edges[:, 0], edges[:, 1]
    delta = pos[src] - pos[dst]
    dist = np.hypot(delta[:, 0], delta[:, 1])
    force = delta * (dist * weights / k)[:, None]
    out = np.zeros((n, 2))
    for axis in (0, 1):
        out[:, axis] += np.bincount(src, weights=force[:, axis], minlength=n)
        out[:, axis] -= np.bincount(dst, weights=force[:, axis], minlength=n)
    return out


def _normalise(nodes: list[Hashable], pos: FloatArray) -> Positions:
    pos = pos - pos.mean(axis=0)
    scale = float(np.abs(pos).max()) or 1.0
    pos = pos / scale
    return {
        node: (round(float(x), 5), round(float(y), 5))
        for node, (x, y) in zip(nodes, pos, strict=True)
    }
