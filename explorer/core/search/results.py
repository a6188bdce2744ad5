"""What a search answers: ranked hits with escaped snippets, and the total."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from explorer.core.ids import section_of
from explorer.core.wording import many


class Copy(BaseModel):
    """Another place where a hit's passage stands, word for word (see copies.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report: str
    passage: str
    """Its passage id."""
    section: str
    """Its section's place in its report's outline, as a hit's ``section``."""
    page: str | None = None


class SearchHit(BaseModel):
    """One ranked passage answering a query; ``snippet`` is escaped HTML with <mark> spans."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rank: int
    score: float
    report: str
    section_id: str
    section: str
    passage_id: str
    snippet: str
    marked: bool = True
    """False while the snippet is the passage's opening words, the query's words not yet
    marked (the window marks the rows on screen first and the rest a moment later)."""
    page: str | None = None
    """A PDF passage's printed page label ("xii", "T-1", "14"); None for other formats."""
    also_in: tuple[Copy, ...] = ()
    """The other places the same passage stands (its words the same once case, spacing and
    punctuation are set aside), the newest report's first: search shows it once."""

    def also_in_words(self) -> str:
        """Where else the passage stands, in words: "also in 2 reports", "also once more in
        this report"; "" when nowhere else."""
        elsewhere = {c.report for c in self.also_in} - {self.report}
        here = sum(c.report == self.report for c in self.also_in)
        parts = [f"in {many(len(elsewhere), 'report')}"] if elsewhere else []
        if here:
            parts.append(
                "once more in this report" if here == 1 else f"{here} more times in this report"
            )
        return f"also {' and '.join(parts)}" if parts else ""

    def copy_hit(self, place: Copy) -> SearchHit:
        """This hit as it stands in another of its places (to open that one)."""
        return self.model_copy(
            update={
                "report": place.report,
                "section_id": section_of(place.passage),
                "section": place.section,
                "passage_id": place.passage,
                "page": place.page,
                "also_in": (),
            }
        )


class SearchResult(BaseModel):
    """The answer to one query: total matches, a did-you-mean suggestion, and the top hits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    query: str
    total: int
    """Every passage that matches, copies of one another included."""
    suggestion: str | None
    hits: tuple[SearchHit, ...]
    exact: bool = True
    """Whether ``total`` was counted; when False it is the index's estimate ("about N")."""
    reports: int = 0
    """How many reports the matches are in, when the hits are grouped by report (else 0);
    a report whose every match is a copy of a passage shown for another is not counted."""
    more: dict[str, int] = {}
    """Grouped hits: how many other passages of each report match, by report id (copies of
    a passage shown elsewhere not counted)."""
    copies: int = 0
    """How many of the ``total`` matches are copies of another match, shown only in its
    ``also_in``: the passages listed are ``total - copies``."""
    corrected: str | None = None
    """When the query as typed matched nothing and its did-you-mean did: the corrected
    query, whose matches these are (``query`` stays as typed)."""

    @property
    def searched(self) -> str:
        """The query whose matches these are: the correction, else the query as typed."""
        return self.corrected or self.query


def copies_words(result: SearchResult) -> str:
    """ " (and 3 copies of them)" after the count of the passages listed, when copies of
    them were folded in; "" when none were."""
    if not result.copies:
        return ""
    them = "it" if result.total - result.copies == 1 else "them"
    return f" (and {many(result.copies, 'copy', 'copies')} of {them})"


class NearCopy(NamedTuple):
    """Another report that holds most of this one's passages (or this one most of its)."""

    report: str
    shared: int
    """How many distinct passages the two have in common."""
    of: int
    """How many distinct passages the smaller of the two has."""


def near_copy_words(near: NearCopy) -> str:
    """ "9 of 10 passages in both": how much of the smaller report the other holds."""
    return f"{near.shared:,} of {near.of:,} passages in both"
