"""Hand-edited user files and odd names beside them: read as meant, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.notes import ConceptTarget, NoteStore
from explorer.core.tours import TourStore

LORA = ConceptTarget(concept="concept:lora")


def hand_written(path: Path, payload: dict[str, object]) -> None:
    """A user file as someone typed it: no checksum."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")


def test_a_note_time_without_a_zone_is_read_as_utc(data_dir: Path) -> None:
    store = NoteStore(data_dir)
    store.load()
    first, second = (store.add(LORA, body).value for body in ("first", "second"))
    path = data_dir / "notes" / "notes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("checksum", None)
    data["notes"][1]["created"] = data["notes"][1]["updated"] = "2000-03-01T10:00:00"
    hand_written(path, data)  # the second note, typed back to 2000 without a zone
    again = NoteStore(data_dir)
    again.load()
    assert [n.id for n in again.notes()] == [second.id, first.id]  # naive and aware compared
    assert all(n.created.utcoffset() is not None for n in again.notes())
    again.add(LORA, "and one more")  # saving them again works too
    assert len(again.notes()) == 3


def test_a_tour_time_without_a_zone_is_read_as_utc(data_dir: Path) -> None:
    tours = TourStore(data_dir)
    tours.load()
    made = tours.create("Walk").value
    path = data_dir / "tours" / "tours.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("checksum", None)
    data["tours"][0]["created"] = data["tours"][0]["updated"] = "2024-03-01T10:00:00"
    hand_written(path, data)
    again = TourStore(data_dir)
    again.load()
    again.create("Second")  # compares the naive time with a new, aware one
    assert [t.name for t in again.tours()][:1] == [made.name]
    assert all(t.created.utcoffset() is not None for t in again.tours())


@pytest.mark.parametrize(
    "odd", ["notes-20241301T000000000000.json", "notes-99991231T235959999999.json"]
)
def test_an_odd_backup_name_is_ignored_and_kept(data_dir: Path, odd: str) -> None:
    store = NoteStore(data_dir)
    store.load()
    store.add(LORA, "first")
    backups = data_dir / "notes" / "backups"
    (backups / odd).write_text("{}", encoding="utf-8")
    store.add(LORA, "second")  # every save thins the backups: the odd name is not fatal
    store.add(LORA, "third")
    assert (backups / odd).exists()  # not ours to delete
    assert [n.body for n in store.notes()] == ["first", "second", "third"]
