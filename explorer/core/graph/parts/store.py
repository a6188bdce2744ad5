"""cache/parts/: each report's share, kept by a key of its text and of what reads it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.core.graph.boilerplate import Marks
from explorer.core.graph.build import Outline
from explorer.core.graph.parts.model import (
    CODE,
    IN_CLOSE,
    PARTS_VERSION,
    PassageParts,
    ReportParts,
)
from explorer.core.reports import CUT, ReportEntry


def parts_key(entry: ReportEntry, vocabulary: str) -> str:
    """The key of a report's share: its id, text and file name (its title when it has no
    heading), the vocabulary's digest, and the versions of the parser and of this code."""
    what = (
        f"parts-v{PARTS_VERSION}\ncut-{CUT}\n{vocabulary}\n{entry.id}\n{entry.content_hash}\n"
        f"{Path(entry.path).stem}\n"
    )
    return hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def vocabulary_digest(path: Path) -> str:
    """The vocabulary file's digest ("" when it cannot be read: then the build fails)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    except OSError:
        return ""


class PartsStore:
    """cache/parts/: each report's share, by its key (see parts_key)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.json").is_file() and (self.folder / f"{key}.marks").is_file()

    def save(self, key: str, parts: ReportParts, marked: Marks) -> bool:
        """Keep a report's share; False when it cannot be written (then the caller keeps
        it in memory for this build)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _replace(self.folder / f"{key}.marks", marked.packed())
            _replace(self.folder / f"{key}.json", _encoded(parts))
        except OSError:
            return False
        return True

    def load(self, key: str) -> ReportParts | None:
        """A report's share (but its marks), or None when missing or unreadable."""
        try:
            return _decoded(json.loads((self.folder / f"{key}.json").read_bytes()))
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return None

    def load_marks(self, key: str) -> Marks | None:
        """A report's marks, or None when missing or unreadable."""
        try:
            return Marks.unpacked((self.folder / f"{key}.marks").read_bytes())
        except (OSError, ValueError):
            return None

    def keep_only(self, keys: Iterable[str], written_before: float) -> None:
        """Remove the shares of texts the library no longer holds, and the files of writes
        that were stopped (a file that cannot be removed is left for next time); not those
        written since ``written_before`` (a time.time()): an add may be working out the
        shares of reports this build has not seen."""
        kept = set(keys)
        try:
            found = list(os.scandir(self.folder))
        except OSError:
            return
        for item in found:
            stem, _, suffix = item.name.partition(".")
            cut_short = not stem and suffix.endswith(".tmp")  # a write that was stopped
            if (suffix not in ("json", "marks") or stem in kept) and not cut_short:
                continue
            with contextlib.suppress(OSError):
                if item.stat().st_mtime < written_before:
                    os.unlink(item.path)


def _encoded(parts: ReportParts) -> bytes:
    shown = parts.outline
    data = {
        "version": PARTS_VERSION,
        "id": shown.id,
        "title": shown.title,
        "date": shown.date,
        "sections": [list(section) for section in shown.sections],
        "passages": [
            [
                p.id,
                p.section,
                p.flags,
                [x for hit in p.hits for x in hit],
                [x for k, surface in p.candidates for x in (k, "" if surface == k else surface)],
            ]
            for p in parts.passages
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _decoded(data: dict[str, Any]) -> ReportParts:
    if data["version"] != PARTS_VERSION:
        raise ValueError("another version")
    sections = tuple((str(a), int(b), str(c), int(d)) for a, b, c, d in data["sections"])
    shown = Outline(str(data["id"]), str(data["title"]), data["date"], sections)
    passages = []
    for passage_id, section, flags, hits, phrases in data["passages"]:
        keys, surfaces = phrases[::2], phrases[1::2]
        passages.append(
            PassageParts(
                passage_id,
                section,
                int(flags) & (CODE | IN_CLOSE),
                tuple(zip(hits[::2], hits[1::2], strict=True)),
                tuple((k, s or k) for k, s in zip(keys, surfaces, strict=True)),
            )
        )
    return ReportParts(shown, tuple(passages))


def _replace(path: Path, data: bytes) -> None:
    """Write a file whole or not at all, without waiting for the disk (thousands are
    written in a build; one cut short by a crash fails to read and is worked out again)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
