"""The pages of a paged report (a PDF): where each page's marker line stands in the text,
and so which page a passage starts on (markers: see ``formats.PAGE_MARKER``)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from explorer.core.reports.formats import PAGE_MARKER


@dataclass(frozen=True)
class Pages:
    """The page markers of one text: their spans, their pages' numbers (1 for the file's
    first page) and the labels printed on those pages."""

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()

    def label_at(self, offset: int) -> str | None:
        """The label of the page ``offset`` is on (None before the first marker, or in a
        text that has none)."""
        i = bisect_right(self.starts, offset) - 1
        return self.labels[i] if i >= 0 else None

    def number_at(self, offset: int) -> int | None:
        """The number of the page ``offset`` is on (None before the first marker)."""
        i = bisect_right(self.starts, offset) - 1
        return self.numbers[i] if i >= 0 else None

    def label_of(self, number: int) -> str:
        """The label printed on page ``number`` (its number when it has no marker)."""
        i = self._marker_of(number)
        return self.labels[i] if i is not None else str(number)

    def start_of(self, number: int) -> int | None:
        """Where page ``number``'s text starts (right after its marker)."""
        i = self._marker_of(number)
        return self.ends[i] if i is not None else None

    def part_on(self, number: int, start: int, end: int, length: int) -> tuple[int, int]:
        """The part of ``start``–``end`` (offsets of a text ``length`` long) that is on page
        ``number``: after its marker, before the next one; empty (a, a) when none is."""
        i = self._marker_of(number)
        if i is None:
            return start, start
        on_page = self.ends[i], self.starts[i + 1] if i + 1 < len(self.starts) else length
        first, last = max(start, on_page[0]), min(end, on_page[1])
        return (first, last) if first < last else (start, start)

    def _marker_of(self, number: int) -> int | None:
        """The index of page ``number``'s marker (None when it has none)."""
        i = bisect_right(self.numbers, number) - 1
        return i if i >= 0 and self.numbers[i] == number else None

    def is_marker(self, start: int) -> bool:
        """Whether a marker line begins at ``start``."""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.starts[i] == start


NO_PAGES = Pages()


def page_label(label: str | None) -> str:
    """How a passage's page is cited wherever it is shown: "p. 16" (the label printed on
    the page, "p. xii" in a preface); "" for a report without pages."""
    return f"p. {label}" if label else ""


def on_page(page: str | None) -> str:
    """ ", p. 14" after a PDF passage's citation (its printed page label); "" otherwise."""
    return f", {page_label(page)}" if page else ""


def has_pages(text: str) -> bool:
    """Whether a report's text may hold page markers (a PDF's): a look, not a search."""
    return "<!-- page " in text


def find_pages(text: str) -> Pages:
    """The page markers in a report's text (none in most texts, found without a search)."""
    if not has_pages(text):
        return NO_PAGES
    found = [(m.start(), m.end(), m.group(2), int(m.group(1))) for m in PAGE_MARKER.finditer(text)]
    starts, ends, labels, numbers = zip(*found, strict=True) if found else ((), (), (), ())
    return Pages(starts, ends, labels, numbers)
