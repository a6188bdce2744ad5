"""A slide: one stop of a tour as exported — its picture and the words around it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slide:
    """``number`` counts from 1. ``quote`` is the evidence passage's words (plain text,
    untrusted), ``source`` where they come from ("Report › Section · report#2.3").
    ``png`` is the rendered stop."""

    number: int
    title: str
    caption: str
    quote: str
    source: str
    png: bytes
