"""Domain models shared by every layer: reports, their sections and passages.

Identifiers are stable across rebuilds of the same text (see ARCHITECTURE.md):
report ``<slug>``, section ``<report>#<n>``, passage ``<report>#<n>.<m>``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from explorer.core.filemodel import FileModel
from explorer.core.ids import SectionId, section_of
from explorer.core.kinds import report_format
from explorer.core.times import ReportDay

BREADCRUMB = " › "
SEARCHED = "searched:"
"""Before a concept id in a reader's mark: the concept's name holds a word searched for."""
CUT = 3
"""How reports are cut into sections: 1, at the top heading level only; 2, at every heading
(an outline); 3, and headings' HTML tags left out of their titles. When it changes, reports
are cut anew (kept cuts and counts too) and notes follow their words."""


class Passage(BaseModel):
    """A paragraph-sized span of a report: ``report.text[start:end] == text``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    section_id: str
    start: int
    end: int
    text: str
    page: str | None = None
    """The printed label of the page the passage starts on (PDF reports), else None."""


class Section(BaseModel):
    """A heading and its own passages: its text up to the next heading of any level.

    Sections form the report's outline: ``level`` is the depth in it (1 at the top, whatever
    the Markdown heading level) and ``parent`` the id of the section it belongs to.
    ``start`` is the heading's offset, ``end`` the end of the section's own text.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    number: int
    title: str
    start: int
    end: int
    passages: tuple[Passage, ...]
    level: int = 1
    parent: str | None = None


class Report(BaseModel):
    """One parsed report file: its decoded text and the sections found in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    date: str | None
    text: str
    sections: tuple[Section, ...]
    date_note: str | None = None
    """A warning about the date (one that does not exist was written), for the user."""

    @property
    def passage_count(self) -> int:
        return sum(len(s.passages) for s in self.sections)

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or None (found by its number: ids count from 1)."""
        try:
            number = SectionId.parse(section_id).number
        except ValueError:
            return None
        if 1 <= number <= len(self.sections):
            section = self.sections[number - 1]
            if section.id == section_id:
                return section
        return None

    def trail(self, section_id: str) -> list[Section]:
        """The section and the sections above it in the outline, the top one first."""
        trail: list[Section] = []
        section = self.section(section_id)
        while section is not None and len(trail) < len(self.sections):
            trail.append(section)
            section = self.section(section.parent) if section.parent else None
        return trail[::-1]

    def breadcrumb(self, section_id: str) -> str:
        """The section's place in the outline, from the top: "The LLM Scientist › 4.
        Supervised Fine-Tuning"."""
        return BREADCRUMB.join(s.title for s in self.trail(section_id))

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None."""
        section = self.section(section_of(passage_id))
        if section is None:
            return None
        for passage in section.passages:
            if passage.id == passage_id:
                return passage
        return None


class ReportEntry(FileModel):
    """What the library remembers about one added report."""

    id: str
    title: str
    path: str
    date: ReportDay
    content_hash: str
    user_date: ReportDay = None
    """A date the user set: it wins over ``date`` (read from the text) and survives rebuilds."""
    sections: int
    passages: int
    added: str
    cut: int = 1
    """How the parser cut the report into sections when it was counted (see ``CUT``)."""
    format: str = ""
    """The format the report came in (markdown, text, html, docx): in a library written
    before formats were kept, the one its file's suffix names."""
    source: str | None = None
    """The readers' version and its file's SHA-256 when it was read (``formats.source_digest``):
    the same again, the file is not read again."""

    @model_validator(mode="after")
    def _format_from_suffix(self) -> ReportEntry:
        if not self.format:
            self.format = report_format(self.path)
        return self
