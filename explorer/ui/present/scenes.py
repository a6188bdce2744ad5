"""What each stop of a tour shows, made on the worker before presenting starts.

A scene is the graph to draw (the library's section graph, or its concept map when it is
big, unfolded around a focus the map holds folded away), which of its nodes are shown (a
neighbourhood, the nodes a period has reached), the focus and path, and the words of the
caption (the evidence quote and where it comes from). The presenter only draws scenes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from explorer.core.errors import ExplorerError
from explorer.core.ids import is_concept
from explorer.ui.graph.map_controller import Drawn, drawable

if TYPE_CHECKING:
    from explorer.core.tours import Stop, Tour
    from explorer.core.workspace import Workspace

QUOTE_CHARS = 320
UNFOLD_RING = 0.08  # how far a map unfolds a focused concept's sections, in graph units


@dataclass(frozen=True)
class Scene:
    stop: Stop
    drawn: Drawn
    shown: frozenset[str] | None
    """Only these nodes (a neighbourhood, what a period reached); None: all of the graph."""
    focus: str | None
    path: tuple[str, ...]
    quote: str
    source: str
    period: int | None
    """For a trends stop: the index of its period in the timeline."""
    notes: tuple[str, ...] = ()
    """The first line of each note linked to the stop (for the presenter console)."""
    named: tuple[str, ...] = ()
    """The concepts the caption names by their labels: each is labelled on the picture."""


@dataclass(frozen=True)
class Prepared:
    tour: Tour
    scenes: tuple[Scene, ...]
    periods: tuple[str, ...]
    reached: tuple[frozenset[str], ...]
    """The nodes each period has reached, for playing the time slider."""
    first: dict[str, int]
    """A concept's first period, by its index (for colouring what a period brought)."""


def prepare(ws: Workspace, tour: Tour) -> Prepared:
    """On the worker: every stop's scene. A stop naming a node the library no longer has
    shows the graph without it rather than failing."""
    from explorer.ui.graph.overlay import reached
    from explorer.ui.graph.style import GraphArrays

    graph = ws.graph()
    line = ws.timeline() if any(s.view == "trends" for s in tour.stops) else None
    periods = tuple(p.id for p in line.periods) if line is not None else ()
    every = (
        tuple(frozenset(reached(line, i, graph.graph)) for i in range(len(periods))) if line else ()
    )
    drawn: dict[tuple[str, str | None], Drawn] = {}

    def draw(kind: str, focus: str | None) -> Drawn:
        """ "map": what the window draws (the map of a big library, unfolded around a focus
        it holds folded away); "full": the library's whole graph, for neighbourhoods."""
        key = (kind, focus)
        if key not in drawn:
            if kind == "map":
                drawn[key] = drawable(ws, graph, None, focus, UNFOLD_RING)
            else:
                whole = draw("map", None)
                drawn[key] = (
                    whole
                    if whole.settings is None
                    else Drawn(graph.graph, GraphArrays.from_graph(graph.graph))
                )
        return drawn[key]

    scenes = []
    for stop in tour.stops:
        focus = stop.focus if stop.focus in graph else None
        path = tuple(n for n in stop.path if n in graph)
        shown: frozenset[str] | None = None
        period: int | None = None
        if stop.view == "local" and focus is not None:
            chosen = draw("full", None)
            shown = frozenset(graph.neighbourhood(focus, stop.depth, stop.kinds))
        else:
            chosen = draw("map", None)
            if focus is not None and focus not in chosen.graph:
                chosen = draw("map", focus)
        if stop.view == "trends" and periods:
            period = periods.index(stop.period) if stop.period in periods else len(periods) - 1
            shown = every[period] | ({focus} if focus else set())
        quote, source = _evidence(ws, stop)
        notes = _notes(ws, stop.notes)
        named = named_in(stop.caption, chosen.graph, shown)
        scenes.append(Scene(stop, chosen, shown, focus, path, quote, source, period, notes, named))
    index = {p: i for i, p in enumerate(periods)}
    first = {c.id: index[c.first] for c in line.concepts if c.first in index} if line else {}
    return Prepared(tour, tuple(scenes), periods, every, first)


def named_in(caption: str, graph: Any, shown: frozenset[str] | None) -> tuple[str, ...]:
    """The concepts of the drawn graph (those shown, when only some are) whose label the
    caption says as a whole word, in the order it says them; the longest label wins where
    two overlap ("Vector database" over "Vector")."""
    if not caption:
        return ()
    found: list[tuple[int, int, str]] = []
    for node, data in graph.nodes(data=True):
        if not is_concept(node) or (shown is not None and node not in shown):
            continue
        label = str(data.get("label", ""))
        if not label:
            continue
        for hit in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)", caption):
            found.append((hit.start(), -len(label), node))
    named: list[str] = []
    end = -1
    for start, minus_length, node in sorted(found):
        if start >= end:
            named.append(node)
            end = start - minus_length
    return tuple(dict.fromkeys(named))


def _notes(ws: Workspace, note_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The first line of each linked note still there (a deleted one is left out)."""
    if not note_ids:
        return ()
    try:
        notes = {n.id: n for n in ws.notes().notes()}
    except ExplorerError:  # damaged notes: the tour is presented without them
        return ()
    lines = []
    for note_id in note_ids:
        note = notes.get(note_id)
        if note is not None:
            first = next((ln.strip() for ln in note.body.splitlines() if ln.strip()), "")
            lines.append(first or "(a highlight)")
    return tuple(lines)


def _evidence(ws: Workspace, stop: Stop) -> tuple[str, str]:
    """About QUOTE_CHARS of the evidence passage's words around the stop's focus, and
    "Report › Section · id"."""
    from explorer.core.explain import passage_line
    from explorer.core.reports import on_page

    passage_id = stop.evidence
    if not passage_id:
        return "", ""
    try:
        report, section, passage = ws.passage(passage_id)
    except ExplorerError:
        return "", f"{passage_id} (no longer in the library)"
    words = passage_line(ws, passage_id, QUOTE_CHARS, [stop.focus] if stop.focus else [])
    place = report.breadcrumb(section.id)
    return words, f"{report.title} › {place} · {passage_id}{on_page(passage.page)}"
