"""Knowing whether the derived index still matches the library, without reading it whole.

After every index write the manifest records which report versions went in and the size of
every index file. On open, a cheap comparison tells reuse from update from rebuild: a deleted
or truncated segment changes the file list or a size.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from explorer.core.storage import atomic_write_text

# 4: passages indexed as plain text; 5: and folded (NFKC); 6: outlines; 7: a section's own
# title searched, its breadcrumb stored; 8: titles without HTML tags; 10: a PDF passage's
# page label stored with it
SCHEMA_VERSION = 11  # 11: each passage's fingerprint, to fold copies (copies.py)
"""Bump it when index.make_schema or the way ingest cuts passages changes: passage ids in
an old index would no longer match the reports, so every index is rebuilt."""


class IndexManifest:
    """cache/index.json: schema version, report id → content hash, index file sizes."""

    def __init__(self, path: Path, index_folder: Path) -> None:
        self.path = path
        self.index_folder = index_folder
        self.reports: dict[str, str] = {}
        self._files: dict[str, int] = {}
        self._loaded = False
        self._mtime: float | None = None
        self._lock = threading.RLock()  # a reader checks it while the writer saves it

    def _load(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            self._loaded, self.reports, self._files = False, {}, {}
            return
        if self._mtime == mtime:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            ok = data.get("schema_version") == SCHEMA_VERSION
            self.reports = {str(k): str(v) for k, v in data["reports"].items()}
            self._files = {str(k): int(v) for k, v in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            ok = False
        self._loaded, self._mtime = ok, mtime

    def _index_files(self) -> dict[str, int]:
        try:
            return {
                p.name: p.stat().st_size
                for p in self.index_folder.iterdir()
                if p.is_file() and "LOCK" not in p.name
            }
        except OSError:
            return {}

    def is_usable(self) -> bool:
        """The index on disk is exactly what the manifest says was written."""
        with self._lock:
            self._load()
            return self._loaded and bool(self._files) and self._index_files() == self._files

    def matches(self, wanted: dict[str, str]) -> bool:
        """Usable, and holding exactly these reports (id → content hash)."""
        with self._lock:
            return self.is_usable() and self.reports == wanted

    def indexed(self) -> dict[str, str]:
        """Report id → content hash of what the index holds, as the manifest says."""
        with self._lock:
            self._load()
            return dict(self.reports) if self._loaded else {}

    def save(self, reports: dict[str, str]) -> None:
        with self._lock:
            files = self._index_files()
            data = {"schema_version": SCHEMA_VERSION, "reports": reports, "files": files}
            atomic_write_text(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
            self.reports, self._files, self._loaded = dict(reports), files, True
            self._mtime = self.path.stat().st_mtime
