"""The near copies of a library's reports, kept beside the index by what it holds.

Telling near copies apart reads every passage's fingerprint from the index (copies.py):
seconds for thousands of reports, and whoosh and numpy loaded first. The listing of the
reports needs only the answer, so it is kept (cache/copies/<key>.json, a few kilobytes),
keyed by the reports the index holds and their texts, and made again when those change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from explorer.core.search.results import NearCopy
from explorer.core.storage import atomic_write_text, drop_older_caches

NEAR_VERSION = 1
"""Bump when the way near copies are told apart changes: older files are then made again."""

Near = dict[str, list[NearCopy]]


def near_key(indexed: dict[str, str]) -> str:
    """The key of the near copies of an index holding these reports (id → content hash)."""
    digest = hashlib.sha256(f"near-v{NEAR_VERSION}\n".encode())
    for report, content in sorted(indexed.items()):
        digest.update(f"{report}\t{content}\n".encode())
    return digest.hexdigest()[:32]


class NearCopiesStore:
    """The near copies of one state of the index; older ones are removed on save."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def load(self, key: str) -> Near | None:
        """The kept near copies, or None when missing, of another version or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data["version"] != NEAR_VERSION:
                return None
            return {
                str(report): [NearCopy(str(o), int(s), int(n)) for o, s, n in others]
                for report, others in data["near"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def save(self, key: str, near: Near) -> None:
        """Keep them; what cannot be written is simply told apart again next time."""
        payload = {
            "version": NEAR_VERSION,
            "near": {report: [list(other) for other in others] for report, others in near.items()},
        }
        try:
            atomic_write_text(self._path(key), json.dumps(payload, ensure_ascii=False))
        except OSError:
            return
        drop_older_caches(self._path(key))
