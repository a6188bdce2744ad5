"""From a place in the shown document back to the report: a selection → source offsets.

The window lays a page's HTML out as a document of its own, whose text is the page's
characters in order with breaks between blocks (and marks where tables begin and end).
Lining the two up once gives, for each document position, the page character there, and
so its report offset, however the blocks, lists and tables were laid out.
"""

from __future__ import annotations

import re

from explorer.core.reports.render import Page

BREAKS = "\u2029\u2028\ufdd0\ufdd1"
"""What a laid-out document has between blocks: paragraph and line separators, and the
marks at the start and end of a table or frame."""

_BREAK = re.compile(f"[{BREAKS}]")
_NEWLINES = "\n\u2028\u2029"


def document_positions(page: Page, shown: str) -> list[int]:
    """For each position of the laid-out document (counted in UTF-16 units, as Qt counts),
    the index of the page character shown there, or -1 (a break between blocks).
    ``shown`` is the document's raw text, breaks included."""
    expected = page.text
    positions: list[int] = []
    i = 0
    cursor = 0
    for match in [*_BREAK.finditer(shown), None]:
        end = match.start() if match else len(shown)
        chunk = shown[cursor:end]
        if expected.startswith(chunk, i) and (chunk.isascii() or max(chunk) <= "\uffff"):
            positions.extend(range(i, i + len(chunk)))
            i += len(chunk)
        else:
            i = _by_character(chunk, expected, i, positions)
        if match is None:
            break
        if i < len(expected) and expected[i] in _NEWLINES:
            positions.append(i)  # a line of code or a line break the page asked for
            i += 1
        else:
            positions.append(-1)
        cursor = match.end()
    return positions


def _by_character(chunk: str, expected: str, i: int, positions: list[int]) -> int:
    """Line up a stretch character by character: the document may have dropped some white
    space the page had, and counts a character beyond U+FFFF as two positions."""
    for char in chunk:
        k = i
        while k < len(expected) and k - i < 8 and not _same(expected[k], char):
            k += 1
        if k < len(expected) and _same(expected[k], char):
            positions.append(k)
            i = k + 1
        else:
            positions.append(-1)
        if ord(char) > 0xFFFF:
            positions.append(positions[-1])
    return i


def _same(a: str, b: str) -> bool:
    return a == b or (a.isspace() and b.isspace())


def source_span(page: Page, positions: list[int], start: int, end: int) -> tuple[int, int] | None:
    """The report offsets (start, end) of what is shown between document positions start
    and end: from the first report character in it to the end of the last one's source;
    None when it holds no report character."""
    offsets = page.offsets
    first = last = -1
    for position in range(max(start, 0), min(end, len(positions))):
        index = positions[position]
        if index >= 0 and offsets[index] >= 0:
            first = index
            break
    for position in range(min(end, len(positions)) - 1, max(start, 0) - 1, -1):
        index = positions[position]
        if index >= 0 and offsets[index] >= 0:
            last = index
            break
    if first < 0 or last < 0:
        return None
    begin = offsets[first]
    finish = page.ends.get(last, offsets[last] + 1)
    return (begin, finish) if finish > begin else None
