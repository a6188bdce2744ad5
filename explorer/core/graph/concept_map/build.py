"""Building the library map from the concept graph: weights, communities, names, places."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import networkx as nx

from explorer.core.graph.concept_map.communities import association, communities
from explorer.core.graph.concept_map.model import OTHER, ConceptMap
from explorer.core.graph.concept_map.places import place
from explorer.core.graph.queries import STRUCTURAL_KINDS

NEAREST = 6  # each concept is pulled by its most strongly associated few, not by all


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
        (min(a, b), max(a, b)): int(data.get("weight", 1))
        for a, b, data in graph.edges(data=True)
        if data["kind"] == "co-occurs"
    }


def build_concept_map(graph: nx.Graph, top: int, like: ConceptMap | None = None) -> ConceptMap:
    """The map of every concept in `graph` (a whole library's concept graph), laid out for
    its `top` heaviest concepts.

    `like`, the map of the graph the user's concept edits were made on, lends its
    communities (see communities.communities): a hidden or merged concept leaves the map at
    once, without the communities being found again (and moving) for one edit."""
    weights = concept_weights(graph)
    counts = {c: int(graph.nodes[c].get("count", 0)) for c in weights}
    order = sorted(weights, key=lambda c: (-weights[c], -counts[c], c))
    labels = {c: str(graph.nodes[c].get("label", c)) for c in order}
    strength = association(concept_links(graph))
    known = None if like is None else _communities_of(like)
    found = {c for c in order if graph.nodes[c].get("kind") == "keyphrase"}
    member, names = communities(order, weights, labels, strength, known=known, found=found)
    cmap = ConceptMap(tuple(order), weights, member, tuple(names), {}, 0)
    return arranged(graph, cmap, top, strength)


def _communities_of(cmap: ConceptMap) -> dict[str, int]:
    """A map's communities, its "other concepts" as none in particular."""
    other = len(cmap.names) - 1 if cmap.names and cmap.names[-1] == OTHER else None
    return {c: -1 if n == other else n for c, n in cmap.community.items()}


def arranged(
    graph: nx.Graph,
    cmap: ConceptMap,
    top: int,
    strength: dict[tuple[str, str], float] | None = None,
) -> ConceptMap:
    """The map laid out for its `top` heaviest concepts: a map is read for what it shows, so
    the concepts shown share the space (VOSviewer lays out the items selected, too)."""
    top = min(top, len(cmap.concepts))
    if cmap.laid_out == top:
        return cmap
    shown = cmap.concepts[:top]
    if strength is None:
        strength = association(concept_links(graph))
    chosen = set(shown)
    among = {pair: s for pair, s in strength.items() if pair[0] in chosen and pair[1] in chosen}
    places = place(shown, cmap.community, _nearest(among))
    return replace(cmap, positions=places, laid_out=top)


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
