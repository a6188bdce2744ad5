"""Colours for the graph from a timeline: by mean year (VOSviewer's overlay) or by status, and
which nodes a time slider has reached. Pure functions: the view only draws what they give."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from explorer.core.ids import node_key, node_kind, report_node, report_of, section_node

if TYPE_CHECKING:
    from explorer.core.trends import Timeline

STATUS_COLOURS = {
    "new": "#2ca02c",
    "rising": "#1f77b4",
    "steady": "#8c8c8c",
    "falling": "#ff7f0e",
    "gone": "#d62728",
    "one-off": "#9467bd",
    "few": "#c7c7c7",
}
YEAR_STOPS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
"""viridis: early years dark blue-violet, late years yellow (readable in both themes). The
ramp runs from the first whole year to the last: a mean year of 2024.5 sits halfway between
the colours of 2024 and 2025."""
LEGEND_YEARS = 9  # legend rows at most


def by_status(line: Timeline) -> tuple[dict[str, str], list[tuple[str, str]]]:
    colours = {c.id: STATUS_COLOURS[c.status] for c in line.concepts}
    present = {c.status for c in line.concepts}
    return colours, [(s, colour) for s, colour in STATUS_COLOURS.items() if s in present]


def by_year(
    line: Timeline, graph: Any, dates: Mapping[str, str | None]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Concepts by the mean year of the reports that mention them; reports and their
    sections by their own date."""
    from explorer.core.trends import decimal_year

    years = {c.id: c.mean_year for c in line.concepts if c.mean_year is not None}
    for report, date in dates.items():
        if date:
            years[report_node(report)] = decimal_year(date)
    for node in graph.nodes:
        if node_kind(node) == "section":
            year = years.get(report_node(report_of(node_key(node))))
            if year is not None:
                years[node] = year
    if not years:
        return {}, []
    low, high = min(years.values()), max(years.values())
    first, last = math.floor(low), math.floor(high)
    if first == last:  # one year for everything: one colour, one legend row
        return dict.fromkeys(years, YEAR_STOPS[-1]), [(f"{first}", YEAR_STOPS[-1])]
    colours = {node: _ramp((year - first) / (last - first)) for node, year in years.items()}
    return colours, [
        (f"{year}", _ramp((year - first) / (last - first))) for year in _legend_years(first, last)
    ]


def _legend_years(first: int, last: int, most: int = LEGEND_YEARS) -> list[int]:
    """Whole years from the first to the last, every k-th one when there are many (the last
    always shown)."""
    step = math.ceil((last - first + 1) / most)
    years = list(range(first, last + 1, step))
    if years[-1] != last:  # the last year takes the last row, or a row of its own
        if len(years) == most:
            years[-1] = last
        else:
            years.append(last)
    return years


def reached(line: Timeline, upto: int, graph: Any) -> set[str]:
    """The nodes present by the end of period ``upto`` (an index into line.periods): the
    reports dated so far, their sections, and concepts first mentioned so far."""
    ids = [p.id for p in line.periods[: upto + 1]]
    reports = {r for p in line.periods[: upto + 1] for r in p.reports}
    nodes = {report_node(r) for r in reports}
    nodes |= {c.id for c in line.concepts if c.first in ids}
    for node in graph.nodes:
        if node_kind(node) == "section" and report_of(node_key(node)) in reports:
            nodes.add(section_node(node_key(node)))
    return nodes


def _ramp(x: float) -> str:
    """A colour between the YEAR_STOPS, for x in [0, 1]."""
    x = min(max(x, 0.0), 1.0) * (len(YEAR_STOPS) - 1)
    i = min(int(x), len(YEAR_STOPS) - 2)
    t = x - i
    a, b = YEAR_STOPS[i], YEAR_STOPS[i + 1]
    mixed = [round(int(a[k : k + 2], 16) * (1 - t) + int(b[k : k + 2], 16) * t) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
