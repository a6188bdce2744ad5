"""A slide: one stop of a tour as exported — its picture and the words around it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slide:
    """``number`` counts from 1. ``quote`` is the evidence passage's words (plain text,
    untrusted), ``source`` where they come from ("Report › Section · report#2.3").
    ``png`` is the rendered stop as presented, caption band and all; ``figure`` (when there
    is one) the graph alone, for pages that set the words beside it themselves."""

    number: int
    title: str
    caption: str
    quote: str
    source: str
    png: bytes
    figure: bytes = b""

    @property
    def picture(self) -> bytes:
        """The picture a page with its own words shows: the figure, else the whole slide."""
        return self.figure or self.png
