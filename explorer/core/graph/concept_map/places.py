"""Where the concepts of a library map go: each community in a region of its own (a disc whose
area grows with its members), laid out inside by its links, and the discs placed so that
communities with more links between them sit closer (the "group-in-a-box" idea).

One force layout over the whole map lets the concepts every text mentions pull everything
into one knot, and communities then smear across each other; two smaller layouts keep each
community readable as a region, which is what a reader looks for at a glance.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

from explorer.core.graph.layout import force_layout

STRONGEST_CLIP = 8.0  # association strengths above this many times the median pull no harder
GAP = 0.35  # free space between two communities' discs, in units of a one-concept disc
ROUNDS = 200


def place(
    order: Sequence[str], member: Mapping[str, int], strength: Mapping[tuple[str, str], float]
) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² for every concept in `order`."""
    groups: dict[int, list[str]] = defaultdict(list)
    for concept in order:
        groups[member[concept]].append(concept)
    median = float(np.median(list(strength.values()))) if strength else 1.0
    pull = {pair: min(s / (median or 1.0), STRONGEST_CLIP) for pair, s in strength.items()}
    radius = {g: math.sqrt(len(members)) for g, members in groups.items()}
    centres = _centres(groups, member, pull, radius)
    places: dict[str, tuple[float, float]] = {}
    for g, members in groups.items():
        inner = nx.Graph()
        inner.add_nodes_from(members)
        inner.add_weighted_edges_from(
            (a, b, w) for (a, b), w in sorted(pull.items()) if member[a] == g == member[b]
        )
        (cx, cy), r = centres[g], radius[g]
        for node, (x, y) in _even(force_layout(inner)).items():
            places[node] = (cx + x * r, cy + y * r)
    return _normalised(places)


def _centres(
    groups: Mapping[int, list[str]],
    member: Mapping[str, int],
    pull: Mapping[tuple[str, str], float],
    radius: Mapping[int, float],
) -> dict[int, tuple[float, float]]:
    """Disc centres: a force layout of the communities by the links between them, spread to
    the discs' size, then pushed apart until no two discs overlap."""
    between: Counter[tuple[int, int]] = Counter()
    for (a, b), w in pull.items():
        ga, gb = member[a], member[b]
        if ga != gb:
            between[(min(ga, gb), max(ga, gb))] += w  # type: ignore[assignment]
    outline = nx.Graph()
    outline.add_nodes_from(sorted(groups))
    outline.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(between.items()))
    span = math.sqrt(sum(r * r for r in radius.values()))
    first = force_layout(outline)
    ids = sorted(groups)
    xy = np.array([first[g] for g in ids], dtype=np.float64) * span
    sizes = np.array([radius[g] for g in ids])
    for _ in range(ROUNDS):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 1e-9)
        need = sizes[:, None] + sizes[None, :] + GAP
        np.fill_diagonal(need, 0.0)
        short = np.clip(need - dist, 0.0, None)
        if not short.any():
            break
        xy += (delta / dist[..., None] * (short / 2)[..., None]).sum(axis=1)
        xy -= xy.mean(axis=0) * 0.05  # a little gravity keeps the discs together
    return {g: (float(x), float(y)) for g, (x, y) in zip(ids, xy, strict=True)}


def _even(places: Mapping[Hashable, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The same directions from the disc's centre, at distances that fill it evenly: a force
    layout packs the well-linked concepts into a knot that no label could fit in."""
    if len(places) < 3:
        return {str(c): xy for c, xy in places.items()}
    nodes = list(places)
    xy = np.array([places[c] for c in nodes], dtype=np.float64)
    xy -= xy.mean(axis=0)
    far = np.hypot(xy[:, 0], xy[:, 1])
    rank = np.empty(len(nodes))
    rank[np.argsort(far, kind="stable")] = np.arange(len(nodes))
    wanted = np.sqrt((rank + 0.5) / len(nodes))
    xy *= (wanted / np.maximum(far, 1e-9))[:, None]
    return {str(c): (float(x), float(y)) for c, (x, y) in zip(nodes, xy, strict=True)}


def _normalised(places: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    if not places:
        return {}
    xy = np.array(list(places.values()))
    xy -= (xy.min(axis=0) + xy.max(axis=0)) / 2
    scale = float(np.abs(xy).max()) or 1.0
    rows = zip(places, xy / scale, strict=True)
    return {c: (round(float(x), 5), round(float(y), 5)) for c, (x, y) in rows}
