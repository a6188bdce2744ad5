"""The map as a library is first drawn, cached: a window opening on a big library draws it at
once, and reads the whole graph behind it (seconds and hundreds of megabytes for thousands of
reports) while the map is already on screen.

cache/first-map/<key>.json holds the drawn graph (the heaviest concepts, placed, with their
links and the communities' names), the settings it was drawn with and how many concepts the
library has; the key is that of the graph as the user's edits make it, so that a library or
an edit that changed makes it stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from explorer.core.graph.concept_map.model import MAP_VERSION, MapSettings
from explorer.core.storage import atomic_write_text, drop_older_caches


@dataclass(frozen=True)
class FirstMap:
    """The drawn graph of a library's first map, its settings and the library's concepts."""

    graph: nx.Graph
    settings: MapSettings
    total: int


class FirstMapStore:
    """One cached first map, for the graph of the given key; older ones go on save."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}-v{MAP_VERSION}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def load(self, key: str) -> FirstMap | None:
        """The cached first map, or None when it is missing, of another version or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            settings = MapSettings(int(data["top"]), int(data["min_weight"]))
            graph = nx.node_link_graph(data["graph"], edges="links")
            return FirstMap(graph, settings, int(data["total"]))
        except (OSError, ValueError, KeyError, TypeError, nx.NetworkXError, RecursionError):
            return None

    def save(self, key: str, first: FirstMap) -> None:
        """Cache the first map; one that cannot be written is simply drawn again next time."""
        data = {
            "top": first.settings.top,
            "min_weight": first.settings.min_weight,
            "total": first.total,
            "graph": nx.node_link_data(first.graph, edges="links"),
        }
        try:
            atomic_write_text(self._path(key), json.dumps(data, ensure_ascii=False))
        except OSError:
            return
        drop_older_caches(self._path(key))
