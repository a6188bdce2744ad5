"""Kill a process while it saves notes: every note it confirmed is there, the file loads.

A child (notes_crash_child.py) adds, edits, removes and restores notes in a loop and prints
each change only after the store call returned. The parent kills it with SIGKILL at a random
moment, then loads the notes file and checks it against the confirmed changes: all of them
are on disk, and the one change in flight at the kill is either wholly there or not at all.

``EXPLORER_CRASH_KILLS`` sets the number of kills (200 by default), ``EXPLORER_CRASH_SEED``
replays a run; the seed is printed, and named in any failure.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from explorer.core.notes.store import NotesDamaged, NoteStore, parse_notes_file
from tests.conftest import PYTHON, ROOT, subprocess_env

CHILD = Path(__file__).with_name("notes_crash_child.py")
RESET_EVERY = 50
Notes = dict[str, tuple[str, tuple[str, ...]]]


@dataclass
class CrashReport:
    """What a run of kills found."""

    seed: int
    kills: int = 0
    confirmed_changes: int = 0
    confirmed_adds: int = 0
    notes_checked: int = 0
    in_flight_applied: int = 0
    in_flight_absent: int = 0
    mid_write: int = 0
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0


@dataclass
class Model:
    """The notes the children confirmed: live ones and the trash."""

    live: Notes = field(default_factory=dict)
    trash: Notes = field(default_factory=dict)

    def apply(self, line: list[Any]) -> None:
        op, note_id = line[1], line[2]
        if op in ("add", "edit"):
            self.live[note_id] = (line[3], tuple(line[4]))
        elif op == "remove":
            self.trash[note_id] = self.live.pop(note_id)
        else:
            self.live[note_id] = self.trash.pop(note_id)

    def applied(self, intent: list[Any], on_disk: Model) -> Model | None:
        """This model with the in-flight change done (the id of an add read from disk)."""
        op = intent[1]
        if op == "add":
            new = set(on_disk.live) - set(self.live)
            if len(new) != 1:
                return None
            intent = ["ok", "add", new.pop(), *intent[2:]]
        after = Model(dict(self.live), dict(self.trash))
        if (op in ("edit", "remove") and intent[2] not in after.live) or (
            op == "restore" and intent[2] not in after.trash
        ):
            return None
        after.apply(["ok", *intent[1:]])
        return after


def on_disk(data: Path) -> tuple[Model, int]:
    """The notes file as the app would load it; NotesDamaged if it cannot."""
    store = NoteStore(data)
    store.load()
    notes, trash = store.notes(), store.trash()
    model = Model(
        {n.id: (n.body, n.tags) for n in notes},
        {t.note.id: (t.note.body, t.note.tags) for t in trash},
    )
    duplicates = len(notes) + len(trash) - len(model.live) - len(model.trash)
    return model, duplicates


def unreadable_backups(data: Path) -> list[str]:
    """Backups that do not load: each was written atomically and read back, so none may."""
    bad = []
    for _, path in NoteStore(data).shelf.all():
        try:
            parse_notes_file(path.read_bytes())
        except ValueError as exc:
            bad.append(f"{path.name} ({exc})")
    return bad


def temp_files(data: Path) -> set[Path]:
    return set((data / "notes").rglob("*.tmp")) if (data / "notes").is_dir() else set()


class Children:
    """Children started ahead of time, so their start-up overlaps the previous kill."""

    def __init__(self, env: dict[str, str], ahead: int = 2) -> None:
        self.env, self.ahead = env, ahead
        self.waiting: deque[subprocess.Popen[str]] = deque()

    def _start(self) -> None:
        self.waiting.append(
            subprocess.Popen(
                [PYTHON, str(CHILD)],
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


def check(model: Model, lines: list[Any], data: Path, report: CrashReport, where: str) -> Model:
    """Compare the notes file with the confirmed changes; returns the model to go on with."""
    intent = None
    for line in lines:
        if line[0] == "intent":
            intent = line
        elif line[0] == "ok":
            model.apply(line)
            intent = None
            report.confirmed_changes += 1
            report.confirmed_adds += line[1] == "add"
    try:
        disk, duplicates = on_disk(data)
    except NotesDamaged as exc:
        report.failures.append(f"{where}: the notes file does not load: {exc}")
        exc.path.unlink()  # go on from an empty file, so later kills are judged on their own
        return Model()
    report.notes_checked += len(disk.live) + len(disk.trash)
    if duplicates:
        report.failures.append(f"{where}: {duplicates} notes appear twice")
    if disk == model:
        report.in_flight_absent += intent is not None
        return model
    if intent is not None and model.applied(intent, disk) == disk:
        report.in_flight_applied += 1
        return disk
    lost = set(model.live) - set(disk.live)
    report.failures.append(
        f"{where}: the file does not match the confirmed changes (in flight: {intent}); "
        f"missing {sorted(lost)[:5]}, {len(disk.live)} live on disk vs {len(model.live)} confirmed"
    )
    return disk


def run_crash_kills(
    base: Path, kills: int, seed: int, reset_every: int = RESET_EVERY
) -> CrashReport:
    """Kill ``kills`` children saving notes into folders under ``base``."""
    rng = random.Random(seed)
    report = CrashReport(seed=seed)
    started = time.monotonic()
    data, model, origin = base, Model(), 0.0
    children = Children(subprocess_env(base))
    try:
        for kill in range(kills + 1):
            if kill % reset_every == 0 or kill == kills:
                if bad := unreadable_backups(data):
                    report.failures.append(f"seed {seed}, before kill {kill}: bad backups {bad}")
                if kill == kills:
                    break
                shutil.rmtree(data, ignore_errors=True)
                data, model, origin = base / f"round-{kill // reset_every}", Model(), time.time()
            before = temp_files(data)
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
            report.mid_write += bool(temp_files(data) - before)
            model = check(model, lines, data, report, where)
            report.kills += 1
    finally:
        children.close()
        report.elapsed = time.monotonic() - started
    return report


def crash_seed() -> int:
    return int(os.environ.get("EXPLORER_CRASH_SEED") or random.randrange(2**32))


def test_killing_a_saving_process_never_loses_a_confirmed_note(tmp_path: Path) -> None:
    kills = int(os.environ.get("EXPLORER_CRASH_KILLS", "200"))
    seed = crash_seed()
    print(f"EXPLORER_CRASH_SEED={seed} EXPLORER_CRASH_KILLS={kills}")
    report = run_crash_kills(tmp_path / "crash", kills, seed)
    print(report)
    assert report.failures == [], f"EXPLORER_CRASH_SEED={seed}:\n" + "\n".join(report.failures[:5])
    assert report.kills == kills
    assert report.confirmed_adds > 0, "the children never saved a note: the harness is broken"
