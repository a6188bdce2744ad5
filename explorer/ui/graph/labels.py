"""Text and hit tests on the graph, in screen pixels: labels, tooltips, what is under the mouse.

Labels are plain text at a fixed pixel size, placed by importance without overlapping.
Placement works in screen pixels. Nodes are offered most important first (the focused and
highlighted ones before all others); each label tries four spots around its node (below, right,
above, left) and takes the first that lies inside the viewport and clears every label already
placed. At most `LABEL_CAP` labels exist; their items are pooled and reused. Label text comes
from reports, so it is drawn with `QPainter.drawText` on a plain string: never parsed as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from explorer.ui.graph.style import BoolArray, FloatArray, IntArray

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels

LABEL_CAP = 150
LABEL_PIXELS = 12
LABEL_MAX_WIDTH = 220.0  # longer labels are elided; the node's tooltip has the full text
PAD_X, PAD_Y = 3.0, 1.0
GAP = 2.0  # pixels kept free between neighbouring labels
KEY_LABELS = 30  # the most important labels may cover unlabelled nodes when nothing else fits
MAX_TRIES = 1000  # nodes offered per placement: bounds the cost when thousands are in view
EVIDENCE_SHOWN = 8  # passage ids listed in an edge's tooltip
OBSTACLES = 600  # the most important nodes in view, which labels keep clear of
FADED_LABELS = 30  # labels offered outside a focused neighbourhood
HIT_SLOP = 4.0  # pixels around a node or an edge that still count as on it


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


def to_screen(transform: QTransform, pos: FloatArray) -> FloatArray:
    """Map (N, 2) positions through an affine `transform` in one matrix product."""
    t, x, y = transform, pos[:, 0], pos[:, 1]
    return np.column_stack((t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()))


def tooltip(lines: Iterable[str]) -> str:
    """Tooltip markup from untrusted lines: each escaped, so report text never becomes HTML."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def node_tooltip(label: str, kind: str, count: int, degree: int) -> str:
    """A node's full label, its kind, mention count and number of links."""
    return tooltip([label, f"{kind} · {count} mentions · {degree} links"])


def edge_tooltip(
    a: str,
    b: str,
    data: Mapping[str, Any],
    describe: Callable[[str], str] | None = None,
) -> str:
    """The two labels, the link's kind and weight, and its first evidence passages — each as
    its id and, when `describe` can say, a line of its words."""
    evidence = [str(p) for p in data.get("evidence", [])]
    lines = [f"{a} — {b}", f"{data.get('kind', 'link')} · weight {data.get('weight', 1)}"]
    if evidence:
        lines.append("evidence (click the link to read it):")
    for passage_id in evidence[:EVIDENCE_SHOWN]:
        words = describe(passage_id) if describe else ""
        lines.append(f"  {passage_id}" + (f": {words}" if words else ""))
    if len(evidence) > EVIDENCE_SHOWN:
        lines.append(f"  … and {len(evidence) - EVIDENCE_SHOWN} more")
    return tooltip(lines)


@dataclass(frozen=True)
class Placement:
    """A label for node `node`, as a rectangle relative to the node's position on screen."""

    node: int
    rect: Rect


class LabelItem(QGraphicsItem):
    """One label: plain text on a soft halo, the same size in pixels at every zoom."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._font = font
        self._text = ""
        self._rect = QRectF()
        self._ink = QColor()
        self._halo = QColor()
        self._outlined = False

    def set_label(
        self, text: str, rect: QRectF, ink: QColor, halo: QColor, outlined: bool = False
    ) -> None:
        """Show `text` (plain) in `rect`, pixels relative to the item's anchor point;
        an `outlined` label (the focused node's) gets a frame in the ink colour."""
        self.prepareGeometryChange()
        self._text, self._rect, self._ink, self._halo = text, rect, ink, halo
        self._outlined = outlined
        self.update()

    def text(self) -> str:
        """The text shown, as drawn (possibly elided)."""
        return self._text

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._outlined:
            painter.setPen(QPen(self._ink, 1.0))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._halo)
        painter.drawRoundedRect(self._rect.adjusted(0.5, 0.5, -0.5, -0.5), 3.0, 3.0)
        painter.setPen(self._ink)
        painter.setFont(self._font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class _Occupancy:
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


def place_labels(
    screen: FloatArray,
    radii: FloatArray,
    offered: Sequence[int],
    forced: int,
    size_of: Callable[[int], tuple[float, float]],
    bounds: Rect,
    obstacles: Iterable[int] = (),
    cap: int = LABEL_CAP,
) -> list[Placement]:
    """Choose labels for `offered` nodes (in priority order) that do not overlap.

    Labels keep clear of each other, of labelled nodes and of the `obstacles` (nodes better left
    uncovered); the first `KEY_LABELS` offered may cover an obstacle if nothing else fits. The
    first `forced` nodes always get a label: if no spot is free they take their first spot inside
    `bounds` anyway. Placement stops at `cap` labels.
    """
    taken, covered = _Occupancy(), _Occupancy()
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
    focused, `lit` marks its neighbourhood: those come next and are the obstacles, and only a
    few faded labels are offered elsewhere.
    """
    ranked = order[in_view[order]]
    obstacles = ranked[:OBSTACLES]
    if lit is not None:
        obstacles = ranked[lit[ranked]]
        ranked = np.concatenate((obstacles, ranked[~lit[ranked]][:FADED_LABELS]))
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


class LabelLayer:
    """A pool of at most `LABEL_CAP` label items inside a view box, reused on every placement."""

    def __init__(self, box: Any, cap: int = LABEL_CAP) -> None:
        self._box = box
        self._cap = cap
        self._font = QFont()
        self._font.setPixelSize(LABEL_PIXELS)
        self._metrics = QFontMetricsF(self._font)
        self._items: list[LabelItem] = []
        self._labels: list[str] = []
        self._measured: dict[int, tuple[str, float]] = {}
        self._shown: dict[int, str] = {}

    def set_labels(self, labels: Sequence[str]) -> None:
        """The full label of every node, by node index; forgets what was shown."""
        self._labels = list(labels)
        self._measured.clear()
        self.show([], np.zeros((0, 2)), [], QColor())

    def size_of(self, node: int) -> tuple[float, float]:
        """Width and height in pixels of the node's label, halo included."""
        return self._measure(node)[1] + 2 * PAD_X, self._metrics.height() + 2 * PAD_Y

    def show(
        self,
        placements: Sequence[Placement],
        pos: FloatArray,
        inks: Sequence[QColor],
        halo: QColor,
        outlined: int | None = None,
    ) -> None:
        """Show one label per placement at the node's data position `pos[node]`, in its ink;
        the label of node `outlined` (the focus) is framed and opaque."""
        while len(self._items) < min(len(placements), self._cap):
            item = LabelItem(self._font)
            item.setZValue(4.0)
            self._box.addItem(item, ignoreBounds=True)
            self._items.append(item)
        self._shown = {}
        for item, placement, ink in zip(self._items, placements, inks, strict=False):
            node = placement.node
            item.setPos(float(pos[node, 0]), float(pos[node, 1]))
            x0, y0, x1, y1 = placement.rect
            text = self._measure(node)[0]
            frame = node == outlined
            back = QColor(halo.red(), halo.green(), halo.blue()) if frame else halo
            item.set_label(text, QRectF(x0, y0, x1 - x0, y1 - y0), ink, back, frame)
            item.setVisible(True)
            self._shown[node] = text
        for item in self._items[len(self._shown) :]:
            item.setVisible(False)

    def shown(self) -> dict[int, str]:
        """Node index → label text, for the labels on screen now."""
        return dict(self._shown)

    def _measure(self, node: int) -> tuple[str, float]:
        found = self._measured.get(node)
        if found is None:
            flat = " ".join(self._labels[node].split())  # no line breaks or tabs on screen
            text = self._metrics.elidedText(flat, Qt.TextElideMode.ElideRight, LABEL_MAX_WIDTH)
            found = self._measured[node] = (text, self._metrics.horizontalAdvance(text))
        return found
