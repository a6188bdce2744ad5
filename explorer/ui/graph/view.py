"""The concept graph on screen: nodes, edges and labels in one pyqtgraph view box.

`GraphView` draws a `networkx.Graph` laid out in advance (node attributes `x`, `y` in [-1, 1]).
Nodes are one scatter item, edges a few batched line items, labels a small reused pool; hit
tests, culling and level of detail run on numpy arrays, so panning stays smooth with thousands
of nodes. The widget holds no graph logic of its own: it draws what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    import networkx as nx

    from explorer.ui.graph.camera import CameraMove

from explorer.core.graph import label_candidates, place_labels
from explorer.ui.graph.hits import OnScreen, node_at
from explorer.ui.graph.labels import LabelLayer, to_screen
from explorer.ui.graph.mouse import GraphMouse
from explorer.ui.graph.style import (
    BoolArray,
    EdgeLayer,
    FloatArray,
    GraphArrays,
    GraphLegend,
    IntArray,
    NodeLayer,
    legend_entries,
    node_colours,
    shrunk,
    theme_for,
)

LABEL_DELAY_MS = 50
DETAIL_NODES = 2000  # from this many nodes in view, skip weight-1 edges and thin the rest
COLOUR_MODES = ("kind", "community")
OVERLAY_OTHER = "#b0b0b0"  # a node the overlay gives no colour
FIT_PADDING = 0.12  # of the nodes' span on each side, so that labels at the rim fit
PAN_STEP = 0.1  # of the view's size, per arrow key
ZOOM_STEP = 1.25


class _NoGraph:
    """What the view shows before the first graph: nothing (without importing networkx)."""

    nodes: dict[str, dict[str, Any]] = {}  # noqa: RUF012
    graph: dict[str, Any] = {}  # noqa: RUF012

    def edges(self, data: bool = False) -> list[Any]:
        return []


class GraphView(QWidget):
    """The concept graph: click a node to focus its neighbourhood, hover an edge for its evidence.

    It draws what it is told and keeps no focus of its own: clicks and Escape are requests
    (`node_clicked(node_id)`, `background_clicked()`, `escape_pressed()`) that the navigator,
    the one owner of the focus, answers by calling `show_focus`. Also `edge_clicked(a, b)`,
    `edge_hovered(a, b)` and `graph_shown(kept)` after each `set_graph`; `menu_asked(node,
    where)` for a right-click. Keys: `+`/`-` zoom, arrows pan, `0` fits the view.
    """

    node_clicked = Signal(str)
    background_clicked = Signal()
    escape_pressed = Signal()
    edge_clicked = Signal(str, str)
    edge_hovered = Signal(str, str)
    graph_shown = Signal(bool)
    """set_graph drew a new graph; True when it kept the view (`keep_view`): then the focus
    drawn stays if the new graph holds it, else none is drawn until `show_focus` says."""
    labels_placed = Signal()
    """The labels were placed anew (they follow a change of the view a moment later)."""
    camera_arrived = Signal()
    """An eased move of the camera (ease_to_neighbourhood) reached where it was going."""
    menu_asked = Signal(str, QPoint)
    """A context menu is asked for (a right-click, or the Menu key): for the node under the
    mouse (from the keyboard, the focus), "" for none; and where on the screen to show it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._theme = theme_for(self.palette())
        self._canvas: Any = pg.GraphicsView(background=self._theme.background)
        self._canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._box: Any = pg.ViewBox(lockAspect=True, enableMenu=False)
        self._canvas.setCentralItem(self._box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._canvas)
        self._edges = EdgeLayer(self._box)
        self._nodes = NodeLayer(self._box, self._theme)
        self._labels = LabelLayer(self._box)
        self._legend = GraphLegend(self)
        self._fitted = False  # the view is as fit() left it: the user has not moved it
        self._camera: CameraMove | None = None  # made with the first eased move
        self._legend.move(8, 8)
        self._legend.raise_()
        self._graph: Any = _NoGraph()  # networkx is imported with the first real graph
        self._a = GraphArrays.from_graph(self._graph)
        self._colour_mode = "kind"
        self._colours: list[str] = []
        self._overlay: tuple[dict[str, str], list[tuple[str, str]]] | None = None
        self._until: set[str] | None = None
        self._kinds: set[str] | None = None
        self._local: tuple[str, set[str]] | None = None
        self._focus: str | None = None  # the focus drawn, as show_focus was last told
        self._highlight: set[str] = set()
        self._asked_highlight: set[str] = set()  # some may be folded away in a map, for now
        self._badges: set[str] = set()
        self._path: list[str] = []
        self._named: list[str] = []  # always labelled (the concepts a caption names)
        self._hide_below = 0  # labels smaller than this (before scaling) are not drawn
        self._halo_alpha = 205
        self._node_scale = 1.0
        self._shown: BoolArray = np.zeros(0, dtype=bool)
        self._edge_shown: BoolArray = np.zeros(0, dtype=bool)
        self._far_out = False
        self._mouse = GraphMouse(self._canvas, self._on_screen, self)
        self._mouse.node_clicked.connect(self.node_clicked)
        self._mouse.edge_clicked.connect(self.edge_clicked)
        self._mouse.edge_hovered.connect(self.edge_hovered)
        self._mouse.background_clicked.connect(self.background_clicked)
        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(LABEL_DELAY_MS)
        self._label_timer.timeout.connect(self._place_labels)
        self._box.sigRangeChanged.connect(self._on_range_changed)
        self._box.sigRangeChangedManually.connect(self._moved_by_hand)
        self._restyle()

    @property
    def describe(self) -> Callable[[str], str] | None:
        """Passage id → a line of its words, for link tooltips (set by whoever knows the text)."""
        return self._mouse.describe

    @describe.setter
    def describe(self, describe: Callable[[str], str] | None) -> None:
        self._mouse.describe = describe

    def refresh_tooltip(self) -> None:
        """The tooltip of the link under the mouse, again: ``describe`` knows more now."""
        self._mouse.retip()

    # -- what is shown ---------------------------------------------------------------------

    def set_graph(
        self, graph: nx.Graph, arrays: GraphArrays | None = None, keep_view: bool = False
    ) -> None:
        """Show `graph`, fitted to the view. Focus, highlights, path, local mode, the colour
        overlay and the time filter start afresh; the kind filter and the colour mode stay.
        With `keep_view` (the same library drawn anew: a map showing more concepts or a node
        unfolded) the zoom stays, and so does all the rest for the nodes still there.
        `arrays` (GraphArrays.from_graph, which takes 60 ms at 2,800 nodes) can be made on a
        worker thread beforehand. `graph_shown(keep_view)` follows."""
        self._graph, focus = graph, self._focus
        self._a = a = GraphArrays.from_graph(graph) if arrays is None else arrays
        self._labels.set_labels(a.labels, a.label_px.tolist())
        if keep_view:
            self._focus = focus if focus in a.index else None
            self._highlight = {n for n in self._asked_highlight if n in a.index}
            self._path = [n for n in self._path if n in a.index]
            self._named = [n for n in self._named if n in a.index]
            if self._local is not None and self._local[0] not in a.index:
                self._local = None
        else:
            self._focus, self._highlight, self._path, self._local = None, set(), [], None
            self._asked_highlight, self._named = set(), []
            self._until = None
            if self._colour_mode == "overlay":
                self._overlay, self._colour_mode = None, "kind"
        if self._overlay is not None:
            self._colours = [self._overlay[0].get(n, OVERLAY_OTHER) for n in a.ids]
        else:
            self._colours = node_colours(a.kinds, a.community, self._colour_mode)
        self._update_visibility()
        if not keep_view:
            self.fit()
        self.graph_shown.emit(keep_view)

    def has_node(self, node_id: str) -> bool:
        """Whether the graph shown holds this node (a map holds only some of the library's)."""
        return node_id in self._a.index

    def set_badges(self, node_ids: Iterable[str]) -> None:
        """Mark nodes that carry notes with a small badge (kept across set_graph)."""
        self._badges = set(node_ids)
        self._redraw_marks()

    def badges(self) -> set[str]:
        return {n for n in self._badges if n in self._a.index}

    def set_color_mode(self, mode: str) -> None:
        """Colour nodes by "kind" (the default) or by "community"."""
        if mode not in COLOUR_MODES:
            raise ValueError(f"colour mode must be 'kind' or 'community', not {mode!r}")
        if mode == self._colour_mode:
            return  # already so (set_graph keeps the colours up to date); no redraw
        self._colour_mode, self._overlay = mode, None
        self._colours = node_colours(self._a.kinds, self._a.community, mode)
        self._redraw()

    def set_overlay(self, colours: dict[str, str], legend: Sequence[tuple[str, str]]) -> None:
        """Colour nodes by values computed elsewhere (a trend's mean year or status): node id →
        colour, and the legend's (name, colour) rows. Nodes without a colour are grey.
        set_color_mode goes back to kinds or communities."""
        self._overlay, self._colour_mode = (dict(colours), list(legend)), "overlay"
        self._colours = [colours.get(n, OVERLAY_OTHER) for n in self._a.ids]
        self._redraw()

    def colour_mode(self) -> str:
        """ "kind", "community" or "overlay"."""
        return self._colour_mode

    def set_shown_until(self, node_ids: Iterable[str] | None) -> None:
        """Show only these nodes (those a time slider has reached); None shows them all."""
        self._until = None if node_ids is None else set(node_ids)
        self._update_visibility()

    def set_visible_kinds(self, kinds: Iterable[str] | None) -> None:
        """Show only nodes of these kinds (and edges between them); None shows every kind."""
        self._kinds = None if kinds is None else set(kinds)
        self._update_visibility()

    def set_local(self, node_id: str | None, nodes: Iterable[str] = ()) -> None:
        """Show only `nodes` around `node_id` (a neighbourhood the navigator computed in the
        core); None shows the whole graph again. The kind filter still applies."""
        if node_id is not None:
            self._check(node_id)
        around = {n for n in nodes if n in self._a.index}
        self._local = None if node_id is None else (node_id, around)
        self._update_visibility()
        self.fit()

    def visible_kinds(self) -> set[str] | None:
        """The kinds shown (None: every kind)."""
        return None if self._kinds is None else set(self._kinds)

    def local_centre(self) -> str | None:
        """The node whose neighbourhood alone is shown, or None for the whole graph."""
        return None if self._local is None else self._local[0]

    def visible_nodes(self) -> set[str]:
        """Ids of the nodes currently drawn (after the kind filter and local mode)."""
        return {self._a.ids[i] for i in np.flatnonzero(self._shown)}

    def visible_links(self) -> list[tuple[str, str]]:
        """The links currently drawn, as pairs of node ids (weight-1 links skipped far out
        are still counted: they are drawn as soon as one zooms in)."""
        ids = self._a.ids
        return [(ids[u], ids[v]) for u, v in self._a.edges[self._edge_shown]]

    def show_focus(self, node_id: str | None) -> None:
        """Draw this node as the focus: it and its neighbours stand out, the rest of the graph
        fades; None draws the unfocused graph. Whoever owns the focus says (the navigator)."""
        if node_id is not None:
            self._check(node_id)
        if node_id != self._focus:
            self._focus = node_id
            self._redraw()

    def shown_focus(self) -> str | None:
        """The node drawn as the focus, or None."""
        return self._focus

    def highlight(self, node_ids: Iterable[str]) -> None:
        """Ring these nodes (e.g. search hits) and label them, without moving the focus."""
        self._asked_highlight = set(node_ids)
        self._highlight = {n for n in self._asked_highlight if n in self._a.index}
        if self._focus is None and not self._path:
            self._redraw_marks()  # only the rings change: keep search-as-you-type quick
        else:
            self._redraw()

    def highlighted(self) -> set[str]:
        """Ids of the highlighted nodes that are in the graph."""
        return set(self._highlight)

    def path(self) -> list[str]:
        """The nodes of the path drawn, in order (empty when none is)."""
        return list(self._path)

    def show_path(self, node_ids: Sequence[str]) -> None:
        """Emphasise the links between consecutive nodes of a path; an empty path clears it."""
        self._path = [n for n in node_ids if n in self._a.index]
        self._redraw()

    def label_always(self, node_ids: Sequence[str]) -> None:
        """Label these nodes whenever they are in view, as the focus and a path are (the
        concepts a slide's caption names); an empty list ends it."""
        self._named = [n for n in dict.fromkeys(node_ids) if n in self._a.index]
        self._label_timer.start()

    def fit(self) -> None:
        """Zoom and pan so that every visible node is in view."""
        self._stop_camera()
        self.set_view_range(*self.fit_range())
        self._fitted = True

    def fit_range(self) -> tuple[float, float, float, float]:
        """The range fit() shows, (x0, x1, y0, y1), without moving the view."""
        pos = self._a.pos[self._shown] if self._shown.any() else np.array([[-1.0, -1.0], [1, 1]])
        return self._range_of(pos, 0.05)

    def _range_of(self, pos: FloatArray, least: float) -> tuple[float, float, float, float]:
        """A range that shows these positions whole: at least ``least`` from the middle each
        way, below a wide legend, with room for the labels and nodes at the rim."""
        low, high = pos.min(axis=0), pos.max(axis=0)
        middle, half = (low + high) / 2, np.maximum((high - low) / 2, least)
        (x0, y0), (x1, y1) = middle - half, middle + half
        share = self._legend_share()
        y1 += (y1 - y0) * share / (1.0 - share)  # the nodes start below a wide legend
        pad_x, pad_y = (x1 - x0) * FIT_PADDING, (y1 - y0) * FIT_PADDING  # labels at the rim
        return float(x0 - pad_x), float(x1 + pad_x), float(y0 - pad_y), float(y1 + pad_y)

    def ease_to_neighbourhood(self, node_id: str, unless_in_view: bool = False) -> None:
        """Move the camera, eased, to a node and the nodes it links to as drawn: the
        neighbourhood a focus lights up fills the view. With ``unless_in_view``, a view that
        shows all of them already stays where it is."""
        self._check(node_id)
        a, graph = self._a, self._graph
        near = [node_id, *(n for n in graph.neighbors(node_id) if n in a.index)]
        rows = [a.index[n] for n in near if self._shown[a.index[n]]]
        if not rows:
            return
        if unless_in_view:
            (x0, x1), (y0, y1) = self._box.viewRange()
            pos = a.pos[rows]
            inside = (pos[:, 0] >= x0) & (pos[:, 0] <= x1) & (pos[:, 1] >= y0) & (pos[:, 1] <= y1)
            if inside.all():
                return
        target = self._range_of(a.pos[rows], 0.12)
        if self._camera is None:
            from explorer.ui.graph.camera import CameraMove

            self._camera = CameraMove(self)
            self._camera.arrived.connect(self.camera_arrived)
        self._camera.go(self.view_range(), target)
        self._fitted = False

    def camera_moving(self) -> bool:
        """Whether an eased move of the camera is under way."""
        return self._camera is not None and self._camera.moving()

    def _stop_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()

    def _moved_by_hand(self, *_: object) -> None:
        self._fitted = False
        self._stop_camera()

    def _legend_share(self) -> float:
        """The share of the view's height that a legend wider than a third of it covers."""
        viewport: QWidget = self._canvas.viewport()
        legend = self._legend.geometry()
        if not self._legend.isVisible() or legend.width() * 3 < viewport.width():
            return 0.0
        return min((legend.bottom() + 6) / max(1, viewport.height()), 0.4)

    def reveal(self, node_ids: Iterable[str], margin: float = 60.0) -> None:
        """Pan (and zoom out only if they cannot fit) so that these nodes are in view, with
        `margin` pixels to spare; a view that shows them already does not move."""
        rows = [self._a.index[n] for n in node_ids if n in self._a.index]
        if not rows:
            return
        pos, span = self._a.pos[rows], self.pixel_span()
        low, high = pos.min(axis=0) - margin * span, pos.max(axis=0) + margin * span
        (x0, x1), (y0, y1) = self._box.viewRange()
        if low[0] >= x0 and high[0] <= x1 and low[1] >= y0 and high[1] <= y1:
            return
        width, height = max(x1 - x0, high[0] - low[0]), max(y1 - y0, high[1] - low[1])
        cx = min(max((x0 + x1) / 2, high[0] - width / 2), low[0] + width / 2)
        cy = min(max((y0 + y1) / 2, high[1] - height / 2), low[1] + height / 2)
        self._fitted = False
        self._box.setRange(
            xRange=(cx - width / 2, cx + width / 2),
            yRange=(cy - height / 2, cy + height / 2),
            padding=0.0,
        )

    def pixel_span(self) -> float:
        """How wide one screen pixel is in the graph's coordinates, at the present zoom."""
        (x0, x1), _ = self._box.viewRange()
        viewport: QWidget = self._canvas.viewport()
        return float(x1 - x0) / max(1, viewport.width())

    def node_position(self, node_id: str) -> QPointF:
        """Where a node is drawn, in pixels of `viewport()` (e.g. to place a popup beside it)."""
        self._check(node_id)
        x, y = self._screen(self._a.pos[[self._a.index[node_id]]])[0]
        return QPointF(float(x), float(y))

    # -- presenting and the camera ---------------------------------------------------------

    def set_presenting(self, scale: float, hide_below: int = 0) -> None:
        """Labels and nodes `scale` times larger, labels on an opaque halo, and none of
        those smaller than `hide_below` pixels (before scaling) except the focus and path:
        legible across a room. Both are drawn in screen pixels: zooming never shrinks them."""
        self._labels.set_scale(scale)
        self._node_scale = max(1.0, scale * 0.8)
        self._legend.set_scale(max(1.0, scale * 0.7))
        self._hide_below = hide_below
        self._halo_alpha = 235 if scale > 1 else 205
        self._redraw()

    def view_range(self) -> tuple[float, float, float, float]:
        """What the view shows now: (x0, x1, y0, y1) in graph coordinates."""
        (x0, x1), (y0, y1) = self._box.viewRange()
        return float(x0), float(x1), float(y0), float(y1)

    def set_view_range(self, x0: float, x1: float, y0: float, y1: float) -> None:
        """Show exactly this part of the graph (the aspect kept: the longer side wins)."""
        self._fitted = False
        self._box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def viewport(self) -> QWidget:
        """The widget the graph is painted on, which receives the mouse."""
        viewport: QWidget = self._canvas.viewport()
        return viewport

    def labels_due(self) -> bool:
        """Whether the labels are to be placed anew (``labels_placed`` follows)."""
        return self._label_timer.isActive()

    def shown_labels(self) -> dict[str, str]:
        """Node id → label text, for every label on screen now."""
        return {self._a.ids[i]: text for i, text in self._labels.shown().items()}

    # -- drawing ---------------------------------------------------------------------------

    def _check(self, node_id: str) -> None:
        if node_id not in self._a.index:
            raise KeyError(f"no node {node_id!r} in the graph")

    def _update_visibility(self) -> None:
        a = self._a
        shown = np.ones(len(a.ids), dtype=bool)
        if self._kinds is not None:
            shown = np.array([kind in self._kinds for kind in a.kinds], dtype=bool)
        if self._until is not None:
            shown &= a.mask(n for n in self._until if n in a.index)
        if self._local is not None:
            centre, around = self._local
            shown &= a.mask(around)
            shown[a.index[centre]] = True
        self._shown = shown
        self._edge_shown = shown[a.edges[:, 0]] & shown[a.edges[:, 1]]
        self._redraw()

    def _focus_edges(self) -> IntArray:
        focus = None if self._focus is None else self._a.index[self._focus]
        return self._a.edges_around(focus, self._edge_shown)

    def _lit(self) -> BoolArray | None:
        """While a node is focused, the nodes drawn at full strength: the focused one, its
        visible neighbours, the highlights and the path. None without a focus."""
        if self._focus is None:
            return None
        lit = self._a.mask([self._focus, *self._highlight, *self._path, *self._a.unfolded])
        lit[self._focus_edges().reshape(-1)] = True
        return lit

    def _redraw(self) -> None:
        a, lit, rows = self._a, self._lit(), np.flatnonzero(self._shown)
        dimmed = [False] * len(rows) if lit is None else (~lit[rows]).tolist()
        sizes = self._sizes()
        self._nodes.show(a.pos[rows], sizes[rows], [self._colours[i] for i in rows], dimmed)
        self._redraw_marks(sizes, relabel=False)
        self._edges.restyle(
            self._theme, dimmed=lit is not None, thin=self._far_out, light=a.weighted
        )
        self._edges.show(a.pos, a.edges, a.classes, self._edge_shown)
        self._edges.show_focus(a.pos, self._focus_edges())
        self._edges.show_path(a.pos, a.path_edges(self._path))
        kinds = [a.kinds[i] for i in rows]
        legend_was = self._legend.geometry() if self._legend.isVisible() else None
        if self._overlay is not None:
            self._legend.set_entries(self._overlay[1])
        else:
            names = a.community_names
            mode = self._colour_mode
            self._legend.set_entries(legend_entries(kinds, a.community[rows], mode, names))
        legend_is = self._legend.geometry() if self._legend.isVisible() else None
        if legend_is != legend_was and self._fitted:
            self.fit()  # an untouched view makes room for the legend as it now is
        self._update_detail()
        self._label_timer.start()

    def _redraw_marks(self, sizes: FloatArray | None = None, relabel: bool = True) -> None:
        """Rings (focus, highlights) and note badges, which change far more often than nodes."""
        a = self._a
        sizes = self._sizes() if sizes is None else sizes
        rings = [i for i in sorted(a.index[n] for n in self._highlight) if self._shown[i]]
        focus = None if self._focus is None else a.index[self._focus]
        focus = focus if focus is not None and self._shown[focus] else None
        self._nodes.show_rings(a.pos, sizes, rings, focus)
        badges = [a.index[n] for n in sorted(self._badges) if n in a.index]
        self._nodes.show_badges(a.pos, sizes, [i for i in badges if self._shown[i]])
        if relabel:
            self._label_timer.start()

    def _update_detail(self) -> None:
        """Level of detail: with thousands of nodes in view, skip weight-1 edges, shrink nodes."""
        far = False
        if np.count_nonzero(self._shown) >= DETAIL_NODES:
            (x0, x1), (y0, y1) = self._box.viewRange()
            x, y = self._a.pos[:, 0], self._a.pos[:, 1]
            in_view = self._shown & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            far = int(np.count_nonzero(in_view)) >= DETAIL_NODES
        if far != self._far_out:
            self._far_out = far
            self._edges.set_light_edges_shown(not far)
            self._redraw()  # thinner edges, smaller nodes

    def _sizes(self) -> FloatArray:
        """Node diameters; far out they shrink toward the smallest, so that crowds stay apart."""
        sizes = shrunk(self._a.sizes) if self._far_out else self._a.sizes
        return sizes * self._node_scale if self._node_scale != 1.0 else sizes

    def _restyle(self) -> None:
        self._theme = theme_for(self.palette())
        self._canvas.setBackground(self._theme.background)
        self._nodes.restyle(self._theme)
        self._redraw()

    # -- labels ----------------------------------------------------------------------------

    def _screen(self, pos: FloatArray) -> FloatArray:
        """Data positions → viewport pixels, in one matrix product."""
        self._box.childTransform()  # brings a pending range change into the transform
        return to_screen(
            self._box.childGroup.sceneTransform() * self._canvas.viewportTransform(), pos
        )

    def _place_labels(self) -> None:
        a, near = self._a, self._lit()
        screen = self._screen(a.pos)
        width, height = self._canvas.viewport().width(), self._canvas.viewport().height()
        x, y = screen[:, 0], screen[:, 1]
        in_view = self._shown & (x >= 0) & (x <= width) & (y >= 0) & (y <= height)
        forced, wanted = self._forced_labels(in_view)
        offered, obstacles = label_candidates(a.order, in_view, forced + wanted, near)
        if self._hide_below:
            small = self._labels.base_size
            asked = set(wanted)
            offered = forced + [
                i for i in offered[len(forced) :] if i in asked or small(i) >= self._hide_below
            ]
        bounds = (2.0, 2.0, width - 2.0, height - 2.0)
        placements = place_labels(
            screen,
            self._sizes() / 2,
            offered,
            len(forced),
            self._labels.size_of,
            bounds,
            obstacles,
            reserved=self._legend_rect(),
        )
        ink, faint = self._theme.text, self._theme.over(self._theme.text, 0.5)
        inks = [faint if near is not None and not near[p.node] else ink for p in placements]
        halo = QColor(self._theme.background)
        halo.setAlpha(self._halo_alpha)
        focus = None if self._focus is None else a.index[self._focus]
        self._labels.show(placements, a.pos, inks, halo, focus)
        self.labels_placed.emit()

    def _forced_labels(self, in_view: BoolArray) -> tuple[list[int], list[int]]:
        """Nodes that always get a label (the focus, the path), and the highlights and the
        nodes a map unfolded, which are offered first but, like every other label, only where
        they overlap nothing."""
        a = self._a
        must = [self._focus] if self._focus is not None else []
        must += self._path + self._named
        rows = [a.index[n] for n in dict.fromkeys(must)]
        forced = [i for i in rows if in_view[i]]
        lit = sorted(self._highlight, key=lambda n: int(a.rank[a.index[n]]))
        if self._focus is not None:
            lit += [n for n in a.unfolded if n not in self._highlight]
        wanted = [a.index[n] for n in lit if n not in must and in_view[a.index[n]]]
        return forced, wanted

    def _legend_rect(self) -> list[tuple[float, float, float, float]]:
        """Where the legend covers the graph, in viewport pixels: labels keep out of it."""
        if not self._legend.isVisible():
            return []
        r = self._legend.geometry()
        corner = self._canvas.viewport().mapFrom(self, r.topLeft())
        x, y = float(corner.x()), float(corner.y())
        return [(x, y, x + r.width(), y + r.height())]

    # -- input ---------------------------------------------------------------------------

    def _on_screen(self) -> OnScreen:
        """What is drawn now, for the mouse's hit tests (far out, weight-1 links are not)."""
        a = self._a
        links = self._edge_shown & (a.classes > 0) if self._far_out else self._edge_shown
        return OnScreen(self._graph, a, self._shown, links, self._screen(a.pos), self._sizes())

    def node_at(self, point: QPointF) -> str | None:
        """The node drawn under this point of `viewport()`, if any."""
        drawn = self._on_screen()
        row = node_at(drawn.screen, drawn.sizes, drawn.nodes, np.array([point.x(), point.y()]))
        return None if row is None else self._a.ids[row]

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right-click asks for the menu of the node under it; the Menu key (or Shift+F10),
        for the node focused."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            focus = self._focus
            drawn = focus is not None and bool(self._shown[self._a.index[focus]])
            node = focus if drawn and focus is not None else None
            at = self.node_position(node).toPoint() if node else self.viewport().rect().center()
            where = self.viewport().mapToGlobal(at)
        else:
            where = event.globalPos()
            node = self.node_at(QPointF(self.viewport().mapFromGlobal(where)))
        event.accept()
        self.menu_asked.emit(node or "", where)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, keys = Qt.Key(event.key()), Qt.Key
        (x0, x1), (y0, y1) = self._box.viewRange()
        step = PAN_STEP * max(x1 - x0, y1 - y0)
        pans = {keys.Key_Left: (-step, 0.0), keys.Key_Right: (step, 0.0)}
        pans |= {keys.Key_Up: (0.0, step), keys.Key_Down: (0.0, -step)}
        if key in (keys.Key_Plus, keys.Key_Equal, keys.Key_Minus) or key in pans:
            self._fitted = False  # moved by hand: a new legend no longer refits the view
        if key in (keys.Key_Plus, keys.Key_Equal):
            self._box.scaleBy((1 / ZOOM_STEP, 1 / ZOOM_STEP))
        elif key == keys.Key_Minus:
            self._box.scaleBy((ZOOM_STEP, ZOOM_STEP))
        elif key in pans:
            self._box.translateBy(pans[key])
        elif key == keys.Key_0:
            self.fit()
        elif key == keys.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _on_range_changed(self, *_: object) -> None:
        self._update_detail()
        self._label_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
