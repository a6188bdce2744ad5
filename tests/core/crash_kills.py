"""The crash harness: kill a process while it saves a user file, many times, and judge what
is on disk after each kill.

A child (``crash_child.serve`` with the file's ``one_change``) changes the file in a loop and
prints each change only after the store call returned. The harness kills it with SIGKILL at a
random moment; the subject's ``check`` then loads the file and compares it with the confirmed
changes: all of them are on disk, and the one change in flight at the kill is either wholly
there or not at all. Every ``reset_every`` kills the backups are read back (each was written
atomically and verified, so none may be bad) and a new folder is started.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic, Protocol, Self, TypeVar

from explorer.core.userfile import FileDamaged, UserFile
from tests.conftest import PYTHON, ROOT, subprocess_env

RESET_EVERY = 50


@dataclass
class CrashReport:
    """What a run of kills found."""

    seed: int
    kills: int = 0
    confirmed_changes: int = 0
    confirmed_adds: int = 0
    checked: int = 0
    """Things (notes, tours) found on disk and compared, over all kills."""
    in_flight_applied: int = 0
    in_flight_absent: int = 0
    mid_write: int = 0
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0


class Confirmed(Protocol):
    """The changes the children confirmed (the model), or what a file on disk holds: things
    (notes, tours) by id, live ones and the trash."""

    live: dict[str, Any]
    trash: dict[str, Any]

    def apply(self, line: list[Any]) -> None:
        """Take a confirmed change (an ``["ok", op, ...]`` line)."""

    def applied(self, intent: list[Any], disk: Self) -> Self | None:
        """This model with the change in flight done, if the disk can be that; else None."""


ModelT = TypeVar("ModelT", bound=Confirmed)


@dataclass(frozen=True)
class Subject(Generic[ModelT]):
    """What is saved: the child that saves it, its store on a data folder, an empty model of
    the confirmed changes, and ``on_disk(data) -> (model, duplicates)``, the file as the app
    loads it (the kind's FileDamaged if it cannot) and how many things it holds twice."""

    child: Path
    store: Callable[[Path], UserFile[Any]]
    empty: Callable[[], ModelT]
    on_disk: Callable[[Path], tuple[ModelT, int]]

    def check(
        self, model: ModelT, lines: list[Any], data: Path, report: CrashReport, where: str
    ) -> ModelT:
        """Compare the file with the confirmed changes; returns the model to go on with."""
        name = self.store(data).words.name
        intent = confirmed(lines, model.apply, report)
        try:
            disk, duplicates = self.on_disk(data)
        except FileDamaged as exc:
            report.failures.append(f"{where}: the {name} file does not load: {exc}")
            exc.path.unlink()  # go on from the newest backup: later kills are judged on their own
            return self.on_disk(data)[0]
        report.checked += len(disk.live) + len(disk.trash)
        if duplicates:
            report.failures.append(f"{where}: {duplicates} {name} appear twice")
        if disk == model:
            report.in_flight_absent += intent is not None
            return model
        if intent is not None and model.applied(intent, disk) == disk:
            report.in_flight_applied += 1
            return disk
        lost = sorted(set(model.live) - set(disk.live))
        changed = sorted(
            i for i in set(model.live) & set(disk.live) if model.live[i] != disk.live[i]
        )
        report.failures.append(
            f"{where}: the file does not match the confirmed changes (in flight: {intent}); "
            f"missing {lost[:5]}, changed {changed[:5]}, {len(disk.live)} live on disk vs "
            f"{len(model.live)} confirmed"
        )
        return disk

    def unreadable_backups(self, data: Path) -> list[str]:
        """Backups that do not load: each was written atomically and read back, so none may."""
        store = self.store(data)
        bad = []
        for _, path in store.shelf.all():
            try:
                store.kind.parse(path.read_bytes())
            except ValueError as exc:
                bad.append(f"{path.name} ({exc})")
        return bad

    def temp_files(self, data: Path) -> set[Path]:
        folder = self.store(data).folder
        return set(folder.rglob("*.tmp")) if folder.is_dir() else set()


class Children:
    """Children started ahead of time, so their start-up overlaps the previous kill."""

    def __init__(self, child: Path, env: dict[str, str], ahead: int = 2) -> None:
        self.child, self.env, self.ahead = child, env, ahead
        self.waiting: deque[subprocess.Popen[str]] = deque()

    def _start(self) -> None:
        self.waiting.append(
            subprocess.Popen(
                [PYTHON, str(self.child)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",  # a line cut by the kill is dropped, not decoded
                env=self.env,
                cwd=ROOT,
            )
        )

    def next(self) -> subprocess.Popen[str]:
        while len(self.waiting) <= self.ahead:
            self._start()
        child = self.waiting.popleft()
        self._start()
        return child

    def close(self) -> None:
        for child in self.waiting:
            child.kill()
            child.wait()
        self.waiting.clear()


def read_line(stream: IO[str] | None) -> list[Any] | None:
    assert stream is not None
    line = stream.readline()
    return json.loads(line) if line.endswith("\n") else None


def one_kill(
    child: subprocess.Popen[str], order: dict[str, Any], rng: random.Random
) -> tuple[list[Any], str]:
    """Start the child on the folder and kill it at a random moment: 0–50 ms after it is
    ready, or once it confirmed 1–30 changes. Returns its complete lines, and its stderr."""
    assert child.stdin and child.stdout
    lines: list[Any] = []
    if read_line(child.stdout) == ["imported"]:
        child.stdin.write(json.dumps(order) + "\n")
        child.stdin.flush()
        if rng.random() < 0.5:
            if read_line(child.stdout) == ["ready"]:
                time.sleep(rng.uniform(0, 0.05))
        else:
            wanted = rng.randint(1, 30)
            while wanted and (line := read_line(child.stdout)) is not None:
                lines.append(line)
                wanted -= line[0] == "ok"
    child.send_signal(signal.SIGKILL)
    child.wait()
    # read through the same buffered streams: readline() may have read ahead of its line
    rest, errors = child.stdout.read(), child.stderr.read() if child.stderr else ""
    child.stdin.close()
    child.stdout.close()
    if child.stderr:
        child.stderr.close()
    lines += [json.loads(text) for text in rest.splitlines(keepends=True) if text.endswith("\n")]
    return lines, errors


def run_kills(
    subject: Subject[ModelT],
    base: Path,
    kills: int,
    seed: int,
    reset_every: int = RESET_EVERY,
) -> CrashReport:
    """Kill ``kills`` children saving into folders under ``base``."""
    rng = random.Random(seed)
    report = CrashReport(seed=seed)
    started = time.monotonic()
    data, model, origin = base, subject.empty(), 0.0
    children = Children(subject.child, subprocess_env(base))
    try:
        for kill in range(kills + 1):
            if kill % reset_every == 0 or kill == kills:
                if bad := subject.unreadable_backups(data):
                    report.failures.append(f"seed {seed}, before kill {kill}: bad backups {bad}")
                if kill == kills:
                    break
                shutil.rmtree(data, ignore_errors=True)
                data, model = base / f"round-{kill // reset_every}", subject.empty()
                origin = time.time()
            before = subject.temp_files(data)
            order = {
                "data": str(data),
                "seed": rng.randrange(2**32),
                "origin": origin if rng.random() < 0.5 else None,
            }
            where = f"seed {seed}, kill {kill}"
            child = children.next()
            lines, errors = one_kill(child, order, rng)
            if child.returncode != -signal.SIGKILL:
                report.failures.append(
                    f"{where}: the child ended by itself ({child.returncode}): {errors[-600:]}"
                )
            report.mid_write += bool(subject.temp_files(data) - before)
            model = subject.check(model, lines, data, report, where)
            report.kills += 1
    finally:
        children.close()
        report.elapsed = time.monotonic() - started
    return report


def crash_seed() -> int:
    return int(os.environ.get("EXPLORER_CRASH_SEED") or random.randrange(2**32))


def confirmed(lines: list[Any], apply: Callable[[list[Any]], None], report: CrashReport) -> Any:
    """Apply the confirmed changes among a child's lines; returns the intent left in flight
    (None if the last change announced was confirmed)."""
    intent = None
    for line in lines:
        if line[0] == "intent":
            intent = line
        elif line[0] == "ok":
            apply(line)
            intent = None
            report.confirmed_changes += 1
            report.confirmed_adds += line[1] in ("add", "create", "duplicate")
    return intent
