"""The concept graph: reports, sections and concepts, with the evidence passages on every link.

Node ids: ``report:<id>``, ``section:<report>#<n>``, ``concept:<slug>``. Node attributes:
``kind``, ``label``, ``count`` (and metrics: :mod:`explorer.core.graph.metrics`). Edge
``kind`` (contains, mentions, co-occurs, related), ``weight`` and ``evidence`` (passage ids).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from explorer.core.ids import concept_node, passage_order, report_node, section_node, section_of
from explorer.core.reports import Report

MAX_EVIDENCE = 50
"""Evidence passages kept per edge; ``weight`` still counts them all."""
PAIRED_PER_PASSAGE = 24
"""A passage naming more concepts than this is a list or a table, not prose saying how they
relate: only its most mentioned are paired (the reports at hand name at most 17 in one)."""
RELATED_SPREAD = 100
"""A concept in more sections than this is too common to say two sections are related."""
RELATED_PER_SECTION = 5


@dataclass(frozen=True)
class ConceptInfo:
    """What the graph shows about a concept, from the vocabulary or from discovery."""

    id: str
    label: str
    kind: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A concept mentioned in a passage, and how many times."""

    concept_id: str
    passage_id: str
    times: int = 1


@dataclass(frozen=True)
class Outline:
    """What the graph shows of a report itself: its title, its date and its sections, each
    as (section id, number, title, how many passages)."""

    id: str
    title: str
    date: str | None
    sections: tuple[tuple[str, int, str, int], ...]


def outline(report: Report) -> Outline:
    return Outline(
        report.id,
        report.title,
        report.date,
        tuple((s.id, s.number, s.title, len(s.passages)) for s in report.sections),
    )


def build_graph(
    reports: Sequence[Report | Outline], concepts: Mapping[str, ConceptInfo], hits: Iterable[Hit]
) -> nx.Graph:
    """Assemble the graph from parsed reports (or their outlines) and concept mentions."""
    graph = nx.Graph()
    for report in reports:
        shown = report if isinstance(report, Outline) else outline(report)
        graph.add_node(
            report_node(shown.id),
            kind="report",
            label=shown.title,
            count=len(shown.sections),
            date=shown.date or "",
        )
        for section_id, number, title, size in shown.sections:
            node = section_node(section_id)
            graph.add_node(
                node,
                kind="section",
                label=title,
                count=size,
                report=shown.id,
                number=number,
            )
            graph.add_edge(report_node(shown.id), node, kind="contains", weight=1, evidence=[])
    by_passage: dict[str, list[Hit]] = defaultdict(list)
    mentions: dict[tuple[str, str], list[str]] = defaultdict(list)
    weights: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    for hit in hits:
        by_passage[hit.passage_id].append(hit)
        key = (section_of(hit.passage_id), hit.concept_id)
        passages = mentions[key]
        if not passages or passages[-1] != hit.passage_id:
            passages.append(hit.passage_id)
        weights[key] += hit.times
        counts[hit.concept_id] += hit.times
    for concept_id, count in counts.items():
        info = concepts[concept_id]
        graph.add_node(
            concept_node(concept_id),
            kind=info.kind,
            label=info.label,
            count=count,
            description=info.description,
            aliases=list(info.aliases),
        )
    for (section_id, concept_id), passages in mentions.items():
        graph.add_edge(
            section_node(section_id),
            concept_node(concept_id),
            kind="mentions",
            weight=weights[(section_id, concept_id)],
            evidence=kept_evidence(passages),
        )
    _add_cooccurrence(graph, by_passage)
    _add_related_sections(graph, mentions)
    return graph


def kept_evidence(passage_ids: Iterable[str]) -> list[str]:
    """The evidence an edge keeps: each passage once, in document order, MAX_EVIDENCE at most."""
    unique = sorted(set(passage_ids), key=passage_order)
    return unique[:MAX_EVIDENCE]


def _add_cooccurrence(graph: nx.Graph, by_passage: Mapping[str, list[Hit]]) -> None:
    """Concepts named in one passage, linked; a pair's evidence is its first passages.

    Passages are read in document order, so that each pair keeps its first MAX_EVIDENCE
    passages and no more (the rest are only counted); the links are added in the order
    the passages were met, as ever (Louvain's communities depend on it).
    """
    met = {passage_id: i for i, passage_id in enumerate(by_passage)}
    pairs: dict[tuple[str, str], _Pair] = {}
    for passage_id in sorted(by_passage, key=passage_order):
        for a, b in combinations(sorted(_most_mentioned(by_passage[passage_id])), 2):
            pair = pairs.get((a, b))
            if pair is None:
                pair = pairs[(a, b)] = _Pair(met[passage_id])
            pair.first = min(pair.first, met[passage_id])
            pair.weight += 1
            if len(pair.evidence) < MAX_EVIDENCE:
                pair.evidence.append(passage_id)
    for (a, b), pair in sorted(pairs.items(), key=lambda item: (item[1].first, item[0])):
        graph.add_edge(
            concept_node(a),
            concept_node(b),
            kind="co-occurs",
            weight=pair.weight,
            evidence=pair.evidence,
        )


@dataclass(slots=True)
class _Pair:
    """Two concepts named in one passage: where first met, how often, the first passages."""

    first: int
    weight: int = 0
    evidence: list[str] = field(default_factory=list)


def _most_mentioned(hits: list[Hit]) -> set[str]:
    """The passage's concepts, or the PAIRED_PER_PASSAGE it mentions most (ties: the first
    named)."""
    times: Counter[str] = Counter()
    for hit in hits:
        times[hit.concept_id] += hit.times
    if len(times) <= PAIRED_PER_PASSAGE:
        return set(times)
    return {c for c, _ in sorted(times.items(), key=lambda item: -item[1])[:PAIRED_PER_PASSAGE]}


def _add_related_sections(graph: nx.Graph, mentions: Mapping[tuple[str, str], list[str]]) -> None:
    """Sections sharing concepts; common concepts count less, each section keeps its top few."""
    sections_of: dict[str, list[str]] = defaultdict(list)
    for section_id, concept_id in mentions:
        sections_of[concept_id].append(section_id)
    total = len({s for s, _ in mentions}) or 1
    # Pairs grow with the square of a concept's sections: past a few hundred they cost
    # gigabytes (a 60 MB report of 50,000 sections took 9 GB) and relate almost everything.
    too_common = min(max(20, total // 20), RELATED_SPREAD)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for concept_id, sections in sections_of.items():
        if len(sections) > too_common:
            continue
        for a, b in combinations(sorted(sections), 2):
            shared[(a, b)].append(concept_id)
    need = 1 if total < 50 else 2
    best: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for (a, b), concept_ids in shared.items():
        if len(concept_ids) >= need:
            best[a].append((len(concept_ids), b, a))
            best[b].append((len(concept_ids), a, b))
    keep: set[tuple[str, str]] = set()
    for candidates in best.values():
        candidates.sort(key=lambda item: (-item[0], item[1]))
        keep.update(tuple(sorted((x, y))) for _, x, y in candidates[:RELATED_PER_SECTION])  # type: ignore[misc]
    for a, b in sorted(keep):
        concept_ids = shared[(a, b)]
        evidence = [p for c in concept_ids for s in (a, b) for p in mentions[(s, c)]]
        graph.add_edge(
            section_node(a),
            section_node(b),
            kind="related",
            weight=len(concept_ids),
            evidence=kept_evidence(evidence),
            concepts=sorted(concept_ids),
        )
