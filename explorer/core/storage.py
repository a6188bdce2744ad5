"""Files on disk: atomic writes (a reader sees the old file or the new one, never a torn
one), bounded reads of regular files only, and keeping a damaged file aside once."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.core.errors import RefusedFile, error_place

_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.EBADF, errno.ENOTSUP, errno.EACCES, errno.EPERM}
"""Folders that cannot be fsynced (some file systems and platforms): nothing more to do."""


def atomic_write_bytes(
    path: Path, data: bytes, mode: int | None = None, durable: bool = True
) -> None:
    """Write via a temp file in the same folder: flush, fsync, os.replace, fsync the folder.
    The file is private (0600, the temp file's mode) unless ``mode`` is given. Without
    ``durable`` nothing is fsynced: a reader still sees the old file or the new one, but a
    crash may leave either, or an empty one (derived data, or a file made durable later
    with ``make_durable``: an fsync each costs milliseconds, thousands of them seconds)."""
    atomic_write_chunks(path, (data,), mode, durable)


def atomic_write_chunks(
    path: Path, chunks: Iterable[bytes], mode: int | None = None, durable: bool = True
) -> None:
    """atomic_write_bytes for data made piece by piece (a large cache, written as it is
    encoded: no single call holds the interpreter long enough to stall the window)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None and hasattr(os, "fchmod"):  # before any byte is written
            os.fchmod(fd, mode)
        elif mode is not None:  # Windows has no fchmod
            os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable:
        fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def make_durable(paths: Iterable[Path]) -> None:
    """fsync these files (written with ``durable=False``), then each of their folders once.
    Done together, after they are all written, most of them are on the disk already and
    their fsyncs return at once."""
    folders: dict[Path, None] = {}
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # removed since: nothing of it to keep
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        folders[path.parent] = None
    for folder in folders:
        fsync_folder(folder)


def drop_older_caches(kept: Path) -> None:
    """Remove the other ``*.json``, ``*.jsonl`` and ``*.sqlite`` files beside ``kept``: a
    cache keyed by what it was built from keeps only its newest key; a file that cannot be
    removed is left for next time."""
    patterns = ("*.json", "*.jsonl", "*.sqlite")
    for old in [path for pattern in patterns for path in kept.parent.glob(pattern)]:
        if old.name != kept.name:
            with contextlib.suppress(OSError):
                old.unlink()


class KeyedJsonCache:
    """``<folder>/<key>.json``: one derived table, kept for the newest key only (older keys
    are removed on save), of one version. Reading one that is missing, of another version
    or unreadable gives None; one that cannot be written is simply made again next time."""

    def __init__(self, folder: Path, version: int) -> None:
        self.folder = folder
        self.version = version

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def read(self, key: str) -> dict[str, Any] | None:
        """The kept payload (with its ``version``), or None."""
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("version") != self.version:
            return None
        return data

    def write(self, key: str, payload: dict[str, Any]) -> None:
        try:
            text = json.dumps({"version": self.version, **payload}, ensure_ascii=False)
            atomic_write_text(self.path(key), text)
        except OSError:
            return
        drop_older_caches(self.path(key))


def fsync_folder(folder: Path) -> None:
    """Make a rename in this folder durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FSYNC_UNSUPPORTED:  # EIO and friends: the rename may be lost
            raise
    finally:
        os.close(fd)


# ---- reading what the user hands us, and what we wrote ourselves -----------------------

USER_FILE_LIMIT = 64 * 1024 * 1024
"""The largest library, notes or tours file (or backup, or file to import) that is read at
all. A real one is far smaller: 20,000 long notes come to about 20 MB. Reading a JSON file
takes up to about 25 times its size in memory, so this also bounds that."""
USER_FILE_ITEMS = 200_000
"""The most items one list or object in a user file may hold, and so the most notes, tours
or reports: a file that holds more was not written by this app, and is refused before it is
validated item by item."""
USER_FILE_DEPTH = 32
"""How deeply a user file may nest (the app's own files nest six levels at most)."""
STORED_TEXT_LIMIT = 1 << 30
"""What a report's own file or stored text may weigh when it is read again: whatever limit
it was added under (``explorer add --max-mb``), it was read once already."""


def read_regular_file(path: Path, max_bytes: int, what: str = "") -> bytes:
    """The bytes of a regular file, read with the limit applied while reading.

    FIFOs, devices and sockets (or links to them) are refused without blocking: `stat`
    sizes mean nothing for them, and a FIFO would wait for a writer forever."""
    where = what or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise RefusedFile(f"{where}: no such file; check the path and try again.") from None
    except IsADirectoryError:
        raise RefusedFile(f"{where}: is a folder, not a file.") from None
    except OSError as exc:
        raise RefusedFile(f"{where}: cannot be read ({exc.strerror}).") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise RefusedFile(f"{where}: is a folder, not a file.")
        if not stat.S_ISREG(mode):
            raise RefusedFile(
                f"{where}: is not a regular file (it is {file_kind(mode)}); "
                "give a Markdown or text file."
            )
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise RefusedFile(f"{where}: cannot be read ({exc.strerror}).") from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise RefusedFile(
            f"{where}: is over the {max_bytes / 1e6:.0f} MB limit for one file; "
            "split it or raise the limit."
        )
    return b"".join(chunks)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def parse_json(raw: bytes) -> Any:
    """The JSON of a user file, from bytes, in the shape a file of this app can have: no list
    or object over USER_FILE_ITEMS items, nothing nested over USER_FILE_DEPTH deep. A
    ValueError says why not (bad UTF-8, bad JSON, too many items, nested too deeply)."""
    if len(raw) > USER_FILE_LIMIT:
        raise ValueError(
            f"{len(raw) / 1e6:.0f} MB, over the {USER_FILE_LIMIT / 1e6:.0f} MB a file of this "
            "app may weigh"
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ValueError("nested too deeply to be a file this app wrote") from None
    check_shape(data)
    return data


def check_shape(data: Any) -> None:
    """Refuse JSON no file of this app can be, before anything validates it item by item
    (which costs memory for each item, and more for each item that is wrong)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if len(where) > USER_FILE_DEPTH:
            raise ValueError(
                f"nested over {USER_FILE_DEPTH} levels deep, deeper than a file this app writes"
            )
        if len(value) > USER_FILE_ITEMS:
            kind = "object" if isinstance(value, dict) else "list"
            at = error_place(where) or "top level"
            raise ValueError(
                f"too large: its {kind} at {at} holds {len(value):,} items, more than the "
                f"{USER_FILE_ITEMS:,} a file of this app holds"
            )
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((v, (*where, k)) for k, v in items if isinstance(v, dict | list))


def keep_damaged(path: Path, recovery: Path) -> Path | None:
    """Copy a file that failed to load into ``recovery/``, once per content: a second run
    on the same damaged file finds its copy instead of making another. Something that is not
    a regular file (a folder, a pipe) is moved there instead, under a name of its own.
    None if nothing could be kept (then the original must stay untouched)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            recovery.mkdir(parents=True, exist_ok=True)
            target = recovery / f"{path.name}-{os.urandom(4).hex()}"
            os.replace(path, target)
            fsync_folder(recovery)
            return target
        recovery.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=recovery)
        os.close(fd)
        try:  # copy first, then name the copy by its own content: the file may be replaced
            shutil.copyfile(path, tmp_name)  # meanwhile (a recovery), and the copy is what counts
            digest = hashlib.sha256()
            with open(tmp_name, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            target = recovery / f"{path.stem}-{digest.hexdigest()[:16]}{path.suffix}"
            if target.is_file():  # kept before: never written again
                os.unlink(tmp_name)
                return target
            os.replace(tmp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        fsync_folder(recovery)
    except OSError:
        return None
    return target


def file_holds(path: Path, raw: bytes) -> bool:
    """Whether the file has exactly these bytes (False if it cannot be read)."""
    try:
        return path.read_bytes() == raw
    except OSError:
        return False


def is_regular_or_absent(path: Path) -> bool:
    """False for a folder, pipe or device where a file of ours belongs."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # cannot tell (in use, not permitted): not damage
