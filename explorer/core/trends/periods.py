"""Periods: years, quarters, months or single reports, and which reports fall in each.

Calendar periods run without gaps from the first dated report to the last. A period with
fewer than FEW_REPORTS reports (an empty year among them) is *few*: its counts stand, but no
share, status, peak or burst is read from it, and it is never drawn as a 0 % share. Undated
reports are listed apart, never dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

GRANULARITIES = ("year", "quarter", "month", "report")
FEW_REPORTS = 5
"""Below this many reports, a period's shares say too little to chart or compare."""
_YEAR, _QUARTER, _MONTH = (re.compile(p) for p in (r"\d{4}", r"\d{4}-Q[1-4]", r"\d{4}-\d{2}"))


@dataclass(frozen=True)
class Period:
    """One step of the timeline: its id ("2025", "2025-Q3", "2025-07" or a report id), its
    first and last day (ISO dates) and the reports dated in it (the shares' denominator)."""

    id: str
    start: str
    end: str
    reports: tuple[str, ...]
    few: bool = False
    """A calendar period with fewer than FEW_REPORTS reports (a period per report never is)."""


def choose_granularity(dates: Mapping[str, str | None]) -> str:
    """Years for a span of three years or more, quarters from nine months, months from six
    weeks, else one period per report."""
    days = sorted(dt.date.fromisoformat(d) for d in dates.values() if d)
    if len(days) < 2:
        return "report"
    span = (days[-1] - days[0]).days
    if span >= 3 * 365:
        return "year"
    if span >= 270:
        return "quarter"
    if span >= 45:
        return "month"
    return "report"


def period_of(date: str, by: str) -> str:
    """The id of the calendar period a date (YYYY-MM-DD) falls in."""
    day = dt.date.fromisoformat(date)
    if by == "year":
        return f"{day.year}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(f"periods are years, quarters, months or reports, not {by!r}")


def granularity_of(period_id: str) -> str | None:
    """Which calendar period an id names ("2025", "2025-Q3", "2025-07"), or None."""
    for by, pattern in (("year", _YEAR), ("quarter", _QUARTER), ("month", _MONTH)):
        if pattern.fullmatch(period_id):
            return by
    return None


def make_periods(dates: Mapping[str, str | None], by: str) -> tuple[list[Period], list[str]]:
    """The periods covering every dated report, and the ids of the undated ones."""
    if by not in GRANULARITIES:
        raise ValueError(
            f"periods are {', '.join(GRANULARITIES[:-1])} or {GRANULARITIES[-1]}, not {by!r}"
        )
    undated = sorted(r for r, d in dates.items() if not d)
    dated = sorted(((d, r) for r, d in dates.items() if d), key=lambda item: (item[0], item[1]))
    if not dated:
        return [], undated
    if by == "report":
        return [Period(r, d, d, (r,)) for d, r in dated], undated
    members: dict[str, list[str]] = {}
    for d, r in dated:
        members.setdefault(period_of(d, by), []).append(r)
    periods = []
    day = _start_of(dt.date.fromisoformat(dated[0][0]), by)
    last = dt.date.fromisoformat(dated[-1][0])
    while day <= last:
        pid, end = period_of(day.isoformat(), by), _end_of(day, by)
        inside = tuple(members.get(pid, ()))
        periods.append(
            Period(pid, day.isoformat(), end.isoformat(), inside, len(inside) < FEW_REPORTS)
        )
        day = end + dt.timedelta(days=1)
    return periods, undated


def _start_of(day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(day.year, 1, 1)
    if by == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, day.month, 1)


def _end_of(start: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(start.year, 12, 31)
    month = start.month + (2 if by == "quarter" else 0)
    return dt.date(start.year, month, calendar.monthrange(start.year, month)[1])


def decimal_year(date: str) -> float:
    """2024-07-02 → 2024.5: a date as a fraction of its year (for mean years)."""
    day = dt.date.fromisoformat(date)
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days
