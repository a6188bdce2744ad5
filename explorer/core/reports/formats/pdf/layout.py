"""A PDF page's text as lines in reading order, with where they stand and how large they are.

pdfium's own line breaks cannot be trusted (some writers place every glyph apart, and pdfium
then breaks inside words, or never breaks at all), so lines are rebuilt from geometry: the
page's text is cut into words at white space, each word's box is read from its first and
last characters (two calls into pdfium per word, not one per character), and words that sit
on one baseline, close together, make a line. A wide horizontal gap starts a new line piece,
so the two halves of a two-column page never share a line. When a vertical gutter crosses the
page with no text in it, the left column is read before the right one.

TeX draws an underscore in a text font as a short rule, not a character: pdfium sees a gap
and puts a space in it ("asn1 length der" for ``asn1_length_der``). A thin rule at the foot
of the line that fills the gap between two words makes them one word with "_" again.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

_WORD = re.compile(r"[^\s\u00a0\ufffe]+\ufffe?|\ufffe")  # a soft hyphen ends its word
_LINE_GAP = 2.2
"""A horizontal gap wider than this many line heights parts two pieces of text (columns)."""
_JOIN_GAP = 0.12
"""Pieces closer than this many line heights are one word (a writer that placed its glyphs
one by one)."""

Rule = tuple[float, float, float, float]
"""A drawn rectangle's left, bottom, right and top."""


@dataclass(frozen=True)
class Line:
    """One line of a page's text, in PDF units (the origin at the page's bottom left)."""

    text: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def height(self) -> float:
        """The height of the font's box: the line's type size, give or take."""
        return self.top - self.bottom


@dataclass(frozen=True)
class Page:
    """One page: its printed label and its lines in reading order."""

    number: int
    label: str
    width: float
    lines: tuple[Line, ...]


@dataclass
class _Piece:
    text: str
    left: float
    right: float
    bottom: float
    top: float

    def same_line(self, other: _Piece) -> bool:
        overlap = min(self.top, other.top) - max(self.bottom, other.bottom)
        return overlap > 0.5 * min(self.top - self.bottom, other.top - other.bottom)


def read_page(document: Any, index: int) -> Page:
    """The lines of one page of an open ``pypdfium2.PdfDocument``."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            pieces = _words(textpage, _thin_rules(page))
        finally:
            textpage.close()
        width = float(page.get_width())
    finally:
        page.close()
    label = _label(document, index)
    return Page(index + 1, label, width, tuple(_reading_order(_lines(pieces), width)))


def _label(document: Any, index: int) -> str:
    """The page's printed label ("xii", "T-1"), else its number."""
    try:
        label = str(document.get_page_label(index)).strip()
    except Exception:  # a broken label tree: the number is as good
        label = ""
    return label or str(index + 1)


def _words(textpage: Any, rules: list[Rule]) -> list[_Piece]:
    text = str(textpage.get_text_range())
    handle = textpage.raw
    first, last = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    words: list[_Piece] = []
    previous_end = -2
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not loose_box(handle, start, first) or not loose_box(handle, end - 1, last):
            continue
        top = max(first.top, last.top)
        bottom = min(first.bottom, last.bottom)
        if top <= bottom:
            continue
        word = _Piece(match.group(), first.left, last.right, bottom, top)
        if rules and start == previous_end + 1 and _underscored(words[-1], word, rules):
            words[-1].text += "_" + word.text
            words[-1].right = word.right
            words[-1].top, words[-1].bottom = max(words[-1].top, top), min(words[-1].bottom, bottom)
        else:
            words.append(word)
        previous_end = end
    return words


def _thin_rules(page: Any) -> list[Rule]:
    """The page's drawn shapes that could be an underscore, flat and short (TeX's \\_),
    from left to right."""
    handle = page.raw
    box = [ctypes.c_float() for _ in range(4)]
    rules = []
    for i in range(pdfium_c.FPDFPage_CountObjects(handle)):
        shape = pdfium_c.FPDFPage_GetObject(handle, i)
        if pdfium_c.FPDFPageObj_GetType(shape) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(shape, *(ctypes.byref(v) for v in box)):
            continue
        left, bottom, right, top = (v.value for v in box)
        if 0 < top - bottom < 0.25 * (right - left) and right - left < 20:
            rules.append((left, bottom, right, top))
    return sorted(rules)


def _underscored(before: _Piece, after: _Piece, rules: list[Rule]) -> bool:
    """Whether a rule fills the gap between two words of a line, at its foot: an underscore
    that was drawn rather than written. ``rules`` are sorted by their left edge."""
    height = before.top - before.bottom
    slack = 0.1 * height
    i = bisect.bisect_left(rules, before.right - slack, key=lambda rule: rule[0])
    for left, bottom, right, top in rules[i:]:
        if left > after.left + slack:
            return False
        if (
            right <= after.left + slack
            and right - left >= 0.5 * (after.left - before.right)
            and top - bottom <= 0.15 * height
            and before.bottom - slack <= bottom
            and top <= before.bottom + 0.4 * height
            and before.same_line(after)
        ):
            return True
    return False


def _lines(pieces: list[_Piece]) -> list[_Piece]:
    """Words joined into line pieces: the next word on the same baseline, to the right and
    near enough, joins the line; anything else starts a new one."""
    lines: list[_Piece] = []
    for word in pieces:
        line = lines[-1] if lines else None
        if line is not None and line.same_line(word):
            height = line.top - line.bottom
            gap = word.left - line.right
            if -0.5 * height < gap <= _LINE_GAP * height:
                line.text += word.text if gap < _JOIN_GAP * height else " " + word.text
                line.right = max(line.right, word.right)
                line.top, line.bottom = max(line.top, word.top), min(line.bottom, word.bottom)
                continue
        lines.append(_Piece(word.text, word.left, word.right, word.bottom, word.top))
    return lines


def _reading_order(pieces: list[_Piece], width: float) -> Iterator[Line]:
    """Lines top to bottom; on a page with a gutter, the left column before the right."""
    gutter = _gutter(pieces, width)
    if gutter is None:
        ordered = sorted(pieces, key=lambda p: (-_row(p), p.left))
    else:
        left = [p for p in pieces if p.right <= gutter]
        right = [p for p in pieces if p.left >= gutter]
        ordered = sorted(left, key=lambda p: (-_row(p), p.left))
        ordered += sorted(right, key=lambda p: (-_row(p), p.left))
    for piece in ordered:
        yield Line(piece.text, piece.left, piece.right, piece.bottom, piece.top)


def _row(piece: _Piece) -> float:
    """The line's baseline, rounded so that words a hair apart in height share a row."""
    return round(piece.bottom / 2.0) * 2.0


def _gutter(pieces: list[_Piece], width: float) -> float | None:
    """An x in the middle of the page that no line crosses, with enough text on each side
    (at least a third of the lines): the page is set in two columns."""
    if len(pieces) < 6:
        return None
    heights = statistics.median(p.top - p.bottom for p in pieces)
    spans = sorted((p.left, p.right) for p in pieces)
    covered_to = spans[0][1]
    for left, right in spans[1:]:
        if left - covered_to > heights and 0.3 * width < (left + covered_to) / 2 < 0.7 * width:
            middle = (left + covered_to) / 2
            on_left = sum(1 for p in pieces if p.right <= middle)
            if min(on_left, len(pieces) - on_left) >= len(pieces) / 3:
                return middle
        covered_to = max(covered_to, right)
    return None
