"""A concept's (or a link's) life over the periods: counts, shares, bursts and a status.

Everything is counted from the graph's ``mentions`` links (a section names a concept, with
the passages as evidence), so every number has passages behind it (see evidence()).

- **count**: the reports of a period that mention the concept (one report counts once);
- **share**: count ÷ the reports of that period (the denominator is the period's report
  count, stated wherever a share is shown);
- **first / last / peak**: the first and last period with a mention, and the period with the
  highest share (the earliest of equals);
- **mean year**: the mean date of the mentioning reports, as a decimal year (VOSviewer's
  overlay score);
- **bursts**: Kleinberg's two-state automaton over the periods (kleinberg.py);
- **status**, by these rules, in this order, read from the periods that are not *few*
  (periods.py: under FEW_REPORTS reports), where *recent* is the last quarter of them (one to
  three periods):
  0. *few*: mentioned in fewer than MIN_REPORTS reports, or only in few periods, or every
     period is few: too little behind it to call it anything else;
  1. *new*: first mentioned in a recent period;
  2. *one-off*: mentioned in one period only;
  3. *gone*: not mentioned in any recent period;
  4. *rising* / *falling*: the mean share over the recent periods is at least 1.5 times
     (at most 1/1.5 times) the mean share over the first half of the periods from its first
     mention to the recent ones (RAG: 22% in 2023 against 60% in 2025–2026 is rising);
  5. *steady*: anything else, and every concept when there is a single period.

The peak is read from periods that are not few where there are any; bursts are looked for in
them alone (a few period counts as one with no reports), so three reports make no burst.

A link (two concepts) is present in a report when one section of it mentions both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from explorer.core.ids import is_concept, node_key, node_kind, report_of, section_node
from explorer.core.trends.kleinberg import Burst
from explorer.core.trends.kleinberg import bursts as find_bursts
from explorer.core.trends.periods import Period, decimal_year

STATUSES = ("new", "rising", "steady", "falling", "gone", "one-off", "few")
MIN_REPORTS = 3
"""A status other than *few* needs at least this many reports mentioning the concept."""
RISE = 1.5
"""How many times the recent mean share must be (or be less than) the earlier one."""


@dataclass(frozen=True)
class BurstSpan:
    """A burst over periods ``start``..``end`` (period ids) and its weight."""

    start: str
    end: str
    weight: float


@dataclass(frozen=True)
class Series:
    """One concept (``id`` a concept node) or link (``id`` "a|b") over the periods."""

    id: str
    label: str
    kind: str
    reports: dict[str, int]
    share: dict[str, float]
    first: str | None
    last: str | None
    peak: str | None
    mean_year: float | None
    status: str
    bursts: tuple[BurstSpan, ...] = ()
    smoothed: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.reports.values())


class Link(NamedTuple):
    """A link between two concepts: its id ("a|b"), label, ends and weight."""

    id: str
    label: str
    a: str
    b: str
    weight: int


class Mentions:
    """Who mentions what, read once from the graph: concept → report → sections."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self.by_concept: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for a, b, data in graph.edges(data=True):
            if data.get("kind") != "mentions":
                continue
            concept, section = (a, b) if is_concept(a) else (b, a)
            if node_kind(section) != "section":
                continue
            self.by_concept[concept][report_of(node_key(section))].add(node_key(section))

    def concepts(self) -> list[str]:
        return sorted(self.by_concept)

    def reports_of(self, concept: str) -> set[str]:
        return set(self.by_concept.get(concept, {}))

    def links(self) -> list[Link]:
        """The graph's co-occurrence links between concepts, the heaviest first."""
        found = []
        for x, y, data in self.graph.edges(data=True):
            if data.get("kind") != "co-occurs":
                continue
            a, b = sorted((x, y))
            label = f"{self.graph.nodes[a].get('label', a)} — {self.graph.nodes[b].get('label', b)}"
            found.append(Link(f"{a}|{b}", label, a, b, int(data.get("weight", 1))))
        found.sort(key=lambda link: (-link.weight, link.a, link.b))
        return found

    def link_reports(self, a: str, b: str) -> dict[str, set[str]]:
        """Report → the sections of it that mention both concepts."""
        left, right = self.by_concept.get(a, {}), self.by_concept.get(b, {})
        out: dict[str, set[str]] = {}
        for report in left.keys() & right.keys():
            both = left[report] & right[report]
            if both:
                out[report] = both
        return out

    def evidence(self, concept: str, reports: Iterable[str]) -> dict[str, list[str]]:
        """Report → the passages of it that mention the concept (from the graph's links)."""
        out: dict[str, list[str]] = {}
        sections = self.by_concept.get(concept, {})
        for report in reports:
            passages: list[str] = []
            for section in sorted(sections.get(report, ())):
                edge = self.graph.get_edge_data(section_node(section), concept) or {}
                passages.extend(edge.get("evidence", ()))
            if passages:
                out[report] = passages
        return out


@dataclass(frozen=True)
class Calendar:
    """Each dated report's period (its index in the periods) and decimal year: worked out
    once for the series of every concept, rather than once per concept."""

    period: dict[str, int]
    year: dict[str, float]

    @classmethod
    def of(cls, periods: Sequence[Period], dates: Mapping[str, str | None]) -> Calendar:
        return cls(
            period={r: i for i, p in enumerate(periods) for r in p.reports},
            year={r: decimal_year(d) for r, d in dates.items() if d},
        )


def series(
    item_id: str,
    label: str,
    kind: str,
    present: AbstractSet[str],
    periods: Sequence[Period],
    dates: Mapping[str, str | None],
    s: float = 2.0,
    gamma: float = 1.0,
    smooth: int = 0,
    calendar: Calendar | None = None,
) -> Series:
    """The series of one concept or link, from the set of reports that mention it
    (``calendar``: the periods' and dates' Calendar, when many series share them)."""
    calendar = calendar or Calendar.of(periods, dates)
    tally = [0] * len(periods)
    for report in present:
        where = calendar.period.get(report)
        if where is not None:
            tally[where] += 1
    counts = {p.id: tally[i] for i, p in enumerate(periods)}
    share = {p.id: (counts[p.id] / len(p.reports) if p.reports else 0.0) for p in periods}
    seen = [p.id for p in periods if counts[p.id]]
    solid = [p.id for p in periods if not p.few]
    solid_ids = set(solid)
    solid_seen = [pid for pid in seen if pid in solid_ids]
    among = solid_seen or seen
    peak = max(among, key=lambda pid: (share[pid], -among.index(pid))) if among else None
    years = [y for r in present if (y := calendar.year.get(r)) is not None]
    spans = find_bursts(
        [0 if p.few else counts[p.id] for p in periods],
        [0 if p.few else len(p.reports) for p in periods],
        s,
        gamma,
    )
    spans = [b for b in (_trimmed(b, periods) for b in spans) if b is not None]
    enough = sum(counts.values()) >= MIN_REPORTS and bool(solid_seen)
    status = status_of(solid, share, solid_seen) if enough or len(periods) < 2 else "few"
    return Series(
        id=item_id,
        label=label,
        kind=kind,
        reports=counts,
        share=share,
        first=seen[0] if seen else None,
        last=seen[-1] if seen else None,
        peak=peak,
        mean_year=round(sum(years) / len(years), 2) if years else None,
        status=status,
        bursts=tuple(
            BurstSpan(periods[b.start].id, periods[b.end].id, round(b.weight, 3)) for b in spans
        ),
        smoothed=moving_average(share, smooth) if smooth > 1 else {},
    )


def _trimmed(burst: Burst, periods: Sequence[Period]) -> Burst | None:
    """A burst without the few periods at its ends (None if nothing else is left)."""
    start, end = burst.start, burst.end
    while start <= end and periods[start].few:
        start += 1
    while end >= start and periods[end].few:
        end -= 1
    return Burst(start, end, burst.weight) if start <= end else None


def status_of(order: Sequence[str], share: Mapping[str, float], seen: Sequence[str]) -> str:
    """The status rules of this module's docstring."""
    if len(order) < 2 or not seen:
        return "steady"
    recent = order[-max(1, min(3, len(order) // 4)) :]
    if seen[0] in recent:
        return "new"
    if len(seen) == 1:
        return "one-off"
    if not any(share[p] for p in recent):
        return "gone"
    earlier = order[order.index(seen[0]) : len(order) - len(recent)]
    earlier = earlier[: (len(earlier) + 1) // 2]
    before = sum(share[p] for p in earlier) / len(earlier)
    now = sum(share[p] for p in recent) / len(recent)
    if now >= RISE * before:
        return "rising"
    if now * RISE <= before:
        return "falling"
    return "steady"


def moving_average(values: Mapping[str, float], window: int) -> dict[str, float]:
    """A centred moving average (shorter at the ends); the raw values stay as they are."""
    keys, half = list(values), window // 2
    out = {}
    for i, key in enumerate(keys):
        around = [values[k] for k in keys[max(0, i - half) : i + half + 1]]
        out[key] = sum(around) / len(around)
    return out
