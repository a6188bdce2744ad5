"""What a search answers: ranked hits with escaped snippets, and the total."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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


class SearchResult(BaseModel):
    """The answer to one query: total matches, a did-you-mean suggestion, and the top hits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    query: str
    total: int
    suggestion: str | None
    hits: tuple[SearchHit, ...]
    exact: bool = True
    """Whether ``total`` was counted; when False it is the index's estimate ("about N")."""
    reports: int = 0
    """How many reports the matches are in, when the hits are grouped by report (else 0)."""
    more: dict[str, int] = {}
    """Grouped hits: how many other passages of each report match, by report id."""
