"""What is under the mouse: hit tests on the drawn graph, in viewport pixels, on numpy arrays.

Plain functions of what is on screen (no widget, no Qt), so they are cheap to test and the
view and its mouse handling share one definition of "on a node" and "on a link".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.ui.graph.style import BoolArray, FloatArray, GraphArrays, IntArray

HIT_SLOP = 4.0  # pixels around a node or an edge that still count as on it


@dataclass(frozen=True)
class OnScreen:
    """What the view draws at this moment, as the mouse needs it: the graph and its arrays,
    which nodes and links are drawn, where every node is (viewport pixels) and how wide."""

    graph: Any  # networkx.Graph: for a tooltip's degree and a link's evidence
    arrays: GraphArrays
    nodes: BoolArray  # a row per node: drawn
    links: BoolArray  # a row per edge: drawn
    screen: FloatArray  # (N, 2) every node's position
    sizes: FloatArray  # (N,) every node's diameter


def nearest_node(screen: FloatArray, radii: FloatArray, point: FloatArray) -> int | None:
    """The row of the node under `point`, if any; the one closest to its rim when several."""
    if not len(screen):
        return None
    off = np.hypot(screen[:, 0] - point[0], screen[:, 1] - point[1]) - radii
    k = int(np.argmin(off))
    return k if off[k] <= HIT_SLOP else None


def nearest_segment(a: FloatArray, b: FloatArray, point: FloatArray) -> int | None:
    """The row of the segment a→b within `HIT_SLOP` pixels of `point`, if any; the closest."""
    if not len(a):
        return None
    ab, ap = b - a, point - a
    t = np.clip((ap * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-9), 0.0, 1.0)
    foot = a + t[:, None] * ab
    distance = np.hypot(foot[:, 0] - point[0], foot[:, 1] - point[1])
    k = int(np.argmin(distance))
    return k if distance[k] <= HIT_SLOP else None


def node_at(
    screen: FloatArray, sizes: FloatArray, shown: BoolArray, point: FloatArray
) -> int | None:
    """The node drawn under `point` (its row), if any: only drawn nodes count."""
    rows = np.flatnonzero(shown)
    k = nearest_node(screen[rows], sizes[rows] / 2, point)
    return None if k is None else int(rows[k])


def edge_at(screen: FloatArray, edges: IntArray, shown: BoolArray, point: FloatArray) -> int | None:
    """The link drawn under `point` (its row in `edges`), if any: only drawn links count."""
    rows = np.flatnonzero(shown)
    ends = edges[rows]
    k = nearest_segment(screen[ends[:, 0]], screen[ends[:, 1]], point)
    return None if k is None else int(rows[k])
