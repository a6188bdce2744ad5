"""The edits store: vocabulary/edits.json in a data folder, a user file (``core.userfile``)
like the notes and the tours: every change one locked read–change–write of the newest file,
written atomically and backed up; a damaged file kept in ``recovery/`` and never written over
until the user recovers (``explorer concepts recover``).

Undo moves the last edit to the redo list; redo moves it back; a new edit empties the redo
list, as in any editor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from explorer.core.changes import Changes, Done
from explorer.core.errors import ExplorerError
from explorer.core.graph.curation.models import (
    EDITS_SCHEMA,
    MAX_EDITS,
    Add,
    AnyEdit,
    EditsFile,
    Hide,
    Import,
    Merge,
    Rename,
    SimpleEdit,
    Unhide,
    simple_edits,
    touched,
)
from explorer.core.userfile import (
    Clock,
    FileDamaged,
    FileKind,
    UserFile,
    Wording,
    parse_versioned,
    utc_now,
)

E = TypeVar("E", bound=Hide | Unhide | Merge | Rename | Add | Import)


class EditsDamaged(FileDamaged):
    """edits.json could not be read; it was kept, and nothing will be written over it."""

    wording = Wording("edits", "edit", "explorer concepts recover")


def parse_edits_file(raw: bytes) -> tuple[EditsFile, bool]:
    """Validate the bytes of an edits file; raises ValueError with a reason."""
    return parse_versioned(raw, EditsFile, EDITS_SCHEMA, "concept edits")


EDITS = FileKind(
    EditsDamaged,
    parse_edits_file,
    EditsFile,
    lambda data: len(data.edits),
    Changes(all_concepts=True),
)


@dataclass(frozen=True)
class EditsState:
    """The edits in force, imports opened, and a digest of them (what a graph made with
    them is keyed by)."""

    edits: tuple[SimpleEdit, ...]
    digest: str


NO_EDITS = EditsState((), "")


def edits_key(base_key: str, digest: str) -> str:
    """The key of a graph made from the graph of ``base_key`` and edits of this digest."""
    return base_key if not digest else f"{base_key}-{digest}"


class EditsStore(UserFile[EditsFile]):
    """vocabulary/edits.json in a data folder, with its backups and recovery copies."""

    def __init__(self, data_folder: Path, clock: Clock = utc_now) -> None:
        super().__init__(data_folder / "vocabulary", data_folder / "recovery", EDITS, clock)
        self._state: tuple[EditsFile, EditsState] | None = None

    def edits(self) -> list[AnyEdit]:
        """The edits in force, oldest first."""
        return list(self._data.edits)

    def undone(self) -> list[AnyEdit]:
        """The edits undone, which redo makes again: the last undone last."""
        return list(self._data.redo)

    def state(self) -> EditsState:
        """The edits in force as one value, made once per state of the file."""
        data, cached = self._data, self._state
        if cached is not None and cached[0] is data:
            return cached[1]
        edits = simple_edits(data.edits)
        if not edits:
            state = NO_EDITS
        else:
            dumped = json.dumps([e.model_dump(mode="json", exclude={"made"}) for e in edits])
            state = EditsState(edits, hashlib.sha256(dumped.encode()).hexdigest()[:16])
        self._state = (data, state)
        return state

    def record(self, edit: E) -> Done[E]:
        """Keep a new edit (after the others); the edits undone can no longer be redone."""
        with self._changing() as data:
            if len(data.edits) >= MAX_EDITS:
                raise ExplorerError(
                    f"You have made {MAX_EDITS:,} concept edits, the most that are kept; "
                    "export them (`explorer concepts export`) and start afresh with "
                    "`explorer concepts recover --empty`."
                )
            data.edits.append(edit)
            data.redo.clear()
        return _done(edit)

    def undo(self) -> Done[AnyEdit]:
        """Take back the last edit (it can be redone)."""
        with self._changing() as data:
            if not data.edits:
                raise ExplorerError("There is no concept edit to undo.")
            edit = data.edits.pop()
            data.redo.append(edit)
        return _done(edit)

    def redo(self) -> Done[AnyEdit]:
        """Make the last edit undone again."""
        with self._changing() as data:
            if not data.redo:
                raise ExplorerError("There is no undone concept edit to redo.")
            edit = data.redo.pop()
            data.edits.append(edit)
        return _done(edit)


def _done(edit: E) -> Done[E]:
    return Done(edit, Changes(concepts=touched(edit)))
