"""YAML (``---``) and TOML (``+++``) front matter: where it ends, and its title and date."""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass

_OPEN = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_TITLE_YEAR = re.compile(r"(?<![\w-])((?:19|20)\d{2})(?![\w-])")


@dataclass(frozen=True)
class FrontMatter:
    """What a report's front matter says, and the offset where the body begins."""

    end: int = 0
    title: str | None = None
    date: str | None = None
    date_problem: str | None = None
    """Set when the written date was impossible (2024-11-31): what was written."""


def read_front_matter(text: str) -> FrontMatter:
    """Find front matter at the very start of text; absent or unclosed means none."""
    opened = _OPEN.match(text)
    if not opened:
        return FrontMatter()
    fence = opened.group(1)
    close = re.compile(rf"^{re.escape(fence)}[ \t]*\r?$", re.MULTILINE)
    closed = close.search(text, opened.end())
    if closed is None:
        return FrontMatter()
    raw = text[opened.end() : closed.start()]
    fields = _toml_fields(raw) if fence == "+++" else _yaml_fields(raw)
    title = _clean(fields.get("title"))
    date, problem = checked_date(fields.get("date"))
    return FrontMatter(end=closed.end(), title=title or None, date=date, date_problem=problem)


def _yaml_fields(raw: str) -> dict[str, str]:
    """Top-level ``key: value`` scalars; nested and list values are ignored."""
    fields: dict[str, str] = {}
    lines = raw.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not m:
            continue
        value = m.group(2).strip()
        if value[:1] in ("|", ">"):  # a block scalar: the indented lines that follow
            block = []
            for follow in lines[i + 1 :]:
                if follow.strip() and not follow[:1].isspace():
                    break
                block.append(follow.strip())
            value = " ".join(b for b in block if b)
        fields.setdefault(m.group(1).lower(), value)
    return fields


def _toml_fields(raw: str) -> dict[str, str]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError:
        return _yaml_fields(raw.replace("=", ":"))
    return {k.lower(): str(v) for k, v in data.items() if not isinstance(v, dict | list)}


def _clean(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


def parse_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the many forms reports use; impossible days are clamped."""
    return checked_date(value)[0]


def checked_date(value: str | None) -> tuple[str | None, str | None]:
    """parse_date, and what was written when it was an impossible day (else None)."""
    m = _DATE.search(_clean(value))
    if not m:
        return None, None
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None, m.group(0)
    day = int(m.group(3) or 1)
    last = calendar.monthrange(year, month)[1]
    used = f"{year:04d}-{month:02d}-{max(1, min(day, last)):02d}"
    return used, (m.group(0) if not 1 <= day <= last else None)


def year_in_title(title: str) -> str | None:
    """1 January of a year the title names, such as "Advancements in AI (2024)"."""
    m = _TITLE_YEAR.search(title)
    return f"{m.group(1)}-01-01" if m else None


def date_in_name(stem: str) -> tuple[str | None, str | None]:
    """An ISO date anywhere in a file name (blog__en__2019-11-08-data.md), checked."""
    m = _FILE_DATE.search(stem)
    return checked_date(m.group(0)) if m else (None, None)
