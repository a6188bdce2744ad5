"""The trends wing: periods, each concept's and link's series (counts, shares, Kleinberg
bursts, a status), the diff of two periods or reports, and one report's trend cards.

Everything is counted from the concept graph's mentions, so every point has passages.
Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.trends.build import Timeline, link_series, point_evidence, timeline
    from explorer.core.trends.compare import CHANGES, Change, Side, diff
    from explorer.core.trends.kleinberg import Burst, burst_states, bursts
    from explorer.core.trends.one_report import CARD_KINDS, MAX_CARDS, Card, cards
    from explorer.core.trends.periods import (
        FEW_REPORTS,
        GRANULARITIES,
        Period,
        choose_granularity,
        decimal_year,
        granularity_of,
    )
    from explorer.core.trends.series import STATUSES, BurstSpan, Series
    from explorer.core.trends.standing import standing_out

__all__ = [
    "CARD_KINDS",
    "CHANGES",
    "FEW_REPORTS",
    "GRANULARITIES",
    "MAX_CARDS",
    "STATUSES",
    "Burst",
    "BurstSpan",
    "Card",
    "Change",
    "Period",
    "Series",
    "Side",
    "Timeline",
    "burst_states",
    "bursts",
    "cards",
    "choose_granularity",
    "decimal_year",
    "diff",
    "granularity_of",
    "link_series",
    "point_evidence",
    "standing_out",
    "timeline",
]

__getattr__ = lazy_face(
    __name__,
    {
        "Burst": "kleinberg",
        "burst_states": "kleinberg",
        "bursts": "kleinberg",
        "CARD_KINDS": "one_report",
        "MAX_CARDS": "one_report",
        "Card": "one_report",
        "cards": "one_report",
        "CHANGES": "compare",
        "Change": "compare",
        "Side": "compare",
        "diff": "compare",
        "FEW_REPORTS": "periods",
        "GRANULARITIES": "periods",
        "Period": "periods",
        "choose_granularity": "periods",
        "decimal_year": "periods",
        "granularity_of": "periods",
        "STATUSES": "series",
        "BurstSpan": "series",
        "Series": "series",
        "Timeline": "build",
        "link_series": "build",
        "point_evidence": "build",
        "timeline": "build",
        "standing_out": "standing",
    },
)
