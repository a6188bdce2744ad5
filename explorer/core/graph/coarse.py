"""Communities and layout of a big graph, worked out on its concepts alone.

A library of thousands of reports makes a graph of tens of thousands of nodes, nearly all of
them sections (2,960 reports: 38,350 sections, 2,960 reports, 530 concepts). Such a graph is
never drawn whole: the window shows it as a map of its concepts (see concept_map), which
lays them out and groups them itself. Louvain and the force layout over every section took
two thirds of its build. So, as VOSviewer lays out only the items it shows and Gephi's
multilevel layouts lay out a coarsened graph first, a graph of more than COARSE_FROM nodes
has its communities found and its layout made on the graph of its concepts (linked where
they share passages), and each section then joins the community of the concept it mentions
most and stands near the concepts it mentions; each report joins most of its sections and
stands among them. A smaller graph is worked out whole, as before.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import numpy as np

COARSE_FROM = 10_000
"""Nodes above which a graph's communities and layout are its concepts' (some 700 reports)."""
SPREAD = 0.015
"""How far (of the layout's half width) a section may stand from the middle of its concepts,
so that the sections naming one concept do not hide each other."""

_STRUCTURE = ("report", "section")


def is_coarse(graph: nx.Graph) -> bool:
    return int(graph.number_of_nodes()) > COARSE_FROM


def concept_graph(graph: nx.Graph) -> nx.Graph:
    """The graph's concepts and the links among them, in the graph's order."""
    concepts = nx.Graph()
    concepts.add_nodes_from(
        (node, data) for node, data in graph.nodes(data=True) if data["kind"] not in _STRUCTURE
    )
    seen: set[str] = set()
    for node in concepts.nodes:  # their own links only: not each of the graph's
        seen.add(node)
        concepts.add_edges_from(
            (node, other, data)
            for other, data in graph.adj[node].items()
            if other in concepts and other not in seen
        )
    return concepts


def spread_groups(graph: nx.Graph, concept_group: Mapping[str, int]) -> dict[str, int]:
    """Every node's group from its concepts' groups: a section takes that of the concept
    it mentions most (the first in the graph's order on a tie), a report that of most of its
    sections (the lowest group on a tie), and a section that mentions none its report's. A
    report none of whose sections mentions a concept is a group of its own with them."""
    group = dict(concept_group)
    sections: list[str] = []
    reports: list[str] = []
    for node, kind in graph.nodes(data="kind"):
        if kind == "section":
            sections.append(node)
        elif kind == "report":
            reports.append(node)
    for section in sections:
        best = _most_mentioned(graph, section, concept_group)
        if best is not None:
            group[section] = concept_group[best]
    fresh = max(concept_group.values(), default=-1) + 1
    for report in reports:
        found = Counter(group[s] for s in graph.adj[report] if s in group)
        if found:
            group[report] = min(found, key=lambda g: (-found[g], g))
        else:
            group[report], fresh = fresh, fresh + 1
        for section in graph.adj[report]:
            group.setdefault(section, group[report])
    for section in sections:  # of no report and no concept (none is built so): its own
        if section not in group:
            group[section], fresh = fresh, fresh + 1
    return group


def _most_mentioned(graph: nx.Graph, section: str, concepts: Mapping[str, int]) -> str | None:
    best, weight = None, 0
    for other, data in graph.adj[section].items():
        if other in concepts and int(data.get("weight", 1)) > weight:
            best, weight = other, int(data.get("weight", 1))
    return best


def placed(
    graph: nx.Graph, concept_places: Mapping[Hashable, tuple[float, float]], seed: int
) -> dict[Hashable, tuple[float, float]]:
    """Every node's place from its concepts' places: a section in the middle of the
    concepts it mentions (weighted by how often), a little apart from the others there; a
    report in the middle of its sections; a section that mentions none, beside its report;
    a report with no such section, on a circle around the rest."""
    import numpy as np

    rng = np.random.default_rng(seed)
    where: dict[Hashable, tuple[float, float]] = dict(concept_places)
    loose: list[str] = []
    for node, kind in graph.nodes(data="kind"):
        if kind != "section":
            continue
        near = [
            (concept_places[o], int(d.get("weight", 1)))
            for o, d in graph.adj[node].items()
            if o in concept_places
        ]
        if near:
            where[node] = _jittered(_middle(near), rng)
        else:
            loose.append(node)
    alone = 0
    for node, kind in graph.nodes(data="kind"):
        if kind != "report":
            continue
        around = [(where[s], 1) for s in graph.adj[node] if s in where]
        if around:
            where[node] = _middle(around)
        else:
            angle = alone * math.pi * (3 - math.sqrt(5))
            where[node], alone = (1.1 * math.cos(angle), 1.1 * math.sin(angle)), alone + 1
    for section in loose:
        reports = [r for r in graph.adj[section] if graph.nodes[r]["kind"] == "report"]
        where[section] = _jittered(where[reports[0]] if reports else (0.0, 0.0), rng)
    return where


def _middle(points: list[tuple[tuple[float, float], int]]) -> tuple[float, float]:
    total = sum(w for _, w in points)
    return (
        sum(p[0] * w for p, w in points) / total,
        sum(p[1] * w for p, w in points) / total,
    )


def _jittered(at: tuple[float, float], rng: np.random.Generator) -> tuple[float, float]:
    dx, dy = rng.uniform(-SPREAD, SPREAD, size=2)
    return at[0] + float(dx), at[1] + float(dy)
