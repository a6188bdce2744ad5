"""The library: which reports were added, from where, with which content hash.

``library.json`` lists the reports; ``texts/<hash>.txt`` keeps a copy of each report's text,
so that a report whose file was moved or deleted can still be read, indexed and cited.

It is user data, kept like the notes: every save is atomic and leaves a verified backup in
``backups/`` equal to the file; a damaged file is copied to ``recovery/`` once and the newest
good backup is used in its place; a missing file is rebuilt from the backups, or from the
stored texts when there are none, never taken for an empty library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from pydantic import FailFast, Field, ValidationError

from explorer.core.backups import BackupShelf
from explorer.core.errors import ExplorerError, NotFound, RefusedFile
from explorer.core.filemodel import FileModel
from explorer.core.reports import CUT, ReportEntry, decode_report_bytes
from explorer.core.storage import (
    STORED_TEXT_LIMIT,
    USER_FILE_LIMIT,
    atomic_write_text,
    keep_damaged,
    make_durable,
    parse_json,
    read_regular_file,
)
from explorer.core.userfile import first_error, named_format
from explorer.core.wording import many

LIBRARY_SCHEMA = 1


class LibraryFile(FileModel):
    """The on-disk shape of library.json."""

    schema_version: int = LIBRARY_SCHEMA
    reports: Annotated[list[ReportEntry], FailFast()] = Field(default_factory=list)
    removed_dates: Annotated[dict[str, str], FailFast()] = Field(default_factory=dict)
    """The dates the user gave reports that were removed, by their file's path: they come
    back when that file is added again, as its notes do."""


class ReportMissing(NotFound):
    """A report whose stored text and original file are both gone or damaged."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_library(raw: bytes) -> LibraryFile:
    """Validate the bytes of a library file; raises ValueError with a reason."""
    data = parse_json(raw)
    named_format(data, "library")
    try:
        return LibraryFile.model_validate(data)
    except ValidationError as exc:
        why, where = first_error(exc)
        raise ValueError(f"{why} at {where or 'top level'}") from None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Library:
    """The list of reports in a data folder. Callers hold the write lock to change it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "library.json"
        self.legacy_backup = folder / "library.json.bak"
        self.texts = folder / "texts"
        self.recovery = folder / "recovery"
        self.shelf = BackupShelf(folder / "backups", "library", parse_library, _utc_now)
        self.warnings: list[str] = []
        self.entries: list[ReportEntry] = []
        self.removed_dates: dict[str, str] = {}
        self.is_new = True
        self.damaged: str | None = None
        """Why library.json could not be read, while a backup stands in for it."""
        self._raw: bytes | None = None  # what library.json held when it was last read
        self._unsaved = False  # rebuilt in memory: the next save under the lock writes it
        self._not_durable: list[Path] = []  # texts stored since the last save

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # ---- loading -----------------------------------------------------------------------

    def load(self) -> None:
        """Read library.json; stand in for a damaged or missing one (see the module)."""
        self.damaged, self._raw, self._unsaved = None, None, False
        if self.path.exists() or self.path.is_symlink():
            try:
                raw = read_regular_file(self.path, USER_FILE_LIMIT)
                parsed = parse_library(raw)
                self.entries, self.removed_dates = parsed.reports, parsed.removed_dates
                self._raw, self.is_new = raw, False
                return
            except (ValueError, RefusedFile) as exc:
                self._stand_in_for_damaged(exc)
                return
        self.is_new = not self._rebuild(
            "The library file {path} was missing; it was rebuilt from {source}."
        )

    def _stand_in_for_damaged(self, exc: Exception) -> None:
        kept = keep_damaged(self.path, self.recovery)
        reason = str(exc).splitlines()[0][:160]
        where = f"a copy is kept at {kept}" if kept else "it was left as it is"
        self.damaged = f"The library file {self.path} could not be read ({reason}); {where}."
        self.is_new = False
        if self._rebuild(
            self.damaged + " Using {source} until `explorer library recover` makes it permanent."
        ):
            return
        self.entries = []
        self.warn(self.damaged + " There is no backup and no stored text to rebuild it from.")

    def _rebuild(self, message: str) -> bool:
        """Entries from the newest good backup, else from the stored texts; False if none."""
        backup = self._newest_good_backup()
        if backup is not None:
            path, parsed = backup
            self.entries, self.removed_dates = parsed.reports, parsed.removed_dates
            source = f"the backup {path.name} ({many(len(self.entries), 'report')})"
        else:
            self.entries = self._entries_from_texts()
            if not self.entries:
                self.entries = []
                return False
            source = f"the {many(len(self.entries), 'stored report text')} in {self.texts}"
        self.warn(message.format(path=self.path, source=source))
        self._unsaved = self.damaged is None
        return True

    def _newest_good_backup(self) -> tuple[Path, LibraryFile] | None:
        candidates = [path for _, path in self.shelf.all()] + [self.legacy_backup]
        for path in candidates:
            try:
                return path, parse_library(read_regular_file(path, USER_FILE_LIMIT))
            except (ValueError, RefusedFile):
                continue
        return None

    def _entries_from_texts(self) -> list[ReportEntry]:
        """An entry for each stored text whose content is intact (its name is its hash)."""
        from explorer.core.reports import parse_text, slugify

        entries: list[ReportEntry] = []
        if not self.texts.is_dir():
            return entries
        taken: set[str] = set()
        for path in sorted(self.texts.glob("*.txt")):
            text = self._checked_text(path, path.stem)
            if text is None:
                continue
            try:
                report = parse_text(text, "report", path.stem)
            except ExplorerError:
                continue
            slug = slugify(report.title)[:60] or "report"
            report_id, n = slug, 1
            while report_id in taken:
                n += 1
                report_id = f"{slug}-{n}"
            taken.add(report_id)
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            entries.append(
                ReportEntry(
                    id=report_id,
                    title=report.title,
                    path=str(path),
                    date=report.date,
                    content_hash=path.stem,
                    sections=len(report.sections),
                    passages=report.passage_count,
                    added=stamp.isoformat(timespec="seconds"),
                    cut=CUT,
                )
            )
        return entries

    # ---- saving and recovering ---------------------------------------------------------

    @property
    def needs_saving(self) -> bool:
        """Rebuilt in memory after library.json went missing: save it under the lock."""
        return self._unsaved

    def save(self) -> None:
        """Write library.json atomically, with a verified backup of what it now holds."""
        if self.damaged is not None and keep_damaged(self.path, self.recovery) is None:
            raise ExplorerError(
                f"{self.damaged} It could not be copied aside, so nothing is written over it; "
                "free some space and try again."
            )
        make_durable(self._not_durable)  # every text it names is on the disk before it
        self._not_durable = []
        shape = LibraryFile(reports=self.entries, removed_dates=self.removed_dates)
        unused = None if self.removed_dates else {"removed_dates"}  # files stay as they were
        data = shape.model_dump_json(indent=1, exclude=unused) + "\n"
        raw = data.encode("utf-8")
        self.shelf.save(self.path, raw, self._raw if self.damaged is None else None)
        self._raw, self.damaged, self._unsaved, self.is_new = raw, None, False, False

    def recover(self, backup: Path | None = None) -> Path:
        """Make a backup the library file: the newest good one by default. Callers hold the
        write lock. A healthy library is replaced only when a backup is named."""
        if self.damaged is None and backup is None and not self._unsaved:
            raise ExplorerError("The library file is fine; there is nothing to recover.")
        if backup is None:
            found = self._newest_good_backup()
            if found is None:
                raise ExplorerError(
                    "There is no good backup of the library; `explorer add` your reports again."
                )
            backup, parsed = found
        else:
            try:
                parsed = parse_library(read_regular_file(backup, USER_FILE_LIMIT))
            except ValueError as exc:
                raise ExplorerError(f"{backup} is not a good library backup ({exc}).") from None
        self.entries = parsed.reports
        self.save()
        self.warnings.clear()
        return backup

    # ---- entries -----------------------------------------------------------------------

    def get(self, report_id: str) -> ReportEntry | None:
        return next((e for e in self.entries if e.id == report_id), None)

    def by_path(self, path: str) -> ReportEntry | None:
        return next((e for e in self.entries if e.path == path), None)

    def by_hash(self, digest: str) -> ReportEntry | None:
        return next((e for e in self.entries if e.content_hash == digest), None)

    def new_id(self, slug: str) -> str:
        """The slug itself, or slug-2, slug-3 … when another report already has it."""
        taken = {e.id for e in self.entries}
        candidate, n = slug, 1
        while candidate in taken:
            n += 1
            candidate = f"{slug}-{n}"
        return candidate

    def put(self, entry: ReportEntry) -> None:
        self.entries = [e for e in self.entries if e.id != entry.id] + [entry]

    def drop(self, report_id: str) -> None:
        self.entries = [e for e in self.entries if e.id != report_id]

    # ---- stored texts ------------------------------------------------------------------

    def text_path(self, digest: str) -> Path:
        return self.texts / f"{digest}.txt"

    def store_text(self, text: str) -> str:
        """Keep a copy of a report's text, named by its content hash. It is made durable
        before the library file that names it is next saved: all copies an add stored at
        once (see make_durable)."""
        digest = content_hash(text)
        target = self.text_path(digest)
        if self._checked_text(target, digest) is None:
            atomic_write_text(target, text, durable=False)
            self._not_durable.append(target)
        return digest

    def available(self, entry: ReportEntry) -> bool:
        """Whether the report's text can still be had (its copy or its file exists)."""
        return self.text_path(entry.content_hash).is_file() or Path(entry.path).is_file()

    def present(self, entries: Iterable[ReportEntry]) -> list[ReportEntry]:
        """The entries whose text can still be had, as ``available`` says, from one listing of
        the stored texts: a look at each of thousands of files costs seconds on a cold disk."""
        stored = self._stored_names()
        return [
            e
            for e in entries
            if f"{e.content_hash}.txt" in stored or Path(e.path).is_file()  # file: rarely asked
        ]

    def _stored_names(self) -> set[str]:
        """The names of the regular files in ``texts/`` (a folder's listing says which are
        files without a look at each of them)."""
        try:
            with os.scandir(self.texts) as found:
                return {item.name for item in found if item.is_file()}
        except OSError:
            return set()

    def read_text(self, entry: ReportEntry) -> str:
        """The report's stored text, checked against its hash (ReportMissing if gone).

        A damaged copy is moved to ``recovery/``; the caller re-reads the original file."""
        stored = self.text_path(entry.content_hash)
        text = self._checked_text(stored, entry.content_hash)
        if text is not None:
            return text
        if stored.exists():
            kept = keep_damaged(stored, self.recovery)
            if kept is not None:
                stored.unlink(missing_ok=True)
        raise ReportMissing(
            f"The text of report {entry.id!r} is gone: its stored copy is missing or damaged "
            f"and its file {entry.path} cannot be read; `explorer add PATH` adds it again."
        )

    def _checked_text(self, path: Path, digest: str) -> str | None:
        try:
            text = decode_report_bytes(read_regular_file(path, STORED_TEXT_LIMIT), str(path))
        except RefusedFile:
            return None
        return text if content_hash(text) == digest else None
