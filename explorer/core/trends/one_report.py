"""One report's sections as its trends: a card per section, for a library with one period.

A card gives the section's title, the techniques, industries, organisations and models it
names (most mentioned first), its best sentence (the one naming the most of its concepts,
the earliest of equals) and the sections it shares concepts with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.core.ids import node_kind, section_node
from explorer.core.kinds import CONCEPT_KIND_NAMES

CARD_KINDS = CONCEPT_KIND_NAMES[:4]
"""Techniques, industries, organisations and models (the registry's first four kinds)."""
MAX_CARDS = 100
"""Cards for at most this many sections (the first with text): cards are read one by one,
and each is compared with every other."""
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass(frozen=True)
class Shared:
    """Another section and the concepts both name."""

    section_id: str
    title: str
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    section_id: str
    title: str
    names: dict[str, tuple[str, ...]]
    """Kind → concept labels, for the kinds in CARD_KINDS that the section names."""
    sentence: str
    sentence_passage: str
    shared: tuple[Shared, ...]
    sentence_page: str | None = None
    """The label printed on the page the sentence's passage starts on (a PDF's)."""


def cards(graph: Any, report: Any) -> list[Card]:
    """A card for each section of ``report`` (a parsed Report) that has text, the first
    MAX_CARDS of them."""
    carded = [s for s in report.sections if s.passages][:MAX_CARDS]
    concepts_of: dict[str, dict[str, int]] = {}
    for section in carded:
        node = section_node(section.id)
        found = {}
        if node in graph:
            for other in graph.neighbors(node):
                if node_kind(other) == "concept":
                    found[other] = int(graph.edges[node, other].get("weight", 1))
        concepts_of[section.id] = found
    out = []
    for section in carded:
        mine = concepts_of[section.id]
        ranked = sorted(mine, key=lambda c: (-mine[c], c))
        names = {
            kind: tuple(graph.nodes[c]["label"] for c in ranked if graph.nodes[c]["kind"] == kind)
            for kind in CARD_KINDS
        }
        named = [graph.nodes[c]["label"] for c in ranked]
        sentence, passage, page = _best_sentence(report, section, named)
        shared = []
        for other in carded:
            both = set(mine) & set(concepts_of[other.id]) if other.id != section.id else set()
            if both:
                labels = tuple(sorted(graph.nodes[c]["label"] for c in both))
                shared.append(Shared(other.id, other.title, labels))
        shared.sort(key=lambda s: (-len(s.concepts), s.section_id))
        out.append(
            Card(
                section.id,
                section.title,
                {k: v for k, v in names.items() if v},
                sentence,
                passage,
                tuple(shared[:4]),
                page,
            )
        )
    return out


def _best_sentence(report: Any, section: Any, labels: list[str]) -> tuple[str, str, str | None]:
    """The sentence of the section's words as a reader sees them (no Markdown or HTML) that
    names the most of these labels, its passage's id and that passage's page."""
    from explorer.core.reports import shown_words

    wanted = [label.lower() for label in labels]
    best: tuple[int, str, str, str | None] = (-1, "", "", None)
    for passage in section.passages:
        for match in _SENTENCE.finditer(shown_words(report, passage)):
            sentence = " ".join(match.group(0).split())
            if len(sentence) < 20:
                continue
            lower = sentence.lower()
            score = sum(label in lower for label in wanted)
            if score > best[0]:
                best = (score, sentence, passage.id, passage.page)
    return best[1], best[2], best[3]
