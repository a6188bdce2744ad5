"""The concept graph as derived data: built once per library state, cached by content hash."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.reports import ReportEntry
from explorer.core.storage import atomic_write_chunks, drop_older_caches

if TYPE_CHECKING:  # graph_key is asked where no graph is read (see graph/cards.py)
    import networkx as nx

GRAPH_VERSION = 11
"""Bump when the graph's shape or the way it is built changes: old caches are ignored."""


def graph_key(entries: list[ReportEntry], vocabulary: Path) -> str:
    """A digest of everything the graph depends on: reports, vocabulary, builder version."""
    digest = hashlib.sha256(f"graph-v{GRAPH_VERSION}\n".encode())
    for entry in sorted(entries, key=lambda e: e.id):
        digest.update(f"{entry.id}\t{entry.content_hash}\n".encode())
    with contextlib.suppress(OSError):
        digest.update(vocabulary.read_bytes())
    return digest.hexdigest()[:32]


class GraphStore:
    """cache/graph/<key>.jsonl: the graph as JSON lines, with positions as node attributes x,
    y. A first line of the graph's own attributes, a line per node (node-link's ``id``
    and attributes), a line per link (``source``, ``target`` and attributes), and a last
    line that counts them. Read a line at a time: the graph of thousands of reports is
    about a hundred megabytes, which read whole and then turned into a graph took three
    times the memory the graph itself takes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.jsonl"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def load(self, key: str) -> nx.Graph | None:
        """The cached graph, or None when it is missing, cut short or unreadable (then it is
        rebuilt)."""
        try:
            with self._path(key).open(encoding="utf-8") as lines:
                return _read_lines(lines)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def save(self, key: str, graph: nx.Graph) -> None:
        """Cache the graph; one that cannot be written is simply built again next time."""
        try:
            atomic_write_chunks(self._path(key), _lines(graph))
        except OSError:
            return
        drop_older_caches(self._path(key))


def _lines(graph: nx.Graph, size: int = 1 << 16) -> Iterator[bytes]:
    """The graph's lines in UTF-8 pieces of about ``size`` characters. Each line is encoded
    on its own, a few microseconds each: no single call holds the interpreter long enough to
    stall a window while the graph is saved."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
    pending: list[str] = [encode({"graph": graph.graph}), "\n"]
    length = 0
    items = itertools.chain(
        ({"id": node, **data} for node, data in graph.nodes(data=True)),
        ({"source": a, "target": b, **data} for a, b, data in graph.edges(data=True)),
    )
    for item in items:
        line = encode(item)
        pending += (line, "\n")
        length += len(line)
        if length >= size:
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    pending.append(encode({"nodes": graph.number_of_nodes(), "links": graph.number_of_edges()}))
    yield ("".join(pending) + "\n").encode("utf-8")


def _read_lines(lines: Iterable[str]) -> nx.Graph:
    """The graph _lines wrote; ValueError when the lines do not make one whole."""
    import networkx as nx

    graph = nx.Graph()
    read = iter(lines)
    graph.graph.update(json.loads(next(read))["graph"])
    counted: dict[str, int] | None = None
    for line in read:
        if counted is not None:
            raise ValueError("lines after the count")
        item = json.loads(line)
        if "source" in item:
            graph.add_edge(item.pop("source"), item.pop("target"), **item)
        elif "id" in item:
            graph.add_node(item.pop("id"), **item)
        else:
            counted = item
    whole = {"nodes": graph.number_of_nodes(), "links": graph.number_of_edges()}
    if counted != whole:
        raise ValueError("the graph was cut short")
    return graph
