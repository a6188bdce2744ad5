"""The library: which reports were added, from where, with which content hash.

``library.json`` lists the reports; ``texts/<hash>.txt`` keeps a copy of each report's text,
so that a report whose file was moved or deleted can still be read, indexed and cited.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from explorer.core.models import ReportEntry
from explorer.core.storage import atomic_write_text

LIBRARY_SCHEMA = 1


class LibraryFile(BaseModel):
    """The on-disk shape of library.json."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = LIBRARY_SCHEMA
    reports: list[ReportEntry] = []


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Library:
    """The list of reports in a data folder. Callers hold the write lock to change it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "library.json"
        self.backup = folder / "library.json.bak"
        self.texts = folder / "texts"
        self.warnings: list[str] = []
        self.entries: list[ReportEntry] = []
        self.is_new = not self.path.exists()

    def load(self) -> None:
        """Read library.json; a damaged one is kept in recovery/ and the backup is used."""
        self.is_new = not self.path.exists()
        if self.is_new:
            self.entries = []
            return
        try:
            self.entries = _read(self.path).reports
            return
        except (OSError, ValueError, ValidationError) as exc:
            kept = self._keep_damaged(exc)
        try:
            self.entries = _read(self.backup).reports
            self.warnings.append(f"{kept} Using the previous copy of the library instead.")
        except (OSError, ValueError, ValidationError):
            self.entries = []
            self.warnings.append(f"{kept} No good backup was found, so the library starts empty.")

    def _keep_damaged(self, exc: Exception) -> str:
        recovery = self.folder / "recovery"
        recovery.mkdir(exist_ok=True)
        target = recovery / f"library-{time.strftime('%Y%m%d-%H%M%S')}.json"
        shutil.copy2(self.path, target)
        reason = str(exc).splitlines()[0][:120]
        return (
            f"The library file {self.path} could not be read ({reason}); it was copied to {target}."
        )

    def save(self) -> None:
        if self.path.exists():
            try:
                _read(self.path)
                shutil.copy2(self.path, self.backup)
            except (OSError, ValueError, ValidationError):
                pass  # never replace a good backup with a damaged file
        data = LibraryFile(reports=self.entries).model_dump_json(indent=1)
        atomic_write_text(self.path, data + "\n")
        self.is_new = False

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

    def text_path(self, digest: str) -> Path:
        return self.texts / f"{digest}.txt"

    def store_text(self, text: str) -> str:
        digest = content_hash(text)
        target = self.text_path(digest)
        if not target.exists():
            atomic_write_text(target, text)
        return digest

    def read_text(self, entry: ReportEntry) -> str:
        stored = self.text_path(entry.content_hash)
        source = stored if stored.exists() else Path(entry.path)
        return source.read_bytes().decode("utf-8-sig")


def _read(path: Path) -> LibraryFile:
    data = json.loads(path.read_text(encoding="utf-8"))
    return LibraryFile.model_validate(data)
