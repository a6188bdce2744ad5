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

import hashlib
import math
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from explorer.core.ids import report_of
from explorer.core.reports import Passage, Report

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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
    marked = [(report, marks(report)) for report in reports]
    skipped = skipped_among([m for _, m in marked])
    boilerplate: set[str] = set()
    references: set[str] = set()
    for (report, _), (boiler, links) in zip(marked, skipped, strict=True):
        for i, passage in enumerate(_passages([report])):
            if boiler[i]:
                boilerplate.add(passage.id)
            if links[i]:
                references.add(passage.id)
    return Unmentioned(frozenset(boilerplate), frozenset(references))


@dataclass(frozen=True)
class Marks:
    """What one report's passages say of boilerplate, in passage order: each passage's
    distinct word shingles (stable 64-bit hashes, ``counts[i]`` of them for passage i, one
    after another in ``shingles``), and whether it is mostly links."""

    counts: npt.NDArray[np.uint64]
    links: npt.NDArray[np.bool_]
    shingles: npt.NDArray[np.uint64]

    def packed(self) -> bytes:
        """One array of little-endian 64-bit words: the passages, each passage's count
        (times two, plus one where it is mostly links), then the shingles."""
        import numpy as np

        head = np.array([len(self.counts)], dtype="<u8")
        each = self.counts.astype("<u8") * 2 + self.links.astype("<u8")
        return b"".join(
            (head.tobytes(), each.tobytes(), self.shingles.astype("<u8", copy=False).tobytes())
        )

    @classmethod
    def unpacked(cls, data: bytes) -> Marks:
        """The marks ``packed`` wrote; ValueError when the bytes do not make them."""
        import numpy as np

        if len(data) % 8 or len(data) < 8:
            raise ValueError("not whole 64-bit words")
        words = np.frombuffer(data, dtype="<u8")
        n = int(words[0])
        if n > len(words) - 1:
            raise ValueError("fewer passages than counted")
        each = words[1 : n + 1]
        counts = each >> np.uint64(1)
        if int(counts.sum()) != len(words) - 1 - n:
            raise ValueError("fewer shingles than counted")
        links = (each & np.uint64(1)).astype(bool)
        return cls(counts.astype(np.uint64), links, words[n + 1 :].astype(np.uint64))


def marks(report: Report) -> Marks:
    """The report's marks, from its passages' text."""
    import numpy as np

    codes: dict[str, int] = {}
    words: list[int] = []
    lengths: list[int] = []
    links: list[bool] = []
    for passage in _passages([report]):
        found = [w.lower() for w in _WORD.findall(_LINK.sub(_link_words, passage.text))]
        for word in found:
            code = codes.get(word)
            if code is None:
                code = codes[word] = _word_code(word)
            words.append(code)
        lengths.append(len(found))
        links.append(_mostly_links(passage.text))
    counts, shingles = _shingled(np.array(words, dtype=np.uint64), np.array(lengths))
    return Marks(counts, np.array(links, dtype=bool), shingles)


def _word_code(word: str) -> int:
    """A word's 64 bits, the same in every process (``hash`` of a str is salted per run)."""
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
"""Odd 64-bit multipliers: a run of words hashes to the sum of its words' codes, each times
the multiplier of its place, plus the run's length times the first (a run shorter than
SHINGLE, a passage's only one, differs from every longer one)."""


def _shingled(
    words: npt.NDArray[np.uint64], lengths: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Each passage's distinct shingles, from its words' codes (one passage's after
    another, ``lengths[i]`` of passage i): a passage of SHINGLE words or more has a
    shingle for each run of SHINGLE words, a shorter one a single shingle of all its words
    (none when it has none)."""
    import numpy as np

    n = len(lengths)
    starts = np.zeros(n, dtype=np.int64)
    if n:
        np.cumsum(lengths[:-1], out=starts[1:])
    mix = [np.uint64(m) for m in _MIX]
    with np.errstate(over="ignore"):
        runs = np.maximum(lengths - (SHINGLE - 1), 0)
        passage = np.repeat(np.arange(n), runs)
        first = np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)
        first += np.repeat(starts, runs)
        hashes = np.full(len(first), np.uint64(SHINGLE) * mix[0], dtype=np.uint64)
        for place in range(SHINGLE):
            hashes += words[first + place] * mix[place]
        short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
        if len(short):
            extra = [_short_run(words, int(starts[i]), int(lengths[i]), mix) for i in short]
            hashes = np.concatenate((hashes, np.array(extra, dtype=np.uint64)))
            passage = np.concatenate((passage, short))
    order = np.lexsort((hashes, passage))
    hashes, passage = hashes[order], passage[order]
    fresh = np.ones(len(hashes), dtype=bool)
    fresh[1:] = (hashes[1:] != hashes[:-1]) | (passage[1:] != passage[:-1])
    hashes, passage = hashes[fresh], passage[fresh]
    return np.bincount(passage, minlength=n).astype(np.uint64), hashes


def _short_run(
    words: npt.NDArray[np.uint64], start: int, length: int, mix: list[np.uint64]
) -> np.uint64:
    import numpy as np

    with np.errstate(over="ignore"):
        total = np.uint64(length) * mix[0]
        for place in range(length):
            total += words[start + place] * mix[place]
    return total


def skipped_among(
    reports: Sequence[Marks],
) -> list[tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]]:
    """For each report, which of its passages are boilerplate and which are reference
    lists, from the marks of every report of the library (see the module's docstring)."""
    import numpy as np

    threshold = max(MIN_REPORTS, math.ceil(SPREAD * len(reports)))
    if len(reports) < threshold:
        return [(np.zeros(len(m.counts), dtype=bool), m.links) for m in reports]
    common = _common(reports, threshold)
    found = []
    for m in reports:
        counts = m.counts.astype(np.int64)
        passage = np.repeat(np.arange(len(counts)), counts)
        at = np.minimum(np.searchsorted(common, m.shingles), max(len(common) - 1, 0))
        shared = common[at] == m.shingles if len(common) else np.zeros(len(m.shingles), bool)
        weights = np.bincount(passage, weights=shared, minlength=len(counts))
        found.append(((counts > 0) & (weights >= SHARE * counts), m.links))
    return found


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


def _link_words(link: re.Match[str]) -> str:
    """A link's words without its address (which differs where the words do not)."""
    text = link.group(0)
    if text.startswith("["):
        return text[1 : text.index("]")]
    return re.sub(r"<[^>]*>", " ", text) if text.startswith("<") else " "


def _common(reports: Sequence[Marks], threshold: int) -> npt.NDArray[np.uint64]:
    """The shingles in ``threshold`` reports or more, sorted (by sorting, not np.unique,
    whose hashing took seconds over the millions of shingles of thousands of reports)."""
    import numpy as np

    each = [_distinct(np.sort(m.shingles)) for m in reports]
    every = np.sort(np.concatenate(each)) if each else np.zeros(0, dtype=np.uint64)
    firsts = np.flatnonzero(np.concatenate(([True], every[1:] != every[:-1])))[: len(every)]
    spread = np.diff(np.append(firsts, len(every)))  # how many reports have each
    return every[firsts[spread >= threshold]]


def _distinct(ordered: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    import numpy as np

    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _mostly_links(text: str) -> bool:
    """Most of the passage's words are the words of links (its addresses not counted); a
    passage with no words (an image alone) cites nothing."""
    links = list(_LINK.finditer(text))
    if not links:
        return False
    words = len(_WORD.findall(_LINK.sub(_link_words, text)))
    linked = sum(len(_WORD.findall(_link_words(m))) for m in links)
    return words > 0 and linked >= LINKS_SHARE * words
