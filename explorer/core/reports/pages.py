"""The pages of a paged report (a PDF): where each page's marker line stands in the text,
and so which page a passage starts on (markers: see ``formats.PAGE_MARKER``)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from explorer.core.reports.formats import PAGE_MARKER


@dataclass(frozen=True)
class Pages:
    """The page markers of one text: their spans and the labels printed on their pages."""

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()

    def label_at(self, offset: int) -> str | None:
        """The label of the page ``offset`` is on (None before the first marker, or in a
        text that has none)."""
        i = bisect_right(self.starts, offset) - 1
        return self.labels[i] if i >= 0 else None

    def is_marker(self, start: int) -> bool:
        """Whether a marker line begins at ``start``."""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.starts[i] == start


NO_PAGES = Pages()


def page_label(label: str | None) -> str:
    """How a passage's page is cited wherever it is shown: "p. 16" (the label printed on
    the page, "p. xii" in a preface); "" for a report without pages."""
    return f"p. {label}" if label else ""


def find_pages(text: str) -> Pages:
    """The page markers in a report's text (none in most texts, found without a search)."""
    if "<!-- page " not in text:
        return NO_PAGES
    found = [(m.start(), m.end(), m.group(2)) for m in PAGE_MARKER.finditer(text)]
    return Pages(tuple(f[0] for f in found), tuple(f[1] for f in found), tuple(f[2] for f in found))
