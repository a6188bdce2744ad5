"""The library's timeline: periods, every concept's series, and the links' series on demand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Protocol

from explorer.core.trends.periods import Period, choose_granularity, make_periods
from explorer.core.trends.series import Calendar, Mentions, Series, series

STRUCTURAL = {"report", "section"}


@dataclass(frozen=True)
class Timeline:
    """What ``explorer trends`` prints and the Trends view shows."""

    by: str
    periods: tuple[Period, ...]
    undated: tuple[str, ...]
    concepts: tuple[Series, ...]

    def period(self, period_id: str) -> Period:
        for period in self.periods:
            if period.id == period_id:
                return period
        known = ", ".join(p.id for p in self.periods[:8])
        raise KeyError(f"There is no period {period_id!r} (periods: {known}…).")

    def concept(self, concept_id: str) -> Series:
        for item in self.concepts:
            if item.id == concept_id:
                return item
        raise KeyError(f"No concept {concept_id!r} in the timeline.")


class Mentioned(Protocol):
    """A concept and the reports whose sections mention it (the graph wing's Mentioned)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def reports(self) -> AbstractSet[str]: ...


def timeline(
    mentioned: Iterable[Mentioned],
    dates: Mapping[str, str | None],
    by: str | None = None,
    smooth: int = 0,
    s: float = 2.0,
    gamma: float = 1.0,
) -> Timeline:
    """Every concept's series over the periods (chosen from the span when ``by`` is None),
    from each concept's mentioning reports (the graph's, as the graph wing reads them)."""
    chosen = by or choose_granularity(dates)
    periods, undated = make_periods(dates, chosen)
    calendar = Calendar.of(periods, dates)
    concepts = [
        series(m.id, m.label, m.kind, m.reports, periods, dates, s, gamma, smooth, calendar)
        for m in mentioned
        if m.kind not in STRUCTURAL
    ]
    concepts.sort(key=lambda c: (-c.total, c.id))
    return Timeline(chosen, tuple(periods), tuple(undated), tuple(concepts))


def link_series(
    graph: Any, line: Timeline, dates: Mapping[str, str | None], limit: int | None = None
) -> list[Series]:
    """The co-occurrence links' series (the heaviest ``limit`` links, or all)."""
    mentions = Mentions(graph)
    links = mentions.links()
    calendar = Calendar.of(line.periods, dates)
    out = []
    for link in links[:limit] if limit else links:
        present = set(mentions.link_reports(link.a, link.b))
        out.append(
            series(link.id, link.label, "link", present, line.periods, dates, calendar=calendar)
        )
    return out


def point_evidence(
    graph: Any, line: Timeline, concept: str, period_id: str
) -> dict[str, list[str]]:
    """The reports of one period that mention a concept, each with its passages."""
    period = line.period(period_id)
    return Mentions(graph).evidence(concept, period.reports)
