"""The Page view's question: which page of a PDF report to draw, and which passage's
words to mark on it (``Workspace.printed_page``; the drawing is ``formats.pdf.printed``)."""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.errors import ExplorerError
from explorer.core.reports.models import Passage, Report, ReportEntry
from explorer.core.reports.pages import find_pages

if TYPE_CHECKING:
    from explorer.core.reports.formats.pdf.printed import PrintedPage, PrintedPages


def printed_page(
    printer: PrintedPages,
    entry: ReportEntry,
    report: Report,
    passage_id: str | None = None,
    offset: int | None = None,
    number: int | None = None,
    width: int = 900,
) -> PrintedPage:
    """Page ``number`` of the report's PDF (else the page ``offset`` is on, else the page
    the passage ``passage_id`` starts on), ``width`` pixels wide. Marked on it: the words of
    that passage, else of the passage at ``offset``, whichever is on the page."""
    if entry.format != "pdf":
        raise ExplorerError(f"{report.title} is not a PDF, so it has no printed pages to show.")
    pages = find_pages(report.text)
    passages = [p for section in report.sections for p in section.passages]
    asked = [p for p in (report.passage(passage_id or ""), _at(passages, offset)) if p]
    if number is None:
        at = offset if offset is not None else asked[0].start if asked else 0
        number = pages.number_at(at) or 1
    marked, words = None, ""
    for passage in asked:
        first, last = pages.part_on(number, passage.start, passage.end, len(report.text))
        if first < last:
            marked, words = passage.id, report.text[first:last]
            break
    label = pages.label_of(number)
    page = printer.page(Path(entry.path), number, width, label, words, entry.source)
    opens = _at(passages, pages.start_of(number))
    return dataclasses.replace(page, passage=marked, opens=opens.id if opens is not None else None)


def _at(passages: list[Passage], offset: int | None) -> Passage | None:
    """The passage ``offset`` is in, else the next one after it."""
    if offset is None:
        return None
    i = bisect_right([p.start for p in passages], offset) - 1
    if i >= 0 and offset < passages[i].end:
        return passages[i]
    return passages[i + 1] if i + 1 < len(passages) else None
