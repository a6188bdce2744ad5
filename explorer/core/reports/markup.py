"""Which characters of a passage are Markdown markup, to hide them when reading.

The passage text stays as it is (offsets, marks and notes refer to it); the reader simply
leaves out the characters listed here: emphasis markers, backticks, heading and quote
markers, and the bracket-and-URL parts of links and images (their words stay).
"""

from __future__ import annotations

import re
import unicodedata

_LINK = re.compile(r"(!?\[)([^\]\n]{1,300})(\]\([^)\s]{0,500}(?:\s+\"[^\"]*\")?\))")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*\*|__)|(?<![\w*\\])\*(?=\S)|(?<=[^\s\\])\*(?![\w*])")
_LINE_MARKERS = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)", re.MULTILINE)
_BACKTICK = re.compile(r"`+")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!>])")
_CODE_BLOCK = ("```", "~~~", "    ", "\t")


def hidden_markup(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) ranges of markup characters in a passage."""
    if text.startswith(_CODE_BLOCK):
        return []  # code is shown as written
    ranges: list[tuple[int, int]] = []
    for match in _LINK.finditer(text):
        ranges.append(match.span(1))
        ranges.append(match.span(3))
    for pattern in (_EMPHASIS, _LINE_MARKERS, _BACKTICK, _ESCAPE):
        ranges.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    return _merge(ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def visible(text: str, start: int, end: int, hidden: list[tuple[int, int]]) -> str:
    """text[start:end] without its hidden characters."""
    out, cursor = [], start
    for a, b in hidden:
        if b <= cursor or a >= end:
            continue
        out.append(text[cursor : max(cursor, a)])
        cursor = max(cursor, min(b, end))
    out.append(text[cursor:end])
    return "".join(out)


def visible_offsets(start: int, end: int, hidden: list[tuple[int, int]]) -> list[int]:
    """The offsets of the characters :func:`visible` keeps of text[start:end], in order."""
    out: list[int] = []
    cursor = start
    for a, b in hidden:
        if b <= cursor or a >= end:
            continue
        out.extend(range(cursor, max(cursor, a)))
        cursor = max(cursor, min(b, end))
    out.extend(range(cursor, end))
    return out


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
