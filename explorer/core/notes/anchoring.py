"""Finding a note's words again after the report's text changed or the report moved.

Order of attempts: the old offsets still hold the quote; the quote occurs exactly (the
occurrence whose prefix and suffix match best, then the nearest); a fuzzy match of the quote
with its context. A note that cannot be placed is kept and flagged as orphaned, never dropped.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from explorer.core.notes.models import PassageTarget, TextPosition, TextQuote
from explorer.core.reports import Passage, Report

CONTEXT = 32
FUZZY_ENOUGH = 0.75


def quote_at(report: Report, start: int, end: int) -> tuple[TextQuote, TextPosition]:
    """The W3C quote (exact, prefix, suffix) and position of report.text[start:end]."""
    text = report.text
    return (
        TextQuote(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT) : start],
            suffix=text[end : end + CONTEXT],
        ),
        TextPosition(start=start, end=end),
    )


def target_for(report: Report, start: int, end: int) -> PassageTarget:
    """A passage target for a span of the report's text (offsets into report.text)."""
    if not 0 <= start < end <= len(report.text):
        raise ValueError(f"span {start}–{end} is outside the report")
    quote, position = quote_at(report, start, end)
    section_id, passage_id = locate(report, start)
    return PassageTarget(
        report=report.id, section=section_id, passage=passage_id, quote=quote, position=position
    )


def locate(report: Report, offset: int) -> tuple[str, str | None]:
    """The section (and passage, if any) that contains an offset."""
    section_id = report.sections[0].id
    for section in report.sections:
        if section.start <= offset:
            section_id = section.id
        passage: Passage
        for passage in section.passages:
            if passage.start <= offset < passage.end:
                return section.id, passage.id
    return section_id, None


def reanchor(target: PassageTarget, report: Report) -> PassageTarget:
    """The same words in the report's current text, or the target flagged as orphaned."""
    text = report.text
    start = _exact_at(text, target) or _best_exact(text, target) or _fuzzy(text, target)
    if start is None:
        return target.model_copy(update={"orphaned": True})
    found_start, found_end = start
    section_id, passage_id = locate(report, found_start)
    fresh_quote, position = quote_at(report, found_start, found_end)  # follows edited words
    return PassageTarget(
        report=report.id,
        section=section_id,
        passage=passage_id,
        quote=fresh_quote,
        position=position,
        orphaned=False,
    )


def _exact_at(text: str, target: PassageTarget) -> tuple[int, int] | None:
    start, end = target.position.start, target.position.end
    if text[start:end] == target.quote.exact:
        return start, end
    return None


def _best_exact(text: str, target: PassageTarget) -> tuple[int, int] | None:
    exact = target.quote.exact
    hits = []
    at = text.find(exact)
    while at >= 0:
        hits.append(at)
        at = text.find(exact, at + 1)
    if not hits:
        return None

    def score(at: int) -> tuple[float, int]:
        before = text[max(0, at - CONTEXT) : at]
        after = text[at + len(exact) : at + len(exact) + CONTEXT]
        context = _similar(before, target.quote.prefix) + _similar(after, target.quote.suffix)
        return (-context, abs(at - target.position.start))

    best = min(hits, key=score)
    return best, best + len(exact)


def _fuzzy(text: str, target: PassageTarget) -> tuple[int, int] | None:
    """Slide a window the quote's size over the text, seeded where a piece of it survives."""
    exact = target.quote.exact
    size = len(exact)
    seeds: set[int] = set()
    for piece_start in range(0, max(1, size - 12), max(1, size // 6)):
        piece = exact[piece_start : piece_start + 12]
        at = text.find(piece) if len(piece) >= 6 else -1
        while at >= 0 and len(seeds) < 200:
            seeds.add(max(0, at - piece_start))
            at = text.find(piece, at + 1)
    best: tuple[float, int, int] | None = None
    for seed in seeds:
        for length in (size, int(size * 0.9), int(size * 1.1)):
            window = text[seed : seed + max(1, length)]
            ratio = _similar(window, exact)
            if best is None or ratio > best[0]:
                best = (ratio, seed, seed + len(window))
    if best is None or best[0] < FUZZY_ENOUGH:
        return None
    return _refine(text, exact, best[1], best[2])


def _refine(text: str, exact: str, start: int, end: int) -> tuple[int, int]:
    """Nudge the window's edges to the best match, then off any white space."""
    best = (_similar(text[start:end], exact), start, end)
    for ds in range(-4, 5):
        for de in range(-4, 5):
            a, b = max(0, start + ds), min(len(text), end + de)
            if a < b:
                ratio = _similar(text[a:b], exact)
                if ratio > best[0]:
                    best = (ratio, a, b)
    _, a, b = best
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _similar(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
