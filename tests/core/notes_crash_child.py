"""A process that saves notes in a loop until the crash test kills it.

It speaks one JSON list per line on stdout, flushed at once:

- ``["imported"]`` when its imports are done; it then reads one JSON order from stdin:
  ``{"data": folder, "seed": int, "origin": float | null, "adds": int | null}``;
- ``["ready"]`` once the notes are loaded;
- ``["intent", op, ...]`` just before a store call, and ``["ok", op, id, body, tags]``
  (``["ok", op, id]`` for remove and restore) only after that call has returned, that is,
  once the change is saved.

With ``origin`` the clock runs 10,000 times faster from that moment, so backups fall due
every few changes and get thinned. With ``adds`` it makes that many notes and exits;
otherwise it adds, edits, removes and restores until it is killed. It imports only the note
store, so it starts fast.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from explorer.core.notes.models import ReportTarget
from explorer.core.notes.store import NoteStore, utc_now

SPEED = 10_000
EPOCH = dt.datetime(2025, 1, 6, tzinfo=dt.UTC)


def say(*fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def fast_clock(origin: float) -> Callable[[], dt.datetime]:
    def now() -> dt.datetime:
        return EPOCH + dt.timedelta(seconds=(time.time() - origin) * SPEED)

    return now


def one_change(store: NoteStore, rng: random.Random, seq: int, adds_only: bool) -> None:
    """Make one change, announced before and confirmed after."""
    body = f"note {seq} — café ✓\nsecond line {rng.random()}"
    tags = [f"t{seq % 5}"]
    live = [n.id for n in store.notes()]
    trashed = [t.note.id for t in store.trash()]
    roll = 0.0 if adds_only else rng.random()
    if roll < 0.65 or not live:
        say("intent", "add", body, tags)
        note = store.add(ReportTarget(report="crash"), body, tags)
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


def main() -> None:
    say("imported")
    order = json.loads(sys.stdin.readline())
    origin = order.get("origin")
    store = NoteStore(Path(order["data"]), clock=fast_clock(origin) if origin else utc_now)
    store.load()
    rng = random.Random(order["seed"])
    adds = order.get("adds")
    say("ready")
    for seq in itertools.count() if adds is None else range(adds):
        one_change(store, rng, seq, adds_only=adds is not None)


if __name__ == "__main__":
    main()
