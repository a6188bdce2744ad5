"""Answers about the graph that cite their passages: a concept's card, a path's hops;
and the excerpt that quotes an evidence passage wherever one is printed or shown.

An excerpt is plain text (the passage's Markdown and HTML rendered as the reader shows
them) cut around the concepts it is evidence for. Snippets are that text escaped, with the
concepts' own words wrapped in <mark>, like search hits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from explorer.core.errors import ExplorerError, NotFound
from explorer.core.ids import is_concept, node_key

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
    page: str | None = None
    """A PDF passage's printed page label ("14"); None for other formats."""


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


def page_of(ws: Workspace, passage_id: str) -> str | None:
    """The label printed on the page a passage starts on (a PDF's); None for a report
    without pages, or a passage that is gone."""
    try:
        return ws.passage(passage_id)[2].page
    except ExplorerError:
        return None


def cite(ws: Workspace, passage_ids: Iterable[str], nodes: Iterable[str]) -> list[Evidence]:
    """Evidence entries with snippets cut around the concepts' own mentions."""
    nodes = list(nodes)
    out = []
    for passage_id in passage_ids:
        found = excerpt(ws, passage_id, nodes)
        if found is None:
            continue
        _report, section, passage = ws.passage(passage_id)
        out.append(
            Evidence(
                passage_id=passage_id,
                section_id=section.id,
                section=section.title,
                snippet=found.html(),
                page=passage.page,
            )
        )
    return out


def passage_line(
    ws: Workspace, passage_id: str, limit: int = 110, nodes: Iterable[str] = ()
) -> str:
    """A passage's words on one line, about ``limit`` characters of them around the first
    mention of these nodes' concepts ("" when the passage is gone)."""
    found = excerpt(ws, passage_id, nodes, limit)
    return found.text if found is not None else ""


@dataclass(frozen=True)
class Excerpt:
    """Some of a passage's words as plain text, "…" where they were cut, and where in
    ``text`` the concepts it is quoted for are named."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def html(self) -> str:
        """The text escaped, the concepts' words in <mark>."""
        parts, cursor = [], 0
        for start, end in self.marks:
            parts.append(html.escape(self.text[cursor:start], quote=False))
            parts.append(f"<mark>{html.escape(self.text[start:end], quote=False)}</mark>")
            cursor = end
        parts.append(html.escape(self.text[cursor:], quote=False))
        return "".join(parts)


def excerpt(
    ws: Workspace, passage_id: str, nodes: Iterable[str] = (), width: int = SNIPPET_CHARS
) -> Excerpt | None:
    """What evidence quotes of a passage, wherever it is printed or shown: its words as
    the reader shows them (no Markdown or HTML), about ``width`` characters of them
    around the first mention of the concepts among ``nodes`` (of both, for a link, when
    they fit), with "…" where cut. None when the passage is gone."""
    from explorer.core.reports import shown_words

    try:
        report, _section, passage = ws.passage(passage_id)
    except ExplorerError:
        return None
    text = shown_words(report, passage)
    concepts = [n for n in nodes if is_concept(n)]
    return cut(text, mentions(ws, text, concepts) if concepts else [], width)


def mentions(ws: Workspace, text: str, nodes: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, node) of each mention of these concept nodes in plain text: where the
    vocabulary's matcher finds them, else (for discovered keyphrases) their label, aliases
    or the words of their id ("vector-database" for "vector databases"), as whole words,
    ignoring case."""
    wanted = {node_key(n): n for n in nodes}
    found = [
        (start, end, wanted[cid])
        for cid, start, end in ws.graphs.concept_spans(text)
        if cid in wanted
    ]
    missing = set(nodes) - {node for _, _, node in found}
    graph = ws.graphs.ready() if missing else None  # never a build, nor a wait for one
    for node in sorted(missing):
        data = graph.node(node) if graph is not None and node in graph.graph else {}
        names = [data.get("label", ""), *data.get("aliases", ()), node_key(node).replace("-", " ")]
        found += [(s, e, node) for s, e in _named(text, names)]
    return sorted(found)


def _named(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where any of these names occurs in text as whole words (a plural too), ignoring case."""
    names = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return []
    either = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<!\w)(?:{either})(?:e?s)?(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def cut(text: str, spans: list[tuple[int, int, str]], width: int) -> Excerpt:
    """About ``width`` characters of plain text, cut at spaces, centred on the first span
    and, where they fit in with it, the nearest span of each other node; "…" at each cut
    end. ``spans`` are (start, end, node)."""
    lo, hi = _focus(spans, width)
    begin = max(0, min((lo + hi) // 2 - width // 2, len(text) - width))
    end = min(len(text), begin + width)
    if begin > 0 and text[begin - 1] != " ":  # in a word: from the next one
        space = text.find(" ", begin, lo)
        begin = space + 1 if space >= 0 else begin
    if end < len(text) and text[end] != " ":  # in a word: up to the one before
        space = text.rfind(" ", max(hi, begin), end)
        end = space if space > begin else end
    while begin < end and text[begin] == " ":
        begin += 1
    while end > begin and (text[end - 1] == " " or (end < len(text) and text[end - 1] in ",;:")):
        end -= 1  # "…" after a word, not after "words,"
    head = "…" if begin > 0 else ""
    words = head + text[begin:end] + ("…" if end < len(text) else "")
    shift = len(head) - begin
    marks = _disjoint([(s + shift, e + shift) for s, e, _ in spans if begin <= s and e <= end])
    return Excerpt(words, tuple(marks))


def _focus(spans: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """What an excerpt is centred on: the first span, widened to the nearest span of each
    other node while all of them fit in ``width``."""
    if not spans:
        return 0, 0
    first = min(spans)
    lo, hi = first[0], first[1]
    for node in sorted({n for _, _, n in spans} - {first[2]}):
        near = min((sp for sp in spans if sp[2] == node), key=lambda sp: abs(sp[0] - first[0]))
        if max(hi, near[1]) - min(lo, near[0]) <= width:
            lo, hi = min(lo, near[0]), max(hi, near[1])
    return lo, hi


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
