"""Rolling, verified backups of the notes file, thinned as they age.

Kept: the newest 10; then the newest of each day for two weeks; then the newest of each
ISO week for two months. A backup is written atomically, read back and validated; one that
does not read back is removed at once, and the change it preceded is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.storage import atomic_write_bytes

KEEP_NEWEST = 10
DAILY_FOR = dt.timedelta(days=14)
WEEKLY_FOR = dt.timedelta(weeks=9)
EVERY = dt.timedelta(minutes=5)
_NAME = re.compile(r"^notes-(\d{8}T\d{6}\d{6})\.json$")


class BackupShelf:
    """backups/notes-<UTC timestamp>.json files."""

    def __init__(self, folder: Path, clock: Callable[[], dt.datetime]) -> None:
        self.folder = folder
        self.clock = clock

    def all(self) -> list[tuple[dt.datetime, Path]]:
        """Backups, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                stamp = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f")
                found.append((stamp.replace(tzinfo=dt.UTC), path))
        return sorted(found, reverse=True)

    def newest_good(self) -> Path | None:
        from explorer.core.notes import parse_notes_file

        for _, path in self.all():
            try:
                parse_notes_file(path.read_bytes())
                return path
            except (OSError, ValueError):
                continue
        return None

    def keep(self, current: Path, force: bool = False) -> Path | None:
        """Copy the current notes file here if the newest backup is old enough (or forced)."""
        now = self.clock().astimezone(dt.UTC)
        backups = self.all()
        if not force and backups and now - backups[0][0] < EVERY:
            return None
        raw = current.read_bytes()
        target = self.folder / f"notes-{now.strftime('%Y%m%dT%H%M%S%f')}.json"
        atomic_write_bytes(target, raw)
        if not self._reads_back(target, raw):
            target.unlink(missing_ok=True)
            raise ExplorerError(
                f"A backup of the notes could not be verified in {self.folder}; "
                "nothing was changed. Check the disk and try again."
            )
        self.thin(now)
        return target

    @staticmethod
    def _reads_back(path: Path, raw: bytes) -> bool:
        from explorer.core.notes import parse_notes_file

        try:
            written = path.read_bytes()
            parse_notes_file(written)
        except (OSError, ValueError):
            return False
        return written == raw

    def thin(self, now: dt.datetime) -> list[Path]:
        """Remove backups the policy no longer keeps; returns the removed ones."""
        keep: set[Path] = set()
        days: set[dt.date] = set()
        weeks: set[tuple[int, int]] = set()
        for rank, (stamp, path) in enumerate(self.all()):
            age = now - stamp
            if (
                rank < KEEP_NEWEST
                or (age <= DAILY_FOR and stamp.date() not in days)
                or (age <= WEEKLY_FOR and stamp.isocalendar()[:2] not in weeks)
            ):
                keep.add(path)
            days.add(stamp.date())
            weeks.add(tuple(stamp.isocalendar()[:2]))  # type: ignore[arg-type]
        removed = []
        for _, path in self.all():
            if path not in keep:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed
