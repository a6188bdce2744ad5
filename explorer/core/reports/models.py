"""Domain models shared by every layer: reports, their sections and passages.

Identifiers are stable across rebuilds of the same text (see ARCHITECTURE.md):
report ``<slug>``, section ``<report>#<n>``, passage ``<report>#<n>.<m>``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from explorer.core.ids import section_of


class Passage(BaseModel):
    """A paragraph-sized span of a report: ``report.text[start:end] == text``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    section_id: str
    start: int
    end: int
    text: str


class Section(BaseModel):
    """A heading and the passages under it, up to the next heading of its level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    number: int
    title: str
    start: int
    end: int
    passages: tuple[Passage, ...]


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
        """The section with this id, or None."""
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None."""
        section = self.section(section_of(passage_id))
        if section is None:
            return None
        for passage in section.passages:
            if passage.id == passage_id:
                return passage
        return None


class ReportEntry(BaseModel):
    """What the library remembers about one added report."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    path: str
    date: str | None
    content_hash: str
    user_date: str | None = None
    """A date the user set: it wins over ``date`` (read from the text) and survives rebuilds."""
    sections: int
    passages: int
    added: str
