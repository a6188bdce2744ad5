"""Text as people type it: folding (NFKC, no invisible format characters) and the map
from folded offsets back to the text as written, so that a match in folded text marks the
right characters of the report."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Text as people type it: one form of each character (NFKC: composed "café", ASCII for
    fullwidth "ＬｏＲＡ") and no invisible format characters (a soft hyphen or zero-width space
    inside a word no longer hides it)."""
    folded = unicodedata.normalize("NFKC", text)
    if folded.isascii():  # no format character is ASCII: most text needs no look at each
        return folded
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


FoldMap = tuple[str, list[int], list[int]]
"""Folded text, and for each of its characters the start and end of what it came from."""


def fold_map(text: str) -> FoldMap | None:
    """:func:`fold` with a way back: None when folding changes nothing (most text), else the
    folded text with, for each of its characters, the span of the original it stands for.

    Each base character is folded together with the combining marks after it, so "e" and a
    combining acute become one "é" that maps back to both."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _has_format(text)):
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFKC", text[i:j]):
            if unicodedata.category(ch) != "Cf":
                out.append(ch)
                starts.append(i)
                ends.append(j)
        i = j
    return "".join(out), starts, ends


def unfold_span(folded: FoldMap | None, start: int, end: int) -> tuple[int, int]:
    """The span of the original text behind a span of its folded form."""
    if folded is None or end <= start:
        return start, end
    return folded[1][start], folded[2][end - 1]


def _has_format(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cf" for ch in text if not ch.isalnum())
