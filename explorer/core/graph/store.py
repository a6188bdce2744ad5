"""The concept graph as derived data: built once per library state, cached by content hash."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import networkx as nx

from explorer.core.graph.export import from_json, json_chunks
from explorer.core.reports import ReportEntry
from explorer.core.storage import atomic_write_chunks, drop_older_caches

GRAPH_VERSION = 9
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
    """cache/graph/<key>.json: node-link JSON with positions as node attributes x, y."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> nx.Graph | None:
        """The cached graph, or None when it is missing or unreadable (then it is rebuilt)."""
        try:
            return from_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, RecursionError, nx.NetworkXError):
            return None

    def save(self, key: str, graph: nx.Graph) -> None:
        """Cache the graph; one that cannot be written is simply built again next time."""
        try:
            atomic_write_chunks(self._path(key), json_chunks(graph))
        except OSError:
            return
        drop_older_caches(self._path(key))
