"""The graph a library map shows: the heaviest concepts, the links above a weight, and the
sections and reports unfolded around a focused node (Obsidian's local graph inside the global
one). Node ids are the concept graph's, so every other part of the app keeps working."""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from explorer.core.graph.concept_map.model import ConceptMap, MapSettings
from explorer.core.graph.queries import STRUCTURAL_KINDS
from explorer.core.ids import is_concept, report_node

MAP_NODES = 250
"""A section graph of more nodes than this is no longer read at a glance: the whole-library
view becomes a map; so it does with more than MAP_CONCEPTS concepts."""
MAP_CONCEPTS = 120
FIRST_TOP = 100
LINKS_PER_CONCEPT = 3.0  # the first link threshold keeps about this many links per concept
UNFOLDED = 12  # sections unfolded around a focused concept (the heaviest mentions)


def wants_map(graph: nx.Graph) -> bool:
    """Whether the library is too big to read as its reports and sections (a few short
    reports are not; milvus-blog-en's 297 posts and 2,789 nodes are): then it is a map."""
    concepts = sum(kind not in STRUCTURAL_KINDS for _node, kind in graph.nodes(data="kind"))
    return graph.number_of_nodes() > MAP_NODES or concepts > MAP_CONCEPTS


def first_settings(graph: nx.Graph, cmap: ConceptMap, top: int = FIRST_TOP) -> MapSettings:
    """The first view of a map: the `top` heaviest concepts, and the lowest link weight that
    keeps the links to about `LINKS_PER_CONCEPT` per concept."""
    shown = set(cmap.concepts[:top])
    weights = sorted(
        (int(d.get("weight", 1)) for a, b, d in graph.subgraph(shown).edges(data=True)),
        reverse=True,
    )
    budget = int(LINKS_PER_CONCEPT * len(shown))
    least = weights[budget] + 1 if len(weights) > budget else 1
    return MapSettings(top=min(top, len(cmap.concepts)), min_weight=max(1, least))


def map_graph(
    graph: nx.Graph,
    cmap: ConceptMap,
    settings: MapSettings,
    focus: str | None = None,
    ring: float = 0.08,
) -> nx.Graph:
    """The map's drawable graph: the `settings.top` heaviest concepts (and a focused concept
    that is lighter), placed by the map, with their links of `settings.min_weight` and up; a
    focused node has its sections and reports unfolded around it, `ring` apart. The graph's
    attributes name the communities (`communities`) and list the unfolded nodes (`unfolded`)."""
    shown = [c for c in cmap.concepts[: settings.top] if c in cmap.positions]
    drawn = nx.Graph(communities=list(cmap.names), unfolded=[])
    for concept in shown:
        _concept(drawn, graph, cmap, concept, cmap.positions[concept])
    if focus is not None and is_concept(focus) and focus in cmap.weights and focus not in drawn:
        _concept(drawn, graph, cmap, focus, _beside(drawn, graph, focus, ring))
        shown.append(focus)
    for concept in shown:
        for other, data in graph.adj[concept].items():
            if other in drawn and int(data.get("weight", 1)) >= settings.min_weight:
                drawn.add_edge(concept, other, **data)
    if focus is not None and focus in graph:
        _unfold(drawn, graph, cmap, focus, ring)
    return drawn


def _concept(
    drawn: nx.Graph, graph: nx.Graph, cmap: ConceptMap, concept: str, at: tuple[float, float]
) -> None:
    place = {"x": at[0], "y": at[1], "community": cmap.community[concept]}
    drawn.add_node(concept, **{**graph.nodes[concept], **place}, weight=cmap.weights[concept])


def _beside(drawn: nx.Graph, graph: nx.Graph, concept: str, ring: float) -> tuple[float, float]:
    """A place for a concept the map does not show (it was focused): beside the concepts on
    the map that it shares the most passages with."""
    near = [
        (other, int(data.get("weight", 1)))
        for other, data in graph.adj[concept].items()
        if other in drawn and data.get("kind") == "co-occurs"
    ]
    total = sum(w for _, w in near)
    if not total:
        return 0.0, 0.0
    x = sum(drawn.nodes[c]["x"] * w for c, w in near) / total
    y = sum(drawn.nodes[c]["y"] * w for c, w in near) / total
    return x + ring, y + ring


def _unfold(drawn: nx.Graph, graph: nx.Graph, cmap: ConceptMap, node: str, ring: float) -> None:
    kind = graph.nodes[node]["kind"]
    if kind == "report":
        sections = sorted(graph.adj[node], key=lambda s: graph.nodes[s].get("number", 0))
        centre = _centre(drawn, graph, sections)
        _add(drawn, graph, node, centre, _community(drawn, graph, sections, cmap))
        _ring(drawn, graph, cmap, sections[:UNFOLDED], centre, ring, mentions=True)
    elif kind == "section":
        _ring(drawn, graph, cmap, [node], _centre(drawn, graph, [node]), ring, mentions=True)
    elif node in drawn:
        ranked = sorted(
            (s for s, d in graph.adj[node].items() if d["kind"] == "mentions"),
            key=lambda s: (-int(graph.adj[node][s].get("weight", 1)), s),
        )[:UNFOLDED]
        ranked.sort(key=lambda s: (graph.nodes[s].get("report", ""), graph.nodes[s]["number"]))
        centre = drawn.nodes[node]["x"], drawn.nodes[node]["y"]
        _ring(drawn, graph, cmap, ranked, centre, ring, mentions=False)
        for section in ranked:
            drawn.add_edge(node, section, **graph.adj[node][section])


def _ring(
    drawn: nx.Graph,
    graph: nx.Graph,
    cmap: ConceptMap,
    sections: list[str],
    centre: tuple[float, float],
    ring: float,
    mentions: bool,
) -> None:
    """Sections on a circle around `centre`; each report farther out, beyond its sections.
    With `mentions`, each section is linked to the concepts on the map that it mentions."""
    angles: dict[str, list[float]] = {}
    for i, section in enumerate(sections):
        angle = 2 * math.pi * i / max(len(sections), 1) - math.pi / 2
        where = (centre[0] + ring * math.cos(angle), centre[1] + ring * math.sin(angle))
        _add(drawn, graph, section, where, _community(drawn, graph, [section], cmap))
        report = report_node(str(graph.nodes[section].get("report", "")))
        if report in graph:
            angles.setdefault(report, []).append(angle)
        if mentions:
            for concept, data in graph.adj[section].items():
                if concept in drawn and is_concept(concept):
                    drawn.add_edge(section, concept, **data)
    for report, around in angles.items():
        angle = math.atan2(sum(map(math.sin, around)), sum(map(math.cos, around)))
        if report not in drawn:
            far = 1.9 * ring
            where = (centre[0] + far * math.cos(angle), centre[1] + far * math.sin(angle))
            _add(drawn, graph, report, where, _community(drawn, graph, [report], cmap))
        for section in sections:
            if graph.has_edge(report, section):
                drawn.add_edge(report, section, **graph.adj[report][section])


def _add(
    drawn: nx.Graph, graph: nx.Graph, node: str, where: tuple[float, float], community: int
) -> None:
    if node in drawn:
        return
    place = {"x": where[0], "y": where[1], "community": community, "weight": 0}
    drawn.add_node(node, **{**graph.nodes[node], **place})
    drawn.graph["unfolded"].append(node)


def _mentioned(drawn: nx.Graph, graph: nx.Graph, nodes: Iterable[str]) -> list[tuple[str, int]]:
    """The concepts on the map that these sections (or a report's sections) mention, weighted."""
    found: list[tuple[str, int]] = []
    for node in nodes:
        sections = graph.adj[node] if graph.nodes[node]["kind"] == "report" else [node]
        for section in sections:
            for concept, data in graph.adj[section].items():
                if concept in drawn and is_concept(concept):
                    found.append((concept, int(data.get("weight", 1))))
    return found


def _centre(drawn: nx.Graph, graph: nx.Graph, nodes: list[str]) -> tuple[float, float]:
    found = _mentioned(drawn, graph, nodes)
    total = sum(w for _, w in found)
    if not total:
        return 0.0, 0.0
    x = sum(drawn.nodes[c]["x"] * w for c, w in found) / total
    y = sum(drawn.nodes[c]["y"] * w for c, w in found) / total
    return x, y


def _community(drawn: nx.Graph, graph: nx.Graph, nodes: list[str], cmap: ConceptMap) -> int:
    found = _mentioned(drawn, graph, nodes)
    if not found:
        return len(cmap.names) - 1
    best = max(found, key=lambda item: (item[1], -cmap.rank(item[0])))[0]
    return cmap.community[best]
