"""The user's concept edits as they are kept on disk: vocabulary/edits.json.

An edit names concepts by graph node id (``concept:lora``), with the label they had when the
edit was made (for saying what the edit did, and for a merge target no report mentions any
more). Ids, not labels, so that an edit holds when reports are added again or new ones come:
a hidden id stays hidden when a new report mentions it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, FailFast, Field, field_validator

from explorer.core.filemodel import FileModel
from explorer.core.times import UtcTime

EDITS_SCHEMA = 1
MAX_EDITS = 10_000
"""The most edits (or edits to redo) the file keeps; an import counts as one."""
MAX_IMPORTED = 10_000
"""The most edits one import makes."""
MAX_MANY = 1_000
"""The most concepts one hide, unhide or merge names."""
MAX_ALIASES = 50
LABEL_LIMIT = 200
CONCEPT_ID = r"^concept:[^\s]{1,200}$"


def one_line(text: str) -> str:
    """A name on one line, its runs of spaces made one; ValueError when nothing is left."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("a concept needs a name")
    return cleaned


class ConceptRef(FileModel):
    """A concept by its node id, and its label when the edit was made."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=CONCEPT_ID)
    label: str = Field(min_length=1, max_length=LABEL_LIMIT)

    @field_validator("label")
    @classmethod
    def _label(cls, label: str) -> str:
        return one_line(label)


Refs = Annotated[tuple[ConceptRef, ...], FailFast()]


class _Edit(FileModel):
    model_config = ConfigDict(frozen=True)

    made: UtcTime


class Hide(_Edit):
    """The concepts leave every view and output."""

    op: Literal["hide"] = "hide"
    concepts: Refs = Field(min_length=1, max_length=MAX_MANY)


class Unhide(_Edit):
    """Hidden concepts come back."""

    op: Literal["unhide"] = "unhide"
    concepts: Refs = Field(min_length=1, max_length=MAX_MANY)


class Merge(_Edit):
    """The sources become one concept with the target: its id, label, kind and place; their
    mentions, links and names (as aliases) join it."""

    op: Literal["merge"] = "merge"
    sources: Refs = Field(min_length=1, max_length=MAX_MANY)
    into: ConceptRef


class Rename(_Edit):
    """A concept's new label; the old one stays an alias, so it still finds the concept."""

    op: Literal["rename"] = "rename"
    concept: ConceptRef
    label: str = Field(min_length=1, max_length=LABEL_LIMIT)

    @field_validator("label")
    @classmethod
    def _label(cls, label: str) -> str:
        return one_line(label)


class Add(_Edit):
    """A concept of the user's: found in the reports' passages by its label and aliases
    (whole words, any case), without indexing anything again."""

    op: Literal["add"] = "add"
    concept: ConceptRef
    kind: str = Field(min_length=1, max_length=40)
    aliases: Annotated[tuple[str, ...], FailFast()] = Field(default=(), max_length=MAX_ALIASES)

    @field_validator("aliases")
    @classmethod
    def _names(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(one_line(a) for a in aliases)
        if any(len(a) > LABEL_LIMIT for a in cleaned):
            raise ValueError(f"an alias is longer than {LABEL_LIMIT} characters")
        return cleaned


Simple = Annotated[Hide | Unhide | Merge | Rename | Add, Field(discriminator="op")]
"""One edit of one kind: what an import is made of."""


class Import(_Edit):
    """The edits one imported file made, undone and redone as one."""

    op: Literal["import"] = "import"
    file: str = Field(min_length=1, max_length=400)
    edits: Annotated[tuple[Simple, ...], FailFast()] = Field(min_length=1, max_length=MAX_IMPORTED)


Edit = Annotated[Hide | Unhide | Merge | Rename | Add | Import, Field(discriminator="op")]
SimpleEdit = Hide | Unhide | Merge | Rename | Add
AnyEdit = SimpleEdit | Import


class EditsFile(FileModel):
    """The on-disk shape of vocabulary/edits.json: the edits in the order they were made,
    and those undone, which redo makes again (the last undone first)."""

    schema_version: Literal[1] = 1
    edits: Annotated[list[Edit], FailFast()] = Field(default_factory=list, max_length=MAX_EDITS)
    redo: Annotated[list[Edit], FailFast()] = Field(default_factory=list, max_length=MAX_EDITS)


def simple_edits(edits: list[AnyEdit] | tuple[AnyEdit, ...]) -> tuple[SimpleEdit, ...]:
    """The edits with each import opened into the edits it made, in order."""
    out: list[SimpleEdit] = []
    for edit in edits:
        if isinstance(edit, Import):
            out.extend(edit.edits)
        else:
            out.append(edit)
    return tuple(out)


def touched(edit: AnyEdit) -> frozenset[str]:
    """The concept ids an edit names."""
    if isinstance(edit, Import):
        return frozenset().union(*(touched(e) for e in edit.edits))
    if isinstance(edit, Hide | Unhide):
        return frozenset(c.id for c in edit.concepts)
    if isinstance(edit, Merge):
        return frozenset({edit.into.id, *(c.id for c in edit.sources)})
    return frozenset({edit.concept.id})
