"""What changed between two periods or two reports: concepts and links added, removed,
strengthened and weakened, each with the passages that show it.

A concept's strength on one side is its share there: the side's reports that mention it ÷
the side's reports. Strengthened or weakened means a change by at least RISE times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from explorer.core.trends.series import RISE, Mentions

CHANGES = ("added", "removed", "strengthened", "weakened")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a period or a report, and its reports."""

    id: str
    reports: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One concept (``id`` a node id) or link (``id`` "a|b") that changed, with evidence:
    report → passages, from the side where it is present (B, or A when it weakened or went)."""

    id: str
    label: str
    kind: str
    change: str
    share_a: float
    share_b: float
    evidence: dict[str, list[str]]


def diff(graph: Any, a: Side, b: Side, links: bool = True) -> list[Change]:
    """Concepts (and links) whose share differs between the sides, the biggest change first."""
    mentions = Mentions(graph)
    out = []
    for concept in mentions.concepts():
        data = graph.nodes[concept]
        present = mentions.reports_of(concept)
        change = _change(
            concept, str(data.get("label", concept)), str(data.get("kind")), present, a, b
        )
        if change is not None:
            side = b if change.change in ("added", "strengthened") else a
            found = mentions.evidence(concept, [r for r in side.reports if r in present])
            out.append(_with(change, found))
    if links:
        for link in mentions.links():
            x, y = link.a, link.b
            sections = mentions.link_reports(x, y)
            change = _change(link.id, link.label, "link", set(sections), a, b)
            if change is not None:
                side = b if change.change in ("added", "strengthened") else a
                evidence = {
                    r: _link_passages(graph, sections[r], x, y)
                    for r in side.reports
                    if r in sections
                }
                out.append(_with(change, {r: p for r, p in evidence.items() if p}))
    order = {c: i for i, c in enumerate(CHANGES)}
    return sorted(out, key=lambda c: (order[c.change], -abs(c.share_b - c.share_a), c.id))


def _change(item: str, label: str, kind: str, present: set[str], a: Side, b: Side) -> Change | None:
    share_a, share_b = _share(present, a.reports), _share(present, b.reports)
    if share_a == share_b:
        return None
    if share_a == 0:
        kind_of_change = "added"
    elif share_b == 0:
        kind_of_change = "removed"
    elif share_b >= RISE * share_a:
        kind_of_change = "strengthened"
    elif share_b * RISE <= share_a:
        kind_of_change = "weakened"
    else:
        return None
    return Change(item, label, kind, kind_of_change, round(share_a, 4), round(share_b, 4), {})


def _with(change: Change, evidence: dict[str, list[str]]) -> Change:
    return Change(
        change.id,
        change.label,
        change.kind,
        change.change,
        change.share_a,
        change.share_b,
        evidence,
    )


def _share(present: set[str], reports: Sequence[str]) -> float:
    return sum(r in present for r in reports) / len(reports) if reports else 0.0


def _link_passages(graph: Any, sections: set[str], a: str, b: str) -> list[str]:
    """Passages of these sections where the two concepts are mentioned together."""
    from explorer.core.ids import section_node

    out: list[str] = []
    for section in sorted(sections):
        left = set((graph.get_edge_data(section_node(section), a) or {}).get("evidence", ()))
        right = set((graph.get_edge_data(section_node(section), b) or {}).get("evidence", ()))
        out.extend(sorted(left & right) or sorted(left | right)[:2])
    return out
