"""Rolling, verified backups of a user-data file (the notes, the library), thinned as they age.

A backup is taken of every state that is saved, so the newest backup always equals what is
on disk, and of a state found on disk that no backup holds yet (written by an older app, or
by hand). Each is written atomically, read back and validated; one that does not read back
is removed at once, and the save it belongs to is refused.

Kept: the newest 10; then the newest of each hour for two days, of each day for two weeks,
and of each ISO week for two months.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.storage import (
    USER_FILE_LIMIT,
    atomic_write_bytes,
    file_holds,
    read_regular_file,
)
from explorer.core.times import LAST_YEAR

KEEP_NEWEST = 10
HOURLY_FOR = dt.timedelta(hours=48)
DAILY_FOR = dt.timedelta(days=14)
WEEKLY_FOR = dt.timedelta(weeks=9)

Validate = Callable[[bytes], object]
"""Raises ValueError when the bytes are not a good file of this kind."""


class BackupShelf:
    """``<folder>/<stem>-<UTC timestamp>.json`` files, newest first."""

    def __init__(
        self, folder: Path, stem: str, validate: Validate, clock: Callable[[], dt.datetime]
    ) -> None:
        self.folder = folder
        self.stem = stem
        self.validate = validate
        self.clock = clock
        self._name = re.compile(rf"^{re.escape(stem)}-(\d{{8}}T\d{{12}})\.json$")
        self._newest: tuple[Path, str] | None = None  # (path, sha256 of its bytes)

    def all(self) -> list[tuple[dt.datetime, Path]]:
        """Backups, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = self._name.match(path.name)
            stamp = _stamp(match.group(1)) if match else None
            if stamp is not None:
                found.append((stamp, path))
        return sorted(found, reverse=True)

    def read(self, path: Path) -> bytes:
        """A backup's bytes, validated (ValueError or ExplorerError if it is no good)."""
        raw = read_regular_file(path, USER_FILE_LIMIT)
        self.validate(raw)
        return raw

    def newest_good(self) -> Path | None:
        for _, path in self.all():
            try:
                self.read(path)
                return path
            except (ValueError, ExplorerError):
                continue
        return None

    def holds(self, raw: bytes) -> bool:
        """Whether the newest backup has exactly these bytes."""
        backups = self.all()
        if not backups:
            return False
        newest = backups[0][1]
        digest = hashlib.sha256(raw).hexdigest()
        if self._newest is None or self._newest[0] != newest:
            try:
                self._newest = (newest, hashlib.sha256(newest.read_bytes()).hexdigest())
            except OSError:
                return False
        return self._newest[1] == digest

    def record(self, raw: bytes) -> Path:
        """Keep these bytes as the newest backup (written, read back, validated), then thin."""
        now = self.clock().astimezone(dt.UTC)
        newest = self.all()[:1]
        if newest and newest[0][0] >= now:  # a coarse clock: never reuse (and so lose) a name
            now = newest[0][0] + dt.timedelta(microseconds=1)
        target = self.folder / f"{self.stem}-{now.strftime('%Y%m%dT%H%M%S%f')}.json"
        try:
            atomic_write_bytes(target, raw)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        if not self._reads_back(target, raw):
            target.unlink(missing_ok=True)
            raise ExplorerError(
                f"A backup could not be verified in {self.folder}; nothing was changed. "
                "Check the disk and try again."
            )
        self._newest = (target, hashlib.sha256(raw).hexdigest())
        self.thin(now)
        return target

    def save(self, path: Path, new_raw: bytes, old_raw: bytes | None) -> None:
        """Write ``path`` atomically with a verified backup of what it then holds.

        The backup of the new state is written first; if the file itself then fails to be
        written, that backup goes again, so the newest backup is always what the file holds.
        ``old_raw`` (what the file held, read under the caller's lock) is kept first when no
        backup has it yet: a file from an older app, or one edited by hand."""
        if new_raw == old_raw:
            return
        if old_raw is not None and not self.holds(old_raw):
            self.record(old_raw)
        backup = self.record(new_raw)
        try:
            atomic_write_bytes(path, new_raw)
        except BaseException:
            if not file_holds(path, new_raw):
                backup.unlink(missing_ok=True)
                self._newest = None
            raise

    def _reads_back(self, path: Path, raw: bytes) -> bool:
        try:
            written = path.read_bytes()
            self.validate(written)
        except (OSError, ValueError):
            return False
        return written == raw

    def thin(self, now: dt.datetime) -> list[Path]:
        """Remove backups the policy no longer keeps; returns the removed ones."""
        keep: set[Path] = set()
        seen: dict[str, set[object]] = {"hour": set(), "day": set(), "week": set()}
        for rank, (stamp, path) in enumerate(self.all()):
            age = now - stamp
            slots = {
                "hour": (stamp.date(), stamp.hour),
                "day": stamp.date(),
                "week": tuple(stamp.isocalendar()[:2]),
            }
            spans = {"hour": HOURLY_FOR, "day": DAILY_FOR, "week": WEEKLY_FOR}
            if rank < KEEP_NEWEST or any(
                age <= spans[tier] and slot not in seen[tier] for tier, slot in slots.items()
            ):
                keep.add(path)
            for tier, slot in slots.items():
                seen[tier].add(slot)
        removed = []
        for _, path in self.all():
            if path not in keep:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed


def _stamp(name: str) -> dt.datetime | None:
    """When a backup was made, from the stamp in its name; None for a name that is not a
    time this app could have written (13th months, year 9999): such a file is left alone,
    neither read as a backup nor removed."""
    try:
        stamp = dt.datetime.strptime(name, "%Y%m%dT%H%M%S%f")
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC) if stamp.year <= LAST_YEAR else None  # not ours
