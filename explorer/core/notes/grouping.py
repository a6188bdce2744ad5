"""What every note export shares: titles for ids, pages, notes grouped for reading, links
back.

Exports read like the app: passage notes under their report (by title) and section (in
document order, notes by position); then notes on concepts, on links between concepts and
on whole reports, each in a group of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlencode

from explorer.core.ids import is_concept, node_key, section_number
from explorer.core.notes.models import (
    ConceptTarget,
    EdgeTarget,
    Note,
    PassageTarget,
    ReportTarget,
)


class Titles(Protocol):
    """Human names for the ids notes point at; an implementation never raises."""

    def report_title(self, report_id: str) -> str: ...

    def section_title(self, section_id: str) -> str: ...

    def concept_label(self, node_id: str) -> str: ...

    def page(self, target: PassageTarget) -> str | None:
        """The label printed on the page the words start on (a PDF's), None when the report
        has no pages or the words are lost."""
        ...


class IdTitles:
    """Titles that are simply the ids: for exports made without a workspace."""

    def report_title(self, report_id: str) -> str:
        return report_id

    def section_title(self, section_id: str) -> str:
        return section_id

    def concept_label(self, node_id: str) -> str:
        return concept_slug(node_id)

    def page(self, target: PassageTarget) -> str | None:
        return None


@dataclass(frozen=True)
class Part:
    """Notes under one sub-heading: a section, a concept, a link or a report."""

    heading: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Group:
    """Notes under one heading: a report's passages, or all notes of one other kind."""

    heading: str
    parts: tuple[Part, ...]


def concept_slug(node_id: str) -> str:
    return node_key(node_id) if is_concept(node_id) else node_id


def one_line(text: str) -> str:
    """Titles from report text may hold newlines and runs of spaces; a heading is one line."""
    return " ".join(text.split())


def edge_label(target: EdgeTarget, titles: Titles) -> str:
    return f"{titles.concept_label(target.source)} ↔ {titles.concept_label(target.target)}"


def target_label(note: Note, titles: Titles) -> str:
    """A one-line name for what a note is about (report › section for passages)."""
    target = note.target
    if isinstance(target, PassageTarget):
        report = titles.report_title(target.report)
        return f"{report} › {titles.section_title(target.section)}"
    if isinstance(target, ConceptTarget):
        return titles.concept_label(target.concept)
    if isinstance(target, EdgeTarget):
        return edge_label(target, titles)
    return titles.report_title(target.report)


def note_page(note: Note, titles: Titles) -> str | None:
    """The printed label of the page a passage note's words start on, for every export to
    cite ("p. 16"); None for other notes, notes on reports without pages, lost words."""
    target = note.target
    if not isinstance(target, PassageTarget) or target.orphaned:
        return None
    return titles.page(target)


def open_link(note: Note) -> str:
    """explorer://open?… — the app's own link back to what a note is about."""
    target = note.target
    params: dict[str, str | int]
    if isinstance(target, PassageTarget):
        params = {
            "report": target.report,
            "section": target.section,
            "start": target.position.start,
            "end": target.position.end,
        }
    elif isinstance(target, ConceptTarget):
        params = {"concept": concept_slug(target.concept)}
    elif isinstance(target, EdgeTarget):
        params = {"source": concept_slug(target.source), "target": concept_slug(target.target)}
    else:
        params = {"report": target.report}
    return "explorer://open?" + urlencode(params, safe="", quote_via=quote)


def group_notes(notes: Sequence[Note], titles: Titles) -> list[Group]:
    """Notes in reading order: by report and section, then concepts, links, whole reports.

    Within a concept, link or report, notes keep the order they were given in (the note
    store gives them oldest first)."""
    groups = _passage_groups([n for n in notes if isinstance(n.target, PassageTarget)], titles)
    others: list[tuple[str, type, Callable[[Note], str]]] = [
        ("Concepts", ConceptTarget, lambda n: target_label(n, titles)),
        ("Links between concepts", EdgeTarget, lambda n: target_label(n, titles)),
        ("Whole reports", ReportTarget, lambda n: target_label(n, titles)),
    ]
    for heading, kind, label in others:
        chosen = [n for n in notes if isinstance(n.target, kind)]
        if chosen:
            groups.append(Group(heading, _parts(chosen, label)))
    return groups


def _parts(notes: list[Note], label: Callable[[Note], str]) -> tuple[Part, ...]:
    by_label: dict[str, list[Note]] = {}
    for note in notes:
        by_label.setdefault(one_line(label(note)), []).append(note)
    ordered = sorted(by_label.items(), key=lambda item: (item[0].casefold(), item[0]))
    return tuple(Part(heading, tuple(chosen)) for heading, chosen in ordered)


def _passage_groups(notes: list[Note], titles: Titles) -> list[Group]:
    by_report: dict[str, dict[str, list[Note]]] = {}
    for note in notes:
        assert isinstance(note.target, PassageTarget)
        sections = by_report.setdefault(note.target.report, {})
        sections.setdefault(note.target.section, []).append(note)
    named = {rid: one_line(titles.report_title(rid)) for rid in by_report}
    groups = []
    for report_id in sorted(by_report, key=lambda rid: (named[rid].casefold(), rid)):
        sections = by_report[report_id]
        parts = tuple(
            Part(one_line(titles.section_title(sid)), tuple(sorted(sections[sid], key=_start)))
            for sid in sorted(sections, key=_section_order)
        )
        groups.append(Group(named[report_id], parts))
    return groups


def _start(note: Note) -> int:
    target = note.target
    return target.position.start if isinstance(target, PassageTarget) else 0


def _section_order(section_id: str) -> tuple[int, str]:
    """Sections in document order: ``<report>#<n>`` by n (ids that are not so, last)."""
    number = section_number(section_id)
    return (number, section_id) if number is not None else (1 << 62, section_id)
