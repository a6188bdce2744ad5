"""What the reader shows of a report, character by character: runs of characters in one
look, each character with its offset in the report."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WEB_SCHEMES = ("http://", "https://", "mailto:")
"""The only links a reader may open; anything else (javascript:, file:, data:, relative
paths) is shown as its words alone."""

Offsets = Sequence[int]
"""Report offsets, one per character: a ``range`` for a stretch of source, else a list."""


@dataclass(frozen=True, slots=True)
class Look:
    """How characters are drawn: emphasis, code, muted (raw HTML, image alt text), link."""

    strong: bool = False
    em: bool = False
    code: bool = False
    muted: bool = False
    href: str = ""


PLAIN = Look()


@dataclass(frozen=True, slots=True)
class Run:
    """Characters shown with one look. ``offsets[i]`` is where ``text[i]`` is in the report,
    -1 for the app's own words (such as "[image: "), which go with the source at ``at``.
    ``stop``, when set, is where the source of the last character ends (an entity such as
    ``&amp;`` shows one character for five). ``own``: words the app says about the report
    ("[image: ", "]"), none of the report's, which the search index leaves out."""

    text: str
    offsets: Offsets
    look: Look = PLAIN
    stop: int = -1
    at: int = -1
    own: bool = False


def safe_href(href: str) -> str:
    """The link if the reader may open it (http, https, mailto), else ""."""
    if not href.lower().startswith(WEB_SCHEMES) or re.search(r"[\s\x00-\x1f\x7f]", href):
        return ""
    return href


def compact(offsets: Offsets) -> Offsets:
    """A contiguous stretch of offsets as a range (cheaper to clip and split)."""
    if isinstance(offsets, range) or not offsets:
        return offsets
    first, last = offsets[0], offsets[-1]
    if first >= 0 and last - first == len(offsets) - 1 and min(offsets) == first:
        return range(first, last + 1)
    return offsets
