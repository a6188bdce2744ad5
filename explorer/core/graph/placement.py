"""Where a graph's labels go on screen: greedy, by importance, never overlapping.

Pure geometry in screen pixels (no Qt): the view gives node positions and radii already
mapped to the screen, the size of each label, and the order of importance. Each label tries
four spots around its node (below, right, above, left) and takes the first that lies inside
the bounds and clears every label already placed, every labelled node and the `obstacles`
(the nodes better left uncovered). What does not fit is left out; zooming in makes room,
so more labels appear the closer one looks (VOSviewer's and Gephi's level of detail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

LABEL_CAP = 150
GAP = 2.0  # pixels kept free between neighbouring labels
KEY_LABELS = 30  # the most important labels may cover unlabelled nodes when nothing else fits
MAX_TRIES = 1000  # nodes offered per placement: bounds the cost when thousands are in view
OBSTACLES = 600  # the most important nodes in view, which labels keep clear of


@dataclass(frozen=True)
class Placement:
    """A label for node `node`, as a rectangle relative to the node's position on screen."""

    node: int
    rect: Rect


class Occupancy:
    """Rectangles already taken on screen, bucketed in a coarse grid for quick overlap tests."""

    def __init__(self, cell: float = 64.0) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], list[Rect]] = {}

    def _keys(self, r: Rect) -> Iterable[tuple[int, int]]:
        c = self._cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                yield i, j

    def free(self, r: Rect) -> bool:
        """Whether `r` keeps at least `GAP` pixels away from every rectangle taken."""
        x0, y0, x1, y1 = r[0] - GAP, r[1] - GAP, r[2] + GAP, r[3] + GAP
        c, cells = self._cell, self._cells
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                for o in cells.get((i, j), ()):
                    if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                        return False
        return True

    def add(self, r: Rect) -> None:
        for key in self._keys(r):
            self._cells.setdefault(key, []).append(r)


def _spots(w: float, h: float, radius: float) -> list[Rect]:
    """Label rectangles around a node at the origin: below, right, above, left."""
    r = radius + GAP + 1.0  # clear of the node's own box, which is an obstacle too
    return [
        (-w / 2, r, w / 2, r + h),
        (r + 2.0, -h / 2, r + 2.0 + w, h / 2),
        (-w / 2, -r - h, w / 2, -r),
        (-r - 2.0 - w, -h / 2, -r - 2.0, h / 2),
    ]


def _far_spots(w: float, h: float, radius: float, steps: int = 4) -> list[Rect]:
    """Spots further from the node, a label's height at a time, below and above, then to
    either side: where a label that must show goes when its four near spots are taken."""
    r = radius + GAP + 1.0
    out: list[Rect] = []
    for k in range(1, steps + 1):
        down, up = r + k * (h + GAP), -r - k * (h + GAP)
        out += [(-w / 2, down, w / 2, down + h), (-w / 2, up - h, w / 2, up)]
        out += [(r + 2.0, -h / 2 + k * h, r + 2.0 + w, h / 2 + k * h)]
        out += [(-r - 2.0 - w, -h / 2 - k * h, -r - 2.0, h / 2 - k * h)]
    return out


def place_labels(
    screen: FloatArray,
    radii: FloatArray,
    offered: Sequence[int],
    forced: int,
    size_of: Callable[[int], tuple[float, float]],
    bounds: Rect,
    obstacles: Iterable[int] = (),
    cap: int = LABEL_CAP,
    reserved: Iterable[Rect] = (),
) -> list[Placement]:
    """Choose labels for `offered` nodes (in priority order) that do not overlap.

    Labels keep clear of each other, of labelled nodes, of the `reserved` rectangles (such as
    a legend drawn over the view) and of the `obstacles`; the first `KEY_LABELS` offered may
    cover an obstacle if nothing else fits. The first `forced` nodes always get a label: if no
    near spot is free they try spots farther out, and then take their first spot inside
    `bounds` anyway. Placement stops at `cap`.
    """
    taken, covered = Occupancy(), Occupancy()
    for rect in reserved:
        taken.add(rect)
    for node in obstacles:
        covered.add(_box(screen, radii, node))
    placed: list[Placement] = []
    for rank, node in enumerate(offered[: max(forced, MAX_TRIES)]):
        if len(placed) >= cap:
            break
        x, y = float(screen[node, 0]), float(screen[node, 1])
        w, h = size_of(node)
        spots = [(a + x, b + y, c + x, d + y) for a, b, c, d in _spots(w, h, float(radii[node]))]
        inside = [s for s in spots if _within(s, bounds)]
        choice = next((s for s in inside if taken.free(s) and covered.free(s)), None)
        if choice is None and rank < max(forced, KEY_LABELS):
            choice = next((s for s in inside if taken.free(s)), None)
        if choice is None and rank < forced:  # farther out, then over whatever is there
            farther = [
                (a + x, b + y, c + x, d + y) for a, b, c, d in _far_spots(w, h, float(radii[node]))
            ]
            choice = next((s for s in farther if _within(s, bounds) and taken.free(s)), None)
        if choice is None and rank < forced:
            choice = inside[0] if inside else _clamp(spots[0], bounds)
        if choice is None:
            continue
        taken.add(choice)
        taken.add(_box(screen, radii, node))  # later labels keep off a labelled node
        placed.append(Placement(node, (choice[0] - x, choice[1] - y, choice[2] - x, choice[3] - y)))
    return placed


def label_candidates(
    order: IntArray, in_view: BoolArray, forced: list[int], lit: BoolArray | None
) -> tuple[list[int], IntArray]:
    """Nodes to offer for labels, in priority order, and the obstacles that labels keep off.

    `forced` come first, then the nodes in view by importance (`order`). While a node is
    focused, `lit` marks its neighbourhood: only those are offered (a faded node has no
    label, which would read as if it counted), and labels keep off them first, then off the
    most important faded nodes.
    """
    ranked = order[in_view[order]]
    obstacles = ranked[:OBSTACLES]
    if lit is not None:
        near = ranked[lit[ranked]]
        obstacles = np.concatenate((near, ranked[~lit[ranked]][:OBSTACLES]))
        ranked = near
    skip = set(forced)
    return forced + [int(i) for i in ranked if int(i) not in skip], obstacles


def _box(screen: FloatArray, radii: FloatArray, node: int) -> Rect:
    x, y, r = float(screen[node, 0]), float(screen[node, 1]), float(radii[node])
    return (x - r, y - r, x + r, y + r)


def _within(r: Rect, bounds: Rect) -> bool:
    return r[0] >= bounds[0] and r[1] >= bounds[1] and r[2] <= bounds[2] and r[3] <= bounds[3]


def _clamp(r: Rect, bounds: Rect) -> Rect:
    dx = max(bounds[0] - r[0], 0.0) + min(bounds[2] - r[2], 0.0)
    dy = max(bounds[1] - r[1], 0.0) + min(bounds[3] - r[3], 0.0)
    return (r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy)
