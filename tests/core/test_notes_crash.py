"""Kill a process while it saves notes: every note it confirmed is there, the file loads.

A child (notes_crash_child.py) adds, edits, removes and restores notes in a loop and prints
each change only after the store call returned. The parent kills it with SIGKILL at a random
moment, then loads the notes file and checks it against the confirmed changes: all of them
are on disk, and the one change in flight at the kill is either wholly there or not at all.

``EXPLORER_CRASH_KILLS`` sets the number of kills (200 by default), ``EXPLORER_CRASH_SEED``
replays a run; the seed is printed, and named in any failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.notes.store import NoteStore
from tests.core.crash_kills import (
    RESET_EVERY,
    CrashReport,
    Subject,
    crash_seed,
    run_kills,
)

CHILD = Path(__file__).with_name("notes_crash_child.py")
Notes = dict[str, tuple[str, tuple[str, ...]]]


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


NOTES = Subject(CHILD, NoteStore, Model, on_disk)


def run_crash_kills(
    base: Path, kills: int, seed: int, reset_every: int = RESET_EVERY
) -> CrashReport:
    """Kill ``kills`` children saving notes into folders under ``base``."""
    return run_kills(NOTES, base, kills, seed, reset_every)


def test_killing_a_saving_process_never_loses_a_confirmed_note(tmp_path: Path) -> None:
    kills = int(os.environ.get("EXPLORER_CRASH_KILLS", "200"))
    seed = crash_seed()
    print(f"EXPLORER_CRASH_SEED={seed} EXPLORER_CRASH_KILLS={kills}")
    report = run_crash_kills(tmp_path / "crash", kills, seed)
    print(report)
    assert report.failures == [], f"EXPLORER_CRASH_SEED={seed}:\n" + "\n".join(report.failures[:5])
    assert report.kills == kills
    assert report.confirmed_adds > 0, "the children never saved a note: the harness is broken"
