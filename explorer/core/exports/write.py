"""The one guarded writer every file a user asks for goes through.

It refuses, each with one sentence: the data folder and anything in it (links resolved), an
existing folder, a device, pipe or socket (found with ``os.stat``, never opened: opening a
FIFO would wait for a reader for ever), a read-only file, and a folder that cannot be written
into or does not exist (a typing slip should not make folders; an export of many files makes
its own folder). It writes atomically (``explorer.core.storage``: temp file in the same
folder, flush, fsync, ``os.replace``, fsync the folder), so the target is never opened
either. A new file gets the mode the user's umask gives (0666 & ~umask, 0644 under the usual
022) instead of the temp file's private 0600; a file written over keeps its mode, as with
any editor.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.storage import atomic_write_bytes, file_kind

_UMASK_LOCK = threading.Lock()
"""os.umask can only be read by setting it: readers take turns (where /proc cannot tell)."""


class RefusedExport(ExplorerError):
    """A place an export must not be written to, and why, in one sentence."""


def export_target(path: Path, data_folder: Path) -> Path:
    """The real file an export to ``path`` writes (through a link to a regular file); a
    RefusedExport if that is in the data folder, a folder, a device, pipe or socket, a
    read-only file, or in a folder that cannot be written into."""
    real = _outside_data_folder(path, data_folder)
    try:
        mode = os.stat(real).st_mode  # follows links, and never blocks: no open
    except (FileNotFoundError, NotADirectoryError):
        _writable_folder(path, real.parent)
        return real
    except OSError as exc:
        raise RefusedExport(f"{path}: cannot be checked ({exc.strerror}).") from None
    if stat.S_ISDIR(mode):
        raise RefusedExport(f"{path}: is a folder; give the name of a file to write in it.")
    if not stat.S_ISREG(mode):
        raise RefusedExport(
            f"{path}: is not a regular file (it is {file_kind(mode)}); choose a file to write."
        )
    if not _may_write(real, mode):
        raise RefusedExport(
            f"{path}: is read-only; choose another name, or make it writable first."
        )
    _writable_folder(path, real.parent)
    return real


def export_folder(path: Path, data_folder: Path) -> Path:
    """The real folder an export of many files writes into (it may not exist yet): refused
    like a file's target if it is in the data folder, not a folder, or read-only."""
    real = _outside_data_folder(path, data_folder)
    try:
        mode = os.stat(real).st_mode
    except (FileNotFoundError, NotADirectoryError):
        _writable_folder(path, real.parent, made=True)
        return real
    except OSError as exc:
        raise RefusedExport(f"{path}: cannot be checked ({exc.strerror}).") from None
    if stat.S_ISREG(mode):
        raise RefusedExport(f"{path} is a file; give a folder for the pictures.")
    if not stat.S_ISDIR(mode):
        raise RefusedExport(f"{path}: is not a folder (it is {file_kind(mode)}); give a folder.")
    if not _may_write(real, mode, os.W_OK | os.X_OK):
        raise RefusedExport(f"{path}: is a read-only folder; choose another folder.")
    return real


def write_export(data: str | bytes, path: Path, data_folder: Path) -> Path:
    """Write one export to ``path`` through the guard (export_target), atomically, with the
    mode the umask gives; returns the real file written. Text is written as UTF-8."""
    target = export_target(path, data_folder)
    raw = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~user_umask()
        atomic_write_bytes(target, raw, mode=mode)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ExplorerError(
            f"The export could not be written to {path} ({reason}); choose another folder."
        ) from None
    return target


def write_export_folder(
    files: Iterable[tuple[str, bytes]], folder: Path, data_folder: Path
) -> list[Path]:
    """Write files (name, bytes) into ``folder``, made if need be: the folder through
    export_folder, each file through write_export. Returns the files written, in order."""
    real = export_folder(folder, data_folder)
    try:
        real.mkdir(parents=True, exist_ok=True)  # the umask gives its mode, as for the files
    except OSError as exc:
        raise ExplorerError(
            f"The folder {folder} could not be made ({exc.strerror}); choose another folder."
        ) from None
    return [write_export(data, folder / name, data_folder) for name, data in files]


def user_umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux's
    /proc); elsewhere set and put back at once, under a lock."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o077)  # a file made meanwhile by another thread is private, not open
        os.umask(mask)
    return mask


def _outside_data_folder(path: Path, data_folder: Path) -> Path:
    """``path`` with links and ``..`` resolved; a RefusedExport if that is in the data folder."""
    real = path.expanduser().resolve()
    folder = data_folder.expanduser().resolve()
    if real == folder or real.is_relative_to(folder):
        raise RefusedExport(
            f"{path}: is inside the data folder {folder}, where the app keeps your library and "
            "notes; export somewhere else, such as your Documents folder."
        )
    return real


def _writable_folder(path: Path, folder: Path, made: bool = False) -> None:
    """Refuse unless ``folder``, where ``path`` goes, exists and can be written into; with
    ``made`` (a folder export makes its folder), the nearest existing folder above it must."""
    nearest = folder
    while True:
        try:
            mode = os.stat(nearest).st_mode
            break
        except (FileNotFoundError, NotADirectoryError):
            if nearest.parent == nearest:
                return
            nearest = nearest.parent
        except OSError:
            return  # cannot tell: the write itself will say why it failed
    if not stat.S_ISDIR(mode):
        raise RefusedExport(
            f"The export could not be written to {path}: {nearest} is not a folder; "
            "choose another folder."
        )
    if nearest != folder and not made:
        raise RefusedExport(
            f"The export could not be written to {path}: the folder {folder} does not exist; "
            "make it first, or choose another folder."
        )
    if not _may_write(nearest, mode, os.W_OK | os.X_OK):
        raise RefusedExport(
            f"{path}: cannot be written, as the folder {nearest} is read-only; "
            "choose another folder."
        )


def _may_write(path: Path, mode: int, access: int = os.W_OK) -> bool:
    """Whether ``path`` may be written: not marked read-only for everyone (which the
    administrator's own account would otherwise ignore), and allowed for this user."""
    return bool(mode & 0o222) and os.access(path, access)
