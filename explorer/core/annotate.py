"""Turning what the user points at into note targets, and keeping notes on moving text."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from explorer.core.changes import Done
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.graph import load_taxonomy
from explorer.core.ids import concept_node, is_concept, node_key, node_kind
from explorer.core.notes import (
    ConceptTarget,
    EdgeTarget,
    Note,
    PassageTarget,
    ReportTarget,
    Target,
    Titles,
    concept_slug,
    note_page,
    target_for,
)
from explorer.core.reports import Pages, Report, find_pages

if TYPE_CHECKING:
    from explorer.core.workspace import Workspace


def resolve_target(ws: Workspace, target_id: str, quote: str | None = None) -> Target:
    """A target from an id: a section or passage id, concept:<id>, report:<id>, or
    concept:<a>--concept:<b> for a link. A quote narrows a section to those words."""
    if "--concept:" in target_id:
        a, _, b = target_id.partition("--")
        graph = ws.graph()
        source, target = graph.find_concept(a), graph.find_concept(b)
        if graph.graph.get_edge_data(source, target) is None:
            raise NotFound(f"There is no link between {source} and {target}.")
        return EdgeTarget(source=source, target=target)
    if is_concept(target_id):
        return ConceptTarget(concept=ws.graph().find_concept(target_id))
    if node_kind(target_id) == "report":
        return ReportTarget(report=ws.entry(node_key(target_id)).id)
    if "#" not in target_id:
        raise ExplorerError(
            f"{target_id!r} is not a target: give a section id (report#2), a passage id "
            "(report#2.1), concept:<name> or report:<id>."
        )
    section_id = target_id.split(".")[0] if "." in target_id.split("#", 1)[1] else target_id
    report, section = ws.section(section_id)
    span = (section.passages[0].start, section.passages[0].end) if section.passages else None
    if target_id != section_id:
        _, _, passage = ws.passage(target_id)
        span = (passage.start, passage.end)
    if quote:
        body = report.text[section.start : section.end]
        at = body.find(quote)
        if at < 0:
            raise NotFound(f"The words {quote[:60]!r} are not in section {section_id}.")
        span = (section.start + at, section.start + at + len(quote))
    if span is None:
        raise ExplorerError(f"Section {section_id} has no text to annotate.")
    return target_for(report, *span)


def reanchor_notes(ws: Workspace, report: Report) -> Done[tuple[int, int]]:
    """Re-place every note on this report in its current text; returns (moved, orphaned)
    and the notes moved."""
    return ws.notes().reanchor(report)


class _WorkspaceTitles:
    """Titles answered by a workspace; a removed report or unknown concept never raises."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self._labels: dict[str, str] | None = None
        self._pages: dict[str, Pages | None] = {}

    def report_title(self, report_id: str) -> str:
        try:
            return self._ws.entry(report_id).title
        except (ExplorerError, OSError, ValueError):
            return f"(removed report {report_id})"

    def section_title(self, section_id: str) -> str:
        try:
            return self._ws.section(section_id)[1].title
        except (ExplorerError, OSError, ValueError):
            return f"(removed section {section_id})"

    def page(self, target: PassageTarget) -> str | None:
        if target.report not in self._pages:
            try:
                self._pages[target.report] = find_pages(self._ws.report(target.report).text)
            except (ExplorerError, OSError, ValueError):
                self._pages[target.report] = None
        pages = self._pages[target.report]
        return pages.label_at(target.position.start) if pages is not None else None

    def concept_label(self, node_id: str) -> str:
        if self._labels is None:
            self._labels = self._load_labels()
        return self._labels.get(node_id) or concept_slug(node_id)

    def _load_labels(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        with contextlib.suppress(ExplorerError):
            labels.update((concept_node(c.id), c.label) for c in load_taxonomy().concepts)
        try:  # the graph also knows discovered keyphrases; it is derived data, so any
            graph = self._ws.graph().graph  # failure just means labels fall back to slugs
            labels.update((str(n), str(d.get("label") or "")) for n, d in graph.nodes(data=True))
        except Exception:
            pass
        return labels


def workspace_titles(ws: Workspace) -> Titles:
    """Titles from a workspace's library, sections and concept graph."""
    return _WorkspaceTitles(ws)


def note_pages(ws: Workspace, notes: Iterable[Note]) -> list[str | None]:
    """The label printed on the page each note's words start on, as exports cite it: a
    PDF's passage notes have one; other notes, and notes whose words are lost, None."""
    titles = _WorkspaceTitles(ws)
    return [note_page(note, titles) for note in notes]
