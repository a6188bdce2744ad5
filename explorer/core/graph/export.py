"""Writing the concept graph out: networkx node-link JSON, GraphML and GEXF (for Gephi).

GraphML and GEXF take only scalar attributes, so lists (evidence, aliases) are flattened
to space-separated strings there; the JSON keeps them as lists.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from explorer.core.exports import format_names

FORMATS = format_names("graph")


def to_json(graph: nx.Graph) -> str:
    return b"".join(json_chunks(graph)).decode("utf-8")


def json_chunks(graph: nx.Graph, size: int = 1 << 16) -> Iterator[bytes]:
    """The node-link JSON in UTF-8 pieces of about ``size`` characters, encoded as it goes."""
    data = nx.node_link_data(graph, edges="links")
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)
    pending: list[str] = []
    length = 0
    for piece in encoder.iterencode(data):
        pending.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    yield "".join(pending).encode("utf-8")


def flattened(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings, numbers or booleans."""
    flat = nx.Graph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in graph.edges(data=True):
        flat.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    return flat


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return " ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def export_graph(graph: nx.Graph, fmt: str) -> bytes:
    """The graph in one of FORMATS, as bytes ready to write to a file."""
    if fmt == "json":
        return to_json(graph).encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flattened(graph), buffer, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flattened(graph), buffer, encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    return buffer.getvalue()
