"""A process that saves tours in a loop until the crash test kills it (tests/core/
crash_child.py tells how it talks).

Its lines: ``["intent", op, tour id or None, shape]`` just before a store call, where shape
is what the tour will look like after it (``shape`` below: its name, and each stop's title
and caption); and ``["ok", op, tour]`` with the whole tour as the store returned it
(``["ok", "remove", id]`` for remove) only after that call has returned. It creates,
renames, duplicates, removes and restores tours, and adds, moves, edits, duplicates and
removes stops, every field of a stop filled at random; with ``adds`` in its order it only
creates tours.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from explorer.core.changes import Done
from explorer.core.tours.models import VIEWS, Camera, Stop, Tour, View
from explorer.core.tours.store import TourStore
from tests.core.crash_child import say, serve

Shape = list[Any]


def shape(name: str, stops: list[Stop]) -> Shape:
    return [name, [[s.title, s.caption] for s in stops]]


def a_stop(rng: random.Random, seq: int) -> Stop:
    """A stop with every field set (or left out) at random."""
    view = cast(View, rng.choice(VIEWS))
    return Stop(
        id=f"s{rng.randrange(30):04d}",  # often taken: the store gives it a fresh id
        title=f"stop {seq} — ✓ {rng.randrange(1000)}",
        view=view,
        focus=f"concept:c{rng.randrange(40)}" if view == "local" or rng.random() < 0.5 else None,
        path=tuple(f"concept:p{rng.randrange(40)}" for _ in range(rng.randrange(4))),
        depth=rng.randint(1, 3),
        kinds=rng.choice([None, ("technique",), ("model", "theme")]),
        period=rng.choice([None, "2024", "2024-Q3"]),
        camera=rng.choice(
            [None, Camera(x=rng.uniform(-1, 1), y=rng.uniform(-1, 1), zoom=rng.uniform(0.5, 8))]
        ),
        caption=f"caption {seq}: {rng.random()}",
        evidence=rng.choice([None, "report#2.3"]),
        notes=tuple(f"note{rng.randrange(99):04d}" for _ in range(rng.randrange(3))),
        speaker_notes=rng.choice(["", f"say {seq}\nthen pause — café"]),
    )


def one_change(store: TourStore, rng: random.Random, seq: int, adds_only: bool) -> None:
    """Make one change, announced with its expected shape before and confirmed after."""
    live, trash = store.tours(), [t.tour for t in store.trash()]
    names = {t.name.casefold() for t in live}
    roll = 0.0 if adds_only else rng.random()
    tour = rng.choice(live) if live else None
    if roll < 0.2 or tour is None:
        stops = [a_stop(rng, seq) for _ in range(rng.randrange(4))]
        name = f"tour {seq}.{rng.randrange(10**9)}"  # unique across the children of a folder
        change(("create", None, shape(name, stops)), partial(store.create, name, stops))
        return
    stops = list(tour.stops)
    if roll < 0.28:
        name = f"renamed {seq}.{rng.randrange(10**9)}"
        change(("rename", tour.id, shape(name, stops)), partial(store.rename, tour.id, name))
    elif roll < 0.33 and f"{tour.name} (copy)".casefold() not in names:
        change(
            ("duplicate", tour.id, shape(f"{tour.name} (copy)", stops)),
            partial(store.duplicate, tour.id),
        )
    elif roll < 0.40:
        say("intent", "remove", tour.id, shape(tour.name, stops))
        store.remove(tour.id)
        say("ok", "remove", tour.id)
    elif roll < 0.45 and (back := [t for t in trash if t.name.casefold() not in names]):
        old = rng.choice(back)
        change(
            ("restore", old.id, shape(old.name, list(old.stops))), partial(store.restore, old.id)
        )
    elif roll < 0.65 or not stops:
        new, at = a_stop(rng, seq), rng.randrange(len(stops) + 1)
        after = [*stops[:at], new, *stops[at:]]
        change(
            ("add_stop", tour.id, shape(tour.name, after)),
            partial(store.add_stop, tour.id, new, at),
        )
    else:
        one_stop_change(store, rng, seq, tour)


def one_stop_change(store: TourStore, rng: random.Random, seq: int, tour: Tour) -> None:
    """Move, edit, duplicate or remove one stop of the tour."""
    stops = list(tour.stops)
    at = rng.randrange(len(stops))
    stop, others = stops[at], [*stops[:at], *stops[at + 1 :]]
    roll = rng.random()
    if roll < 0.3:
        to = rng.randrange(len(stops))
        after = [*others[:to], stop, *others[to:]]
        change(
            ("move_stop", tour.id, shape(tour.name, after)),
            partial(store.move_stop, tour.id, stop.id, to),
        )
    elif roll < 0.7:
        caption, camera = f"edited {seq}", Camera(x=0.5, y=-0.25, zoom=rng.uniform(1, 3))
        after = [*stops[:at], stop.model_copy(update={"caption": caption}), *stops[at + 1 :]]
        change(
            ("edit_stop", tour.id, shape(tour.name, after)),
            partial(store.edit_stop, tour.id, stop.id, caption=caption, camera=camera),
        )
    elif roll < 0.8:
        after = [*stops[: at + 1], stop, *stops[at + 1 :]]
        change(
            ("duplicate_stop", tour.id, shape(tour.name, after)),
            partial(store.duplicate_stop, tour.id, stop.id),
        )
    else:
        change(
            ("remove_stop", tour.id, shape(tour.name, others)),
            partial(store.remove_stop, tour.id, stop.id),
        )


def change(intent: tuple[str, str | None, Shape], call: Callable[[], Done[Tour]]) -> None:
    say("intent", *intent)
    tour = call().value
    say("ok", intent[0], tour.model_dump(mode="json"))


if __name__ == "__main__":
    serve(TourStore, one_change)
