"""How the concept graph looks: its arrays, colours, node sizes, batched items and legend.

Colours are fixed hues of middle lightness: each keeps a contrast of at least 3:1 against both a
white and a near-black background, so one palette serves light and dark themes. Everything that
depends on the theme (background, text, edge grey) comes from the widget's `QPalette`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from explorer.core.kinds import OTHER_KIND_COLOUR, kind_colours

if TYPE_CHECKING:
    import networkx as nx

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

KIND_COLOURS = kind_colours()
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#4E79A7", "#D9711C", "#D94F51", "#2A9D8F", "#4F9A45", "#A8870C",
    "#9F6BC0", "#D65C8E", "#9C755F", "#5B6FD6", "#8C9A2B", "#7F8C99",
)  # fmt: skip
ACCENT = "#E6198A"
LABEL_PX = 12  # highlight rings and paths: a hue no kind uses

MIN_NODE_PX, MAX_NODE_PX = 6.0, 28.0
MAP_NODE_PX = (7.0, 30.0)  # a concept map's node diameters, lightest to heaviest
MAP_LABEL_PX = (11.0, 21.0)  # and its label sizes
# (lowest weight, pen width in px, opacity over the background) per edge class.
EDGE_CLASSES = ((1, 1.0, 0.28), (2, 1.4, 0.45), (5, 2.4, 0.65))
MAP_EDGES = ((1.0, 0.16), (1.3, 0.26), (2.0, 0.4))  # a map's: its labels are what one reads
DIMMED = 0.22  # opacity of whatever is outside the focused neighbourhood
SMOOTH_EDGES = 3000  # up to this many edges on screen, they are antialiased


@dataclass(frozen=True)
class Theme:
    """The theme-dependent colours of the graph, taken from a palette."""

    background: QColor
    text: QColor
    edge: QColor

    def over(self, colour: QColor | str, opacity: float) -> QColor:
        """`colour` at `opacity` pre-blended over the background: opaque, so cheap to draw."""
        top, bottom = QColor(colour), self.background
        return QColor(
            round(top.red() * opacity + bottom.red() * (1.0 - opacity)),
            round(top.green() * opacity + bottom.green() * (1.0 - opacity)),
            round(top.blue() * opacity + bottom.blue() * (1.0 - opacity)),
        )


def theme_for(palette: QPalette) -> Theme:
    """Background, text and edge colours for `palette` (light or dark)."""
    background = palette.color(QPalette.ColorRole.Base)
    dark = background.lightnessF() < 0.5
    return Theme(
        background=background,
        text=palette.color(QPalette.ColorRole.Text),
        edge=QColor("#A7B0BB" if dark else "#5C6773"),
    )


def community_colour(community: int) -> str:
    return COMMUNITY_COLOURS[community % len(COMMUNITY_COLOURS)]


def node_colours(kinds: Sequence[str], communities: IntArray, mode: str) -> list[str]:
    """One colour per node: by kind, or by community (`mode` is "kind" or "community")."""
    if mode == "community":
        return [community_colour(int(c)) for c in communities]
    return [KIND_COLOURS.get(kind, OTHER_KIND_COLOUR) for kind in kinds]


def legend_entries(
    kinds: Sequence[str], communities: IntArray, mode: str, names: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(name, colour) rows for the nodes shown: their kinds, or their 12 largest communities
    (by their `names` where the graph gives them, in the order of their numbers)."""
    if mode == "community":
        largest = Counter(int(c) for c in communities).most_common(len(COMMUNITY_COLOURS))
        if names:
            largest.sort()
        return [
            (names[c] if c < len(names) else f"community {c}", community_colour(c))
            for c, _ in largest
        ]
    present = set(kinds)
    known = [(kind, colour) for kind, colour in KIND_COLOURS.items() if kind in present]
    others = sorted(present - KIND_COLOURS.keys())
    return known + [(kind or "(no kind)", OTHER_KIND_COLOUR) for kind in others]


def node_sizes(betweenness: FloatArray, count: FloatArray) -> FloatArray:
    """Diameters in whole pixels, 6–28: mostly betweenness, partly mention count."""
    between = betweenness / max(float(betweenness.max(initial=0.0)), 1e-12)
    counted = np.log1p(np.maximum(count, 0.0)) / np.log1p(max(float(count.max(initial=0.0)), 1.0))
    score = np.clip(0.65 * np.sqrt(np.clip(between, 0.0, 1.0)) + 0.35 * counted, 0.0, 1.0)
    sizes: FloatArray = np.round(MIN_NODE_PX + (MAX_NODE_PX - MIN_NODE_PX) * score)
    return sizes


def weight_sizes(weights: FloatArray) -> tuple[FloatArray, IntArray]:
    """Node diameters and label pixel sizes by weight (a concept map's: the heaviest concept
    the largest, by the square root of its share of the heaviest weight, as areas go)."""
    share = np.sqrt(np.clip(weights / max(float(weights.max(initial=0.0)), 1.0), 0.0, 1.0))
    sizes: FloatArray = np.round(MAP_NODE_PX[0] + (MAP_NODE_PX[1] - MAP_NODE_PX[0]) * share)
    pixels: IntArray = np.round(MAP_LABEL_PX[0] + (MAP_LABEL_PX[1] - MAP_LABEL_PX[0]) * share)
    return sizes, pixels.astype(np.int64)


def shrunk(sizes: FloatArray) -> FloatArray:
    """Diameters for a crowded, far-out view: half as far above the smallest size."""
    smaller: FloatArray = np.round(MIN_NODE_PX + (sizes - MIN_NODE_PX) * 0.5)
    return smaller


def edge_classes(weights: IntArray, relative: bool = False) -> IntArray:
    """The width class of each edge: 0 for weight 1, 1 for 2–4, 2 for 5 and more; or, when
    `relative` (a map, whose links all pass a threshold), the lower half, the next third and
    the heaviest sixth of the weights."""
    bounds: list[float] = [low for low, _, _ in EDGE_CLASSES[1:]]
    if relative and len(weights):
        bounds = [float(np.percentile(weights, 50)) + 0.5, float(np.percentile(weights, 84)) + 0.5]
    classes: IntArray = np.searchsorted(bounds, weights, side="right").astype(np.int64)
    return classes


@dataclass(frozen=True)
class GraphArrays:
    """A graph flattened for drawing; a node's number is its position in `ids`."""

    ids: list[str]
    index: dict[str, int]
    pos: FloatArray  # (N, 2) layout positions
    kinds: list[str]
    labels: list[str]
    counts: IntArray
    community: IntArray
    sizes: FloatArray  # diameters in pixels
    order: IntArray  # node numbers, most important first (betweenness, then count)
    rank: IntArray  # each node's place in `order`
    edges: IntArray  # (E, 2) node numbers
    classes: IntArray  # each edge's width class
    label_px: IntArray  # each label's size in pixels
    weighted: bool = False  # a concept map's: nodes sized and ranked by their weight
    community_names: tuple[str, ...] = ()  # a map's names of its communities, by number
    unfolded: tuple[str, ...] = ()  # a map's sections and reports unfolded around its focus

    @classmethod
    def from_graph(cls, graph: nx.Graph) -> GraphArrays:
        """Arrays for `graph`; missing attributes fall back to neutral values. Nodes with a
        `weight` (a concept map's) are sized and ranked by it, their labels too."""
        ids = [str(n) for n in graph.nodes]
        attrs = [graph.nodes[n] for n in graph.nodes]
        number = {n: i for i, n in enumerate(graph.nodes)}
        xy = [(float(a.get("x", 0.0)), float(a.get("y", 0.0))) for a in attrs]
        counts = np.array([int(a.get("count", 0)) for a in attrs], dtype=np.int64)
        weighted = any("weight" in a for a in attrs)
        if weighted:
            weights = np.array([float(a.get("weight", 0.0)) for a in attrs], dtype=np.float64)
            order = np.lexsort((-counts, -weights)).astype(np.int64)
            sizes, label_px = weight_sizes(weights)
        else:
            between = np.array([float(a.get("betweenness", 0.0)) for a in attrs])
            order = np.lexsort((-counts, -between)).astype(np.int64)
            sizes = node_sizes(between, counts.astype(np.float64))
            label_px = np.full(len(ids), LABEL_PX, dtype=np.int64)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        table = np.array(
            [(number[u], number[v], int(d.get("weight", 1))) for u, v, d in graph.edges(data=True)],
            dtype=np.int64,
        ).reshape(-1, 3)
        return cls(
            ids=ids,
            index={n: i for i, n in enumerate(ids)},
            pos=np.array(xy, dtype=np.float64).reshape(-1, 2),
            kinds=[str(a.get("kind", "")) for a in attrs],
            labels=[str(a.get("label", n)) for n, a in zip(ids, attrs, strict=True)],
            counts=counts,
            community=np.array([int(a.get("community", 0)) for a in attrs], dtype=np.int64),
            sizes=sizes,
            order=order,
            rank=rank,
            edges=table[:, :2],
            classes=edge_classes(table[:, 2], relative=weighted),
            label_px=label_px,
            weighted=weighted,
            community_names=tuple(str(n) for n in graph.graph.get("communities", ())),
            unfolded=tuple(str(n) for n in graph.graph.get("unfolded", ()) if n in number),
        )

    def mask(self, ids: Iterable[str]) -> BoolArray:
        """True for the nodes with these ids."""
        chosen = np.zeros(len(self.ids), dtype=bool)
        chosen[[self.index[n] for n in ids]] = True
        return chosen

    def edges_around(self, node: int | None, among: BoolArray) -> IntArray:
        """The edges of `node` (a node number) among the edges marked in `among`."""
        if node is None:
            return self.edges[:0]
        ends = self.edges
        around: IntArray = ends[among & ((ends[:, 0] == node) | (ends[:, 1] == node))]
        return around

    def path_edges(self, ids: Sequence[str]) -> IntArray:
        """One row of node numbers per step of a path given by node ids."""
        steps = [self.index[n] for n in ids]
        return np.array(list(itertools.pairwise(steps)), dtype=np.int64).reshape(-1, 2)


def _segments(item: Any, pos: FloatArray, edges: IntArray) -> None:
    """Give a `connect="pairs"` curve one line segment per edge (row of node numbers)."""
    xy = pos[edges.reshape(-1)]
    smooth = len(edges) <= SMOOTH_EDGES
    item.setData(x=xy[:, 0], y=xy[:, 1], connect="pairs", skipFiniteCheck=True, antialias=smooth)


class EdgeLayer:
    """Every edge in a handful of batched line items: one per width class, the focus star, the path.

    Never one item per edge: each item is a single `connect="pairs"` curve drawn with one
    `drawLines` call, so a pan or zoom costs a call per class whatever the number of edges.
    """

    def __init__(self, box: Any) -> None:
        self._classes = [self._curve(box, 0.0) for _ in EDGE_CLASSES]
        self._focus = self._curve(box, 1.0)
        self._path = self._curve(box, 1.5)

    @staticmethod
    def _curve(box: Any, z: float) -> Any:
        item = pg.PlotCurveItem(connect="pairs", antialias=False, skipFiniteCheck=True)
        item.setSegmentedLineMode("on")
        item.setZValue(z)
        box.addItem(item, ignoreBounds=True)
        return item

    def show(self, pos: FloatArray, edges: IntArray, classes: IntArray, shown: BoolArray) -> None:
        """Draw the edges where `shown` is true, grouped by width class."""
        for k, item in enumerate(self._classes):
            _segments(item, pos, edges[shown & (classes == k)])

    def show_focus(self, pos: FloatArray, edges: IntArray) -> None:
        """Draw the edges around the focused node, above the others."""
        _segments(self._focus, pos, edges)

    def show_path(self, pos: FloatArray, edges: IntArray) -> None:
        """Draw the edges of a path, emphasised above everything else."""
        _segments(self._path, pos, edges)

    def restyle(self, theme: Theme, dimmed: bool, thin: bool, light: bool = False) -> None:
        """Pens for the theme; `dimmed` while a node is focused, `thin` when zoomed far out,
        `light` for a map."""
        styles = MAP_EDGES if light else [(width, opacity) for _, width, opacity in EDGE_CLASSES]
        for item, (width, opacity) in zip(self._classes, styles, strict=True):
            colour = theme.over(theme.edge, opacity * (DIMMED if dimmed else 1.0))
            item.setPen(pg.mkPen(colour, width=1.0 if thin else width))
        self._focus.setPen(pg.mkPen(theme.over(theme.text, 0.7), width=2.0))
        self._path.setPen(pg.mkPen(ACCENT, width=3.5))

    def set_light_edges_shown(self, shown: bool) -> None:
        """Show or skip the weight-1 edges (level of detail when zoomed far out)."""
        self._classes[0].setVisible(shown)


NOTE_BADGE = "#f2b705"


def _badge_symbol() -> QPainterPath:
    """A small disc at the upper right of the node's square (symbols are unit-sized)."""
    path = QPainterPath()
    path.addEllipse(0.12, -0.62, 0.5, 0.5)
    return path


class NodeLayer:
    """All nodes as one scatter item, plus one scatter item of rings for focus and highlights."""

    def __init__(self, box: Any, theme: Theme) -> None:
        self._dots = pg.ScatterPlotItem(pxMode=True, symbol="o", antialias=True)
        self._rings = pg.ScatterPlotItem(pxMode=True, symbol="o", antialias=True)
        self._badges = pg.ScatterPlotItem(pxMode=True, symbol=_badge_symbol(), antialias=True)
        self._dots.setZValue(2.0)
        self._rings.setZValue(3.0)
        self._badges.setZValue(50.0)  # above labels: a badge must never hide behind one
        box.addItem(self._dots)
        box.addItem(self._rings, ignoreBounds=True)
        box.addItem(self._badges, ignoreBounds=True)
        # Shared brush objects keep pyqtgraph's symbol atlas to a few dozen entries.
        self._brushes: dict[tuple[str, bool], QBrush] = {}
        self._theme = theme
        self.restyle(theme)

    def show(
        self, pos: FloatArray, sizes: FloatArray, colours: Sequence[str], dimmed: Sequence[bool]
    ) -> None:
        """Draw the given nodes; `dimmed` ones fade into the background."""
        brushes = [self._brush(c, d) for c, d in zip(colours, dimmed, strict=True)]
        self._dots.setData(pos=pos, size=sizes, brush=brushes)

    def show_rings(
        self, pos: FloatArray, sizes: FloatArray, highlighted: Sequence[int], focus: int | None
    ) -> None:
        """Ring the `highlighted` nodes in the accent colour and the `focus` in the ink colour."""
        rows = [*highlighted, *([] if focus is None else [focus])]
        marked, focused = len(highlighted), len(rows) - len(highlighted)
        grow = np.array([9.0] * marked + [5.0] * focused)
        accent, ink = pg.mkPen(ACCENT, width=2.5), pg.mkPen(self._theme.text, width=2.5)
        pens = [accent] * marked + [ink] * focused
        no_fill = QBrush(Qt.BrushStyle.NoBrush)
        self._rings.setData(pos=pos[rows], size=sizes[rows] + grow, pen=pens, brush=no_fill)

    def show_badges(self, pos: FloatArray, sizes: FloatArray, rows: Sequence[int]) -> None:
        """A small note badge at the upper right of each of these nodes."""
        pen = pg.mkPen(self._theme.background, width=1.0)
        brush = pg.mkBrush(NOTE_BADGE)
        self._badges.setData(pos=pos[list(rows)], size=sizes[list(rows)] + 8, pen=pen, brush=brush)

    def restyle(self, theme: Theme) -> None:
        """Outline every node in the background colour so that overlapping nodes stay apart."""
        self._theme = theme
        self._brushes.clear()
        self._dots.setPen(pg.mkPen(theme.background, width=1.0))

    def _brush(self, colour: str, dimmed: bool) -> QBrush:
        brush = self._brushes.get((colour, dimmed))
        if brush is None:
            shade = self._theme.over(colour, DIMMED) if dimmed else QColor(colour)
            brush = self._brushes[(colour, dimmed)] = QBrush(shade)
        return brush


class GraphLegend(QWidget):
    """A small overlay naming the colours in use: the kinds present, or the communities."""

    PAD, DOT, GAP = 6, 10, 6

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._entries: list[tuple[str, str]] = []

    def set_entries(self, entries: Sequence[tuple[str, str]]) -> None:
        """Show `(name, colour)` rows; names are drawn as plain text."""
        self._entries = list(entries)
        self.resize(self.sizeHint())
        self.setVisible(bool(self._entries))
        self.update()

    def set_scale(self, scale: float) -> None:
        """Text and dots `scale` times their size (a presenter's legend)."""
        font = self.font()
        font.setPixelSize(round(12 * scale))
        self.setFont(font)
        self.DOT = round(10 * scale)
        self.set_entries(self._entries)

    def entries(self) -> list[str]:
        """The names listed, top to bottom."""
        return [name for name, _ in self._entries]

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = max((metrics.horizontalAdvance(name) for name, _ in self._entries), default=0)
        return QSize(
            width + 2 * self.PAD + self.DOT + self.GAP, len(self._entries) * self._line() + 8
        )

    def _line(self) -> int:
        return max(self.fontMetrics().height(), self.DOT) + 2

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        back = QColor(self.palette().color(QPalette.ColorRole.Base))
        back.setAlpha(225)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1.0))
        painter.setBrush(back)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5.0, 5.0)
        metrics, line, radius = self.fontMetrics(), self._line(), self.DOT / 2
        text = self.palette().color(QPalette.ColorRole.Text)
        for row, (name, colour) in enumerate(self._entries):
            middle = 4 + row * line + line / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(self.PAD + radius, middle), radius, radius)
            painter.setPen(text)
            baseline = middle + (metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(self.PAD + self.DOT + self.GAP, baseline), name)
        painter.end()
