"""The near copies of a library's reports, kept beside the index by what it holds.

Telling near copies apart reads every passage's fingerprint from the index (copies.py):
seconds for thousands of reports, and whoosh and numpy loaded first. The listing of the
reports needs only the answer, so it is kept (cache/copies/<key>.json, a few kilobytes),
keyed by the reports the index holds and their texts, and made again when those change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from explorer.core.search.results import NearCopy
from explorer.core.storage import KeyedJsonCache

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
        self._cache = KeyedJsonCache(folder, NEAR_VERSION)

    def has(self, key: str) -> bool:
        return self._cache.has(key)

    def load(self, key: str) -> Near | None:
        """The kept near copies, or None when missing, of another version or unreadable."""
        data = self._cache.read(key)
        try:
            if data is None:
                return None
            return {
                str(report): [NearCopy(str(o), int(s), int(n)) for o, s, n in others]
                for report, others in data["near"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, key: str, near: Near) -> None:
        """Keep them; what cannot be written is simply told apart again next time."""
        kept = {report: [list(other) for other in others] for report, others in near.items()}
        self._cache.write(key, {"near": kept})
