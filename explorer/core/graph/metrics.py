"""Centrality and communities, stored on the graph's nodes as attributes.

Exact betweenness is cubic-ish (65 s at 5,000 nodes here), so above a size threshold it is
estimated from a seeded sample of source nodes: the same graph always gets the same numbers.
"""

from __future__ import annotations

import networkx as nx

SEED = 7
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_SAMPLE = 100


def add_metrics(graph: nx.Graph, seed: int = SEED) -> None:
    """Set ``degree``, ``betweenness`` and ``community`` on every node."""
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)
    n = graph.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_UP_TO else min(BETWEENNESS_SAMPLE, n)
    between = nx.betweenness_centrality(graph, k=k, seed=seed, normalized=True)
    for node, value in between.items():
        graph.nodes[node]["betweenness"] = round(float(value), 6)
    for node, community in communities(graph, seed).items():
        graph.nodes[node]["community"] = community


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities, numbered from 0 by size (largest first), then by first node."""
    if graph.number_of_edges() == 0:
        return {node: i for i, node in enumerate(sorted(graph.nodes))}
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: i for i, members in enumerate(ordered) for node in members}
