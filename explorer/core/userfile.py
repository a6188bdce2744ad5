"""One file of user data (the notes, the tours): the one kind of thing in the app a user
cannot rebuild, so it is never lost.

- Every change is one locked read–change–write: two processes never overwrite each other,
  and a copy read earlier never writes over a newer file.
- Every write is atomic (temp file, fsync, os.replace, fsync of the folder).
- Every state saved is also kept in ``backups/`` (verified, thinned as it ages), so the newest
  backup equals the file; a state on disk that no backup holds is kept before it changes.
- A file that fails to load is never written over: it is copied to ``recovery/`` (once per
  content) and every change is refused until the user restores a backup or starts afresh.
- A missing file with backups is not an empty one: the newest good backup stands in.
- A file from a newer version of the app is refused, not called damaged.

A store of one kind (``NoteStore``, ``TourStore``) is a ``UserFile`` of its pydantic model;
it reads with ``self._data`` and changes inside ``with self._changing() as data``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from explorer.core.backups import BackupShelf
from explorer.core.changes import Changes, Done
from explorer.core.errors import ExplorerError, LibraryBusy, RefusedFile, error_place
from explorer.core.storage import (
    USER_FILE_LIMIT,
    file_holds,
    is_regular_or_absent,
    keep_damaged,
    parse_json,
    read_regular_file,
)
from explorer.core.wording import many

if TYPE_CHECKING:
    from filelock import FileLock

M = TypeVar("M", bound=BaseModel)
Clock = Callable[[], dt.datetime]
LOCK_WAIT_SECONDS = 10.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    """A fresh id for a note, a tour or a stop: 12 letters, digits, x and y."""
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")


@dataclass(frozen=True)
class Wording:
    """How messages name one kind of user file: ``name`` is the file's and its folder's
    ("the notes file", "saving notes"), ``item`` one thing in it ("no note will be saved
    over it"), ``recover`` the command that recovers it."""

    name: str
    item: str
    recover: str


class FileDamaged(ExplorerError):
    """A user file could not be read; it was kept, and nothing will be written over it.
    Each kind of file has its own subclass, which names it."""

    wording: ClassVar[Wording]

    def __init__(self, path: Path, kept: Path, reason: str, backup: Path | None) -> None:
        words = self.wording
        offer = (
            f" The newest good backup is {backup.name}: run `{words.recover}` to use it."
            if backup
            else f" There is no good backup; `{words.recover} --empty` starts afresh."
        )
        super().__init__(
            f"The {words.name} file {path} could not be read ({reason}); a copy is kept at "
            f"{kept}, and no {words.item} will be saved over it.{offer}"
        )
        self.path, self.kept, self.reason, self.backup = path, kept, reason, backup


class NotSaved(ExplorerError, OSError):
    """The disk refused a change (full, not permitted, failing); ``errno`` is the system's."""

    def __init__(self, code: int | None, message: str) -> None:
        OSError.__init__(self, code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NewerFile(ValueError):
    """A file from a newer version of the app: not damaged, just not ours to read."""


def parse_versioned(
    raw: bytes,
    model: type[M],
    schema: int,
    name: str,
    migrate: Callable[[Any], tuple[Any, bool]] | None = None,
) -> tuple[M, bool]:
    """Validate (and migrate) the bytes of a user file; returns (file, migrated). Raises
    NewerFile for a newer schema than ``schema``, ValueError with a reason for damage."""
    return validate_versioned(parse_json(raw), model, schema, name, migrate)


def validate_versioned(
    data: Any,
    model: type[M],
    schema: int,
    name: str,
    migrate: Callable[[Any], tuple[Any, bool]] | None = None,
) -> tuple[M, bool]:
    """parse_versioned for the JSON of a user file, read with ``parse_json``."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > schema:
        raise NewerFile(
            f"it was written by a newer Trend Explorer ({name} format {version}); update this "
            "app to read it — nothing was changed"
        )
    claimed = data.pop("checksum", None) if isinstance(data, dict) else None
    expected = checksum(data) if claimed is not None else None
    data, migrated = migrate(data) if migrate else (data, False)
    named_format(data, name)
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:  # what is wrong says more than a checksum that differs
        why, where = first_error(exc)
        raise ValueError(f"{why} at {where or 'top level'}") from None
    if claimed != expected:
        raise ValueError(
            "its checksum does not match its contents: some of it changed on disk (a flipped "
            "bit, or an edit by hand that kept the checksum line)"
        )
    return parsed, migrated


def named_format(data: Any, name: str) -> None:
    """Every file this app writes names its format; an object without ``schema_version``
    (``{}``, say: a file blanked by something else) is damage, not an empty file."""
    if isinstance(data, dict) and "schema_version" not in data:
        keys = ", ".join(sorted(map(str, data))[:6])
        has = f" (its keys: {keys})" if keys else " (it is an empty object)"
        raise ValueError(
            f"it has no schema_version{has}, so it is not a {name} file this app wrote"
        )


def first_error(exc: ValidationError) -> tuple[str, str]:
    """The first thing pydantic found wrong, and where ("tours.0.stops.1"; "" for the
    whole value)."""
    first = exc.errors()[0]
    why = str(first["msg"]).removeprefix("Value error, ")
    if len(why) > MAX_WHY:  # pydantic may quote the whole wrong value ("Input tag '[…]'")
        why = why[: MAX_WHY - 1] + "…"
    return why, error_place(first["loc"])


MAX_WHY = 160
"""The most of pydantic's message about a fault that is shown."""


def validated(model: type[M], values: dict[str, Any], unsaved: str) -> M:
    """The model built from these values; what it refuses, in one sentence that starts
    with ``unsaved`` ("The tour was not saved")."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        why, where = first_error(exc)
        at = f" (at {where})" if where else ""
        raise ExplorerError(f"{unsaved}: {why}{at}.") from None


@dataclass(frozen=True)
class FileKind(Generic[M]):
    """What one kind of user file is: the error that names it when it is damaged (and so
    its wording), how its bytes are read, an empty one, how many things it holds, and what
    replacing it as a whole changes (a recovery)."""

    damaged: type[FileDamaged]
    parse: Callable[[bytes], tuple[M, bool]]
    empty: Callable[[], M]
    count: Callable[[M], int]
    replaced: Changes


class UserFile(Generic[M]):
    """``<folder>/<name>.json`` with its lock, ``backups/`` and the ``recovery`` folder."""

    def __init__(self, folder: Path, recovery: Path, kind: FileKind[M], clock: Clock) -> None:
        self.kind = kind
        self.words = kind.damaged.wording
        self.folder = folder
        self.path = folder / f"{self.words.name}.json"
        self.recovery = recovery
        self.shelf = BackupShelf(folder / "backups", self.words.name, kind.parse, clock)
        self.clock = clock
        self._lock_path = folder / f"{self.words.name}.lock"
        self._lock: FileLock | None = None
        self._data = kind.empty()
        self.damaged: FileDamaged | None = None
        self.warnings: list[str] = []

    # ---- reading ---------------------------------------------------------------------

    def load(self) -> None:
        """Read the file; a damaged one raises the kind's FileDamaged (and is kept)."""
        self._data, _, _ = self._read()

    def _read(self) -> tuple[M, bool, bytes | None]:
        """The file on disk, whether it was migrated, and its bytes (None: no file)."""
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
                f"The {self.words.name} file cannot be read right now ({exc}); nothing was "
                "changed. Try again in a moment."
            ) from None
        try:
            parsed, migrated = self.kind.parse(raw)
        except NewerFile as exc:
            raise ExplorerError(
                f"The {self.words.name} file {self.path} cannot be read: {exc}."
            ) from None
        except ValueError as exc:
            self.damaged = self._keep_damaged(exc)
            raise self.damaged from None
        self.damaged = None
        return parsed, migrated, raw

    def _stand_in_for_missing(self) -> M:
        """No file, but backups: the file went missing, which is not "nothing saved".
        The newest good backup stands in, and the next change saves it as the file."""
        backup = self.shelf.newest_good()
        if backup is None:
            return self.kind.empty()
        parsed, _ = self.kind.parse(self.shelf.read(backup))
        count = many(self.kind.count(parsed), self.words.item)
        message = (
            f"The {self.words.name} file {self.path} was missing; the {count} of the newest "
            f"backup, {backup.name}, are used, and kept with the next change."
        )
        if message not in self.warnings:
            self.warnings.append(message)
        return parsed

    def _keep_damaged(self, exc: Exception) -> FileDamaged:
        kept = keep_damaged(self.path, self.recovery)
        reason = str(exc).splitlines()[0][:160] or type(exc).__name__
        # could not copy: the original stays where it is, untouched
        return self.kind.damaged(self.path, kept or self.path, reason, self.shelf.newest_good())

    def count(self) -> int:
        """How many things (notes, tours) the file holds, trash aside."""
        return self.kind.count(self._data)

    # ---- changing --------------------------------------------------------------------

    @contextmanager
    def _changing(self) -> Iterator[M]:
        """Lock, read the newest file, let the caller change it, back up, write atomically."""
        with self._locked():
            self._sweep_temp_files()
            data, _, old_raw = self._read()
            yield data
            self._save(data, old_raw)
            self._data = data

    def _save(self, data: M, old_raw: bytes | None) -> None:
        new_raw = _as_bytes(data)
        try:
            self.shelf.save(self.path, new_raw, old_raw)
        except OSError as exc:  # full, not permitted, failing: one sentence, errno kept
            why = exc.strerror or str(exc)
            if file_holds(self.path, new_raw):  # only making the rename durable failed
                raise NotSaved(
                    exc.errno,
                    f"The {self.words.name} were saved, but the disk reported an error while "
                    f"making the save durable ({why}); check the disk before relying on it.",
                ) from exc
            raise NotSaved(
                exc.errno,
                f"The {self.words.name} could not be saved ({why}); nothing was changed. "
                "Free some space or check the disk, and try again.",
            ) from exc

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The file's lock; another process holding it past the wait gets LibraryBusy."""
        from filelock import FileLock, Timeout  # loaded by the first write, not by a read

        self.folder.mkdir(parents=True, exist_ok=True)
        if self._lock is None:  # one lock, so that a write within a write takes it again
            self._lock = FileLock(str(self._lock_path))
        try:
            with self._lock.acquire(timeout=LOCK_WAIT_SECONDS):
                yield
        except Timeout:
            raise LibraryBusy(
                f"Another Trend Explorer is saving {self.words.name} in {self.folder}; try again."
            ) from None

    def _sweep_temp_files(self) -> None:
        """Temp files of writes killed half-way; with the lock held, nobody is writing them."""
        for stale in self.folder.glob(f".{self.path.name}.*.tmp"):
            with suppress(OSError):
                stale.unlink()

    # ---- recovering ------------------------------------------------------------------

    def recover(self, backup: Path | None = None, empty: bool = False) -> Done[Path | None]:
        """Restore a backup (the newest good one by default), or start empty; returns the
        backup used, and every thing in the file as changed. A damaged file was copied to
        recovery/ first. A healthy file is only replaced when a backup is named, and its
        state is kept as a backup before that."""
        with self._locked():
            return Done(self._recover(backup, empty), self.kind.replaced)

    def _recover(self, backup: Path | None, empty: bool) -> Path | None:
        name = self.words.name
        chosen = None if empty else (backup or self.shelf.newest_good())
        if chosen is None and not empty:
            raise ExplorerError(
                f"There is no good backup of the {name}; use --empty to start afresh."
            )
        healthy = None
        if self.path.exists():
            with suppress(FileDamaged):
                _, _, healthy = self._read()
        if healthy is not None and backup is None:
            raise ExplorerError(f"The {name} file is fine; there is nothing to recover.")
        if healthy is not None and not self.shelf.holds(healthy):
            self.shelf.record(healthy)  # today's state stays within reach
        if self.damaged is not None and self.damaged.kept == self.path:
            self.damaged = self._keep_damaged(ValueError(self.damaged.reason))
            if self.damaged.kept == self.path:  # still no copy: never write over the only one
                raise ExplorerError(
                    f"The damaged {name} file could not be copied to {self.recovery}, so it "
                    "was left as it is; free some space or fix permissions and try again."
                )
        if chosen is not None:
            raw = read_regular_file(chosen, USER_FILE_LIMIT)
            try:
                parsed, _ = self.kind.parse(raw)  # refuse a bad backup before touching anything
            except ValueError as exc:
                raise ExplorerError(f"{chosen} is not a good {name} backup ({exc}).") from None
        else:
            parsed = self.kind.empty()
        self.shelf.save(self.path, _as_bytes(parsed), None)
        self.load()
        return chosen


def _as_bytes(data: BaseModel) -> bytes:
    """A user file as it is written: indented JSON (readable, and diffable), its checksum
    last, and a newline. A file without a checksum (older, or written by hand) still reads."""
    payload = data.model_dump(mode="json")
    payload["checksum"] = checksum(payload)
    return (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def checksum(payload: Any) -> str:
    """SHA-256 of a file's parsed contents (keys sorted, no spaces): a flipped bit inside a
    note's words still parses, but no longer matches."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
