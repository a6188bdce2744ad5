"""YAML (``---``) and TOML (``+++``) front matter: where it ends, and its title and date.

Both are read by their own parsers (PyYAML, tomllib), within bounds: a report's front matter
is a few lines, so a block that is too long, too deep, uses YAML aliases or breaks a parser
is ignored (the body is still read), with one line that says why.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from explorer.core.times import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's parser when PyYAML was built with it: the same answers, faster
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONT_MATTER = 64 * 1024
"""Front matter longer than this (in characters) is not read: a title and a date fit in far
less, and a parser's time and memory grow with what it is given."""
MAX_DEPTH = 32
"""YAML lists and mappings nested deeper than this are refused before anything is built."""

_OPEN = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)", re.ASCII)
_TITLE_YEAR = re.compile(r"(?<![\w-])((?:19|20)\d{2})(?![\w-])", re.ASCII)
_TOML_LINE = re.compile(r"\(at line (\d+),")
_FAILSAFE_TAGS = {None, "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass(frozen=True)
class FrontMatter:
    """What a report's front matter says, and the offset where the body begins."""

    end: int = 0
    title: str | None = None
    date: str | None = None
    date_problem: str | None = None
    """Set when the written date was impossible (2024-11-31): what was written."""
    problem: str | None = None
    """Set when the front matter was there but not read (too long, not YAML or TOML, ...):
    why, in one line that follows the file's name ("its YAML front matter was not read: ...")."""


class _Unread(Exception):
    """Front matter that is not read; the message says why, in one line."""


class _FrontMatterLoader(_SafeLoader):
    """PyYAML's safe loader with YAML's failsafe schema: every scalar is text as written.

    So ``date: 2024-11-31`` stays the impossible date it is (reported, not a crash),
    ``date: 2024.10`` is October and not the float 2024.1, and ``title: yes`` is "yes"."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (read, never changed)


def read_front_matter(text: str) -> FrontMatter:
    """Find front matter at the very start of text; absent or unclosed means none.

    Never raises: front matter that cannot be read is skipped, with ``problem`` set."""
    opened = _OPEN.match(text)
    if not opened:
        return FrontMatter()
    fence = opened.group(1)
    close = re.compile(rf"^{re.escape(fence)}[ \t]*\r?$", re.MULTILINE)
    closed = close.search(text, opened.end())
    if closed is None:
        return FrontMatter()
    raw = text[opened.end() : closed.start()]
    try:
        fields = _fields(raw, "TOML" if fence == "+++" else "YAML")
    except _Unread as exc:
        return FrontMatter(end=closed.end(), problem=str(exc))
    title = _one_line(fields.get("title"))
    date, problem = checked_date(fields.get("date"))
    return FrontMatter(end=closed.end(), title=title or None, date=date, date_problem=problem)


def _fields(raw: str, kind: str) -> dict[str, str]:
    """The top-level scalar fields, keys in lower case (the first of twins wins); nested and
    list values are left out."""
    if len(raw) > MAX_FRONT_MATTER:
        limit = MAX_FRONT_MATTER // 1024
        raise _Unread(f"its {kind} front matter was not read: it is over {limit} KB long.")
    try:
        data = tomllib.loads(raw) if kind == "TOML" else _yaml_data(raw)
    except _Unread as exc:
        raise _Unread(f"its {kind} front matter was not read: {exc}") from None
    except Exception as exc:  # whatever a parser makes of one file, the others are still added
        raise _Unread(f"its {kind} front matter was not read: {_reason(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Unread(f"its {kind} front matter was not read: it is not a set of key: values.")
    fields: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(key, str) and not isinstance(value, dict | list):
            fields.setdefault(key.lower(), value if isinstance(value, str) else str(value))
    return fields


def _yaml_data(raw: str) -> Any:
    """The YAML document, built only after its events were checked: no anchors or aliases (a
    "billion laughs" is refused before it grows), no tags beyond text, lists and mappings,
    nesting at most MAX_DEPTH deep. What is built is text, lists and dicts."""
    depth = 0
    for event in yaml.parse(raw, Loader=_FrontMatterLoader):
        if isinstance(event, yaml.NodeEvent) and (
            isinstance(event, yaml.AliasEvent) or event.anchor
        ):
            raise _Unread("it uses YAML anchors and aliases (& and *), which are not read.")
        tag = event.tag if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) else None
        if tag not in _FAILSAFE_TAGS:
            raise _Unread(f"it uses the YAML tag {_shown(tag)}, which is not read.")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Unread(f"it nests lists or mappings over {MAX_DEPTH} deep.")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    loader = _FrontMatterLoader(raw)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _reason(exc: Exception) -> str:
    """What a parser said, on one line and short, ending with a full stop; a place in the
    front matter is given as a line of the file (the opening ``---`` is line 1)."""
    if isinstance(exc, RecursionError):
        return "it nests too deep."
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        said = exc.problem
        if exc.problem_mark is not None:
            mark = exc.problem_mark
            said += f" (at line {mark.line + 2}, column {mark.column + 1})"
    elif isinstance(exc, yaml.reader.ReaderError):  # a control character, say
        said = exc.reason
    elif isinstance(exc, UnicodeError):  # a lone surrogate, from a text decoded leniently
        said = "it holds characters that are not text"
    elif isinstance(exc, tomllib.TOMLDecodeError):
        said = _TOML_LINE.sub(lambda m: f"(at line {int(m.group(1)) + 1},", str(exc))
    else:  # not a parser's own report (say, int()'s on 5,000 digits): what, not what to do
        said = str(exc).split(";")[0] or type(exc).__name__
    said = " ".join(said.split())
    if len(said) > 160:
        said = said[:159] + "…"
    return said.rstrip(".") + "."


def _shown(value: object, most: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def _one_line(value: str | None) -> str:
    """A title written over several lines (a YAML block scalar) as one line."""
    if not value:
        return ""
    return " ".join(line.strip() for line in value.splitlines() if line.strip())


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
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
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
