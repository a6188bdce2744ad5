"""explorer://open links, as exports write them and `explorer open LINK` follows them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from explorer.core.errors import ExplorerError

_NUMBER = re.compile(r"[0-9]{1,12}")
"""ASCII digits only: "²" and "٣" pass str.isdigit() but are no character offsets."""


@dataclass(frozen=True)
class OpenLink:
    """Where a link points: a section (and characters in it), a concept, or a link."""

    report: str = ""
    section: str = ""
    start: int | None = None
    end: int | None = None
    concept: str = ""
    source: str = ""
    target: str = ""


def is_link(text: str) -> bool:
    return text.startswith("explorer:")


def parse_open_link(link: str) -> OpenLink:
    """The parts of an explorer://open?… link; ExplorerError in one sentence if it is bad."""
    shown = link if len(link) <= 80 else link[:79] + "…"
    parsed = urlparse(link)
    if parsed.scheme != "explorer" or parsed.netloc + parsed.path not in ("open", "/open"):
        raise ExplorerError(f"{shown!r} is not an explorer://open link.")
    query = parse_qs(parsed.query)

    def one(name: str) -> str:
        return (query.get(name) or [""])[0]

    def number(name: str) -> int | None:
        value = one(name)
        if not value:
            return None
        if not _NUMBER.fullmatch(value):
            raise ExplorerError(
                f"The link's {name} is not a character offset ({value!r}); copy the link "
                "again from the export."
            )
        return int(value)

    found = OpenLink(
        report=one("report"),
        section=one("section"),
        start=number("start"),
        end=number("end"),
        concept=one("concept"),
        source=one("source"),
        target=one("target"),
    )
    if not (found.report or found.section or found.concept or found.source):
        raise ExplorerError(f"The link {shown!r} names no report, section or concept.")
    return found
