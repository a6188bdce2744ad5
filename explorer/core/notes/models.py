"""Notes: what a user wrote, and what it is about (a passage, a concept, a link, a report).

A passage target keeps a W3C Web Annotation TextQuote (exact, prefix, suffix) beside its
TextPosition (offsets), so the note can be found again after the report's text changes.
A highlight is a note with an empty body.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, FailFast, Field, field_validator

from explorer.core.filemodel import FileModel
from explorer.core.ids import report_node
from explorer.core.times import UtcTime

NOTES_SCHEMA = 1


class TextQuote(FileModel):
    """The quoted words and a little context on either side (W3C TextQuoteSelector)."""

    model_config = ConfigDict(frozen=True)

    exact: str = Field(min_length=1)
    prefix: str = ""
    suffix: str = ""


class TextPosition(FileModel):
    """Character offsets into the report's text (W3C TextPositionSelector)."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PassageTarget(FileModel):
    """Some words of a report. ``orphaned``: the words were not found in the current text."""

    model_config = ConfigDict(frozen=True)

    type: Literal["passage"] = "passage"
    report: str
    section: str
    passage: str | None = None
    quote: TextQuote
    position: TextPosition
    orphaned: bool = False


class ConceptTarget(FileModel):
    model_config = ConfigDict(frozen=True)

    type: Literal["concept"] = "concept"
    concept: str  # a graph node id, concept:<slug>


class EdgeTarget(FileModel):
    model_config = ConfigDict(frozen=True)

    type: Literal["edge"] = "edge"
    source: str
    target: str


class ReportTarget(FileModel):
    model_config = ConfigDict(frozen=True)

    type: Literal["report"] = "report"
    report: str


Target = Annotated[
    PassageTarget | ConceptTarget | EdgeTarget | ReportTarget, Field(discriminator="type")
]


class Note(FileModel):
    """One note or highlight."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{4,64}$")
    created: UtcTime
    updated: UtcTime
    body: str = ""
    tags: Annotated[tuple[str, ...], FailFast()] = ()
    target: Target

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, tags: tuple[str, ...]) -> tuple[str, ...]:
        # "#data privacy" → "data-privacy": no hash, no spaces; cleaning twice changes nothing
        cleaned = ("-".join(t.replace("#", " ").split()) for t in tags)
        return tuple(dict.fromkeys(t for t in cleaned if t))

    @property
    def is_highlight(self) -> bool:
        return not self.body.strip()

    @property
    def target_id(self) -> str:
        """What the note is about, as ids: a section, concept, link (a – b) or report:<id>."""
        target = self.target
        if isinstance(target, PassageTarget):
            return target.section
        if isinstance(target, ConceptTarget):
            return target.concept
        if isinstance(target, EdgeTarget):
            return f"{target.source} – {target.target}"
        return report_node(target.report)

    @property
    def report(self) -> str | None:
        target = self.target
        if isinstance(target, PassageTarget | ReportTarget):
            return target.report
        return None


class TrashedNote(FileModel):
    """A deleted note, kept until the user empties the trash."""

    model_config = ConfigDict(frozen=True)

    note: Note
    deleted: UtcTime


class NotesFile(FileModel):
    """The on-disk shape of notes.json."""

    schema_version: Literal[1] = 1
    notes: Annotated[list[Note], FailFast()] = Field(default_factory=list)
    trash: Annotated[list[TrashedNote], FailFast()] = Field(default_factory=list)
    # FailFast: a file of a million wrong items says what is wrong with the first, and
    # does not build a million errors first (gigabytes)
