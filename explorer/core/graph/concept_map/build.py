"""Building the library map from the concept graph: weights, communities, names, places."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from explorer.core.graph.concept_map.communities import association, communities
from explorer.core.graph.concept_map.model import ConceptMap
from explorer.core.graph.layout import force_layout
from explorer.core.graph.queries import STRUCTURAL_KINDS

LAYOUT_ITERATIONS = 120
SAME_COMMUNITY = 6.0  # links within a community pull harder: a community is a region
NEAREST = 6  # each concept is pulled by its most strongly associated few, not by all
STRONGEST_CLIP = 8.0  # association strengths above this many times the median pull no harder


def concept_weights(graph: nx.Graph) -> dict[str, int]:
    """Each concept's weight: how many sections mention it (so one long report and many short
    ones weigh alike; a word repeated in one section counts once)."""
    weights: Counter[str] = Counter()
    for node, kind in graph.nodes(data="kind"):
        if kind not in STRUCTURAL_KINDS:
            weights[node] = 0
    for a, b, kind in graph.edges(data="kind"):
        if kind == "mentions":
            weights[b if b in weights else a] += 1
    return dict(weights)


def concept_links(graph: nx.Graph) -> dict[tuple[str, str], int]:
    """Concept pairs that share passages, each once (sorted ends), with how many they share."""
    return {
        (min(a, b), max(a, b)): int(weight)
        for a, b, kind, weight in _edges(graph)
        if kind == "co-occurs"
    }


def _edges(graph: nx.Graph) -> list[tuple[str, str, str, int]]:
    return [(a, b, d["kind"], d.get("weight", 1)) for a, b, d in graph.edges(data=True)]


def build_concept_map(graph: nx.Graph) -> ConceptMap:
    """The map of every concept in `graph` (a whole library's concept graph)."""
    weights = concept_weights(graph)
    counts = {c: int(graph.nodes[c].get("count", 0)) for c in weights}
    order = sorted(weights, key=lambda c: (-weights[c], -counts[c], c))
    labels = {c: str(graph.nodes[c].get("label", c)) for c in order}
    strength = association(concept_links(graph))
    member, names = communities(order, weights, labels, strength)
    return ConceptMap(
        concepts=tuple(order),
        weights=weights,
        positions=_layout(order, member, _nearest(strength)),
        community=member,
        names=tuple(names),
    )


def _layout(
    order: list[str], member: dict[str, int], strength: dict[tuple[str, str], float]
) -> dict[str, tuple[float, float]]:
    """Force-directed places where a link pulls by its association strength (clipped, so that
    two rare concepts met once do not weld together)."""
    layout = nx.Graph()
    for concept in order:
        layout.add_node(concept, community=member[concept])
    if strength:
        median = float(np.median(list(strength.values()))) or 1.0
        for (a, b), s in strength.items():
            kin = SAME_COMMUNITY if member[a] == member[b] else 1.0
            layout.add_edge(a, b, weight=kin * min(s / median, STRONGEST_CLIP))
    places = force_layout(layout, iterations=LAYOUT_ITERATIONS)
    return {str(c): xy for c, xy in places.items()}


def _nearest(strength: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """The links that are among the `NEAREST` strongest of either end (a k-nearest-neighbour
    graph): a concept every text mentions keeps its few true neighbours instead of pulling
    the whole map into a knot around itself."""
    ranked: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    for pair, s in strength.items():
        for end in pair:
            ranked.setdefault(end, []).append((s, pair))
    kept: dict[tuple[str, str], float] = {}
    for links in ranked.values():
        for s, pair in sorted(links, key=lambda item: (-item[0], item[1]))[:NEAREST]:
            kept[pair] = s
    return kept
