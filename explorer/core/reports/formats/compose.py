"""Markdown written by the readers: front matter, headings, paragraphs, lists, tables, code.

Every piece of a source's own text goes through ``escape``, so that what a web page or a
Word file says is read as written: a ``*``, ``<b>`` or ``&amp;`` in its text stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import yaml

MAX_TITLE = 300
"""Titles are cut to this many characters: a title is a line, not a paragraph."""

_MARKUP = re.compile(r"[\\`*\[\]<>&|]|(?<![^\W_])_|_(?![^\W_])")
"""What Markdown would read as markup: an ``_`` between two letters or digits (snake_case)
opens and closes nothing, so it is left as it is."""
_LINE_OPENER = re.compile(r"^(\s*)([#+=>~-]|\d{1,9}(?=[.)]))")
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_BACKTICKS = re.compile(r"`+")


def words(text: str) -> str:
    """Text as one line: runs of white space (line breaks too) become one space."""
    return " ".join(text.split())


def escape(text: str, line_start: bool = True) -> str:
    """One line of a source's text as Markdown that shows exactly that text; with
    ``line_start`` False it follows a mark (a heading's, a list item's) on its line."""
    escaped = _MARKUP.sub(lambda m: f"\\{m.group()}", words(text))
    opener = _LINE_OPENER.match(escaped) if line_start else None
    if opener is None:
        return escaped
    space, mark = opener.groups()
    if mark[0].isdigit():  # "1. " would open an ordered list: escape its dot
        end = opener.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"{space}\\{escaped[len(space) :]}"


def front_matter(title: str | None, date: str | None) -> str:
    """YAML front matter with the title and date a reader found (none when it found none)."""
    fields: dict[str, str] = {}
    if title and words(title):
        fields["title"] = words(title)[:MAX_TITLE]
    if date:
        fields["date"] = date
    if not fields:
        return ""
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n\n"


def heading(level: int, text: str) -> str:
    """A heading line of level 1–6 (deeper levels are shown as level 6)."""
    shown = escape(text, line_start=False)
    if shown.endswith("#"):  # a closing run of #s would be dropped as markup
        shown = f"{shown[:-1]}\\#"
    return f"{'#' * max(1, min(level, 6))} {shown}"


def list_item(text: str, depth: int = 0) -> str:
    return f"{'  ' * depth}- {escape(text)}"


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cell texts as a Markdown table, the first row as its head; '' when empty."""
    kept = [[escape(cell) for cell in row] for row in rows if any(words(c) for c in row)]
    if not kept:
        return ""
    width = max(len(row) for row in kept)
    lines = [
        "| " + " | ".join(row + [""] * (width - len(row))) + " |"
        for row in kept  # an empty cell is fine: a table row still reads as one
    ]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def code(text: str) -> str:
    """A fenced code block: its text verbatim, behind a fence longer than any run of
    backticks inside it."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text.strip("\n").replace("\r\n", "\n").replace("\r", "\n")
    return f"{fence}\n{body}\n{fence}"


def document(title: str | None, date: str | None, blocks: Sequence[str]) -> str:
    """The whole Markdown of a report: front matter, then blocks separated by blank lines."""
    kept = _sections_kept([b for b in blocks if b.strip()], title)
    return front_matter(title, date) + "\n\n".join(kept) + "\n"


def _sections_kept(blocks: list[str], title: str | None) -> list[str]:
    """Headings one level deeper when the source's first heading is its only level-1 heading
    and not its title: the Markdown reader would take that heading for the report's title and
    lose it as a section. Section depths follow nesting, so nothing else changes."""
    headings = [b for b in blocks if b.startswith("#") and "\n" not in b]
    top = [b for b in headings if b.startswith("# ")]
    if len(top) != 1 or headings[0] is not top[0] or (title and top[0] == heading(1, title)):
        return blocks
    return [f"#{b}" if b in headings and not b.startswith("######") else b for b in blocks]


def day(value: str | dt.date | None) -> str | None:
    """A date or timestamp as YYYY-MM-DD; None when it is not a real date."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d") if value.year >= 1000 else None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    found = _ISO_DAY.match(text)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.group(1)).isoformat()
    except ValueError:
        return None
