"""The whole-library view: a concept map when the library is big, its sections otherwise.

What to draw is decided and made on the worker (explorer.core.graph: wants_map, map_graph);
the view only draws it. The controller keeps what the user chose (how many concepts, the
weakest link shown) and which node is unfolded: focusing a concept unfolds its sections and
reports around it, clearing the focus folds them away again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.core.ids import is_concept
from explorer.ui.graph.map_bar import MapBar
from explorer.ui.graph.style import GraphArrays

if TYPE_CHECKING:
    import networkx as nx

    from explorer.core.changes import Changes
    from explorer.core.graph import ConceptGraph, MapSettings
    from explorer.core.workspace import Workspace
    from explorer.ui.tasks import Task
    from explorer.ui.window_parts import WindowParts

RING_PX = 120.0  # how far from a focused node its sections unfold, in pixels at the present zoom
PREPARING = "Preparing the concept graph…"


@dataclass(frozen=True)
class Drawn:
    """What the graph view is given: a graph and its arrays; for a map, the settings it was
    made with, how many concepts the library has, and the node it unfolds."""

    graph: nx.Graph
    arrays: GraphArrays
    settings: MapSettings | None = None
    total: int = 0
    focus: str | None = None


def first_drawn(ws: Workspace) -> Drawn | None:
    """On the worker: the map as this library was first drawn, from the cache (see
    GraphService.first_map), or None: a big library's map is drawn at once with it, before
    the whole graph is read."""
    first = ws.graphs.first_map()
    if first is None:
        return None
    return Drawn(first.graph, GraphArrays.from_graph(first.graph), first.settings, first.total)


def drawable(
    ws: Workspace,
    graph: ConceptGraph,
    settings: MapSettings | None,
    focus: str | None,
    ring: float,
) -> Drawn:
    """On the worker: the section graph as it is, or the map with these settings (the first
    settings of this library when None), unfolded around ``focus`` at ``ring``."""
    from explorer.core.graph import FIRST_TOP, first_settings, map_graph, wants_map

    full = graph.graph
    if not wants_map(full):
        return Drawn(full, GraphArrays.from_graph(full))
    chosen = settings or first_settings(full, ws.graphs.concept_map(FIRST_TOP))
    cmap = ws.graphs.concept_map(chosen.top)
    drawn = map_graph(full, cmap, chosen, focus, ring)
    if settings is None and focus is None:  # the first view: the next window draws it at once
        from explorer.core.graph import FirstMap

        ws.graphs.keep_first_map(graph, FirstMap(drawn, chosen, len(cmap.concepts)))
    return Drawn(drawn, GraphArrays.from_graph(drawn), chosen, len(cmap.concepts), focus)


class MapController:
    def __init__(self, window: WindowParts) -> None:
        self.w = window
        self.bar = MapBar()
        self.bar.hide()
        self.settings: MapSettings | None = None
        self.unfolded: str | None = None
        self._total = 0
        self._early = False  # the map drawn is the cached first one: the graph is on its way
        self.bar.more_asked.connect(lambda: self._change(lambda s: s.more(self._total)))
        self.bar.fewer_asked.connect(lambda: self._change(lambda s: s.fewer()))
        self.bar.min_weight_changed.connect(lambda w: self._change(lambda s: s.links(w)))
        window.navigator.focus_changed.connect(self._focus_changed)
        window.runner.changed.connect(self._apply)

    def is_map(self) -> bool:
        """Whether the view shows the library as a concept map."""
        return self.settings is not None

    def _apply(self, changes: Changes, _initiator: object) -> None:
        """Reports came, changed or went: the graph (and the map) is made anew. The user's
        concept edits changed: the edited graph is drawn where the view is."""
        if changes.text_changed:
            self.load()
        elif changes.vocabulary_changed:
            self.load(edited=True)

    def load(self, edited: bool = False) -> None:
        """Build or load the library's graph on the build lane, and what the view draws of
        it (the user's map settings carry over to the new graph); then show both. The
        navigator is given the graph last, and tells the rest of the window. ``edited``:
        the same library with the user's concepts edited, drawn without moving the view
        or folding what is unfolded, and without a word in the status bar (the edit's own
        message is there)."""
        settings = self.settings
        focus = self.unfolded if edited else None
        ring = RING_PX * self.w.graph_view.pixel_span() if edited else 0.0
        self.w.runner.supersede("map")  # a map of the graph being replaced is not wanted
        if not edited:
            self.w.statusBar().showMessage(PREPARING)
        early = not edited and self.w.navigator.concept_graph is None
        if early:  # nothing drawn yet: a big library's map as it was first drawn, at once
            self.w.runner.build(
                lambda ws, _task: first_drawn(ws), self._drawn_early, lambda _m: None, key="map"
            )

        def work(ws: Workspace, task: Task) -> tuple[ConceptGraph, Drawn]:
            graph = ws.graph_apart(lambda: task.cancelled)  # never built beside the window
            return graph, drawable(ws, graph, settings, focus, ring)

        def ready(answer: tuple[ConceptGraph, Drawn]) -> None:
            graph, drawn = answer
            kept = edited or (early and self._early)  # where the user may have moved it
            self._early = False
            self.show(drawn, keep_view=kept)  # the sections' graph, or a big library's map
            self.w.navigator.set_graph(graph)
            status = self.w.statusBar()
            if not edited and status.currentMessage() in ("", PREPARING):  # not over newer
                status.showMessage("Ready. Click a node, or search.", 4000)

        self.w.runner.build(work, ready, self._failed, key="graph")

    def _drawn_early(self, drawn: Drawn | None) -> None:
        if drawn is not None and self.w.navigator.concept_graph is None:
            self.show(drawn)
            self._early = True

    def _failed(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 10000)
        self.w.dialogs.error(self.w, "Trend Explorer", message)

    def show(self, drawn: Drawn, keep_view: bool = False) -> None:
        """Show a newly loaded graph, fitted to the view (or, ``keep_view``, where it is)."""
        was_map = self.is_map()
        self.settings, self.unfolded, self._total = drawn.settings, drawn.focus, drawn.total
        self.w.graph_view.set_graph(drawn.graph, drawn.arrays, keep_view=keep_view)
        self._show_bar()
        if was_map != self.is_map():  # a map reads by its communities, sections by their kinds
            self.w.trends.bar.set_colouring("community" if self.is_map() else "kind")

    def _redraw(self, settings: MapSettings, focus: str | None) -> None:
        graph = self.w.navigator.concept_graph
        if graph is None:
            return
        ring = RING_PX * self.w.graph_view.pixel_span()

        def done(drawn: Drawn) -> None:
            if graph is self.w.navigator.concept_graph and drawn.settings is not None:
                self._redrawn(drawn)

        self.w.runner.build(
            lambda ws, _task: drawable(ws, graph, settings, focus, ring),
            done,
            lambda message: self.w.statusBar().showMessage(message, 6000),
            key="map",
        )

    def _redrawn(self, drawn: Drawn) -> None:
        self.settings, self.unfolded = drawn.settings, drawn.focus
        view = self.w.graph_view
        view.set_graph(drawn.graph, drawn.arrays, keep_view=True)
        self._show_bar()
        if drawn.focus is not None:
            view.reveal([drawn.focus, *drawn.graph.graph["unfolded"]])

    def _show_bar(self) -> None:
        settings = self.settings
        self.bar.setVisible(settings is not None)
        if settings is not None:
            shown = min(settings.top, self._total)
            fewer = settings.fewer().top < shown
            self.bar.show_state(shown, self._total, settings.min_weight, fewer)

    def _change(self, how: Callable[[MapSettings], MapSettings]) -> None:
        if self.settings is not None:
            self._redraw(how(self.settings), self.unfolded)

    def _focus_changed(self, node: str) -> None:
        """The navigator's focus: a focused concept unfolds, and so does any node the map
        holds folded away (the view draws its focus once it shows it); a cleared focus folds
        back. A section or report that is focused stays within what is unfolded already."""
        if self.settings is None:
            return
        if not node:
            if self.unfolded is not None:
                self._redraw(self.settings, None)
        elif node != self.unfolded and (is_concept(node) or not self.w.graph_view.has_node(node)):
            self._redraw(self.settings, node)
