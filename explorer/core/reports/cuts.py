"""A big report's cut (its outline and passage offsets), kept so it is not parsed each time:
big in characters, or in sections and passages.

Derived data: ``cache/cuts/<content hash>.json``, read back only when it was made by this
``CUT`` for the same report id and text length, else ignored (the report is parsed again).
Parsing a 5 MB report of 100,000 headings takes seconds; reading its cut back, a fraction.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from explorer.core import ids
from explorer.core.reports.models import CUT, Passage, Report, Section
from explorer.core.reports.pages import find_pages
from explorer.core.storage import atomic_write_text

KEPT_FROM_CHARS = 1_000_000
"""Reports this long (a second or more to parse) have their cut kept."""

KEPT_FROM_PARTS = 2_000
"""So do reports of this many sections and passages, however short: the parser's time follows
the blocks it makes (10,000 one-line sections, 268,000 characters, take a second; their cut
is read back in a fifth of that)."""


def save_cut(folder: Path, digest: str, report: Report) -> None:
    """Keep a big report's cut; a cut that cannot be written is simply not kept."""
    parts = len(report.sections) + report.passage_count
    if len(report.text) < KEPT_FROM_CHARS and parts < KEPT_FROM_PARTS:
        return
    numbers = {s.id: s.number for s in report.sections}
    data = {
        "cut": CUT,
        "id": report.id,
        "length": len(report.text),
        "title": report.title,
        "date": report.date,
        "date_note": report.date_note,
        "sections": [
            [
                s.title,
                s.level,
                numbers.get(s.parent or "", 0),
                s.start,
                s.end,
                [offset for p in s.passages for offset in (p.start, p.end)],
            ]
            for s in report.sections
        ],
    }
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False)
        atomic_write_text(folder / f"{digest}.json", text, durable=False)  # derived


def drop_cut(folder: Path, digest: str) -> None:
    """Forget the cut kept for a text the library no longer holds (updated or removed)."""
    with contextlib.suppress(OSError):
        (folder / f"{digest}.json").unlink(missing_ok=True)


def load_cut(folder: Path, digest: str, report_id: str, text: str) -> Report | None:
    """The report from its kept cut, or None when there is none that fits this text."""
    try:
        raw = (folder / f"{digest}.json").read_text(encoding="utf-8")
        data = json.loads(raw)
        if (data["cut"], data["id"], data["length"]) != (CUT, report_id, len(text)):
            return None
        return Report.model_construct(
            id=report_id,
            title=str(data["title"]),
            date=data["date"],
            date_note=data["date_note"],
            text=text,
            sections=tuple(_sections(report_id, text, data["sections"])),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def _sections(report_id: str, text: str, rows: list[list[Any]]) -> list[Section]:
    sections = []
    pages = find_pages(text)
    for number, (title, level, parent, start, end, offsets) in enumerate(rows, start=1):
        section_id = ids.section_id(report_id, number)
        passages = tuple(
            Passage.model_construct(
                id=f"{section_id}.{m}",
                section_id=section_id,
                start=offsets[i],
                end=offsets[i + 1],
                text=text[offsets[i] : offsets[i + 1]],
                page=pages.label_at(offsets[i]),
            )
            for m, i in enumerate(range(0, len(offsets), 2), start=1)
        )
        sections.append(
            Section.model_construct(
                id=section_id,
                number=number,
                title=str(title),
                start=int(start),
                end=int(end),
                passages=passages,
                level=int(level),
                parent=ids.section_id(report_id, int(parent)) if parent else None,
            )
        )
    return sections
