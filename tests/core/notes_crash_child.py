"""A process that saves notes in a loop until the crash test kills it (tests/core/
crash_child.py tells how it talks).

Its lines: ``["intent", op, ...]`` just before a store call, and ``["ok", op, id, body,
tags]`` (``["ok", op, id]`` for remove and restore) only after that call has returned. It
adds, edits, removes and restores notes; with ``adds`` in its order it only adds.
"""

from __future__ import annotations

import random

from explorer.core.notes.models import ReportTarget
from explorer.core.notes.store import NoteStore
from tests.core.crash_child import say, serve


def one_change(store: NoteStore, rng: random.Random, seq: int, adds_only: bool) -> None:
    """Make one change, announced before and confirmed after."""
    body = f"note {seq} — café ✓\nsecond line {rng.random()}"
    tags = [f"t{seq % 5}"]
    live = [n.id for n in store.notes()]
    trashed = [t.note.id for t in store.trash()]
    roll = 0.0 if adds_only else rng.random()
    if roll < 0.65 or not live:
        say("intent", "add", body, tags)
        note = store.add(ReportTarget(report="crash"), body, tags).value
        say("ok", "add", note.id, body, tags)
    elif roll < 0.85:
        note_id = rng.choice(live)
        say("intent", "edit", note_id, body, tags)
        store.edit(note_id, body=body, tags=tags)
        say("ok", "edit", note_id, body, tags)
    elif roll < 0.95 or not trashed:
        note_id = rng.choice(live)
        say("intent", "remove", note_id)
        store.remove(note_id)
        say("ok", "remove", note_id)
    else:
        note_id = rng.choice(trashed)
        say("intent", "restore", note_id)
        store.restore(note_id)
        say("ok", "restore", note_id)


if __name__ == "__main__":
    serve(NoteStore, one_change)
