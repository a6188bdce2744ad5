"""What the reader marks in a section: concept mentions, query terms and notes; and which
of its passages it shows dimmed (those counted as no mention: boilerplate, reference lists).

Computed here, in the core, so that the window only draws them; offsets are relative to
each passage's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.errors import ExplorerError
from explorer.core.ids import concept_node
from explorer.core.notes import Note, PassageTarget
from explorer.core.reports import SEARCHED, Section

if TYPE_CHECKING:
    from explorer.core.graph import ConceptGraph
    from explorer.core.workspace import Workspace

Mark = tuple[int, int, str]
"""start, end, then a concept id, "searched:<concept id>" (a concept named by a word searched
for: a link, marked), "note:<id>", or "" for a query term."""


def section_marks(
    ws: Workspace, section_id: str, query: str = "", graph: ConceptGraph | None = None
) -> dict[str, list[Mark]]:
    """Passage id → its marks: concepts the graph has (none without a graph, nor in a
    passage it counts no mention in), the query's words in any form with the same stem,
    and the notes on it."""
    _report, section = ws.section(section_id)
    quiet = dimmed(section, graph)
    try:
        notes = ws.notes().notes()
    except ExplorerError:
        notes = []
    on_notes = note_marks(section, notes)
    marks: dict[str, list[Mark]] = {}
    for passage in section.passages:
        found: list[Mark] = []
        if graph is not None and passage.id not in quiet:
            for concept_id, start, end in ws.graphs.concept_spans(passage.text):
                if concept_node(concept_id) in graph:
                    found.append((start, end, concept_id))
        if query.strip():
            from explorer.core.search import term_spans

            found = searched(found, term_spans(passage.text, query))
        marks[passage.id] = found + on_notes.get(passage.id, [])
    return marks


def searched(concepts: list[Mark], terms: list[tuple[int, int]]) -> list[Mark]:
    """The concept marks and the query's words together: a concept whose name holds a word
    searched for stays a link and is marked as searched ("searched:<id>"); the other words
    are marked on their own."""
    spans = list(concepts)
    for start, end in terms:
        within = next((k for k, (a, b, _what) in enumerate(spans) if a <= start and end <= b), None)
        if within is None:
            spans.append((start, end, ""))
        elif not spans[within][2].startswith(SEARCHED):
            a, b, what = spans[within]
            spans[within] = (a, b, SEARCHED + what)
    return spans


def dimmed(section: Section, graph: ConceptGraph | None) -> dict[str, str]:
    """Passage id → why it is shown dimmed, for the section's passages the graph counts no
    mention in (none without a graph)."""
    return {} if graph is None else graph.not_counted(p.id for p in section.passages)


def note_marks(section: Section, notes: list[Note]) -> dict[str, list[Mark]]:
    """Where the section's notes sit (orphaned ones nowhere), per passage."""
    marks: dict[str, list[Mark]] = {}
    for note in notes:
        target = note.target
        if not isinstance(target, PassageTarget) or target.section != section.id:
            continue
        if target.orphaned:
            continue
        for passage in section.passages:
            start = max(target.position.start, passage.start)
            end = min(target.position.end, passage.end)
            if start < end:
                marks.setdefault(passage.id, []).append(
                    (start - passage.start, end - passage.start, f"note:{note.id}")
                )
    return marks
