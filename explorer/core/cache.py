"""The derived-data folder: made ready at open, replaced when damaged, never a reason to stop.

Everything under ``cache/`` can be rebuilt from the library. A plain file (or a link to one)
where a cache folder belongs is removed; a cache that cannot be written is swapped for a
temporary folder for this session, with one line saying so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

PARTS = ("index", "words", "graph")


def _make_folder(path: Path) -> None:
    """``path`` as a folder, removing a file or dangling link of ours that stands there."""
    if path.is_dir():
        return
    if path.is_symlink() or path.exists():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def _writable(folder: Path) -> None:
    """Raise OSError unless a file can be made in the folder."""
    fd, name = tempfile.mkstemp(prefix=".probe.", dir=folder)
    os.close(fd)
    os.unlink(name)


def prepare(root: Path) -> str | None:
    """Make ``root`` and its parts writable folders; None, or why it cannot be done."""
    try:
        _make_folder(root)
        for part in PARTS:
            _make_folder(root / part)
            _writable(root / part)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def temporary() -> Path:
    """A cache folder for this session only."""
    root = Path(tempfile.mkdtemp(prefix="trend-explorer-cache-"))
    for part in PARTS:
        (root / part).mkdir()
    return root


def discard(root: Path) -> None:
    """Remove a temporary cache folder (when the session ends)."""
    with contextlib.suppress(OSError):
        shutil.rmtree(root)
