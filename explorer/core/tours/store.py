"""The tour store: tours/tours.json in a data folder, a user file (``core.userfile``) like the
notes: every change one locked read–change–write of the newest file, written atomically and
backed up; a damaged file kept in ``recovery/`` and never written over until the user
recovers (``explorer tour recover``).

A tour is found by its id or its name (any case). Names stay unique: a name already taken
gets " (2)", " (3)"…. A stop's id is unique in its tour: a stop added with a taken id gets a
fresh one. Deleting moves a tour to the trash, from which it can be restored.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from explorer.core.changes import Changes, Done
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.ids import names_report
from explorer.core.tours.models import TOURS_SCHEMA, Stop, Tour, ToursFile, TrashedTour
from explorer.core.userfile import (
    Clock,
    FileDamaged,
    FileKind,
    UserFile,
    Wording,
    new_id,
    parse_versioned,
    utc_now,
    validated,
)

NAME_LIMIT = 120
"""The longest tour name (Tour.name's limit): a suffix that makes a name unique fits in it."""
T = TypeVar("T", bound=BaseModel)
Change = Callable[[Tour, ToursFile], dict[str, Any]]


class ToursDamaged(FileDamaged):
    """tours.json could not be read; it was kept, and nothing will be written over it."""

    wording = Wording("tours", "tour", "explorer tour recover")


def parse_tours_file(raw: bytes) -> tuple[ToursFile, bool]:
    """Validate the bytes of a tours file; raises ValueError with a reason."""
    return parse_versioned(raw, ToursFile, TOURS_SCHEMA, "tours")


TOURS = FileKind(
    ToursDamaged,
    parse_tours_file,
    ToursFile,
    lambda data: len(data.tours),
    Changes(all_tours=True),
)


class TourStore(UserFile[ToursFile]):
    """tours/tours.json in a data folder, with its backups, trash and recovery copies.

    Every change returns the tour as saved (``updated`` set to now), once it is on disk,
    with its id as the tour changed."""

    def __init__(self, data_folder: Path, clock: Clock = utc_now) -> None:
        super().__init__(data_folder / "tours", data_folder / "recovery", TOURS, clock)

    def tours(self) -> list[Tour]:
        """The tours, oldest first."""
        return sorted(self._data.tours, key=lambda t: t.created)

    def trash(self) -> list[TrashedTour]:
        return list(self._data.trash)

    def any_stop_at(self, report_id: str) -> bool:
        """Whether a stop of a tour, kept or in the trash, shows this report or a part of it
        (focused, on its path, quoted, or its period)."""
        tours = [*self._data.tours, *(t.tour for t in self._data.trash)]
        return any(_at_report(stop, report_id) for tour in tours for stop in tour.stops)

    def get(self, ref: str) -> Tour:
        """A tour by its id or its name (any case)."""
        return self._data.tours[_index(self._data.tours, ref)]

    # ---- tours -----------------------------------------------------------------------

    def create(self, name: str, stops: Iterable[Stop] = ()) -> Done[Tour]:
        """A new tour (its name made unique), saved."""
        now = self.clock()
        with self._changing() as data:
            tour = _valid(
                Tour,
                {
                    "id": new_id(),
                    "name": _unique_name(name, data.tours),
                    "created": now,
                    "updated": now,
                    "stops": _with_fresh_ids(stops, ()),
                },
            )
            data.tours.append(tour)
        return _done(tour)

    def rename(self, ref: str, name: str) -> Done[Tour]:
        return self._change(
            ref, lambda old, data: {"name": _unique_name(name, _others(data.tours, old))}
        )

    def duplicate(self, ref: str) -> Done[Tour]:
        """A copy named "<name> (copy)", its stops with new ids, saved after the original."""
        now = self.clock()
        with self._changing() as data:
            old = data.tours[_index(data.tours, ref)]
            copy = _valid(
                Tour,
                {
                    "id": new_id(),
                    "name": _unique_name(old.name, data.tours, tag=" (copy)"),
                    "created": now,
                    "updated": now,
                    "stops": [s.model_copy(update={"id": new_id()}) for s in old.stops],
                },
            )
            data.tours.append(copy)
        return _done(copy)

    def remove(self, ref: str) -> Done[Tour]:
        """Move a tour to the trash."""
        with self._changing() as data:
            tour = data.tours.pop(_index(data.tours, ref))
            data.trash.append(TrashedTour(tour=tour, deleted=self.clock()))
        return _done(tour)

    def restore(self, ref: str) -> Done[Tour]:
        """Bring a tour back from the trash (renamed if its name was taken meanwhile)."""
        with self._changing() as data:
            trashed = [t.tour for t in data.trash]
            where = _index(trashed, ref, f"There is no tour {ref!r} in the trash.")
            tour = data.trash.pop(where).tour
            name = _unique_name(tour.name, data.tours)
            if name != tour.name:
                tour = tour.model_copy(update={"name": name})
            data.tours.append(tour)
        return _done(tour)

    # ---- stops -----------------------------------------------------------------------

    def add_stop(self, ref: str, stop: Stop, at: int | None = None) -> Done[Tour]:
        """Insert a stop before position ``at`` (None: at the end)."""

        def change(old: Tour, _data: ToursFile) -> dict[str, Any]:
            stops = list(old.stops)
            fresh = _with_fresh_ids([stop], old.stops)[0]
            stops.insert(len(stops) if at is None else _clamp(at, len(stops)), fresh)
            return {"stops": stops}

        return self._change(ref, change)

    def move_stop(self, ref: str, stop_id: str, to_index: int) -> Done[Tour]:
        """Move a stop so that it ends at position ``to_index`` (kept within the tour)."""

        def change(old: Tour, _data: ToursFile) -> dict[str, Any]:
            stops = list(old.stops)
            stop = stops.pop(_stop_index(old, stop_id))
            stops.insert(_clamp(to_index, len(stops)), stop)
            return {"stops": stops}

        return self._change(ref, change)

    def remove_stop(self, ref: str, stop_id: str) -> Done[Tour]:
        def change(old: Tour, _data: ToursFile) -> dict[str, Any]:
            gone = _stop_index(old, stop_id)
            return {"stops": [s for i, s in enumerate(old.stops) if i != gone]}

        return self._change(ref, change)

    def duplicate_stop(self, ref: str, stop_id: str) -> Done[Tour]:
        """A copy of a stop, with a new id, right after it."""

        def change(old: Tour, _data: ToursFile) -> dict[str, Any]:
            stops = list(old.stops)
            at = _stop_index(old, stop_id)
            stops.insert(at + 1, stops[at].model_copy(update={"id": new_id()}))
            return {"stops": stops}

        return self._change(ref, change)

    def edit_stop(self, ref: str, stop_id: str, **changes: Any) -> Done[Tour]:
        """Change some fields of a stop (title, view, focus, camera…), checked by the model;
        its id stays."""
        if "id" in changes:
            raise ExplorerError("A stop keeps its id; edit its other fields.")

        def change(old: Tour, _data: ToursFile) -> dict[str, Any]:
            stops = list(old.stops)
            at = _stop_index(old, stop_id)
            stops[at] = _valid(Stop, {**dict(stops[at]), **changes})
            return {"stops": stops}

        return self._change(ref, change)

    def rename_stop(self, ref: str, stop_id: str, title: str) -> Done[Tour]:
        return self.edit_stop(ref, stop_id, title=title)

    def _change(self, ref: str, change: Change) -> Done[Tour]:
        """One locked change of one tour, as it is on disk now; ``updated`` is set."""
        with self._changing() as data:
            at = _index(data.tours, ref)
            old = data.tours[at]
            new = _valid(Tour, {**dict(old), **change(old, data), "updated": self.clock()})
            data.tours[at] = new
        return _done(new)


def _done(tour: Tour) -> Done[Tour]:
    """A change of one tour, as saved."""
    return Done(tour, Changes(tours=frozenset({tour.id})))


def _index(tours: Sequence[Tour], ref: str, missing: str = "") -> int:
    """Where the tour with this id, or else this name (any case), is."""
    for i, tour in enumerate(tours):
        if tour.id == ref:
            return i
    wanted = " ".join(ref.split()).casefold()
    for i, tour in enumerate(tours):
        if tour.name.casefold() == wanted:
            return i
    raise NotFound(missing or f"There is no tour {ref!r}; `explorer tour list` shows them.")


def _stop_index(tour: Tour, stop_id: str) -> int:
    for i, stop in enumerate(tour.stops):
        if stop.id == stop_id:
            return i
    raise NotFound(f"The tour {tour.name!r} has no stop {stop_id!r}.")


def _others(tours: Iterable[Tour], tour: Tour) -> list[Tour]:
    return [t for t in tours if t.id != tour.id]


def _unique_name(wanted: str, others: Iterable[Tour], tag: str = "") -> str:
    """``wanted`` on one line, plus ``tag``, plus " (2)", " (3)"… until no other tour has it
    (in any case); shortened to fit NAME_LIMIT with its suffix."""
    base = " ".join(wanted.split())
    if not base:
        raise ExplorerError("A tour needs a name; give it a few words.")
    taken = {t.name.casefold() for t in others}
    for n in itertools.count(1):
        suffix = tag + (f" ({n})" if n > 1 else "")
        name = base[: NAME_LIMIT - len(suffix)].rstrip() + suffix
        if name.casefold() not in taken:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def _with_fresh_ids(stops: Iterable[Stop], beside: Iterable[Stop]) -> list[Stop]:
    """The stops, each whose id is taken (by ``beside`` or an earlier one) with a new id."""
    taken = {s.id for s in beside}
    fresh = []
    for stop in stops:
        if stop.id in taken:
            stop = stop.model_copy(update={"id": new_id()})
        taken.add(stop.id)
        fresh.append(stop)
    return fresh


def _clamp(index: int, length: int) -> int:
    return max(0, min(index, length))


def _valid(model: type[T], values: dict[str, Any]) -> T:
    return validated(model, values, "The tour was not saved")


def _at_report(stop: Stop, report_id: str) -> bool:
    refs = [stop.focus, *stop.path, stop.evidence, stop.period]
    return any(ref is not None and names_report(ref, report_id) for ref in refs)
