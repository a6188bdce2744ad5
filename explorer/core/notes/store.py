"""The note store: the one thing in the app a user cannot rebuild, so it is never lost.

- Every change is one locked read–change–write: two processes never overwrite each other.
- Every write is atomic (temp file, fsync, os.replace, fsync of the folder).
- Every state saved is also kept in ``backups/`` (verified, thinned as it ages), so the newest
  backup equals the file; a state on disk that no backup holds is kept before it changes.
- A notes file that fails to load is never written over: it is copied to ``recovery/`` (once
  per content) and every change is refused until the user restores a backup or starts afresh.
- Deleting moves a note to the trash, from which it can be restored.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from explorer.core.backups import BackupShelf
from explorer.core.errors import ExplorerError, LibraryBusy, NotFound, RefusedFile
from explorer.core.notes.anchoring import reanchor
from explorer.core.notes.models import (
    NOTES_SCHEMA,
    Note,
    NotesFile,
    PassageTarget,
    Target,
    TrashedNote,
)
from explorer.core.reports import Report
from explorer.core.storage import (
    USER_FILE_LIMIT,
    is_regular_or_absent,
    keep_damaged,
    parse_json,
    read_regular_file,
)
from explorer.core.wording import many

Clock = Callable[[], dt.datetime]
LOCK_WAIT_SECONDS = 10.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class NotesDamaged(ExplorerError):
    """notes.json could not be read; it was kept, and nothing will be written over it."""

    def __init__(self, path: Path, kept: Path, reason: str, backup: Path | None) -> None:
        offer = (
            f" The newest good backup is {backup.name}: run `explorer notes recover` to use it."
            if backup
            else " There is no good backup; `explorer notes recover --empty` starts afresh."
        )
        super().__init__(
            f"The notes file {path} could not be read ({reason}); a copy is kept at {kept}, "
            f"and no note will be saved over it.{offer}"
        )
        self.path, self.kept, self.reason, self.backup = path, kept, reason, backup


def _migrate(data: Any) -> tuple[Any, bool]:
    """Bring older notes files up to the current schema; returns (data, migrated)."""
    if isinstance(data, dict) and set(data) == {"notes"} and isinstance(data["notes"], list):
        # version 0, before release: a note's text was called "text", and there was no trash
        for note in data["notes"]:
            if isinstance(note, dict) and "text" in note and "body" not in note:
                note["body"] = note.pop("text")
        return {"schema_version": 1, "notes": data["notes"], "trash": []}, True
    return data, False


class NewerNotes(ValueError):
    """A notes file from a newer version of the app: not damaged, just not ours to read."""


def parse_notes_file(raw: bytes) -> tuple[NotesFile, bool]:
    """Validate (and migrate) the bytes of a notes file; raises ValueError with a reason."""
    data = parse_json(raw)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > NOTES_SCHEMA:
        raise NewerNotes(
            f"it was written by a newer Trend Explorer (notes format {version}); update this "
            "app to read it — nothing was changed"
        )
    data, migrated = _migrate(data)
    try:
        return NotesFile.model_validate(data), migrated
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{first['msg']} at {where or 'top level'}") from None


class NoteStore:
    """notes/notes.json in a data folder, with its backups, trash and recovery copies."""

    def __init__(self, data_folder: Path, clock: Clock = utc_now) -> None:
        self.folder = data_folder / "notes"
        self.path = self.folder / "notes.json"
        self.recovery = data_folder / "recovery"
        self.shelf = BackupShelf(self.folder / "backups", "notes", parse_notes_file, clock)
        self.clock = clock
        self._lock = FileLock(str(self.folder / "notes.lock"))
        self._data = NotesFile()
        self.damaged: NotesDamaged | None = None
        self.warnings: list[str] = []

    # ---- reading ---------------------------------------------------------------------

    def load(self) -> None:
        """Read notes.json; a damaged file raises NotesDamaged (and is kept in recovery/)."""
        self._data, _, _ = self._read()

    def _read(self) -> tuple[NotesFile, bool, bytes | None]:
        """The notes on disk, whether they were migrated, and their bytes (None: no file)."""
        if not is_regular_or_absent(self.path):  # a folder or a pipe: moved to recovery/
            self.damaged = self._keep_damaged(ValueError("it is not a file"))
            raise self.damaged
        if not self.path.exists():
            self.damaged = None
            return self._stand_in_for_missing(), False, None
        try:
            raw = read_regular_file(self.path, USER_FILE_LIMIT)
        except RefusedFile as exc:  # in use or not permitted: not damage; nothing is changed
            raise ExplorerError(
                f"The notes file cannot be read right now ({exc}); nothing was changed. "
                "Try again in a moment."
            ) from None
        try:
            parsed, migrated = parse_notes_file(raw)
        except NewerNotes as exc:
            raise ExplorerError(f"The notes file {self.path} cannot be read: {exc}.") from None
        except ValueError as exc:
            self.damaged = self._keep_damaged(exc)
            raise self.damaged from None
        self.damaged = None
        return parsed, migrated, raw

    def _stand_in_for_missing(self) -> NotesFile:
        """No notes file, but backups: the file went missing, which is not "no notes".
        The newest good backup stands in, and the next change saves it as the file."""
        backup = self.shelf.newest_good()
        if backup is None:
            return NotesFile()
        parsed, _ = parse_notes_file(self.shelf.read(backup))
        message = (
            f"The notes file {self.path} was missing; the {many(len(parsed.notes), 'note')} of "
            f"the newest backup, {backup.name}, are used, and kept with the next change."
        )
        if message not in self.warnings:
            self.warnings.append(message)
        return parsed

    def _keep_damaged(self, exc: Exception) -> NotesDamaged:
        kept = keep_damaged(self.path, self.recovery)
        reason = str(exc).splitlines()[0][:160] or type(exc).__name__
        # could not copy: the original stays where it is, untouched
        return NotesDamaged(self.path, kept or self.path, reason, self.shelf.newest_good())

    def notes(self) -> list[Note]:
        return sorted(self._data.notes, key=lambda n: n.created)

    def trash(self) -> list[TrashedNote]:
        return list(self._data.trash)

    def get(self, note_id: str) -> Note:
        return _find(self._data.notes, note_id)

    # ---- changing --------------------------------------------------------------------

    @contextmanager
    def _changing(self) -> Iterator[NotesFile]:
        """Lock, read the newest file, let the caller change it, back up, write atomically."""
        with self._locked():
            self._sweep_temp_files()
            data, _, old_raw = self._read()
            yield data
            new_raw = (data.model_dump_json(indent=1) + "\n").encode("utf-8")
            self.shelf.save(self.path, new_raw, old_raw)
            self._data = data

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The notes lock; another process holding it past the wait gets LibraryBusy."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            with self._lock.acquire(timeout=LOCK_WAIT_SECONDS):
                yield
        except Timeout:
            raise LibraryBusy(
                f"Another Trend Explorer is saving notes in {self.folder}; try again."
            ) from None

    def _sweep_temp_files(self) -> None:
        """Temp files of writes killed half-way; with the lock held, nobody is writing them."""
        for stale in self.folder.glob(f".{self.path.name}.*.tmp"):
            with suppress(OSError):
                stale.unlink()

    def add(self, target: Target, body: str = "", tags: Iterable[str] = ()) -> Note:
        """Create and save a note; returns only once it is safely on disk."""
        now = self.clock()
        note = Note(
            id=secrets.token_urlsafe(9).replace("-", "x").replace("_", "y"),
            created=now,
            updated=now,
            body=body,
            tags=tuple(tags),
            target=target,
        )
        with self._changing() as data:
            data.notes.append(note)
        return note

    def edit(
        self,
        note_id: str,
        body: str | None = None,
        tags: Iterable[str] | None = None,
        target: Target | None = None,
    ) -> Note:
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
        return new

    def remove(self, note_id: str) -> Note:
        """Move a note to the trash."""
        with self._changing() as data:
            note = _find(data.notes, note_id)
            data.notes.remove(note)
            data.trash.append(TrashedNote(note=note, deleted=self.clock()))
        return note

    def restore(self, note_id: str) -> Note:
        """Bring a note back from the trash."""
        with self._changing() as data:
            for item in data.trash:
                if item.note.id == note_id:
                    data.trash.remove(item)
                    data.notes.append(item.note)
                    return item.note
            raise NotFound(f"There is no note {note_id!r} in the trash.")
        raise AssertionError("unreachable")  # pragma: no cover

    def import_notes(self, notes: Iterable[Note]) -> tuple[int, int]:
        """Merge notes in by id (after a verified backup); returns (added, replaced)."""
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
        return added, replaced

    def reanchor(self, report: Report) -> tuple[int, int]:
        """Re-place every note on this report in its current text, as one locked change of
        the notes on disk (never a write-back of notes read earlier); (moved, orphaned)."""
        moved = orphaned = 0
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
        return moved, orphaned

    # ---- recovering ------------------------------------------------------------------

    def recover(self, backup: Path | None = None, empty: bool = False) -> Path | None:
        """Restore a backup (the newest good one by default), or start empty; returns the
        backup used. A damaged file was copied to recovery/ first. A healthy file is only
        replaced when a backup is named, and its state is kept as a backup before that."""
        with self._locked():
            return self._recover(backup, empty)

    def _recover(self, backup: Path | None, empty: bool) -> Path | None:
        chosen = None if empty else (backup or self.shelf.newest_good())
        if chosen is None and not empty:
            raise ExplorerError(
                "There is no good backup of the notes; use --empty to start afresh."
            )
        healthy = None
        if self.path.exists():
            with suppress(NotesDamaged):
                _, _, healthy = self._read()
        if healthy is not None and backup is None:
            raise ExplorerError("The notes file is fine; there is nothing to recover.")
        if healthy is not None and not self.shelf.holds(healthy):
            self.shelf.record(healthy)  # today's notes stay within reach
        if self.damaged is not None and self.damaged.kept == self.path:
            self.damaged = self._keep_damaged(ValueError(self.damaged.reason))
            if self.damaged.kept == self.path:  # still no copy: never write over the only one
                raise ExplorerError(
                    f"The damaged notes file could not be copied to {self.recovery}, so it "
                    "was left as it is; free some space or fix permissions and try again."
                )
        if chosen is not None:
            raw = read_regular_file(chosen, USER_FILE_LIMIT)
            try:
                parsed, _ = parse_notes_file(raw)  # refuse a bad backup before touching anything
            except ValueError as exc:
                raise ExplorerError(f"{chosen} is not a good notes backup ({exc}).") from None
            raw = (parsed.model_dump_json(indent=1) + "\n").encode("utf-8")
        else:
            raw = (NotesFile().model_dump_json(indent=1) + "\n").encode("utf-8")
        self.shelf.save(self.path, raw, None)
        self.load()
        return chosen


def notes_in_file(raw: bytes) -> list[Note]:
    """The notes in a file to import: the app's own notes file or backup, or a W3C Web
    Annotation export. Raises ExplorerError saying what is wrong."""
    from explorer.core.notes.web_annotation import from_web_annotation

    try:
        data = parse_json(raw)
    except ValueError as exc:
        raise ExplorerError(f"The file to import is {exc}.") from None
    if isinstance(data, dict) and "schema_version" in data and "notes" in data:
        try:
            parsed, _ = parse_notes_file(raw)
        except ValueError as exc:
            raise ExplorerError(f"The notes file to import cannot be read ({exc}).") from None
        return parsed.notes
    return from_web_annotation(raw)


def _find(notes: list[Note], note_id: str) -> Note:
    for note in notes:
        if note.id == note_id:
            return note
    raise NotFound(f"There is no note {note_id!r}; `explorer notes list` shows them.")
