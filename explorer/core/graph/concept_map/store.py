"""The library map as derived data: cache/map/<graph key>.json, rebuilt when missing or stale."""

from __future__ import annotations

from pathlib import Path

from explorer.core.graph.concept_map.model import MAP_VERSION, ConceptMap
from explorer.core.storage import atomic_write_text, drop_older_caches


class MapStore:
    """One cached map, for the graph of the given key; older ones are removed on save."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}-v{MAP_VERSION}.json"

    def load(self, key: str) -> ConceptMap | None:
        """The cached map, or None when it is missing, of another version or unreadable."""
        try:
            return ConceptMap.from_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return None

    def save(self, key: str, cmap: ConceptMap) -> None:
        """Cache the map; one that cannot be written is simply built again next time."""
        try:
            atomic_write_text(self._path(key), cmap.to_json())
        except OSError:
            return
        drop_older_caches(self._path(key))
