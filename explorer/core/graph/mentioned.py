"""Which reports mention each concept: what trends count, kept beside the graph.

Trends need of the graph only this: each concept's label and kind, and the reports one of
whose sections mentions it. For a library of thousands of reports the graph is read back from
a hundred megabytes in seconds; this table, cached by the same key as the graph the user's
edits make (cache/mentioned/<key>.json, a few hundred kilobytes), in a fraction of one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.graph.queries import STRUCTURAL_KINDS
from explorer.core.ids import is_concept, node_key, node_kind, report_of
from explorer.core.storage import KeyedJsonCache

if TYPE_CHECKING:
    import networkx as nx

MENTIONED_VERSION = 1
"""Bump when what the table holds changes: older files are then made again."""


@dataclass(frozen=True)
class Mentioned:
    """A concept, and the reports whose sections mention it."""

    id: str
    label: str
    kind: str
    reports: frozenset[str]


def mentioned(graph: nx.Graph) -> list[Mentioned]:
    """Every concept the graph's sections mention (by the graph's ``mentions`` links), in
    order of id."""
    reports: dict[str, set[str]] = defaultdict(set)
    for concept in graph.nodes:  # each concept's links, not each link of the graph
        if not is_concept(concept):
            continue
        for section, data in graph.adj[concept].items():
            if data.get("kind") == "mentions" and node_kind(section) == "section":
                reports[concept].add(report_of(node_key(section)))
    found = []
    for concept in sorted(reports):
        data = graph.nodes[concept]
        kind = str(data.get("kind", ""))
        if kind not in STRUCTURAL_KINDS:
            label = str(data.get("label", concept))
            found.append(Mentioned(concept, label, kind, frozenset(reports[concept])))
    return found


class MentionedStore:
    """One cached table, for the graph of the given key; older ones are removed on save."""

    def __init__(self, folder: Path) -> None:
        self._cache = KeyedJsonCache(folder, MENTIONED_VERSION)

    def has(self, key: str) -> bool:
        return self._cache.has(key)

    def load(self, key: str) -> list[Mentioned] | None:
        """The cached table, or None when it is missing, of another version or unreadable."""
        data = self._cache.read(key)
        try:
            if data is None:
                return None
            names = [str(r) for r in data["reports"]]
            return [
                Mentioned(str(c), str(label), str(kind), frozenset(names[i] for i in found))
                for c, label, kind, found in data["concepts"]
            ]
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def save(self, key: str, table: Sequence[Mentioned]) -> None:
        """Cache the table; one that cannot be written is simply made again next time."""
        names = sorted({r for item in table for r in item.reports})
        number = {name: i for i, name in enumerate(names)}
        concepts = [[m.id, m.label, m.kind, sorted(number[r] for r in m.reports)] for m in table]
        self._cache.write(key, {"reports": names, "concepts": concepts})
