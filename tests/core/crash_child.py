"""The shared half of a crash child: a process that saves a user file (the notes, the tours)
in a loop until the crash test kills it.

It speaks one JSON list per line on stdout, flushed at once:

- ``["imported"]`` when its imports are done; it then reads one JSON order from stdin:
  ``{"data": folder, "seed": int, "origin": float | null, "adds": int | null}``;
- ``["ready"]`` once the file is loaded;
- then whatever its ``one_change`` says: ``["intent", op, ...]`` just before a store call
  and ``["ok", op, ...]`` only after that call has returned, that is, once the change is
  saved.

With ``origin`` the clock runs 10,000 times faster from that moment, so backups fall due
every few changes and get thinned. With ``adds`` it makes that many additions and exits;
otherwise it changes the file until it is killed. It imports only the store, so it starts
fast.
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
from typing import Any, TypeVar

from explorer.core.userfile import UserFile, utc_now

SPEED = 10_000
EPOCH = dt.datetime(2025, 1, 6, tzinfo=dt.UTC)
Clock = Callable[[], dt.datetime]
Store = TypeVar("Store", bound=UserFile[Any])


def say(*fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def fast_clock(origin: float) -> Clock:
    def now() -> dt.datetime:
        return EPOCH + dt.timedelta(seconds=(time.time() - origin) * SPEED)

    return now


def serve(
    open_store: Callable[[Path, Clock], Store],
    one_change: Callable[[Store, random.Random, int, bool], None],
) -> None:
    """Take the order, open the store, and make changes: ``one_change(store, rng, seq,
    adds_only)`` makes one, announced before and confirmed after."""
    say("imported")
    order = json.loads(sys.stdin.readline())
    origin = order.get("origin")
    store = open_store(Path(order["data"]), fast_clock(origin) if origin else utc_now)
    store.load()
    rng = random.Random(order["seed"])
    adds = order.get("adds")
    say("ready")
    for seq in itertools.count() if adds is None else range(adds):
        one_change(store, rng, seq, adds is not None)
