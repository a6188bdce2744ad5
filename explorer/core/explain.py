"""Answers about the graph that cite their passages: a concept's card, a path's hops.

Snippets are escaped text with the concept's own words wrapped in <mark>, like search hits.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from explorer.core.errors import NotFound
from explorer.core.ids import is_concept, node_key, section_of

if TYPE_CHECKING:
    from explorer.core.workspace import Workspace

SNIPPET_CHARS = 240


class Evidence(BaseModel):
    """One passage cited for a concept or a link."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    passage_id: str
    section_id: str
    section: str
    snippet: str


class SectionRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    section_id: str
    section: str
    report: str
    mentions: int


class Neighbour(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    kind: str
    weight: int


class ConceptCard(BaseModel):
    """Everything `explorer concept` shows about one concept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    kind: str
    aliases: list[str]
    description: str
    mentions: int
    sections: list[SectionRef]
    neighbours: list[Neighbour]
    evidence: list[Evidence]


class PathHop(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    source_label: str
    target: str
    target_label: str
    kind: str
    weight: int
    evidence: list[Evidence]


class PathAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    target: str
    hops: list[PathHop]


def concept_card(ws: Workspace, name: str, evidence_limit: int = 10) -> ConceptCard:
    graph = ws.graph()
    node = graph.find_concept(name)
    data = graph.node(node)
    sections = [
        SectionRef(
            section_id=node_key(sid),
            section=graph.node(sid)["label"],
            report=graph.node(sid)["report"],
            mentions=count,
        )
        for sid, count in graph.sections_of(node)
    ]
    neighbours = [
        Neighbour(id=n, label=graph.node(n)["label"], kind=graph.node(n)["kind"], weight=w)
        for n in graph.neighbourhood(node, 1)
        if n != node and graph.node(n)["kind"] != "section" and (w := graph.weight(node, n))
    ]
    neighbours.sort(key=lambda nb: (-nb.weight, nb.label.lower()))
    passages = [p for sid, _ in graph.sections_of(node) for p in graph.evidence(node, sid)]
    return ConceptCard(
        id=node,
        label=data["label"],
        kind=data["kind"],
        aliases=list(data.get("aliases", [])),
        description=data.get("description", ""),
        mentions=int(data.get("count", 0)),
        sections=sections,
        neighbours=neighbours[:20],
        evidence=cite(ws, passages[:evidence_limit], [node]),
    )


def path_answer(ws: Workspace, a: str, b: str, evidence_limit: int = 3) -> PathAnswer:
    graph = ws.graph()
    source, target = graph.find_concept(a), graph.find_concept(b)
    hops = graph.path(source, target)
    if not hops and source != target:
        raise NotFound(f"No path links {a!r} and {b!r} in this library.")
    return PathAnswer(
        source=source,
        target=target,
        hops=[
            PathHop(
                source=h.source,
                source_label=graph.node(h.source)["label"],
                target=h.target,
                target_label=graph.node(h.target)["label"],
                kind=h.kind,
                weight=h.weight,
                evidence=cite(ws, h.evidence[:evidence_limit], [h.source, h.target]),
            )
            for h in hops
        ],
    )


def cite(ws: Workspace, passage_ids: Iterable[str], nodes: Iterable[str]) -> list[Evidence]:
    """Evidence entries with snippets centred on the concepts' own mentions."""
    concept_ids = {node_key(n) for n in nodes if is_concept(n)}
    labels = [ws.graph().node(n)["label"] for n in nodes if is_concept(n)]
    out = []
    for passage_id in passage_ids:
        report, section = ws.section(section_of(passage_id))
        passage = report.passage(passage_id)
        if passage is None:
            continue
        spans = [
            (s, e) for cid, s, e in ws.graphs.concept_spans(passage.text) if cid in concept_ids
        ]
        spans += _label_spans(passage.text, labels) if not spans else []
        out.append(
            Evidence(
                passage_id=passage_id,
                section_id=section.id,
                section=section.title,
                snippet=snippet(passage.text, spans),
            )
        )
    return out


def passage_line(ws: Workspace, passage_id: str, limit: int = 110) -> str:
    """A passage's words on one line, cut at ``limit`` characters ("" when it is gone)."""
    from explorer.core.errors import ExplorerError

    try:
        _report, _section, passage = ws.passage(passage_id)
    except ExplorerError:
        return ""
    words = " ".join(passage.text.split())
    return words if len(words) <= limit else words[:limit] + "…"


def _label_spans(text: str, labels: list[str]) -> list[tuple[int, int]]:
    """Where discovered keyphrases (not in the vocabulary) occur, ignoring case."""
    lowered = text.lower()
    spans = []
    for label in labels:
        start = lowered.find(label.lower())
        while start >= 0:
            spans.append((start, start + len(label)))
            start = lowered.find(label.lower(), start + len(label))
    return sorted(spans)


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters around the first span, escaped, spans in <mark>."""
    spans = sorted(spans)
    first = spans[0][0] if spans else 0
    last = max((e for s, e in spans if e - first <= 2 * width), default=first)
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), max(start + width, last + width // 4))
    parts = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        parts += [
            html.escape(text[cursor:s], quote=False),
            f"<mark>{html.escape(text[s:e])}</mark>",
        ]
        cursor = e
    parts.append(html.escape(text[cursor:end], quote=False))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)
