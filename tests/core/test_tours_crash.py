"""Kill a process while it saves tours: every tour it confirmed is there, stop for stop and
field for field, and the file loads.

A child (tours_crash_child.py) creates, renames, duplicates, removes and restores tours and
adds, moves, edits, duplicates and removes their stops in a loop, printing each change (the
whole tour as saved) only after the store call returned. The parent kills it with SIGKILL at
a random moment (the harness of crash_kills.py), then loads the tours file and checks it
against the confirmed changes: all of them are on disk, and the one in flight at the kill is
either wholly there (the tour has the shape the child announced) or not at all.

``EXPLORER_CRASH_KILLS`` sets the number of kills (200 by default), ``EXPLORER_CRASH_SEED``
replays a run; the seed is printed, and named in any failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.tours import TourStore
from tests.core.crash_kills import Subject, crash_seed, run_kills

CHILD = Path(__file__).with_name("tours_crash_child.py")
Tours = dict[str, dict[str, Any]]
"""Tours by id, each as JSON (``Tour.model_dump(mode="json")``)."""


def shape(tour: dict[str, Any]) -> list[Any]:
    """What the child announces of a tour before a change: its name, stop titles, captions."""
    return [tour["name"], [[s["title"], s["caption"]] for s in tour["stops"]]]


@dataclass
class Model:
    """The tours the children confirmed: live ones and the trash."""

    live: Tours = field(default_factory=dict)
    trash: Tours = field(default_factory=dict)

    def apply(self, line: list[Any]) -> None:
        op = line[1]
        if op == "remove":
            self.trash[line[2]] = self.live.pop(line[2])
            return
        tour = line[2]
        if op == "restore":
            self.trash.pop(tour["id"])
        self.live[tour["id"]] = tour

    def applied(self, intent: list[Any], disk: Model) -> Model | None:
        """This model with the in-flight change done as the disk has it, if the changed tour
        has the shape the child announced; None if the disk cannot be that."""
        op, tour_id, announced = intent[1:4]
        after = Model(dict(self.live), dict(self.trash))
        if op in ("create", "duplicate"):
            new = set(disk.live) - set(self.live) - set(self.trash)
            if len(new) != 1:
                return None
            tour_id = new.pop()
        elif op == "remove":
            if tour_id not in after.live:
                return None
            after.trash[tour_id] = after.live.pop(tour_id)
            return after
        elif op == "restore":
            if after.trash.pop(tour_id, None) is None:
                return None
        elif tour_id not in after.live:
            return None
        if tour_id not in disk.live or shape(disk.live[tour_id]) != announced:
            return None
        after.live[tour_id] = disk.live[tour_id]
        return after


def on_disk(data: Path) -> tuple[Model, int]:
    """The tours file as the app would load it; ToursDamaged if it cannot."""
    store = TourStore(data)
    store.load()
    tours, trash = store.tours(), store.trash()
    model = Model(
        {t.id: t.model_dump(mode="json") for t in tours},
        {t.tour.id: t.tour.model_dump(mode="json") for t in trash},
    )
    return model, len(tours) + len(trash) - len(model.live) - len(model.trash)


TOURS = Subject(CHILD, TourStore, Model, on_disk)


def test_killing_a_process_saving_tours_never_loses_a_confirmed_tour(tmp_path: Path) -> None:
    kills = int(os.environ.get("EXPLORER_CRASH_KILLS", "200"))
    seed = crash_seed()
    print(f"EXPLORER_CRASH_SEED={seed} EXPLORER_CRASH_KILLS={kills}")
    report = run_kills(TOURS, tmp_path / "crash", kills, seed)
    print(report)
    assert report.failures == [], f"EXPLORER_CRASH_SEED={seed}:\n" + "\n".join(report.failures[:5])
    assert report.kills == kills
    assert report.confirmed_adds > 0, "the children never saved a tour: the harness is broken"
    assert report.confirmed_changes > report.confirmed_adds, "only creates: no edit was tried"
