"""A PDF's pages (layout.Page) as the Markdown the app reads: front matter, page markers,
headings, paragraphs.

- Running headers and footers go: a line at the top or bottom edge of a page whose words
  (digits aside) recur at that edge on at least half of the pages, or that stands at the
  same height as the edge lines of half of the pages and apart from the text under or over
  it, or that is only a page number.
- Sections come from the outline (bookmarks and their levels): a bookmark's heading replaces
  the line on its page that reads as its title, else opens the page. Without an outline,
  lines set clearly larger than the body text are headings, the largest size level 1.
  Without either, every page is a section ("Page 12").
- Lines make paragraphs; a word hyphenated at a line's end is joined again, and so is a name
  broken after an underscore.
- Each page's text follows its marker (see ``formats.PAGE_MARKER``).
- The title is the metadata's, else the first page's tallest line; the date is the
  metadata's (created, else modified), else the first date printed on the first page with
  text ("31 January 2024", "January 31, 2024", "2024-01-31", or "March 2023" for a month).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from explorer.core.reports.formats import page_marker
from explorer.core.reports.formats.pdf.layout import Line, Page
from explorer.core.times import FIRST_YEAR, LAST_YEAR

HEADING_RATIO = 1.18
"""A line this much taller than the body text (and short) is a heading."""
_EDGE_SHARE = 0.5
_SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen it found at a line's end
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"(?i)^(page\s+)?([\divxlc]+|[a-z]-\d+)(\s+of\s+\d+)?$")
_ESCAPE = re.compile(r"([\\`*_\[\]<>&|~])")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
"""Control characters (a tab aside): never part of the text."""
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(
    f"{name}|{name.upper()}|{name[:3]}|{name[:3].upper()}" for name in [*_MONTHS, "Sept"]
)  # Capitalised or in capitals: a lower-case "may" is a verb
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_PRINTED_DATES = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?<![\w-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])",
        rf"(?<![\w-]){_DAY}\s+(?P<month>{_MONTH})\.?,?\s+{_YEAR}",
        rf"(?<![\w-])(?P<month>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}",
        rf"(?<![\w-])(?P<month>{_MONTH})\.?,?\s+{_YEAR}",
    )
)
"""Dates as printed on a cover, the fullest first: a day (ISO, "31 January 2024", "January
31, 2024"), else a month ("March 2023"). Numeric days such as 01/02/2024 are not read: their
order of day and month is the writer's guess."""


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: its depth (0 at the top), title and the page it opens (from 0)."""

    level: int
    title: str
    page: int


def markdown(metadata: dict[str, str], outline: Sequence[Bookmark], pages: list[Page]) -> str:
    """The whole report: front matter, then each page's marker, headings and paragraphs."""
    bodies = _without_running_lines(pages)
    heads = _heading_plan(outline, pages, bodies)
    title = _title(metadata, pages)
    out = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"]
    date = _date(metadata, pages)
    if date:
        out.append(f"date: {date}\n")
    out.append("---\n\n")
    for page, lines in zip(pages, bodies, strict=True):
        out.append(page_marker(page.number, page.label) + "\n\n")
        out.extend(_page_text(lines, heads.get(page.number, {}), heads.get(-page.number, {})))
    return "".join(out)


# ---- running headers and footers ----------------------------------------------------------


def _without_running_lines(pages: list[Page]) -> list[list[Line]]:
    edges = [(_edge(p.lines, top=True), _edge(p.lines, top=False)) for p in pages]
    words: Counter[tuple[bool, str]] = Counter()
    heights: Counter[tuple[bool, int]] = Counter()
    for top_lines, bottom_lines in edges:
        for top, lines in ((True, top_lines), (False, bottom_lines)):
            words.update({(top, _shape(line.text)) for line in lines})
            heights.update({(top, round(line.bottom)) for line in lines})
    enough = max(2, _EDGE_SHARE * len(pages))
    kept: list[list[Line]] = []
    for page, (top_lines, bottom_lines) in zip(pages, edges, strict=True):
        running = set()
        for top, lines in ((True, top_lines), (False, bottom_lines)):
            apart = _stands_apart(page.lines, lines, top)
            for line in lines:
                if (
                    words[(top, _shape(line.text))] >= enough
                    or (apart and heights[(top, round(line.bottom))] >= enough)
                    or _is_page_number(line.text, page.label)
                ):
                    running.add(id(line))
        kept.append([line for line in page.lines if id(line) not in running])
    return kept


def _edge(lines: Sequence[Line], top: bool) -> list[Line]:
    """The lines on the page's first (or last) row."""
    if not lines:
        return []
    if top:
        highest = max(line.bottom for line in lines)
        return [line for line in lines if line.bottom > highest - 1.5]
    lowest = min(line.bottom for line in lines)
    return [line for line in lines if line.bottom < lowest + 1.5]


def _stands_apart(lines: Sequence[Line], edge: list[Line], top: bool) -> bool:
    """Whether the edge row is further from the next row than rows of text are apart."""
    rest = [line for line in lines if line not in edge]
    if not edge or len(rest) < 2:
        return False
    rows = sorted({round(line.bottom) for line in rest})
    if len(rows) < 2:  # the rest is one row: no spacing of rows to compare with
        return False
    spacing = statistics.median(b - a for a, b in itertools.pairwise(rows))
    if top:
        gap = min(line.bottom for line in edge) - max(line.top for line in rest)
    else:
        gap = min(line.bottom for line in rest) - max(line.top for line in edge)
    return gap > 1.5 * spacing


def _shape(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _is_page_number(text: str, label: str) -> bool:
    text = text.strip(" -–—|")
    return text == label or bool(_PAGE_NUMBER.match(text))


# ---- headings --------------------------------------------------------------------------


def _heading_plan(
    outline: Sequence[Bookmark], pages: list[Page], bodies: list[list[Line]]
) -> dict[int, dict[int, tuple[int, str]]]:
    """Per page number, the headings: by the index of the line they replace; under the
    page's negative number, those that open the page (index by order)."""
    plan: dict[int, dict[int, tuple[int, str]]] = {}
    if outline:
        for n, mark in enumerate(outline):
            if not 0 <= mark.page < len(pages):
                continue
            number = mark.page + 1
            at = _line_titled(bodies[mark.page], mark.title, plan.get(number, {}))
            level = min(6, mark.level + 1)
            if at is None:
                plan.setdefault(-number, {})[n] = (level, mark.title)
            else:
                plan.setdefault(number, {})[at] = (level, mark.title)
        return plan
    sizes = _heading_sizes(bodies)
    for page, lines in zip(pages, bodies, strict=True):
        for i, line in enumerate(lines):
            if line.height in sizes and _could_be_heading(line.text):
                plan.setdefault(page.number, {})[i] = (sizes[line.height], line.text.strip())
    if not plan:
        for page in pages:
            plan[-page.number] = {0: (1, f"Page {page.label}")}
    return plan


def _line_titled(lines: list[Line], title: str, taken: dict[int, tuple[int, str]]) -> int | None:
    """The line on the page that reads as the bookmark's title ("2.2 Naming" for "Naming")."""
    want = _shape(title)
    if not want:
        return None
    for i, line in enumerate(lines):
        have = _shape(line.text)
        if i not in taken and have.endswith(want) and len(have) <= len(want) + 16:
            return i
    return None


def _heading_sizes(bodies: list[list[Line]]) -> dict[float, int]:
    """Line heights clearly above the body's, each with its heading level (largest: 1)."""
    weights: Counter[float] = Counter()
    for lines in bodies:
        for line in lines:
            weights[line.height] += len(line.text)
    if not weights:
        return {}
    body = statistics.median_high(weights.elements())
    tall = sorted({h for h in weights if h >= HEADING_RATIO * body}, reverse=True)
    levels: dict[float, int] = {}
    level = 0
    previous = None
    for height in tall:
        if previous is None or previous - height > 0.06 * previous:
            level = min(level + 1, 3)
        levels[height] = level
        previous = height
    return levels


def _could_be_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 14 and not text.rstrip().endswith((".", ",", ";"))


# ---- text ---------------------------------------------------------------------------------


def _page_text(
    lines: list[Line], replaced: dict[int, tuple[int, str]], opening: dict[int, tuple[int, str]]
) -> Iterator[str]:
    for _, (level, title) in sorted(opening.items()):
        yield _heading(level, title)
    paragraph: list[Line] = []
    widest = max((line.right for line in lines), default=0.0)
    for i, line in enumerate(lines):
        if i in replaced:
            if paragraph:
                yield _paragraph(paragraph)
            paragraph = []
            yield _heading(*replaced[i])
            continue
        if paragraph and _starts_paragraph(paragraph[-1], line, widest):
            yield _paragraph(paragraph)
            paragraph = []
        paragraph.append(line)
    if paragraph:
        yield _paragraph(paragraph)


def _heading(level: int, title: str) -> str:
    return f"{'#' * level} {_escape(' '.join(title.split()))}\n\n"


def _starts_paragraph(previous: Line, line: Line, widest: float) -> bool:
    """Whether ``line`` opens a paragraph after ``previous``: it stands apart, back up the
    page, after a bullet, or after a sentence that ended short of the page's ``widest`` line."""
    height = max(previous.height, line.height)
    if line.top > previous.top + 0.1 * height:  # back up the page: the next column
        return True
    if previous.bottom - line.top > 0.45 * height or line.text.startswith(("•", "◦", "▪")):
        return True
    return previous.text.rstrip().endswith((".", ":", "!", "?")) and (
        previous.right < widest - 4 * height
    )


def _paragraph(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        words = line.text.strip()
        if text.endswith(_SOFT_HYPHEN) or _hyphenated(text, words):
            text = text[:-1] + words
        elif _broken_after_underscore(text, words):
            text += words
        else:
            text = f"{text} {words}" if text else words
    return _escape(text.replace(_SOFT_HYPHEN, "-")) + "\n\n"


def _hyphenated(text: str, words: str) -> bool:
    """A lower-case word broken with a hyphen at the line's end ("informa-" "tion")."""
    return text.endswith("-") and len(text) > 1 and text[-2].islower() and words[:1].islower()


def _broken_after_underscore(text: str, words: str) -> bool:
    """A name broken after its underscore at the line's end ("ASN1_" "MAX_SIZE"), as TeX
    breaks code; a row of underscores to write on ("Signed: ____") is not a name."""
    return text.endswith("_") and len(text) > 1 and text[-2].isalnum() and words[:1].isalnum()


def _escape(text: str) -> str:
    """Text that Markdown shows as written: its markup characters backslashed."""
    text = _ESCAPE.sub(r"\\\1", _CONTROL.sub("", text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


# ---- title and date --------------------------------------------------------------------


def _title(metadata: dict[str, str], pages: list[Page]) -> str:
    title = " ".join(metadata.get("Title", "").split())
    if title:
        return title
    for page in pages:
        if page.lines:
            tallest = max(page.lines, key=lambda line: (line.height, -len(line.text)))
            return " ".join(tallest.text.replace(_SOFT_HYPHEN, "").split())
    return ""


def _date(metadata: dict[str, str], pages: list[Page]) -> str | None:
    """The metadata's date (created, else modified), else the first printed on page one."""
    for key in ("CreationDate", "ModDate"):
        found = _metadata_date(metadata.get(key, ""))
        if found:
            return found
    return _printed_date(pages)


def _metadata_date(value: str) -> str | None:
    """A PDF date ("D:20240131…") as an ISO day; the month or day alone when that is all."""
    match = _PDF_DATE.match(value.strip())
    if not match or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    year, month, day = match.groups()
    if month and day and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        return f"{year}-{month}-{day}"
    return year if not month else f"{year}-{month}" if 1 <= int(month) <= 12 else year


def _printed_date(pages: list[Page]) -> str | None:
    """The first date printed on the first page with text, as an ISO day or month."""
    first = next((page for page in pages if page.lines), None)
    if first is None:
        return None
    for line in first.lines:
        text = " ".join(line.text.replace(_SOFT_HYPHEN, "").split())
        found = [m for pattern in _PRINTED_DATES for m in pattern.finditer(text)]
        spent = 0  # the end of a date that does not exist ("31 February"): no part of it is
        for match in sorted(found, key=lambda m: (m.start(), -len(m.group()))):
            if match.start() < spent:
                continue
            date = _checked(match)
            if date:
                return date
            spent = match.end()
    return None


def _checked(match: re.Match[str]) -> str | None:
    """The match as an ISO day (or month, when it names no day), if that day exists."""
    year = int(match["year"])
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _month_number(month_text)
    day = match.groupdict().get("day")
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:  # 31 February: no date
        return None


def _month_number(name: str) -> int:
    return next(n for n, full in enumerate(_MONTHS, 1) if full[:3].lower() == name[:3].lower())
