"""Answers about the graph that cite their passages: a concept's card, a path's hops;
and the excerpt that quotes an evidence passage wherever one is printed or shown.

An excerpt is plain text (the passage's Markdown and HTML rendered as the reader shows
them) cut around the concepts it is evidence for. Snippets are that text escaped, with the
concepts' own words wrapped in <mark>, like search hits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from explorer.core.errors import ExplorerError, NotFound
from explorer.core.ids import is_concept, node_key

if TYPE_CHECKING:
    from explorer.core.reports import Passage, Section
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
    """Everything `explorer concept` shows of a concept (see Workspace.concept: read from
    the cards kept beside the graph, without the graph, when they are current)."""
    card = ws.concept(name, evidence_limit)
    texts = [shown[2] for p in card.evidence if (shown := _shown(ws, p)) is not None]
    names = (card.label, *card.aliases)
    reading = Reading(ws.concept_spans_within(texts), lambda node: names if node == card.id else ())
    return ConceptCard.model_validate(  # validated in one call: sections are many
        {
            "id": card.id,
            "label": card.label,
            "kind": card.kind,
            "aliases": list(card.aliases),
            "description": card.description,
            "mentions": card.mentions,
            "sections": [
                {"section_id": s, "section": label, "report": report, "mentions": n}
                for s, label, report, n in card.sections
            ],
            "neighbours": [n._asdict() for n in card.neighbours],
            "evidence": cite(ws, card.evidence, [card.id], reading),
        }
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


def cite(
    ws: Workspace,
    passage_ids: Iterable[str],
    nodes: Iterable[str],
    reading: Reading | None = None,
) -> list[Evidence]:
    """Evidence entries with snippets cut around the concepts' own mentions."""
    nodes = list(nodes)
    out = []
    for passage_id in passage_ids:
        shown = _shown(ws, passage_id)
        if shown is None:
            continue
        section, passage, text = shown
        found = _excerpt_of(ws, text, nodes, SNIPPET_CHARS, reading)
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
    shown = _shown(ws, passage_id)
    return None if shown is None else _excerpt_of(ws, shown[2], nodes, width)


def _shown(ws: Workspace, passage_id: str) -> tuple[Section, Passage, str] | None:
    """A passage, its section and its words as the reader shows them; None when gone."""
    from explorer.core.reports import shown_words

    try:
        report, section, passage = ws.passage(passage_id)
    except ExplorerError:
        return None
    return section, passage, shown_words(report, passage)


def _excerpt_of(
    ws: Workspace,
    text: str,
    nodes: Iterable[str],
    width: int,
    reading: Reading | None = None,
) -> Excerpt:
    concepts = [n for n in nodes if is_concept(n)]
    return cut(text, mentions(ws, text, concepts, reading) if concepts else [], width)


@dataclass(frozen=True)
class Reading:
    """How text is read for concepts: where it names them (see GraphService.concept_spans),
    and the label and aliases of a concept the vocabulary does not know (a keyphrase)."""

    spans: Callable[[str], list[tuple[str, int, int]]]
    names: Callable[[str], Sequence[str]]


def mentions(
    ws: Workspace, text: str, nodes: list[str], reading: Reading | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, node) of each mention of these concept nodes in plain text: where the
    vocabulary's matcher finds them, else (for discovered keyphrases) their label, aliases
    or the words of their id ("vector-database" for "vector databases"), as whole words,
    ignoring case. Read as ``reading`` says, else as the graph in memory does."""
    wanted = {node_key(n): n for n in nodes}
    spans = reading.spans if reading is not None else ws.graphs.concept_spans
    found = [(start, end, wanted[cid]) for cid, start, end in spans(text) if cid in wanted]
    missing = set(nodes) - {node for _, _, node in found}
    if not missing:
        return sorted(found)
    names_of = reading.names if reading is not None else _names_in_graph(ws)
    for node in sorted(missing):
        names = [*names_of(node), node_key(node).replace("-", " ")]
        found += [(s, e, node) for s, e in _named(text, names)]
    return sorted(found)


def _names_in_graph(ws: Workspace) -> Callable[[str], Sequence[str]]:
    """A node's label and aliases in the graph if it is built (never a build, nor a wait
    for one); none otherwise."""
    graph = ws.graphs.ready()

    def names(node: str) -> Sequence[str]:
        data = graph.node(node) if graph is not None and node in graph.graph else {}
        return [data.get("label", ""), *data.get("aliases", ())]

    return names


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
