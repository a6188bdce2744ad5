"""Building, caching and slicing the concept graph for a workspace's library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from explorer.core.collector import collector_paused, keep_long_lived
from explorer.core.graph.build import build_graph
from explorer.core.graph.concept_map.build import arranged, build_concept_map
from explorer.core.graph.concept_map.model import ConceptMap
from explorer.core.graph.concept_map.store import MapStore
from explorer.core.graph.concepts import extract
from explorer.core.graph.layout import force_layout
from explorer.core.graph.metrics import add_metrics
from explorer.core.graph.queries import ConceptGraph
from explorer.core.graph.store import GraphStore, graph_key
from explorer.core.graph.vocabulary import Matcher, load_taxonomy
from explorer.core.ids import SectionId, is_concept, report_node
from explorer.core.library import ReportMissing
from explorer.core.reports import Report, ReportEntry, bundled_dir


class GraphService:
    """The library's concept graph: from the cache when it is current, else built anew."""

    def __init__(
        self,
        folder: Path,
        entries: Callable[[], list[ReportEntry]],
        report: Callable[[str], Report],
    ) -> None:
        self.store = GraphStore(folder)
        self.maps = MapStore(folder.with_name("map"))
        self._entries = entries
        self._report = report
        self._key = ""
        self._graph: ConceptGraph | None = None
        self._matcher: Matcher | None = None
        self._by_passage: dict[str, set[str]] | None = None
        self._maps: dict[tuple[str, int], ConceptMap] = {}

    @property
    def vocabulary_path(self) -> Path:
        return bundled_dir("data") / "taxonomy.json"

    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(load_taxonomy(self.vocabulary_path))
        return self._matcher

    def graph(self) -> ConceptGraph:
        """The whole library's graph, with metrics and a seeded layout."""
        key = graph_key(self._entries(), self.vocabulary_path)
        if self._graph is not None and key == self._key:
            return self._graph
        with collector_paused():
            graph = self.store.load(key)
            if graph is None:
                graph = self._build()
                self.store.save(key, graph)
            old, self._graph, self._key = self._graph, ConceptGraph(graph), key
            self._by_passage = None
            keep_long_lived()  # before the collector runs again, or its first run walks it all
        if old is not None:
            old.release()
        return self._graph

    def concept_map(self, top: int) -> ConceptMap:
        """The library map of the whole graph, laid out for its `top` heaviest concepts. The
        first one asked for is cached beside the graph, by the same key; the others are kept
        while the graph is the same."""
        graph = self.graph()
        found = self._maps.get((self._key, top))
        if found is not None:
            return found
        cmap = next((m for (k, _), m in self._maps.items() if k == self._key), None)
        if cmap is None:
            cmap = self.maps.load(self._key)
            if cmap is None or set(cmap.concepts) != set(graph.concepts()):
                cmap = build_concept_map(graph.graph, top)
                self.maps.save(self._key, cmap)
        else:
            self._maps = {k: m for k, m in self._maps.items() if k[0] == self._key}
        cmap = arranged(graph.graph, cmap, top)
        self._maps[(self._key, top)] = self._maps[(self._key, cmap.laid_out)] = cmap
        return cmap

    def concepts_in(self, passage_ids: Iterable[str]) -> set[str]:
        """Concept nodes mentioned in any of these passages (from the mentions' evidence)."""
        graph = self.graph()
        if self._by_passage is None:
            index: dict[str, set[str]] = defaultdict(set)
            for a, b, data in graph.graph.edges(data=True):
                if data["kind"] == "mentions":
                    concept = b if is_concept(b) else a
                    for passage_id in data["evidence"]:
                        index[passage_id].add(concept)
            self._by_passage = dict(index)
        found: set[str] = set()
        for passage_id in passage_ids:
            found |= self._by_passage.get(passage_id, set())
        return found

    def build(self) -> nx.Graph:
        with collector_paused():
            return self._build()

    def _build(self) -> nx.Graph:
        reports = []
        for entry in sorted(self._entries(), key=lambda e: e.id):
            try:
                reports.append(self._report(entry.id))
            except ReportMissing:  # its text is gone: the rest of the library still counts
                continue
        taxonomy = load_taxonomy(self.vocabulary_path)
        infos, hits = extract(reports, taxonomy, self.matcher())
        graph = build_graph(reports, infos, hits)
        add_metrics(graph)
        for node, (x, y) in force_layout(graph).items():
            graph.nodes[node]["x"], graph.nodes[node]["y"] = x, y
        return graph

    def report_graph(self, report_id: str) -> nx.Graph:
        """One report's part of the graph: its sections, their concepts, evidence from it only."""
        full = self.graph().graph
        sections = [n for n in full.neighbors(report_node(report_id))]
        keep = {report_node(report_id), *sections}
        for section in sections:
            keep.update(n for n in full.neighbors(section) if full.nodes[n]["kind"] != "section")
        prefix = str(SectionId(report_id, 0))[:-1]  # "<report>#": its passages' ids
        sub = nx.Graph(full.subgraph(keep))
        for a, b, data in list(sub.edges(data=True)):
            if data["kind"] == "contains":
                continue
            evidence = [p for p in data["evidence"] if p.startswith(prefix)]
            if evidence:
                data["evidence"] = evidence
            else:
                sub.remove_edge(a, b)
        return sub
