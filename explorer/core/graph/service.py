"""Building, caching and slicing the concept graph for a workspace's library, as the user's
concept edits make it.

The graph built from the reports (the *base*) is cached on disk by content hash; the user's
edits are applied on top of it in memory (``curation.apply_edits``), so an edit shows in
every view and output without building or indexing anything again. The graph the service
hands out, and the library map made from it, are keyed by the base's key and the edits'
digest together.

Threads: a builder thread builds (``graph``, ``concept_map``) while readers ask for what is
built already (``ready``, ``concepts_in(..., wait=False)``): those never build, and never
wait for a build, which on a fresh folder takes many seconds.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, overload

import networkx as nx

from explorer.core.collector import collector_paused, keep_long_lived
from explorer.core.errors import Cancel
from explorer.core.graph.boilerplate import Marks, skipped_among, unmentioned_in
from explorer.core.graph.build import Outline, build_graph
from explorer.core.graph.cards import CardStore
from explorer.core.graph.concept_map.first import FirstMap, FirstMapStore
from explorer.core.graph.concept_map.model import ConceptMap
from explorer.core.graph.concept_map.store import MapStore
from explorer.core.graph.concepts import extract_parts
from explorer.core.graph.curation.apply import apply_edits
from explorer.core.graph.curation.find import FoundStore, Hits, Lens, find_added, signature
from explorer.core.graph.curation.models import Add, SimpleEdit
from explorer.core.graph.curation.store import NO_EDITS, EditsState, edits_key
from explorer.core.graph.mentioned import Mentioned, MentionedStore, mentioned
from explorer.core.graph.metrics import add_metrics
from explorer.core.graph.parts import (
    BOILERPLATE,
    REFERENCES,
    PartsStore,
    ReportParts,
    parts_key,
    vocabulary_digest,
    worked_out,
)
from explorer.core.graph.parts.pool import (
    BESIDE_INDEX,
    POLL_SECONDS,
    Job,
    work_out,
    workers_for,
    working_out,
)
from explorer.core.graph.queries import ConceptGraph
from explorer.core.graph.store import GraphStore, graph_key
from explorer.core.graph.vocabulary import Matcher, bundled_vocabulary, load_taxonomy
from explorer.core.ids import SectionId, report_node
from explorer.core.library import ReportMissing
from explorer.core.reports import Report, ReportEntry


class GraphService:
    """The library's concept graph: from the cache when it is current, else built anew."""

    def __init__(
        self,
        folder: Path,
        entries: Callable[[], list[ReportEntry]],
        report: Callable[[str], Report],
        edits: Callable[[], EditsState] = lambda: NO_EDITS,
        text_path: Callable[[ReportEntry], Path] | None = None,
        cuts: Callable[[], Path] | None = None,
    ) -> None:
        self.store = GraphStore(folder)
        self.parts = PartsStore(folder.with_name("parts"))
        self._text_path = text_path  # where a report's stored text is, for the pool
        self._cuts = cuts
        self.maps = MapStore(folder.with_name("map"))
        self.first_maps = FirstMapStore(folder.with_name("first-map"))
        self.found = FoundStore(folder.with_name("curation"))
        self.mentions = MentionedStore(folder.with_name("mentioned"))
        self.cards = CardStore(folder.with_name("cards"))
        self._entries = entries
        self._report = report
        self._edits = edits
        self._key = ""
        self._graph: ConceptGraph | None = None
        self._base_key = ""
        self._base: ConceptGraph | None = None
        self._lens_made: Lens | None = None
        self._building = threading.Lock()  # one build at a time; readers never take it
        self._matcher: Matcher | None = None
        self._making_matcher = threading.Lock()
        self._maps: dict[tuple[str, int], ConceptMap] = {}
        self._mentioned: tuple[str, list[Mentioned]] | None = None

    @property
    def vocabulary_path(self) -> Path:
        return bundled_vocabulary()

    def matcher(self) -> Matcher:
        """The vocabulary's matcher, made once (the reader marks sections with it while the
        builder builds; it has a lock of its own, never the build's)."""
        if self._matcher is None:
            with self._making_matcher:
                if self._matcher is None:
                    self._matcher = Matcher(load_taxonomy(self.vocabulary_path))
        return self._matcher

    def concept_spans(self, text: str) -> list[tuple[str, int, int]]:
        """(concept id, start, end) of each concept named in ``text``, in order, as the
        user's edits make them: a merged concept's words name its target, and an added
        concept's name is found too (where names overlap, the longer wins, as in
        Matcher.find_in_text)."""
        return self._lens().spans(self.matcher(), text)

    def _lens(self) -> Lens:
        edits = self._edits()
        lens = self._lens_made
        if lens is None or lens.digest != edits.digest:
            lens = self._lens_made = Lens.of(edits)
        return lens

    def graph(self) -> ConceptGraph:
        """The whole library's graph as the user's edits make it, with metrics and a seeded
        layout (built, or read from the cache, when the library changed: this can take many
        seconds; see ready(). An edit alone takes a fraction of one)."""
        base_key = graph_key(self._entries(), self.vocabulary_path)
        edits = self._edits()
        key = edits_key(base_key, edits.digest)
        current = self._current(key)
        if current is not None:
            return current
        with self._building:
            current = self._current(key)  # built meanwhile by another thread
            if current is not None:
                return current
            with collector_paused():
                base = self._base_graph(base_key)
                built = base
                if edits.edits:
                    found = self._found(base_key, edits.edits)
                    built = ConceptGraph(apply_edits(base.graph, edits.edits, found))
                old, (self._graph, self._key) = self._graph, (built, key)
                if not self.mentions.has(key):  # trends in the next process read it, not the graph
                    table = mentioned(built.graph)
                    self.mentions.save(key, table)
                    self._mentioned = (key, table)
                if not self.cards.has(key):  # `explorer concept` reads one, not the graph
                    self.cards.save(key, built)
                keep_long_lived()  # before the collector runs again, or its first run walks it all
        if old is not None and old is not built and old is not self._base:
            old.release()
        return built

    def mentioned(self) -> list[Mentioned]:
        """Each concept of the graph as the user's edits make it, with the reports that
        mention it (what trends count): from the graph when it is in memory, else from the
        table cached beside it, else from the graph (read or built) and then cached."""
        key = edits_key(graph_key(self._entries(), self.vocabulary_path), self._edits().digest)
        kept = self._mentioned
        if kept is not None and kept[0] == key:
            return kept[1]
        graph = self._current(key)
        table = self.mentions.load(key) if graph is None else None
        if table is None:
            graph = graph or self.graph()
            table = mentioned(graph.graph)
            if self._current(key) is not graph:  # the library changed meanwhile
                return table
            if not self.mentions.has(key):
                self.mentions.save(key, table)
        self._mentioned = (key, table)
        return table

    def cached(self) -> bool:
        """Whether graph() would only read: the graph of the library as it is now is in
        memory or in the cache (the user's edits are applied in a fraction of a second)."""
        key = graph_key(self._entries(), self.vocabulary_path)
        return (self._base is not None and self._base_key == key) or self.store.has(key)

    def first_map(self) -> FirstMap | None:
        """The map as this library, under the user's edits as they are, was first drawn
        (cached by keep_first_map); None when there is none. Never reads the graph."""
        base_key = graph_key(self._entries(), self.vocabulary_path)
        return self.first_maps.load(edits_key(base_key, self._edits().digest))

    def keep_first_map(self, graph: ConceptGraph, first: FirstMap) -> None:
        """Cache the map as first drawn of ``graph`` (the graph graph() gave, while it is
        the library's), for the next window to draw at once."""
        key = self._key
        if graph is self._graph and not self.first_maps.has(key):
            self.first_maps.save(key, first)

    def base(self) -> ConceptGraph:
        """The graph as the reports make it, before the user's edits (where a hidden
        concept is still found)."""
        key = graph_key(self._entries(), self.vocabulary_path)
        base, built_for = self._base, self._base_key
        if base is not None and built_for == key:
            return base
        with self._building, collector_paused():
            return self._base_graph(key)

    def _base_graph(self, key: str) -> ConceptGraph:
        """The base graph of this key, from memory, the cache or a build (callers hold the
        build lock)."""
        if self._base is not None and self._base_key == key:
            return self._base
        graph = self.store.load(key)
        if graph is None:
            graph = self._build()
            self.store.save(key, graph)
        old, (self._base, self._base_key) = self._base, (ConceptGraph(graph), key)
        keep_long_lived()
        if old is not None and old is not self._graph:
            old.release()
        return self._base

    def _found(self, base_key: str, edits: Sequence[SimpleEdit]) -> dict[str, Hits]:
        """What each concept the user added mentions (by node id; the last add of an id
        wins), found in the reports once per library and kept in the cache."""
        adds = [e for e in edits if isinstance(e, Add)]
        if not adds:
            return {}
        known = self.found.load(base_key)
        missing = [a for a in adds if signature(a) not in known]
        if missing:
            skip = unmentioned_in(self._base.graph) if self._base is not None else frozenset()
            known.update(find_added(self._reports(), missing, skip))
            self.found.save(base_key, known)
        return {a.concept.id: known[signature(a)] for a in adds}

    def ready(self) -> ConceptGraph | None:
        """The graph of the library as it is now if it is built already, else None: never
        builds, never waits for a build (for reads that must answer at once)."""
        base_key = graph_key(self._entries(), self.vocabulary_path)
        return self._current(edits_key(base_key, self._edits().digest))

    def _current(self, key: str) -> ConceptGraph | None:
        graph, built_for = self._graph, self._key
        return graph if graph is not None and built_for == key and graph is self._graph else None

    def concept_map(self, top: int) -> ConceptMap:
        """The library map of the whole graph, laid out for its `top` heaviest concepts. The
        first one asked for is cached beside the graph, by the same key; the others are kept
        while the graph is the same. Under the user's edits, the map of the graph as built
        lends its communities to the edited one (see build_concept_map), which is kept in
        memory only: the one on disk stays that of the graph as built."""
        from explorer.core.graph.concept_map.build import arranged, build_concept_map  # numpy

        graph = self.graph()
        key, base_key = self._key, self._base_key
        found = self._maps.get((key, top))
        if found is not None:
            return found
        cmap = next((m for (k, _), m in self._maps.items() if k == key), None)
        if cmap is None and key != base_key:
            base = self.base()
            cmap = build_concept_map(graph.graph, top, like=self._base_map(base, top))
        elif cmap is None:
            cmap = self._base_map(graph, top)
        self._maps = {k: m for k, m in self._maps.items() if k[0] in (key, base_key)}
        cmap = arranged(graph.graph, cmap, top)
        self._maps[(key, top)] = self._maps[(key, cmap.laid_out)] = cmap
        return cmap

    def _base_map(self, base: ConceptGraph, top: int) -> ConceptMap:
        """The map of the graph as built: kept in memory, else from the cache, else made."""
        from explorer.core.graph.concept_map.build import build_concept_map  # numpy

        key = self._base_key
        cmap = next((m for (k, _), m in self._maps.items() if k == key), None)
        if cmap is None:
            cmap = self.maps.load(key)
            if cmap is None or set(cmap.concepts) != set(base.concepts()):
                cmap = build_concept_map(base.graph, top)
                self.maps.save(key, cmap)
            self._maps[(key, cmap.laid_out)] = cmap
        return cmap

    @overload
    def concepts_in(self, passage_ids: Iterable[str]) -> set[str]: ...

    @overload
    def concepts_in(self, passage_ids: Iterable[str], wait: Literal[True]) -> set[str]: ...

    @overload
    def concepts_in(self, passage_ids: Iterable[str], wait: bool) -> set[str] | None: ...

    def concepts_in(self, passage_ids: Iterable[str], wait: bool = True) -> set[str] | None:
        """Concept nodes mentioned in any of these passages (from the mentions' evidence).
        With ``wait`` False, None at once when the graph is not built yet (see ready())."""
        graph = self.graph() if wait else self.ready()
        if graph is None:
            return None
        return graph.concepts_in(passage_ids)  # the graph keeps its own passage index

    def build(self) -> nx.Graph:
        with collector_paused():
            return self._build()

    def _reports(self) -> list[Report]:
        reports = []
        for entry in sorted(self._entries(), key=lambda e: e.id):
            try:
                reports.append(self._report(entry.id))
            except ReportMissing:  # its text is gone: the rest of the library still counts
                continue
        return reports

    def _build(self) -> nx.Graph:
        """The base graph, from each report's share (see parts/): those kept are read back,
        the others worked out (in a pool of processes when there are many)."""
        from explorer.core.graph.layout import force_layout  # numpy: only when building

        started = time.time()
        taxonomy = load_taxonomy(self.vocabulary_path)
        shares = self._shares()
        skipped = skipped_among([share.marks() for share in shares])
        outlines: list[Outline] = []
        boilerplate: list[str] = []
        references: list[str] = []

        def marked() -> Iterator[ReportParts]:
            for share, (boiler, links) in zip(shares, skipped, strict=True):
                parts = share.parts().marked(boiler, links)
                outlines.append(share.outline(parts))
                for passage in parts.passages:
                    if passage.flags & BOILERPLATE:
                        boilerplate.append(passage.id)
                    if passage.flags & REFERENCES:
                        references.append(passage.id)
                yield parts

        infos, hits = extract_parts(marked(), taxonomy)
        graph = build_graph(outlines, infos, hits)
        graph.graph["boilerplate"] = sorted(boilerplate)
        graph.graph["references"] = sorted(references)
        add_metrics(graph)
        for node, (x, y) in force_layout(graph).items():
            graph.nodes[node]["x"], graph.nodes[node]["y"] = x, y
        self.parts.keep_only((share.key for share in shares), started)
        return graph

    @contextmanager
    def sharing(
        self, entries: Sequence[ReportEntry], cancelled: Cancel | None = None
    ) -> Iterator[None]:
        """While the block runs (an add writing its index in a process of its own), work
        out the shares of these reports in one process beside it; at the block's end, wait
        for the rest (unless ``cancelled()`` turns true: then the build works them out). The
        first graph build after a big add then reads no report. A few reports, or a block
        that raises, are left to the build."""
        shares = self._shares_of(entries)
        missing = [share for share in shares if not self.parts.has(share.key)]
        if workers_for(len(missing)) == 0 or self._text_path is None:
            yield
            return
        jobs = [share.job() for share in missing]
        with working_out(jobs, self.parts, self.vocabulary_path, BESIDE_INDEX) as done:
            yield
            while not done(POLL_SECONDS):
                if cancelled is not None and cancelled():
                    break

    def _shares(self) -> list[_Share]:
        """Each report's share, in order of id, the missing ones worked out first (a report
        whose text is gone is left out: the rest of the library still counts)."""
        shares = self._shares_of(sorted(self._entries(), key=lambda e: e.id))
        missing = [share for share in shares if not self.parts.has(share.key)]
        workers = workers_for(len(missing)) if self._text_path is not None else 0
        if workers:
            jobs = [share.job() for share in missing]
            for _ in work_out(jobs, self.parts, self.vocabulary_path, workers):
                pass
        return [share for share in shares if share.present()]

    def _shares_of(self, entries: Iterable[ReportEntry]) -> list[_Share]:
        vocabulary = vocabulary_digest(self.vocabulary_path)
        return [_Share(self, entry, parts_key(entry, vocabulary)) for entry in entries]

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


class _Share:
    """One report's share of a build: kept in the store, else worked out here (and kept in
    memory for this build when the store cannot be written)."""

    def __init__(self, service: GraphService, entry: ReportEntry, key: str) -> None:
        self.service = service
        self.entry = entry
        self.key = key
        self._held: tuple[ReportParts, Marks] | None = None
        self._gone = False

    def job(self) -> Job:
        text_path, cuts = self.service._text_path, self.service._cuts
        assert text_path is not None and cuts is not None
        entry = self.entry
        return Job(
            self.key, entry.id, entry.content_hash, str(text_path(entry)), entry.path, str(cuts())
        )

    def present(self) -> bool:
        """Whether the report's share is to be had (worked out here when it is not kept)."""
        if self._held is not None or self.service.parts.has(self.key):
            return True
        return self._work_out() is not None

    def marks(self) -> Marks:
        marks = self._held[1] if self._held else self.service.parts.load_marks(self.key)
        if marks is None:
            worked = self._work_out()
            assert worked is not None, "present() said so"
            marks = worked[1]
        return marks

    def parts(self) -> ReportParts:
        parts = self._held[0] if self._held else self.service.parts.load(self.key)
        if parts is None:
            worked = self._work_out()
            assert worked is not None, "present() said so"
            parts = worked[0]
        return parts

    def outline(self, parts: ReportParts) -> Outline:
        """The report's outline, dated by its entry when its text gives no date."""
        shown = parts.outline
        if shown.date is None and self.entry.date:
            return dataclasses.replace(shown, date=self.entry.date)
        return shown

    def _work_out(self) -> tuple[ReportParts, Marks] | None:
        """The share worked out in this process from the parsed report (None when its text
        is gone), kept in the store, or held in memory when the store cannot be written."""
        if self._gone:
            return None
        try:
            report = self.service._report(self.entry.id)
        except ReportMissing:
            self._gone = True
            return None
        worked = worked_out(report, self.service.matcher())
        if not self.service.parts.save(self.key, *worked):
            self._held = worked
        return worked
