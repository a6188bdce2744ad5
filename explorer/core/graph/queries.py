"""Questions asked of the concept graph: neighbourhoods, paths with evidence, rankings."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from explorer.core.errors import NotFound
from explorer.core.graph.boilerplate import why_not_counted
from explorer.core.ids import concept_node, is_concept, node_key, section_node

STRUCTURAL_KINDS = frozenset({"report", "section"})


@dataclass(frozen=True)
class Hop:
    """One step of a path, with the passages that justify it."""

    source: str
    target: str
    kind: str
    weight: int
    evidence: tuple[str, ...]


class ConceptGraph:
    """A networkx graph with node positions, and the queries the app needs of it."""

    def __init__(self, graph: nx.Graph) -> None:
        self.graph = graph
        self._by_passage: dict[str, frozenset[str]] | None = None
        self._not_counted: dict[str, str] | None = None

    def concepts_in(self, passage_ids: Iterable[str]) -> set[str]:
        """Concept nodes mentioned in any of these passages (from the mentions' evidence).
        A question of this graph only: it never waits for another graph to be built."""
        index = self._by_passage
        if index is None:  # two threads may both make it: the same dict, one kept
            found_in: dict[str, set[str]] = {}
            for a, b, data in self.graph.edges(data=True):
                if data["kind"] == "mentions":
                    concept = b if is_concept(b) else a
                    for passage_id in data["evidence"]:
                        found_in.setdefault(passage_id, set()).add(concept)
            index = self._by_passage = {p: frozenset(c) for p, c in found_in.items()}
        found: set[str] = set()
        for passage_id in passage_ids:
            found |= index.get(passage_id, frozenset())
        return found

    def not_counted(self, passage_ids: Iterable[str]) -> dict[str, str]:
        """Those of these passages the graph counted no mention in (boilerplate, reference
        lists), each with why, in the reader's words."""
        why = self._not_counted
        if why is None:
            why = self._not_counted = why_not_counted(self.graph)
        return {p: why[p] for p in passage_ids if p in why}

    def release(self) -> None:
        """Break the graph's reference cycles (networkx caches views of itself on it), so that
        reference counting frees it once the last user lets go; the views come back if it is
        used again. Graphs are frozen out of the garbage collector (see core.collector)."""
        keep = {"graph", "_node", "_adj"}
        for name in [n for n in vars(self.graph) if n not in keep]:
            vars(self.graph).pop(name, None)

    def __contains__(self, node: object) -> bool:
        return node in self.graph

    def node(self, node_id: str) -> dict[str, Any]:
        if node_id not in self.graph:
            raise NotFound(f"The graph has no node {node_id!r}.")
        return dict(self.graph.nodes[node_id])

    def concepts(self) -> list[str]:
        return [n for n, d in self.graph.nodes(data=True) if d["kind"] not in STRUCTURAL_KINDS]

    def find_concept(self, name: str) -> str:
        """A concept node by id, label or alias, ignoring case; NotFound names near misses."""
        wanted = name.strip().lower()
        if is_concept(wanted):
            wanted = node_key(wanted)
        for node in self.concepts():
            data = self.graph.nodes[node]
            names = [node_key(node), data["label"], *data.get("aliases", [])]
            if any(wanted == str(n).lower() for n in names):
                return node
        near = sorted(
            (
                self.graph.nodes[n]["label"]
                for n in self.concepts()
                if wanted and wanted in self.graph.nodes[n]["label"].lower()
            ),
            key=len,
        )[:5]
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise NotFound(f"No concept is called {name!r}.{hint}")

    def neighbourhood(
        self, node_id: str, depth: int = 1, kinds: Iterable[str] | None = None
    ) -> list[str]:
        """Nodes within ``depth`` hops (the node first), optionally only of some kinds."""
        self.node(node_id)
        depth = max(1, min(depth, 3))
        reached = nx.single_source_shortest_path_length(self.graph, node_id, cutoff=depth)
        wanted = set(kinds) if kinds else None
        ordered = sorted(reached, key=lambda n: (reached[n], -self.weight(node_id, n), n))
        return [
            n
            for n in ordered
            if n == node_id or wanted is None or self.graph.nodes[n]["kind"] in wanted
        ]

    def weight(self, a: str, b: str) -> int:
        data = self.graph.get_edge_data(a, b)
        return int(data["weight"]) if data else 0

    def path(self, a: str, b: str) -> list[Hop]:
        """The shortest path between two nodes, not through report nodes, each hop with evidence."""
        view = nx.subgraph_view(
            self.graph, filter_node=lambda n: self.graph.nodes[n]["kind"] != "report"
        )
        try:
            nodes = nx.shortest_path(view, a, b)
        except nx.NetworkXNoPath:
            return []
        except nx.NodeNotFound as exc:
            raise NotFound(str(exc)) from None
        hops = []
        for x, y in itertools.pairwise(nodes):
            data = self.graph.edges[x, y]
            hops.append(Hop(x, y, data["kind"], int(data["weight"]), tuple(data["evidence"])))
        return hops

    def top_concepts(self, section_id: str, limit: int = 10) -> list[tuple[str, int]]:
        """The concepts a section mentions most, with their mention counts."""
        node = section_node(section_id)
        self.node(node)
        found = [
            (n, self.weight(node, n))
            for n in self.graph.neighbors(node)
            if self.graph.nodes[n]["kind"] not in STRUCTURAL_KINDS
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:limit]

    def sections_of(self, concept: str) -> list[tuple[str, int]]:
        """The sections that mention a concept (id or node id), the most mentions first."""
        node = concept if is_concept(concept) else concept_node(concept)
        self.node(node)
        found = [
            (n, self.weight(node, n))
            for n in self.graph.neighbors(node)
            if self.graph.nodes[n]["kind"] == "section"
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def ranked_concepts(self, by: str = "betweenness", limit: int = 20) -> list[str]:
        """Concept nodes ranked by a metric attribute (betweenness, degree or count)."""
        return sorted(
            self.concepts(),
            key=lambda n: (-float(self.graph.nodes[n].get(by, 0)), n),
        )[:limit]

    def evidence(self, a: str, b: str) -> tuple[str, ...]:
        data = self.graph.get_edge_data(a, b)
        if data is None:
            raise NotFound(f"There is no link between {a!r} and {b!r}.")
        return tuple(data["evidence"])
