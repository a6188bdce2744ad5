"""What stands out in a period: the concepts whose share of its reports rose most against the
periods before it.

The rise is a ratio of shares eased by a pseudo-share, ``(now + EASE) / (before + EASE)``,
where *before* is the share of the reports of every earlier period together (for the first
period, of every later one, so that it too has something to stand against). Easing keeps a
concept that went from 0 to 2 % from outranking one that went from 5 % to 45 %, and a
concept counts only when at least ``floor()`` of the period's reports mention it. A period
with few reports (periods.FEW_REPORTS) has nothing standing out: three reports tell no story.

Concepts of the vocabulary come before discovered keyphrases, which name parts of a topic
more often than the topic; a concept whose share did not rise never stands out.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.core.trends.build import Timeline
    from explorer.core.trends.series import Series

EASE = 0.05
"""The pseudo-share added to both sides of the rise (five reports in a hundred)."""
LEAST_RISE = 1.2
"""A concept stands out when its eased share is at least this many times the earlier one."""
LEAST_REPORTS = 3
FLOOR_SHARE = 0.05


def floor(reports: int) -> int:
    """How many of a period's reports must mention a concept for it to stand out: three, or
    one in twenty in a large period."""
    return max(LEAST_REPORTS, math.ceil(FLOOR_SHARE * reports))


def rise(line: Timeline, concept: Series, period_id: str) -> float:
    """The eased ratio of the concept's share in the period to its share before."""
    index = next(i for i, p in enumerate(line.periods) if p.id == period_id)
    period = line.periods[index]
    against = line.periods[:index] or line.periods[index + 1 :]
    total = sum(len(p.reports) for p in against)
    before = sum(concept.reports.get(p.id, 0) for p in against) / total if total else 0.0
    now = concept.reports.get(period.id, 0) / len(period.reports) if period.reports else 0.0
    return (now + EASE) / (before + EASE)


def standing_out(line: Timeline, period_id: str, limit: int = 3) -> list[Series]:
    """Up to ``limit`` concepts standing out in the period, the vocabulary's first, the
    greatest rise first; none in a period with few reports."""
    period = line.period(period_id)
    if period.few or len(line.periods) < 2:
        return []
    least = floor(len(period.reports))
    scored = []
    for series in line.concepts:
        if series.reports.get(period_id, 0) < least:
            continue
        lift = rise(line, series, period_id)
        if lift >= LEAST_RISE:
            scored.append((series.kind == "keyphrase", -lift, series.id, series))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]
