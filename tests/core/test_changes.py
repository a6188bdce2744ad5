"""Every operation tells what it changed, finely enough to refresh only what shows it: the
records here come from real calls on a real data folder, never made by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.changes import NOTHING, Changes
from explorer.core.notes import NotesDamaged, ReportTarget
from explorer.core.notes.anchoring import target_for
from explorer.core.notes.models import PassageTarget
from explorer.core.tours import Stop
from explorer.core.workspace import Workspace

TEXT = """# Field notes

## Otters
Sea otters hold hands while they sleep so that they do not drift apart.

## Beavers
Beavers build dams from branches, mud and stones across slow streams.
"""
SEED_ID = "ai-llm-advancements-2024"


def ids(*names: str) -> frozenset[str]:
    return frozenset(names)


@pytest.fixture
def ws(data_dir: Path, tmp_path: Path) -> Workspace:
    doc = tmp_path / "field.md"
    doc.write_text(TEXT)
    ws = Workspace(data_dir)
    ws.add([doc])
    return ws


def passage_target(ws: Workspace, words: str) -> PassageTarget:
    report = ws.report("field")
    start = report.text.index(words)
    return target_for(report, start, start + len(words))


# ---- the library --------------------------------------------------------------------


def test_adding_names_the_reports_it_added_and_nothing_else(data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    for name in ("otters", "beavers"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\nAbout {name}.\n")
    done = ws.add([tmp_path / "otters.md", tmp_path / "beavers.md"])
    assert done.changes == Changes(reports=ids("otters", "beavers", SEED_ID))  # the sample left
    assert done.changes.text_changed and not done.changes.notes_changed
    assert [e.id for e in done.value.added] == ["otters", "beavers"]
    again = ws.add([tmp_path / "otters.md"])
    assert again.value.unchanged == ["otters"] and again.changes == NOTHING
    assert not again.changes.any, "an unchanged report added again changes nothing"


def test_an_update_names_the_report_and_the_notes_its_new_text_moved(
    ws: Workspace, tmp_path: Path
) -> None:
    moved = ws.notes().add(passage_target(ws, "build dams")).value
    still = ws.notes().add(ReportTarget(report=SEED_ID), body="elsewhere").value
    doc = tmp_path / "field.md"
    doc.write_text(TEXT.replace("## Otters", "## Intro\nA new opening paragraph.\n\n## Otters"))
    done = ws.add([doc])
    assert done.value.reanchored == 1
    assert done.changes == Changes(reports=ids("field"), notes=ids(moved.id))
    assert still.id not in done.changes.notes


def test_setting_a_date_is_a_date_change_not_a_text_change(ws: Workspace) -> None:
    done = ws.set_date("field", "2024-03")
    assert done.value.user_date == "2024-03-01"
    assert done.changes == Changes(dates=ids("field"))
    assert done.changes.library_changed and not done.changes.text_changed


def test_removing_names_the_report_removed(ws: Workspace) -> None:
    done = ws.remove("field")
    assert done.value.id == "field"
    assert done.changes == Changes(reports=ids("field"))
    assert done.changes.text_changed


def test_recovering_the_library_replaces_every_report(ws: Workspace) -> None:
    backup = ws.library.shelf.newest_good()
    assert backup is not None
    done = ws.recover_library(backup)
    assert done.value == backup
    assert done.changes == Changes(all_reports=True)
    assert done.changes.text_changed and done.changes.library_changed


# ---- notes ----------------------------------------------------------------------------


def test_a_note_made_trashed_and_restored_is_named_each_time(ws: Workspace) -> None:
    notes = ws.notes()
    made = notes.add(passage_target(ws, "hold hands"), body="cute")
    note = made.value
    assert made.changes == Changes(notes=ids(note.id))
    assert notes.remove(note.id).changes == Changes(notes=ids(note.id))
    assert notes.restore(note.id).changes == Changes(notes=ids(note.id))


def test_a_body_edit_is_not_a_move_and_a_move_is_not_a_body_edit(ws: Workspace) -> None:
    notes = ws.notes()
    note = notes.add(passage_target(ws, "hold hands"), body="cute").value
    reworded = notes.edit(note.id, body="very cute")
    assert reworded.value.body == "very cute"
    assert reworded.changes == Changes(note_bodies=ids(note.id))
    assert not reworded.changes.notes_changed, "a body edit does not move a note"
    tagged = notes.edit(note.id, tags=["animals"])
    assert tagged.changes == Changes(note_bodies=ids(note.id))
    moved = notes.edit(note.id, target=passage_target(ws, "build dams"))
    assert moved.changes == Changes(notes=ids(note.id))
    assert not moved.changes.note_bodies
    same_place = notes.edit(note.id, body="dams", target=moved.value.target)
    assert same_place.changes == Changes(note_bodies=ids(note.id)), "the target did not change"


def test_importing_names_the_notes_imported(ws: Workspace) -> None:
    notes = ws.notes()
    first = notes.add(ReportTarget(report="field"), body="one").value
    second = notes.add(ReportTarget(report="field"), body="two").value
    notes.remove(second.id)
    done = notes.import_notes([first, second])
    assert done.value == (1, 1)
    assert done.changes == Changes(notes=ids(first.id, second.id))


def test_reanchoring_names_only_the_notes_it_moved(ws: Workspace, tmp_path: Path) -> None:
    notes = ws.notes()
    dams = notes.add(passage_target(ws, "build dams")).value
    whole = notes.add(ReportTarget(report="field")).value
    doc = tmp_path / "field.md"
    doc.write_text(TEXT.replace("## Otters", "## Intro\nMore first.\n\n## Otters"))
    from explorer.core.reports import parse_file

    done = notes.reanchor(parse_file(doc, "field"))
    assert done.value == (1, 0)
    assert done.changes == Changes(notes=ids(dams.id))
    assert whole.id not in done.changes.notes


def test_recovering_notes_replaces_them_all(ws: Workspace, data_dir: Path) -> None:
    ws.notes().add(ReportTarget(report="field"), body="kept")
    (data_dir / "notes" / "notes.json").write_text("{broken")
    with pytest.raises(NotesDamaged):
        ws.notes().load()
    done = ws.notes().recover()
    assert done.value is not None
    assert done.changes == Changes(all_notes=True)
    assert done.changes.notes_changed


def test_the_door_recovers_damaged_notes_and_reads_them_again(
    ws: Workspace, data_dir: Path
) -> None:
    """What the window's "restore the notes backup?" runs: one operation of the Workspace."""
    kept = ws.notes().add(ReportTarget(report="field"), body="kept").value
    (data_dir / "notes" / "notes.json").write_text("{broken")
    ws.forget_notes()
    with pytest.raises(NotesDamaged):
        ws.notes()
    done = ws.recover_notes()
    assert done.changes == Changes(all_notes=True) and done.value is not None
    assert [n.id for n in ws.notes().notes()] == [kept.id]  # read anew, not the damaged one
    assert any(p.read_text() == "{broken" for p in (data_dir / "recovery").iterdir())


# ---- tours ----------------------------------------------------------------------------


def test_every_tour_operation_names_the_tour_it_changed(ws: Workspace) -> None:
    tours = ws.tours()
    made = tours.create("Walk", [Stop(id="stop-one", title="One", view="graph")])
    tour = made.value
    assert made.changes == Changes(tours=ids(tour.id))
    copy = tours.duplicate(tour.id)
    assert copy.changes == Changes(tours=ids(copy.value.id)) and copy.value.id != tour.id
    for done in (
        tours.rename(tour.id, "Stroll"),
        tours.add_stop(tour.id, Stop(id="stop-two", title="Two", view="graph")),
        tours.move_stop(tour.id, "stop-two", 0),
        tours.rename_stop(tour.id, "stop-two", "Second"),
        tours.edit_stop(tour.id, "stop-two", caption="said"),
        tours.duplicate_stop(tour.id, "stop-two"),
        tours.remove_stop(tour.id, "stop-two"),
        tours.remove(tour.id),
        tours.restore(tour.id),
    ):
        assert done.changes == Changes(tours=ids(tour.id))
        assert done.value.id == tour.id


def test_recovering_tours_replaces_them_all(ws: Workspace, data_dir: Path) -> None:
    ws.tours().create("Walk")
    path = data_dir / "tours" / "tours.json"
    path.write_text(json.dumps({"schema_version": 1, "tours": "not a list"}))
    done = ws.tours().recover()
    assert done.changes == Changes(all_tours=True) and done.changes.tours_changed
