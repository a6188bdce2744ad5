"""The note store: notes/notes.json in a data folder, a user file (``core.userfile``): every
change one locked read–change–write, written atomically, backed up; a damaged file kept and
never written over until the user recovers. Deleting moves a note to the trash, from which it
can be restored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.core.changes import Changes, Done
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.ids import names_report
from explorer.core.notes.anchoring import reanchor
from explorer.core.notes.models import (
    NOTES_SCHEMA,
    EdgeTarget,
    Note,
    NotesFile,
    PassageTarget,
    Target,
    TrashedNote,
)
from explorer.core.reports import Report
from explorer.core.storage import USER_FILE_LIMIT, parse_json, read_regular_file
from explorer.core.userfile import (
    Clock,
    FileDamaged,
    FileKind,
    UserFile,
    Wording,
    new_id,
    parse_versioned,
    validate_versioned,
)
from explorer.core.userfile import utc_now as utc_now


class NotesDamaged(FileDamaged):
    """notes.json could not be read; it was kept, and nothing will be written over it."""

    wording = Wording("notes", "note", "explorer notes recover")


def _migrate(data: Any) -> tuple[Any, bool]:
    """Bring older notes files up to the current schema; returns (data, migrated)."""
    if isinstance(data, dict) and set(data) == {"notes"} and isinstance(data["notes"], list):
        # version 0, before release: a note's text was called "text", and there was no trash
        for note in data["notes"]:
            if isinstance(note, dict) and "text" in note and "body" not in note:
                note["body"] = note.pop("text")
        return {"schema_version": 1, "notes": data["notes"], "trash": []}, True
    return data, False


def parse_notes_file(raw: bytes) -> tuple[NotesFile, bool]:
    """Validate (and migrate) the bytes of a notes file; raises ValueError with a reason."""
    return parse_versioned(raw, NotesFile, NOTES_SCHEMA, "notes", _migrate)


def _validate_notes_file(data: Any) -> NotesFile:
    return validate_versioned(data, NotesFile, NOTES_SCHEMA, "notes", _migrate)[0]


NOTES = FileKind(
    NotesDamaged,
    parse_notes_file,
    NotesFile,
    lambda data: len(data.notes),
    Changes(all_notes=True),
)


class NoteStore(UserFile[NotesFile]):
    """notes/notes.json in a data folder, with its backups, trash and recovery copies."""

    def __init__(self, data_folder: Path, clock: Clock = utc_now) -> None:
        super().__init__(data_folder / "notes", data_folder / "recovery", NOTES, clock)

    def notes(self) -> list[Note]:
        return sorted(self._data.notes, key=lambda n: n.created)

    def trash(self) -> list[TrashedNote]:
        return list(self._data.trash)

    def get(self, note_id: str) -> Note:
        return _find(self._data.notes, note_id)

    def any_on(self, report_id: str) -> bool:
        """Whether a note, kept or in the trash, is on this report or a part of it."""
        notes = [*self._data.notes, *(t.note for t in self._data.trash)]
        return any(_on_report(note, report_id) for note in notes)

    # ---- changing --------------------------------------------------------------------

    def add(self, target: Target, body: str = "", tags: Iterable[str] = ()) -> Done[Note]:
        """Create and save a note; returns only once it is safely on disk."""
        now = self.clock()
        note = Note(
            id=new_id(),
            created=now,
            updated=now,
            body=body,
            tags=tuple(tags),
            target=target,
        )
        with self._changing() as data:
            data.notes.append(note)
        return Done(note, Changes(notes=frozenset({note.id})))

    def edit(
        self,
        note_id: str,
        body: str | None = None,
        tags: Iterable[str] | None = None,
        target: Target | None = None,
    ) -> Done[Note]:
        """Change a note's body, tags or target. A note whose target changed counts as moved
        (``Changes.notes``); one whose body or tags alone changed, as reworded
        (``Changes.note_bodies``)."""
        with self._changing() as data:
            old = _find(data.notes, note_id)
            changes: dict[str, Any] = {"updated": self.clock()}
            if body is not None:
                changes["body"] = body
            if tags is not None:
                changes["tags"] = tuple(tags)
            if target is not None:
                changes["target"] = target
            new = Note.model_validate({**old.model_dump(), **changes})
            data.notes[data.notes.index(old)] = new
        ids = frozenset({new.id})
        if new.target != old.target:
            return Done(new, Changes(notes=ids))
        return Done(new, Changes(note_bodies=ids))

    def remove(self, note_id: str) -> Done[Note]:
        """Move a note to the trash."""
        with self._changing() as data:
            note = _find(data.notes, note_id)
            data.notes.remove(note)
            data.trash.append(TrashedNote(note=note, deleted=self.clock()))
        return Done(note, Changes(notes=frozenset({note.id})))

    def restore(self, note_id: str) -> Done[Note]:
        """Bring a note back from the trash."""
        with self._changing() as data:
            for item in data.trash:
                if item.note.id == note_id:
                    data.trash.remove(item)
                    data.notes.append(item.note)
                    return Done(item.note, Changes(notes=frozenset({note_id})))
            raise NotFound(f"There is no note {note_id!r} in the trash.")
        raise AssertionError("unreachable")  # pragma: no cover

    def import_file(self, path: Path) -> Done[tuple[int, int]]:
        """Import the notes in a file (the app's own notes file or backup, or a W3C Web
        Annotation export); ExplorerError says in one sentence what is wrong with it."""
        return self.import_notes(notes_in_file(read_regular_file(path, USER_FILE_LIMIT)))

    def import_notes(self, notes: Iterable[Note]) -> Done[tuple[int, int]]:
        """Merge notes in by id (after a verified backup); returns (added, replaced), and
        the notes imported (and those brought back from the trash) as changed."""
        incoming = list(notes)
        with self._changing() as data:
            by_id = {n.id: i for i, n in enumerate(data.notes)}
            incoming_ids = {n.id for n in incoming}
            # a trashed note that is imported again comes back, once: not in both places
            data.trash[:] = [t for t in data.trash if t.note.id not in incoming_ids]
            added = replaced = 0
            for note in incoming:
                if note.id in by_id:
                    data.notes[by_id[note.id]] = note
                    replaced += 1
                else:
                    by_id[note.id] = len(data.notes)
                    data.notes.append(note)
                    added += 1
        return Done((added, replaced), Changes(notes=frozenset(incoming_ids)))

    def reanchor(self, report: Report) -> Done[tuple[int, int]]:
        """Re-place every note on this report in its current text, as one locked change of
        the notes on disk (never a write-back of notes read earlier); (moved, orphaned), and
        the notes whose target changed."""
        moved = orphaned = 0
        changed: set[str] = set()
        with self._changing() as data:
            for i, note in enumerate(data.notes):
                target = note.target
                if not isinstance(target, PassageTarget) or target.report != report.id:
                    continue
                fresh = reanchor(target, report)
                if fresh != target:
                    moved += fresh.position != target.position and not fresh.orphaned
                    orphaned += fresh.orphaned
                    data.notes[i] = note.model_copy(update={"target": fresh})
                    changed.add(note.id)
        return Done((moved, orphaned), Changes(notes=frozenset(changed)))


def notes_in_file(raw: bytes) -> list[Note]:
    """The notes in a file to import: the app's own notes file or backup, or a W3C Web
    Annotation export. Raises ExplorerError saying what is wrong."""
    from explorer.core.notes.web_annotation import from_annotations

    try:
        data = parse_json(raw)
    except ValueError as exc:
        raise ExplorerError(f"The file to import is {exc}.") from None
    if isinstance(data, dict) and "schema_version" in data and "notes" in data:
        try:
            return _validate_notes_file(data).notes
        except ValueError as exc:
            raise ExplorerError(f"The notes file to import cannot be read ({exc}).") from None
    return from_annotations(data)


def _find(notes: list[Note], note_id: str) -> Note:
    for note in notes:
        if note.id == note_id:
            return note
    raise NotFound(f"There is no note {note_id!r}; `explorer notes list` shows them.")


def _on_report(note: Note, report_id: str) -> bool:
    """A note on the report's words or the report, or on a link from it or its sections."""
    target = note.target
    if isinstance(target, EdgeTarget):
        return names_report(target.source, report_id) or names_report(target.target, report_id)
    return note.report == report_id
