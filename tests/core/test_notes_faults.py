"""A disk that fails at any step of a save: the notes saved before are never harmed.

Each case makes one step of one write fail, for the notes file or for the backup written
just before it: creating the temp file, writing it (half the bytes get through), flushing it,
fsyncing it, renaming it over the old file, opening the folder, fsyncing the folder. Steps
are told apart by the file they touch, so each is hit on its own, exactly once. (The store
writes through a file object, whose buffer reaches the disk without calling ``os.write``,
so the file object's write and flush are where a full disk shows.)
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from explorer.core.backups import BackupShelf
from explorer.core.errors import ExplorerError
from explorer.core.notes.models import ReportTarget
from explorer.core.notes.store import NoteStore, parse_notes_file
from tests.core.test_notes_store import FakeClock

STEPS = ("create temp", "write", "flush", "fsync file", "replace", "open folder", "fsync folder")
BEFORE_RENAME = STEPS[:5]
TARGETS = ("notes", "backup")
ERRNOS = (errno.ENOSPC, errno.EACCES, errno.EIO)
OPS = ("add", "edit", "remove")
State = tuple[list[tuple[str, tuple[str, ...]]], list[str]]


@dataclass
class Fault:
    """Which step fails, for which file, with which errno; counts the failures it caused."""

    step: str
    target: str
    code: int
    hits: int = 0

    def at(self, step: str, target: str | None) -> None:
        if (step, target) == (self.step, self.target):
            self.hits += 1
            raise OSError(self.code, f"{os.strerror(self.code)} (injected: {step}, {target})")


class FaultyFile:
    """A file object whose write or flush fails the way a full or dying disk does."""

    def __init__(self, handle: BinaryIO, fault: Fault, target: str) -> None:
        self.handle, self.fault, self.target = handle, fault, target

    def write(self, data: bytes) -> int:
        if (self.fault.step, self.fault.target) == ("write", self.target):
            self.handle.write(data[: len(data) // 2])  # part of it got through
            self.fault.at("write", self.target)
        return self.handle.write(data)

    def flush(self) -> None:
        self.fault.at("flush", self.target)
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()

    def __enter__(self) -> FaultyFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


@contextmanager
def injected(fault: Fault, data_dir: Path, store: str = "notes") -> Iterator[None]:
    """Make the primitives of an atomic write fail as ``fault`` says, for this folder only:
    ``store`` names the folder of the file (target "notes") and of its backups ("backup")."""
    folders = {data_dir / store: "notes", data_dir / store / "backups": "backup"}
    opened: dict[int, tuple[str, str]] = {}  # fd -> ("file" | "folder", target)
    mkstemp, fdopen, fsync, replace, open_ = (
        tempfile.mkstemp,
        os.fdopen,
        os.fsync,
        os.replace,
        os.open,
    )

    def faulty_mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        target = folders.get(Path(kwargs.get("dir") or "."))
        if target:
            fault.at("create temp", target)
        fd, name = mkstemp(*args, **kwargs)
        if target:
            opened[fd] = ("file", target)
        return fd, name

    def faulty_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = fdopen(fd, *args, **kwargs)
        kind, target = opened.get(fd, ("", ""))
        return FaultyFile(handle, fault, target) if kind == "file" else handle

    def faulty_fsync(fd: int) -> None:
        kind, target = opened.get(fd, ("", ""))
        if kind:
            fault.at(f"fsync {kind}", target)
        fsync(fd)

    def faulty_replace(source: Any, destination: Any, **kwargs: Any) -> None:
        fault.at("replace", folders.get(Path(destination).parent))
        replace(source, destination, **kwargs)

    def faulty_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        target = folders.get(Path(path)) if isinstance(path, str | os.PathLike) else None
        if target:
            fault.at("open folder", target)
        fd = open_(path, flags, *args, **kwargs)
        if target:
            opened[fd] = ("folder", target)
        else:
            opened.pop(fd, None)  # a number reused by some other file
        return fd

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", faulty_mkstemp)
        patch.setattr(os, "fdopen", faulty_fdopen)
        patch.setattr(os, "fsync", faulty_fsync)
        patch.setattr(os, "replace", faulty_replace)
        patch.setattr(os, "open", faulty_open)
        yield


def state(store: NoteStore) -> State:
    return (
        sorted((n.body, n.tags) for n in store.notes()),
        sorted(t.note.body for t in store.trash()),
    )


@dataclass
class Outcome:
    """What one failed save left behind."""

    raised: Exception | None
    hits: int
    before: State
    after: State  # what the change would have made
    on_disk: State | str  # the file as a fresh store loads it (or why it does not load)
    in_memory: State
    file_unchanged: bool
    new_backups: list[bytes]  # the backups this change made, as they read
    old_bytes: bytes
    after_bytes: bytes  # the notes file after the change
    newest_backup: bytes
    leftovers: list[Path] = field(default_factory=list)
    retried: State | str = ""  # the file after the same change, with the disk well again


def setup_history(data_dir: Path, clock: FakeClock) -> NoteStore:
    store = NoteStore(data_dir, clock=clock)
    store.load()
    for body in ("alpha", "beta", "gamma"):
        store.add(ReportTarget(report="x"), body, ["t"])
        clock.advance()
    store.remove(store.notes()[2].id)
    clock.advance()  # a backup is due with the next change
    return store


def changes(store: NoteStore) -> dict[str, Callable[[], object]]:
    alpha, beta = store.notes()[:2]
    return {
        "add": lambda: store.add(ReportTarget(report="x"), "delta", ["n"]),
        "edit": lambda: store.edit(alpha.id, body="alpha, edited", tags=["e"]),
        "remove": lambda: store.remove(beta.id),
    }


def expected_after(before: State, op: str) -> State:
    live, trash = list(before[0]), list(before[1])
    if op == "add":
        live.append(("delta", ("n",)))
    elif op == "edit":
        live[live.index(("alpha", ("t",)))] = ("alpha, edited", ("e",))
    else:
        live.remove(("beta", ("t",)))
        trash.append("beta")
    return sorted(live), sorted(trash)


def load_state(data_dir: Path) -> State | str:
    fresh = NoteStore(data_dir)
    try:
        fresh.load()
    except ExplorerError as exc:
        return str(exc)
    return state(fresh)


def run_fault(data_dir: Path, step: str, target: str, code: int, op: str) -> Outcome:
    """Make ``op`` on a store with history meet ``code`` at ``step`` of ``target``."""
    clock = FakeClock()
    store = setup_history(data_dir, clock)
    backups = BackupShelf(data_dir / "notes" / "backups", "notes", parse_notes_file, clock)
    old_bytes, old_backups = store.path.read_bytes(), {p for _, p in backups.all()}
    before = state(store)
    fault = Fault(step, target, code)
    raised = None
    with injected(fault, data_dir):
        try:
            changes(store)[op]()
        except Exception as exc:  # judged by the caller
            raised = exc
    outcome = Outcome(
        raised=raised,
        hits=fault.hits,
        before=before,
        after=expected_after(before, op),
        on_disk=load_state(data_dir),
        in_memory=state(store),
        file_unchanged=store.path.read_bytes() == old_bytes,
        new_backups=[p.read_bytes() for p in sorted({p for _, p in backups.all()} - old_backups)],
        old_bytes=old_bytes,
        after_bytes=store.path.read_bytes(),
        newest_backup=backups.all()[0][1].read_bytes(),
        leftovers=sorted(data_dir.rglob("*.tmp")),
    )
    outcome.retried = outcome.on_disk
    if raised is not None and outcome.on_disk == before:
        try:
            changes(store)[op]()
        except Exception as exc:  # reported as a problem
            outcome.retried = f"{type(exc).__name__}: {exc}"
        else:
            outcome.retried = load_state(data_dir)
    return outcome


def problems(outcome: Outcome, step: str, target: str, code: int) -> list[str]:
    """What is wrong with an outcome; empty when the old notes came through."""
    found = []
    if outcome.hits != 1:
        found.append(f"the fault was hit {outcome.hits} times, not once")
    if outcome.leftovers:
        found.append(f"temp files left: {[p.name for p in outcome.leftovers]}")
    if outcome.raised is not None and not isinstance(outcome.raised, OSError | ExplorerError):
        found.append(f"{type(outcome.raised).__name__} reached the caller")
    if outcome.raised is not None and outcome.retried != outcome.after:
        found.append(f"the same change failed again once the disk was well: {outcome.retried}")
    if step in BEFORE_RENAME:
        if outcome.raised is None:
            found.append("the change reported success")
        elif isinstance(outcome.raised, OSError) and outcome.raised.errno != code:
            found.append(f"errno {outcome.raised.errno} instead of {code}")
        if not outcome.file_unchanged or outcome.on_disk != outcome.before:
            found.append(f"notes.json changed: {outcome.on_disk}")
        if outcome.in_memory != outcome.before:
            found.append(f"the store in memory shows {outcome.in_memory}")
        if outcome.new_backups:  # the newest backup must stay what the file holds
            found.append(f"{len(outcome.new_backups)} backups kept from a failed write")
        if outcome.newest_backup != outcome.old_bytes:
            found.append("the newest backup is not the notes file as it stands")
    elif outcome.raised is None and outcome.newest_backup != outcome.after_bytes:
        found.append("the newest backup is not the notes file just saved")
    if step not in BEFORE_RENAME:  # the rename is done: the old notes or the new, never a mix
        if outcome.on_disk not in (outcome.before, outcome.after):
            found.append(f"notes.json is neither the old nor the new notes: {outcome.on_disk}")
        if outcome.raised is None and outcome.on_disk != outcome.after:
            found.append("the change reported success but is not on disk")
    return found


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_save_leaves_the_old_notes_intact(
    data_dir: Path, step: str, target: str, code: int, op: str
) -> None:
    outcome = run_fault(data_dir, step, target, code, op)
    assert problems(outcome, step, target, code) == []


def test_an_io_error_from_the_folder_fsync_reaches_the_caller(data_dir: Path) -> None:
    """EIO from fsync of the folder means the rename may not survive a power cut: the note
    is not "safely on disk", and add() must not say it is."""
    outcome = run_fault(data_dir, "fsync folder", "notes", errno.EIO, "add")
    assert outcome.hits == 1
    assert isinstance(outcome.raised, OSError) and outcome.raised.errno == errno.EIO


def test_a_backup_that_does_not_read_back_refuses_the_change(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    store = setup_history(data_dir, clock)
    old_bytes, before = store.path.read_bytes(), state(store)
    old_backups = sorted(store.folder.joinpath("backups").iterdir())
    real_read_bytes = Path.read_bytes

    def garbled(path: Path) -> bytes:
        raw = real_read_bytes(path)
        return raw[: len(raw) // 2] if path.parent.name == "backups" else raw

    monkeypatch.setattr(Path, "read_bytes", garbled)
    with pytest.raises(ExplorerError, match="could not be verified"):
        store.add(ReportTarget(report="x"), "delta")
    monkeypatch.undo()
    assert store.path.read_bytes() == old_bytes and load_state(data_dir) == before
    assert sorted(store.folder.joinpath("backups").iterdir()) == old_backups
    parse_notes_file(old_bytes)
