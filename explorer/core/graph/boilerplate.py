"""Boilerplate: what a library's reports repeat around their content, which is not evidence.

Blogs end every post with the same call to action ("Have questions? Join our Discord
channel… book a Milvus Office Hours session"), with a few words changed from post to post;
sites repeat navigation, licence blurbs and "related posts" lists. Counted as mentions, these
make "Office Hours" a rising concept at 85 % of a year's posts.

A passage is boilerplate when most of its word shingles (runs of SHINGLE words) occur in
several reports of the library: at least MIN_REPORTS, and at least SPREAD of them. That
finds the same words with small changes (a link added, a sentence swapped), which an exact
match would miss, and never a passage only one report has. A passage that is mostly links
(a reading list, references) is a reference list: it cites, it does not mention.

Calls to action are written anew for many posts ("Book a free 20-minute Milvus Office Hours
session to walk through your use case"), so no words repeat; what repeats is where they
stand. A sign-off is a concept that in most of the reports naming it (at least MIN_REPORTS)
is named only in their closing part (the last CLOSING of their text): Office Hours, Stay
tuned, feel free, the Discord and Slack communities. Its mentions there are not counted;
where a report names it before its close, they still are.

None of these is counted as a mention anywhere (graph, map, trends, diff, tours); both stay in the
index, and the reader shows them dimmed, saying why.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from explorer.core.ids import report_of
from explorer.core.reports import Passage, Report

SHINGLE = 4
MIN_REPORTS = 3
SPREAD = 0.02
"""The share of the library's reports a shingle must occur in to be boilerplate's (and at
least MIN_REPORTS): 6 of 296 blog posts."""
SHARE = 0.5
"""How much of a passage must be such shingles for it to be boilerplate."""
LINKS_SHARE = 0.6
"""How many of a passage's words may be the words of links before it is a reference list."""

WHY_NOT_COUNTED = {
    "boilerplate": "Repeated across several reports (a footer, a call to action or a list of "
    "related posts): not counted as a mention of any concept.",
    "references": "Mostly links (a reading list or references): not counted as a mention of "
    "any concept.",
}
"""What the reader says of a passage of each kind (the key of the built graph that lists
them), where it shows one dimmed."""

_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\([^)\s]*\)|<a\s[^>]*>.*?</a>|https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Unmentioned:
    """The passages of a library that are not counted as mentions, and why."""

    boilerplate: frozenset[str]
    references: frozenset[str]

    def __contains__(self, passage_id: object) -> bool:
        return passage_id in self.boilerplate or passage_id in self.references


def unmentioned(reports: Sequence[Report]) -> Unmentioned:
    """The boilerplate and the reference lists among the reports' passages."""
    references = frozenset(p.id for p in _passages(reports) if _mostly_links(p.text))
    return Unmentioned(_boilerplate(reports), references)


CLOSING = 0.15
"""The share of a report's text, at its end, that is its closing part."""
SIGN_OFF_SHARE = 0.6
"""In how many of the reports naming it a concept must be named only in their close."""


def closing(reports: Iterable[Report]) -> frozenset[str]:
    """The passages that start in the closing part of their report."""
    return frozenset(
        p.id
        for r in reports
        for s in r.sections
        for p in s.passages
        if p.start >= (1 - CLOSING) * len(r.text)
    )


def sign_offs(mentions: Iterable[tuple[str, str]], close: Container[str]) -> set[str]:
    """The concepts that are sign-offs, from (concept, passage id) mentions."""
    named: dict[str, set[str]] = {}
    before_close: dict[str, set[str]] = {}
    for concept, passage_id in mentions:
        report = report_of(passage_id)
        named.setdefault(concept, set()).add(report)
        if passage_id not in close:
            before_close.setdefault(concept, set()).add(report)
    found = set()
    for concept, reports in named.items():
        only_close = len(reports - before_close.get(concept, set()))
        if only_close >= MIN_REPORTS and only_close >= SIGN_OFF_SHARE * len(reports):
            found.add(concept)
    return found


def unmentioned_in(graph: nx.Graph) -> frozenset[str]:
    """The passages a built graph counted no mention in (see GraphService._build)."""
    return frozenset((*graph.graph.get("boilerplate", ()), *graph.graph.get("references", ())))


def why_not_counted(graph: nx.Graph) -> dict[str, str]:
    """Passage id → why a built graph counted no mention in it, in the reader's words."""
    return {
        passage_id: why
        for key, why in WHY_NOT_COUNTED.items()
        for passage_id in graph.graph.get(key, ())
    }


def _passages(reports: Iterable[Report]) -> Iterable[Passage]:
    for report in reports:
        for section in report.sections:
            yield from section.passages


def _shingles(text: str) -> set[int]:
    words = [w.lower() for w in _WORD.findall(_LINK.sub(_link_words, text))]
    if len(words) < SHINGLE:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _link_words(link: re.Match[str]) -> str:
    """A link's words without its address (which differs where the words do not)."""
    text = link.group(0)
    if text.startswith("["):
        return text[1 : text.index("]")]
    return re.sub(r"<[^>]*>", " ", text) if text.startswith("<") else " "


def _boilerplate(reports: Sequence[Report]) -> frozenset[str]:
    threshold = max(MIN_REPORTS, math.ceil(SPREAD * len(reports)))
    if len(reports) < threshold:
        return frozenset()
    spread: Counter[int] = Counter()
    shingled: list[tuple[str, set[int]]] = []
    for report in reports:
        seen: set[int] = set()
        for section in report.sections:
            for passage in section.passages:
                shingles = _shingles(passage.text)
                shingled.append((passage.id, shingles))
                seen |= shingles
        spread.update(seen)
    common = {s for s, n in spread.items() if n >= threshold}
    return frozenset(
        passage_id
        for passage_id, shingles in shingled
        if shingles and len(shingles & common) >= SHARE * len(shingles)
    )


def _mostly_links(text: str) -> bool:
    """Most of the passage's words are the words of links (its addresses not counted); a
    passage with no words (an image alone) cites nothing."""
    links = list(_LINK.finditer(text))
    if not links:
        return False
    words = len(_WORD.findall(_LINK.sub(_link_words, text)))
    linked = sum(len(_WORD.findall(_link_words(m))) for m in links)
    return words > 0 and linked >= LINKS_SHARE * words
