"""The tour store as a user meets it: tours that come back after a restart, stops that stay in
the order given, a trash, two writers, damaged files, a full disk."""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from explorer.core.changes import Changes, Done
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.tours import Camera, Stop, Tour, ToursDamaged, TourStore
from explorer.core.workspace import Workspace
from tests.core.test_notes_faults import BEFORE_RENAME, STEPS, TARGETS, Fault, injected
from tests.core.test_notes_store import FakeClock, at_the_same_time


def reopened(data_dir: Path, clock: FakeClock | None = None) -> TourStore:
    """A new TourStore on the folder, as the next start of the app would make."""
    store = TourStore(data_dir, clock=clock or FakeClock())
    store.load()
    return store


def full_stop(n: int) -> Stop:
    """A stop with every field set."""
    return Stop(
        id=f"stop{n:04d}",
        title=f"Stop {n}: LoRA — café ✓",
        view="local",
        focus="concept:lora",
        path=("concept:lora", "concept:qlora"),
        depth=2,
        kinds=("technique", "model"),
        period="2024-Q3",
        camera=Camera(x=0.125, y=-0.5, zoom=2.5),
        caption=f"Caption {n}\nwith a second line",
        evidence="report#2.3",
        notes=("note0001", "note0002"),
        speaker_notes="Pause here.\n\nThen the chart.",
    )


def plain(title: str, stop_id: str | None = None) -> Stop:
    """A stop with a title only; its id is stop-<title> unless given."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return Stop(id=stop_id or f"stop-{slug}", title=title)


def titles(tour: Tour) -> list[str]:
    return [s.title for s in tour.stops]


def names(store: TourStore) -> list[str]:
    return [t.name for t in store.tours()]


# ---- round trips ------------------------------------------------------------------------


def test_tours_and_every_stop_field_survive_a_restart(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    talk = store.create("Conference talk", [full_stop(1), full_stop(2)]).value
    clock.advance()
    store.add_stop(talk.id, plain("Overview"), at=0)
    store.edit_stop(talk.id, "stop0002", camera=Camera(x=1.5, y=2.25, zoom=0.75), depth=3)
    other = store.create("Team sync").value
    store.remove(other.id)
    saved = store.get(talk.id)

    again = reopened(data_dir)
    assert again.tours() == [saved]
    assert again.get("conference TALK") == saved
    assert titles(saved) == ["Overview", "Stop 1: LoRA — café ✓", "Stop 2: LoRA — café ✓"]
    assert saved.stops[1] == full_stop(1), "every field of a stop comes back as it was"
    assert saved.stops[2].camera == Camera(x=1.5, y=2.25, zoom=0.75)
    assert saved.stops[2].depth == 3 and saved.stops[2].speaker_notes == full_stop(2).speaker_notes
    assert [t.tour.name for t in again.trash()] == ["Team sync"]

    ws_tours = Workspace(data_dir).tours()
    assert ws_tours.tours() == [saved], "a new workspace on the folder sees the same tours"


def test_every_change_updates_the_tour_and_keeps_when_it_was_made(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    tour = store.create("Walkthrough", [plain("One")]).value
    made = tour.created
    changes: list[Callable[[], Done[Tour]]] = [
        lambda: store.rename(tour.id, "Walk-through"),
        lambda: store.add_stop(tour.id, plain("Two")),
        lambda: store.move_stop(tour.id, "stop-two", 0),
        lambda: store.edit_stop(tour.id, "stop-one", caption="said here"),
        lambda: store.rename_stop(tour.id, "stop-one", "First"),
        lambda: store.duplicate_stop(tour.id, "stop-one"),
        lambda: store.remove_stop(tour.id, "stop-two"),
    ]
    for change in changes:
        clock.advance()
        done = change()
        after = done.value
        assert done.changes == Changes(tours=frozenset({tour.id})), "the tour, nothing else"
        assert (after.created, after.updated) == (made, clock.now)
        assert reopened(data_dir).get(tour.id) == after, "returned only once saved"


# ---- what a user expects of reorder, rename, delete, restore, duplicate -----------------


def test_stops_go_where_they_are_put(data_dir: Path) -> None:
    store = reopened(data_dir)
    tour = store.create("Order", [plain("A"), plain("B"), plain("C")]).value
    assert titles(store.add_stop(tour.id, plain("Start"), at=0).value) == ["Start", "A", "B", "C"]
    assert titles(store.add_stop(tour.id, plain("Mid"), at=2).value) == [
        "Start",
        "A",
        "Mid",
        "B",
        "C",
    ]
    assert titles(store.add_stop(tour.id, plain("End")).value) == [
        "Start",
        "A",
        "Mid",
        "B",
        "C",
        "End",
    ]
    assert titles(store.move_stop(tour.id, "stop-end", 0).value)[:2] == ["End", "Start"]
    assert titles(store.move_stop(tour.id, "stop-end", 99).value)[-1] == "End", "past the end: last"
    assert titles(store.move_stop(tour.id, "stop-a", -5).value)[0] == "A", "before the start: first"
    moved = store.move_stop(tour.id, "stop-mid", 1).value
    assert titles(moved) == ["A", "Mid", "Start", "B", "C", "End"]
    assert titles(store.remove_stop(tour.id, "stop-start").value) == ["A", "Mid", "B", "C", "End"]
    assert titles(reopened(data_dir).get(tour.id)) == ["A", "Mid", "B", "C", "End"]


def test_a_stop_added_with_a_taken_id_gets_a_fresh_one(data_dir: Path) -> None:
    store = reopened(data_dir)
    tour = store.create("Ids", [plain("A", "same"), plain("B", "same")]).value
    assert len({s.id for s in tour.stops}) == 2 and tour.stops[0].id == "same"
    after = store.add_stop(tour.id, full_stop(7).model_copy(update={"id": "same"})).value
    added = after.stops[-1]
    assert added.id != "same" and added.model_copy(update={"id": "stop0007"}) == full_stop(7)
    assert len({s.id for s in after.stops}) == 3


def test_a_duplicated_stop_comes_right_after_its_original(data_dir: Path) -> None:
    store = reopened(data_dir)
    tour = store.create("Copies", [full_stop(1), plain("Next")]).value
    after = store.duplicate_stop(tour.id, "stop0001").value
    original, copy, following = after.stops
    assert copy.id not in (original.id, following.id)
    assert copy.model_copy(update={"id": original.id}) == original
    assert following.title == "Next"


def test_names_stay_unique_whatever_their_case(data_dir: Path) -> None:
    store = reopened(data_dir)
    first = store.create("  Product   launch ").value
    assert first.name == "Product launch"
    assert store.create("product LAUNCH").value.name == "product LAUNCH (2)"
    assert store.create("Product launch").value.name == "Product launch (3)"
    other = store.create("Other").value
    assert store.rename(other.id, "PRODUCT launch").value.name == "PRODUCT launch (4)"
    assert store.rename(first.id, "product launch").value.name == "product launch", "its own name"
    with pytest.raises(ExplorerError, match="needs a name"):
        store.rename(first.id, "   ")
    long = store.create("x" * 120).value
    assert store.create("x" * 120).value.name == "x" * 116 + " (2)"
    assert store.duplicate(long.id).value.name == "x" * 113 + " (copy)"
    assert len(set(names(store))) == len(names(store))


def test_a_duplicate_is_a_copy_of_its_own(data_dir: Path) -> None:
    store = reopened(data_dir)
    tour = store.create("Keynote", [full_stop(1), full_stop(2)]).value
    copy = store.duplicate("keynote").value
    assert copy.name == "Keynote (copy)" and copy.id != tour.id
    assert not {s.id for s in copy.stops} & {s.id for s in tour.stops}
    assert [s.model_copy(update={"id": "x" * 4}) for s in copy.stops] == [
        s.model_copy(update={"id": "x" * 4}) for s in tour.stops
    ]
    store.edit_stop(copy.id, copy.stops[0].id, caption="only in the copy")
    assert reopened(data_dir).get(tour.id) == tour, "changing the copy leaves the original"
    assert store.duplicate(tour.id).value.name == "Keynote (copy) (2)"
    assert names(store) == ["Keynote", "Keynote (copy)", "Keynote (copy) (2)"]


def test_a_removed_tour_waits_in_the_trash_and_comes_back_in_its_place(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    for name in ("First", "Second", "Third"):
        store.create(name, [full_stop(1)])
        clock.advance()
    second = store.get("second")
    store.remove("Second")
    assert names(store) == ["First", "Third"]
    with pytest.raises(NotFound, match="explorer tour list"):
        store.get("Second")
    assert [t.tour for t in reopened(data_dir).trash()] == [second]
    assert store.restore("second").value == second
    assert names(reopened(data_dir)) == ["First", "Second", "Third"], "back in creation order"
    assert store.trash() == []
    with pytest.raises(NotFound, match="in the trash"):
        store.restore(second.id)


def test_a_restored_tour_whose_name_was_taken_meanwhile_is_renamed(data_dir: Path) -> None:
    store = reopened(data_dir)
    old = store.create("Demo").value
    store.remove(old.id)
    store.create("Demo")
    back = store.restore(old.id).value
    assert back.name == "Demo (2)" and back.id == old.id
    assert sorted(names(reopened(data_dir))) == ["Demo", "Demo (2)"]


def test_a_stop_edit_the_model_refuses_is_one_sentence_and_saves_nothing(data_dir: Path) -> None:
    store = reopened(data_dir)
    tour = store.create("Checked", [full_stop(1)]).value
    before = store.path.read_bytes()
    refusals: dict[str, dict[str, Any]] = {
        "a local view needs a focused node": {"focus": None},
        "Extra inputs are not permitted": {"colour": "red"},
        "less than or equal to 3": {"depth": 9},
        "greater than 0.001 (at camera.zoom)": {"camera": {"x": 0.0, "y": 0.0, "zoom": 0}},
    }
    for reason, changes in refusals.items():
        with pytest.raises(ExplorerError, match=re.escape(reason)) as caught:
            store.edit_stop(tour.id, "stop0001", **changes)
        assert len(str(caught.value).splitlines()) == 1
    with pytest.raises(ExplorerError, match="keeps its id"):
        store.edit_stop(tour.id, "stop0001", id="other")
    with pytest.raises(NotFound, match="has no stop 'nope'"):
        store.edit_stop(tour.id, "nope", title="x")
    with pytest.raises(NotFound, match="explorer tour list"):
        store.add_stop("no such tour", plain("x"))
    assert store.path.read_bytes() == before
    assert store.get(tour.id) == tour


# ---- two writers ------------------------------------------------------------------------


def test_a_stale_store_never_erases_the_other_stores_change(data_dir: Path) -> None:
    window, command_line = reopened(data_dir), reopened(data_dir)
    talk = window.create("Talk", [plain("A")]).value
    command_line.create("Sync")  # had not seen Talk
    command_line.add_stop(talk.id, plain("B"))  # found by id in the newest file
    window.rename(talk.id, "Talk, final")  # window's copy still had only stop A
    window.edit_stop(talk.id, "stop-a", caption="from the window")
    command_line.move_stop(talk.id, "stop-b", 0)
    final = reopened(data_dir)
    assert sorted(names(final)) == ["Sync", "Talk, final"]
    assert titles(final.get(talk.id)) == ["B", "A"]
    assert final.get(talk.id).stops[1].caption == "from the window"


def test_two_stores_adding_stops_at_the_same_time_lose_none(data_dir: Path) -> None:
    window, command_line = reopened(data_dir), reopened(data_dir)
    tour = window.create("Busy").value

    def write(store: TourStore, label: str) -> None:
        for i in range(20):
            store.add_stop(tour.id, plain(f"{label} {i}", f"{label}-{i:04d}"))

    errors = at_the_same_time(partial(write, window, "window"), partial(write, command_line, "cli"))
    assert errors == []
    final = titles(reopened(data_dir).get(tour.id))
    assert sorted(final) == sorted(f"{who} {i}" for who in ("window", "cli") for i in range(20))
    for who in ("window", "cli"):  # each writer's stops in the order it added them
        assert [t for t in final if t.startswith(who)] == [f"{who} {i}" for i in range(20)]


# ---- damaged, missing and newer files ---------------------------------------------------


def with_history(data_dir: Path) -> tuple[TourStore, FakeClock]:
    """Two tours saved at different times, so there are backups to recover from."""
    clock = FakeClock()
    store = reopened(data_dir, clock)
    store.create("Alpha", [full_stop(1)])
    clock.advance()
    store.create("Beta", [full_stop(2), plain("End")])
    clock.advance()
    return store, clock


def no_focus(raw: bytes) -> bytes:
    """Valid JSON that the model refuses: a local view with no focus."""
    data = json.loads(raw)
    data["tours"][1]["stops"][0]["focus"] = None
    return json.dumps(data).encode()


DAMAGE: dict[str, tuple[Callable[[Path], object], str]] = {
    "torn by a crash": (lambda p: p.write_bytes(p.read_bytes()[:-60]), "not valid JSON"),
    "not JSON": (lambda p: p.write_bytes(b"\x00garbage"), "not valid JSON"),
    "local view without focus": (
        lambda p: p.write_bytes(no_focus(p.read_bytes())),
        "a local view needs a focused node at tours.1.stops.0",
    ),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_tours_file_is_kept_refused_and_recovered(data_dir: Path, kind: str) -> None:
    store, clock = with_history(data_dir)
    good = store.shelf.all()[0][1]
    saved = store.tours()
    original = store.path.read_bytes()
    damage, why = DAMAGE[kind]
    damage(store.path)
    damaged = None if store.path.is_dir() else store.path.read_bytes()

    fresh = TourStore(data_dir, clock=clock)
    with pytest.raises(ToursDamaged) as caught:
        fresh.load()
    error, message = caught.value, str(caught.value)
    assert why in error.reason and str(store.path) in message and "\n" not in message
    assert error.kept.parent == data_dir / "recovery" and str(error.kept) in message
    assert error.backup == good and "`explorer tour recover`" in message
    kept = error.kept.read_bytes() if error.kept.is_file() else None
    assert kept == damaged, "the damaged file is kept as it was"

    attempts: list[Callable[[], object]] = [
        lambda: fresh.create("Lost?"),
        lambda: store.create("Lost?"),  # a window still holding the tours
        lambda: store.rename(saved[0].id, "Lost?"),
        lambda: store.add_stop(saved[0].id, plain("Lost?")),
        lambda: store.remove(saved[1].id),
    ]
    for attempt in attempts:
        with pytest.raises(ToursDamaged) as refused:
            attempt()
        assert "\n" not in str(refused.value) and "explorer tour recover" in str(refused.value)
        if damaged is not None:
            assert store.path.read_bytes() == damaged, "never written over"
    assert len(list((data_dir / "recovery").iterdir())) == 1, "kept once"

    assert fresh.recover().value == good
    assert fresh.tours() == saved and reopened(data_dir).tours() == saved
    assert store.path.read_bytes() == original
    fresh.create("Gamma")
    assert names(reopened(data_dir)) == ["Alpha", "Beta", "Gamma"]
    if kept is not None:
        assert error.kept.read_bytes() == kept


def test_a_folder_in_place_of_the_tours_file_is_moved_aside_and_the_backup_stands_in(
    data_dir: Path,
) -> None:
    """A folder holds nothing of ours: it is moved to recovery/ (never deleted), said once,
    and the newest backup, which is the tours as last saved, stands in."""
    store, clock = with_history(data_dir)
    saved = store.tours()
    store.path.unlink()
    store.path.mkdir()
    (store.path / "inside.txt").write_text("someone's file")
    fresh = TourStore(data_dir, clock=clock)
    with pytest.raises(ToursDamaged) as caught:
        fresh.load()
    message = str(caught.value)
    assert "not a file" in message and "explorer tour recover" in message and "\n" not in message
    assert caught.value.kept.parent == data_dir / "recovery"
    assert (caught.value.kept / "inside.txt").read_text() == "someone's file"
    again = reopened(data_dir)
    assert again.tours() == saved and any("was missing" in w for w in again.warnings)
    newest = store.shelf.newest_good()
    assert newest is not None and fresh.recover().value == newest
    assert reopened(data_dir).tours() == saved and store.path.is_file()


def test_recover_can_start_empty_or_take_a_named_backup(data_dir: Path) -> None:
    store, _ = with_history(data_dir)
    only_alpha = store.shelf.all()[1][1]
    with pytest.raises(ExplorerError, match="nothing to recover"):
        store.recover()
    assert store.recover(backup=only_alpha).value == only_alpha  # a healthy file: a named backup
    assert names(reopened(data_dir)) == ["Alpha"]
    assert store.shelf.all()[1][1].read_bytes() != only_alpha.read_bytes(), "Beta kept"
    store.path.write_bytes(b"{")
    with pytest.raises(ToursDamaged):
        store.load()
    assert store.recover(empty=True).value is None
    assert reopened(data_dir).tours() == [] and store.tours() == []


def test_a_missing_tours_file_is_not_an_empty_one(data_dir: Path) -> None:
    store, _ = with_history(data_dir)
    saved = store.tours()
    store.path.unlink()
    ws = Workspace(data_dir)
    stand_in = ws.tours()
    assert stand_in.tours() == saved
    assert any("tours file" in w and "2 tours" in w for w in ws.warnings)
    stand_in.create("Gamma")
    assert store.path.is_file()
    assert names(reopened(data_dir)) == ["Alpha", "Beta", "Gamma"]


def test_temp_files_of_killed_tour_writes_are_swept(data_dir: Path) -> None:
    store = reopened(data_dir)
    store.create("One")
    stale = store.folder / ".tours.json.k1ll3d.tmp"
    stale.write_bytes(b'{"tours": [')
    store.create("Two")
    assert not stale.exists()
    assert names(reopened(data_dir)) == ["One", "Two"]


# ---- a full disk ------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=["tours file", "backup"])
@pytest.mark.parametrize("step", STEPS)
def test_a_full_disk_refuses_the_change_in_one_sentence_and_loses_nothing(
    data_dir: Path, step: str, target: str
) -> None:
    """The backup is written before the file: its failures refuse the change. Once the file
    is renamed, only a failed fsync of its folder is told (a failed open of a folder
    cannot be fsynced, and some systems cannot: that is no error)."""
    store, clock = with_history(data_dir)
    alpha = store.get("Alpha")
    before, before_bytes = store.tours(), store.path.read_bytes()
    backups = {p for _, p in store.shelf.all()}
    fault = Fault(step, target, errno.ENOSPC)
    error: OSError | None = None
    with injected(fault, data_dir, "tours"):
        try:
            store.add_stop(alpha.id, plain("Delta"), at=0)
        except OSError as exc:
            error = exc
    assert fault.hits == 1
    assert not list(data_dir.rglob("*.tmp")), "no temp file left behind"
    on_disk = reopened(data_dir).tours()
    refused = step in BEFORE_RENAME or (step, target) == ("fsync folder", "backup")
    if error is not None:
        assert error.errno == errno.ENOSPC and isinstance(error, ExplorerError)
        assert "\n" not in str(error) and "No space left on device" in str(error)
    if refused:
        assert error is not None and "could not be saved" in str(error)
        assert "nothing was changed" in str(error)
        assert store.path.read_bytes() == before_bytes and on_disk == before
        assert store.tours() == before
        assert {p for _, p in store.shelf.all()} == backups, "no backup of a failed write"
    else:  # the rename is done: the new tours, and the newest backup holds them
        if step == "fsync folder":
            assert error is not None and "were saved" in str(error)
        else:
            assert error is None
        assert titles(on_disk[0]) == ["Delta", *titles(alpha)]
        assert store.shelf.all()[0][1].read_bytes() == store.path.read_bytes()

    clock.advance()
    assert titles(store.add_stop(alpha.id, plain("Echo")).value)[-1] == "Echo", "well again: saved"
    assert titles(reopened(data_dir).get(alpha.id))[-1] == "Echo"
