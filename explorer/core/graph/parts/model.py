"""One report's share of the graph's making (see the package's docstring)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from explorer.core.graph.boilerplate import CLOSING, Marks, marks
from explorer.core.graph.build import Outline, outline
from explorer.core.graph.discovery import candidates, in_code
from explorer.core.graph.vocabulary import Matcher
from explorer.core.reports import Report

PARTS_VERSION = 1
"""Bump when what a share holds, or the way it is worked out, changes: older shares are then
worked out again."""

CODE = 1
"""A passage's flag: it starts inside a fenced code block (no source of keyphrases)."""
IN_CLOSE = 2
"""It starts in the closing part of its report (where sign-offs are not counted)."""
BOILERPLATE = 4
"""Set on a library's build, not kept: boilerplate (see boilerplate.py)."""
REFERENCES = 8
"""Set on a library's build, not kept: mostly links."""
UNMENTIONED = BOILERPLATE | REFERENCES


@dataclass(frozen=True, slots=True)
class PassageParts:
    """One passage's share: its flags, the vocabulary's names in it (concept id and how
    often, in order of first mention), and its candidate phrases as discovery counts them
    ((key, surface), in order; none in code)."""

    id: str
    section: str
    flags: int
    hits: tuple[tuple[str, int], ...]
    candidates: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReportParts:
    """One report's share of the graph's making (see the module's docstring)."""

    outline: Outline
    passages: tuple[PassageParts, ...]

    def marked(self, boilerplate: Iterable[bool], references: Iterable[bool]) -> ReportParts:
        """These parts with each passage's boilerplate and reference flags, in order."""
        passages = tuple(
            replace(p, flags=p.flags | (BOILERPLATE if b else 0) | (REFERENCES if r else 0))
            if b or r
            else p
            for p, b, r in zip(self.passages, boilerplate, references, strict=True)
        )
        return ReportParts(self.outline, passages)


def report_parts(report: Report, matcher: Matcher) -> ReportParts:
    """A parsed report's share, but for its shingles (see boilerplate.marks)."""
    code = in_code(report)
    close = (1 - CLOSING) * len(report.text)
    passages = []
    for section in report.sections:
        for passage in section.passages:
            found = matcher.find_in_text(passage.text)
            times = Counter(concept_id for concept_id, _, _ in found)
            flags = CODE if passage.id in code else 0
            flags |= IN_CLOSE if passage.start >= close else 0
            phrases = () if flags & CODE else tuple(candidates(passage.text, _spans(found)))
            passages.append(
                PassageParts(passage.id, section.id, flags, tuple(times.items()), phrases)
            )
    return ReportParts(outline(report), tuple(passages))


def _spans(found: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    return [(start, end) for _, start, end in found]


def worked_out(report: Report, matcher: Matcher) -> tuple[ReportParts, Marks]:
    """A parsed report's whole share."""
    return report_parts(report, matcher), marks(report)
