"""The note store as a user meets it: notes that come back, a trash, backups, damaged files."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from explorer.core.backups import DAILY_FOR, HOURLY_FOR, KEEP_NEWEST, WEEKLY_FOR
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.notes import export as note_export
from explorer.core.notes.models import (
    ConceptTarget,
    Note,
    NotesFile,
    PassageTarget,
    ReportTarget,
    Target,
    TextPosition,
    TextQuote,
)
from explorer.core.notes.store import NotesDamaged, NoteStore, parse_notes_file
from tests.conftest import PYTHON, ROOT, subprocess_env

START = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
SPACED = dt.timedelta(minutes=6)  # more than the five minutes between two backups
CHILD = Path(__file__).with_name("notes_crash_child.py")

Summary = dict[str, tuple[str, tuple[str, ...]]]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, step: dt.timedelta = SPACED) -> None:
        self.now += step


def reopened(data_dir: Path, clock: Callable[[], dt.datetime] | None = None) -> NoteStore:
    """A new NoteStore on the folder, as the next start of the app would make."""
    store = NoteStore(data_dir, clock=clock or FakeClock())
    store.load()
    return store


def summary(store: NoteStore) -> Summary:
    return {n.id: (n.body, n.tags) for n in store.notes()}


def trash_summary(store: NoteStore) -> Summary:
    return {t.note.id: (t.note.body, t.note.tags) for t in store.trash()}


def bodies(notes: list[Note]) -> set[str]:
    return {n.body for n in notes}


# ---- round trips ------------------------------------------------------------------------


def test_a_note_comes_back_after_add_edit_remove_and_restore(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    note = store.add(ReportTarget(report="x"), "first thought", ["idea"]).value
    other = store.add(ConceptTarget(concept="concept:lora"), "", ()).value
    assert summary(reopened(data_dir)) == {
        note.id: ("first thought", ("idea",)),
        other.id: ("", ()),
    }
    assert reopened(data_dir).get(other.id).target == ConceptTarget(concept="concept:lora")

    clock.advance()
    store.edit(note.id, body="second thought", tags=["idea", "#lora"])
    edited = reopened(data_dir).get(note.id)
    assert (edited.body, edited.tags) == ("second thought", ("idea", "lora"))
    assert (edited.created, edited.updated) == (START, clock.now)

    store.remove(note.id)
    after_remove = reopened(data_dir)
    assert [n.id for n in after_remove.notes()] == [other.id]
    assert trash_summary(after_remove) == {note.id: ("second thought", ("idea", "lora"))}

    store.restore(note.id)
    after_restore = reopened(data_dir)
    assert summary(after_restore) == {
        note.id: ("second thought", ("idea", "lora")),
        other.id: ("", ()),
    }
    assert after_restore.trash() == []


def test_the_trash_keeps_every_deleted_note_until_it_is_restored(data_dir: Path) -> None:
    store = reopened(data_dir)
    notes = [store.add(ReportTarget(report="x"), f"note {i}").value for i in range(4)]
    for note in notes[:3]:
        store.remove(note.id)
    again = reopened(data_dir)
    assert set(trash_summary(again)) == {n.id for n in notes[:3]}
    assert [n.id for n in again.notes()] == [notes[3].id]
    with pytest.raises(NotFound):
        again.get(notes[0].id)

    again.restore(notes[1].id)
    third = reopened(data_dir)
    assert set(summary(third)) == {notes[1].id, notes[3].id}
    assert set(trash_summary(third)) == {notes[0].id, notes[2].id}

    before = store.path.read_bytes()
    with pytest.raises(NotFound):
        third.restore(notes[3].id)  # a live note is not in the trash
    with pytest.raises(NotFound):
        third.remove("nosuchnote")
    assert store.path.read_bytes() == before


# ---- backups ----------------------------------------------------------------------------


def test_every_save_leaves_a_verified_backup_equal_to_the_file(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    first = store.add(ReportTarget(report="x"), "one").value
    for change in (
        lambda: store.add(ReportTarget(report="x"), "two"),
        lambda: store.edit(first.id, body="one, edited"),
        lambda: store.remove(first.id),
    ):
        before = len(store.shelf.all())
        change()
        backups = [path for _, path in store.shelf.all()]
        assert len(backups) == before + 1
        assert backups[0].read_bytes() == store.path.read_bytes()
    assert bodies(parse_notes_file(backups[-1].read_bytes())[0].notes) == {"one"}


def test_a_state_no_backup_holds_is_kept_before_it_changes(data_dir: Path) -> None:
    """A notes file written by hand (or by an older app) is backed up before a change."""
    store = reopened(data_dir)
    store.add(ReportTarget(report="x"), "mine")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data["notes"][0]["body"] = "edited by hand"
    del data["checksum"]  # an edit by hand drops the checksum line, as the README says
    store.path.write_text(json.dumps(data), encoding="utf-8")
    by_hand = store.path.read_bytes()
    store.add(ReportTarget(report="x"), "next")
    newest, second = (path for _, path in store.shelf.all()[:2])
    assert newest.read_bytes() == store.path.read_bytes() and second.read_bytes() == by_hand


def test_backups_are_thinned_to_the_newest_ten_then_daily_then_weekly(data_dir: Path) -> None:
    clock = FakeClock()
    store = reopened(data_dir, clock)
    note = store.add(ReportTarget(report="x"), "v0").value
    made: list[tuple[dt.datetime, Path]] = []
    rng = random.Random(20250106)
    for version in range(1, 420):  # about eleven weeks of edits, several a day
        clock.advance(dt.timedelta(minutes=rng.uniform(6, 9 * 60)))
        before = set(store.shelf.all())
        store.edit(note.id, body=f"v{version}")
        new = set(store.shelf.all()) - before
        assert len(new) == 1, "every change makes one backup"
        made += new
        kept = {path for _, path in store.shelf.all()}
        assert {path for _, path in sorted(made)[-KEEP_NEWEST:]} <= kept

    now = clock.now
    kept_list = store.shelf.all()
    weeks = WEEKLY_FOR // dt.timedelta(weeks=1)
    hours = HOURLY_FOR // dt.timedelta(hours=1)
    assert len(kept_list) <= KEEP_NEWEST + (hours + 1) + (DAILY_FOR.days + 1) + (weeks + 1)
    assert len(kept_list) < len(made) / 5
    older = [(stamp, path) for stamp, path in kept_list[KEEP_NEWEST:] if now - stamp > HOURLY_FOR]
    assert all(now - stamp <= WEEKLY_FOR for stamp, _ in older)
    assert len({stamp.date() for stamp, _ in older}) == len(older), "one a day at most"
    beyond_daily = [stamp for stamp, _ in older if now - stamp > DAILY_FOR]
    assert len({s.isocalendar()[:2] for s in beyond_daily}) == len(beyond_daily)
    kept_days = {stamp.date() for stamp, _ in kept_list}
    kept_weeks = {stamp.isocalendar()[:2] for stamp, _ in kept_list}
    for stamp, _ in made:
        if now - stamp < DAILY_FOR - dt.timedelta(days=1):
            assert stamp.date() in kept_days, f"no backup kept for {stamp.date()}"
        if now - stamp < WEEKLY_FOR - dt.timedelta(weeks=1):
            assert stamp.isocalendar()[:2] in kept_weeks, f"no backup kept for week of {stamp}"
    for _, path in kept_list:
        parse_notes_file(path.read_bytes())  # every kept backup still reads


# ---- damaged notes files ----------------------------------------------------------------


def with_history(data_dir: Path) -> tuple[NoteStore, FakeClock, list[Note]]:
    """alpha, beta, gamma saved six minutes apart: the newest backup holds all three."""
    clock = FakeClock()
    store = reopened(data_dir, clock)
    notes = []
    for body in ("alpha", "beta", "gamma"):
        notes.append(store.add(ReportTarget(report="x"), body, ["t"]).value)
        clock.advance()
    return store, clock, notes


def structural_offsets(raw: bytes) -> list[int]:
    """Offsets of bytes outside string values (punctuation, whitespace, numbers, quotes, keys).

    A flipped bit there must not leave a file that loads. A flip inside a note's text still
    parses; the file's checksum catches it (test_a_bit_flipped_inside_a_notes_words_…).
    """
    offsets, i = [], 0
    while i < len(raw):
        if raw[i] != ord('"'):
            offsets.append(i)
            i += 1
            continue
        end = i + 1
        while raw[end] != ord('"'):
            end += 2 if raw[end] == ord("\\") else 1
        offsets += [i, end]
        if raw[end + 1 :].lstrip().startswith(b":"):
            offsets += range(i + 1, end)
        i = end + 1
    return offsets


def flip_a_bit(raw: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    offset = rng.choice(structural_offsets(raw))
    flipped = bytearray(raw)
    flipped[offset] ^= 1 << rng.randrange(8)
    return bytes(flipped)


def with_invalid_created(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["notes"][1]["created"] = "yesterday"
    return json.dumps(data).encode()


def with_short_id(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["notes"][0]["id"] = "x"
    return json.dumps(data).encode()


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated after 1 byte": (lambda raw: raw[:1], "not valid JSON"),
    "truncated at a third": (lambda raw: raw[: len(raw) // 3], "not valid JSON"),
    "truncated at half": (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
    "truncated before the last brace": (lambda raw: raw[: raw.rindex(b"}")], "not valid JSON"),
    "empty": (lambda raw: b"", "not valid JSON"),
    "null": (lambda raw: b"null", "top level"),
    "a list": (lambda raw: b"[]", "top level"),
    "not UTF-8": (lambda raw: raw[:40] + b"\xff\xfe" + raw[40:], "not UTF-8"),
    "notes is an object": (lambda raw: b'{"schema_version": 1, "notes": {}}', "notes"),
    "unknown field": (lambda raw: raw.replace(b'"trash"', b'"rubbish"'), "rubbish"),
    "notes is a number": (lambda raw: b'{"notes": 5}', "notes"),
    "notes is null": (lambda raw: b'{"notes": null}', "notes"),
    "a note with a bad date": (with_invalid_created, "notes.1.created"),
    "a note with a bad id": (with_short_id, "notes.0.id"),
    **{f"bit flip {n}": (partial(flip_a_bit, seed=n), "") for n in range(6)},
    # "s" (0x73) -> "r" (0x72): a version-0 file has only "notes", so this is damage, not v0
    "bit flip in a key": (lambda raw: raw.replace(b'"schema_', b'"rchema_', 1), "rchema_version"),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_notes_file_is_kept_explained_and_never_written_over(
    data_dir: Path, kind: str
) -> None:
    store, clock, notes = with_history(data_dir)
    good_backup = store.shelf.all()[0][1]
    damage, why = DAMAGE[kind]
    damaged = damage(store.path.read_bytes())
    store.path.write_bytes(damaged)

    fresh = NoteStore(data_dir, clock=clock)
    with pytest.raises(NotesDamaged) as caught:
        fresh.load()
    error, message = caught.value, str(caught.value)
    assert str(store.path) in message
    assert error.reason and f"({error.reason})" in message and why in error.reason
    assert error.kept.parent == data_dir / "recovery" and str(error.kept) in message
    assert error.kept.read_bytes() == damaged
    assert error.backup == good_backup and good_backup.name in message
    assert "explorer notes recover" in message

    clock.advance()
    attempts: list[Callable[[], object]] = [
        lambda: fresh.add(ReportTarget(report="x"), "lost?"),
        lambda: fresh.edit(notes[0].id, body="lost?"),
        lambda: store.add(ReportTarget(report="x"), "lost?"),  # a window still holding notes
        lambda: store.edit(notes[1].id, body="lost?"),
        lambda: store.remove(notes[2].id),
        lambda: store.import_notes(notes),
    ]
    for attempt in attempts:
        with pytest.raises(NotesDamaged):
            attempt()
        assert store.path.read_bytes() == damaged
    assert error.kept.read_bytes() == damaged

    assert fresh.recover().value == good_backup
    assert bodies(fresh.notes()) == {"alpha", "beta", "gamma"}
    assert bodies(reopened(data_dir).notes()) == {"alpha", "beta", "gamma"}
    fresh.add(ReportTarget(report="x"), "delta")
    assert bodies(reopened(data_dir).notes()) == {"alpha", "beta", "gamma", "delta"}
    assert error.kept.read_bytes() == damaged


def test_recover_skips_a_damaged_backup_and_refuses_a_good_notes_file(data_dir: Path) -> None:
    store, _, _ = with_history(data_dir)
    good_file = store.path.read_bytes()
    with pytest.raises(ExplorerError, match="nothing to recover"):
        store.recover()
    assert store.path.read_bytes() == good_file

    newest, older = (path for _, path in store.shelf.all()[:2])
    newest.write_bytes(newest.read_bytes()[:20])
    store.path.write_bytes(b"")
    with pytest.raises(NotesDamaged) as caught:
        store.load()
    assert caught.value.backup == older and older.name in str(caught.value)
    assert store.recover().value == older
    assert bodies(reopened(data_dir).notes()) == {"alpha", "beta"}


def test_starting_afresh_after_damage_keeps_the_damaged_copy(data_dir: Path) -> None:
    store, _, _ = with_history(data_dir)
    store.path.write_bytes(b'{"schema_version": 1, "notes": [')
    with pytest.raises(NotesDamaged) as caught:
        store.load()
    assert store.recover(empty=True).value is None
    assert (store.notes(), store.trash()) == ([], [])
    assert reopened(data_dir).notes() == []
    assert caught.value.kept.read_bytes() == b'{"schema_version": 1, "notes": ['
    store.add(ReportTarget(report="x"), "a fresh start")
    assert bodies(reopened(data_dir).notes()) == {"a fresh start"}


def test_with_no_good_backup_the_message_offers_a_fresh_start(data_dir: Path) -> None:
    store = reopened(data_dir)
    store.add(ReportTarget(report="x"), "only note")
    for _, backup in store.shelf.all():  # the backups were lost too
        backup.write_bytes(b"")
    store.path.write_bytes(b"\x00\x00\x00")
    fresh = NoteStore(data_dir)
    with pytest.raises(NotesDamaged) as caught:
        fresh.load()
    assert caught.value.backup is None and "--empty" in str(caught.value)
    with pytest.raises(ExplorerError, match="no good backup"):
        fresh.recover()
    assert store.path.read_bytes() == b"\x00\x00\x00"


def test_recover_never_writes_over_a_notes_file_it_could_not_copy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program (a virus scanner, a sync client) holds notes.json for a moment: the read
    fails, and so does the copy to recovery/. That is not damage: the store says so and
    changes nothing; if the user then tries to recover, the newest notes must still exist."""
    store, clock, _ = with_history(data_dir)
    original = store.path.read_bytes()
    real_open, real_copyfile = os.open, shutil.copyfile

    def busy_open(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == store.path:
            raise PermissionError(errno.EACCES, "in use by another program", str(path))
        return real_open(path, flags, *args)

    def busy_copyfile(source: Path, target: Path) -> object:
        if Path(source) == store.path:
            raise PermissionError(errno.EACCES, "in use by another program", str(source))
        return real_copyfile(source, target)

    monkeypatch.setattr(os, "open", busy_open)
    monkeypatch.setattr(shutil, "copyfile", busy_copyfile)
    fresh = NoteStore(data_dir, clock=clock)
    with pytest.raises(ExplorerError, match="cannot be read right now") as caught:
        fresh.load()
    assert not isinstance(caught.value, NotesDamaged)
    monkeypatch.undo()  # the other program lets go of the file

    with contextlib.suppress(ExplorerError):  # refusing is one right answer
        fresh.recover(empty=True)
    survivors = [store.path, *sorted((data_dir / "recovery").glob("*"))]
    assert any(p.is_file() and p.read_bytes() == original for p in survivors), (
        "recover() wrote over the only copy of notes.json"
    )


@pytest.mark.parametrize("room_later", [False, True], ids=["disk still full", "room later"])
def test_recover_never_writes_over_a_damaged_file_that_has_no_copy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, room_later: bool
) -> None:
    """notes.json is damaged and recovery/ is on a full disk, so no copy could be kept. The
    damaged file may still hold the only trace of the newest notes: recover() must copy it
    first, or refuse."""
    store, clock, _ = with_history(data_dir)
    store.path.write_bytes(store.path.read_bytes()[:-40])
    damaged = store.path.read_bytes()
    real_copyfile = shutil.copyfile

    def full_disk_copyfile(source: Path, target: Path) -> object:
        if Path(source) == store.path:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real_copyfile(source, target)

    monkeypatch.setattr(shutil, "copyfile", full_disk_copyfile)
    fresh = NoteStore(data_dir, clock=clock)
    with pytest.raises(NotesDamaged) as caught:
        fresh.load()
    assert caught.value.kept == store.path  # no copy: the message points at the file itself
    if room_later:
        monkeypatch.undo()

    with contextlib.suppress(ExplorerError):  # refusing is the answer while the disk is full
        fresh.recover(empty=True)
    copies = [p for p in (data_dir / "recovery").glob("*") if p.read_bytes() == damaged]
    assert store.path.read_bytes() == damaged or copies, "recover() wrote over the only copy"
    if room_later:
        assert copies and fresh.notes() == []


# ---- migration --------------------------------------------------------------------------


def test_a_version_0_file_is_migrated_on_the_next_change_after_a_verified_backup(
    data_dir: Path,
) -> None:
    old_note = {
        "id": "old00001",
        "created": "2024-03-01T10:00:00Z",
        "updated": "2024-03-02T10:00:00Z",
        "text": "written long ago",
        "tags": ["legacy"],
        "target": {"type": "report", "report": "x"},
    }
    raw = json.dumps({"notes": [old_note]}, indent=2).encode()
    path = data_dir / "notes" / "notes.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    clock = FakeClock()
    recent = path.parent / "backups" / f"notes-{START:%Y%m%dT%H%M%S%f}.json"
    recent.parent.mkdir()
    recent.write_text(NotesFile().model_dump_json())  # a backup a minute old: none is due
    clock.advance(dt.timedelta(minutes=1))

    store = reopened(data_dir, clock)
    assert summary(store) == {"old00001": ("written long ago", ("legacy",))}
    assert path.read_bytes() == raw, "reading alone changes nothing"

    store.add(ReportTarget(report="x"), "new")
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert (on_disk["schema_version"], on_disk["trash"]) == (1, [])
    assert all("text" not in n for n in on_disk["notes"])
    assert summary(reopened(data_dir))["old00001"] == ("written long ago", ("legacy",))
    newest, before = (path for _, path in store.shelf.all()[:2])
    assert newest.read_bytes() == path.read_bytes(), "the newest backup is the file"
    assert before != recent and before.read_bytes() == raw, "the old file was kept first"
    parsed, migrated = parse_notes_file(before.read_bytes())
    assert migrated and bodies(parsed.notes) == {"written long ago"}


# ---- two writers ------------------------------------------------------------------------


def at_the_same_time(*jobs: Callable[[], object]) -> list[Exception]:
    """Run the jobs on threads that start together; returns what they raised."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except Exception as exc:  # reported by the caller, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_stores_on_one_folder_lose_no_note(data_dir: Path) -> None:
    window, command_line = reopened(data_dir), reopened(data_dir)
    a = window.add(ReportTarget(report="x"), "from the window").value
    command_line.add(ReportTarget(report="x"), "from the command line")  # had not seen a
    window.edit(a.id, body="edited in the window")
    assert bodies(reopened(data_dir).notes()) == {"edited in the window", "from the command line"}

    def write(store: NoteStore, label: str) -> None:
        for i in range(25):
            store.add(ReportTarget(report="x"), f"{label} {i}")

    errors = at_the_same_time(partial(write, window, "window"), partial(write, command_line, "cli"))
    assert errors == []
    expected = {f"{label} {i}" for label in ("window", "cli") for i in range(25)}
    final = reopened(data_dir).notes()
    assert len(final) == 52 and bodies(final) >= expected


def test_a_second_process_adding_notes_at_the_same_time_loses_none(data_dir: Path) -> None:
    window = reopened(data_dir)
    child = subprocess.Popen(
        [PYTHON, str(CHILD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(data_dir),
        cwd=ROOT,
    )
    assert child.stdin and child.stdout
    assert json.loads(child.stdout.readline()) == ["imported"]
    child.stdin.write(json.dumps({"data": str(data_dir), "seed": 1, "adds": 40}) + "\n")
    child.stdin.flush()
    mine = [window.add(ReportTarget(report="x"), f"window {i}").value.id for i in range(40)]
    output, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    theirs = [line[2] for line in map(json.loads, output.splitlines()) if line[0] == "ok"]
    assert len(theirs) == 40
    assert {n.id for n in reopened(data_dir).notes()} == set(mine) | set(theirs)


# ---- random sequences of changes, against a model ---------------------------------------

BODIES = st.text(max_size=30)
TAGS = st.lists(st.sampled_from(["idea", "lora", "todo", "q"]), unique=True, max_size=3).map(tuple)
IDS = st.from_regex(r"[A-Za-z0-9_-]{4,16}", fullmatch=True)


PASSAGE = PassageTarget(
    report="x",
    section="x#1",
    quote=TextQuote(exact="low-rank adapters", prefix="with ", suffix=" on"),
    position=TextPosition(start=10, end=27),
)


class IdsAsTitles:
    """Titles that are the ids themselves: the export needs names, the round trip does not."""

    def report_title(self, report_id: str) -> str:
        return report_id

    def section_title(self, section_id: str) -> str:
        return section_id

    def concept_label(self, node_id: str) -> str:
        return node_id

    def page(self, target: PassageTarget) -> str | None:
        return None


def export_text(notes: list[Note]) -> str:
    """The JSON export (W3C Web Annotations), as `explorer notes export --format json` writes."""
    return note_export.to_json(notes, IdsAsTitles())


def notes_from_export(text: str) -> list[Note]:
    return note_export.from_web_annotation(text)


class NoteStoreMachine(RuleBasedStateMachine):
    """What a user does, in any order, checked after every step against a plain dict.

    Notes are picked by their place in the model (insertion order), never by their random
    ids, so that a replayed example makes the same choices."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="notes-machine-"))
        self.clock = FakeClock()
        self.store = reopened(self.folder, self.clock)
        self.live: Summary = {}
        self.trashed: Summary = {}
        self.exported: str | None = None

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(body=BODIES, tags=TAGS, kind=st.sampled_from(["report", "concept", "passage"]))
    def add(self, body: str, tags: tuple[str, ...], kind: str) -> None:
        targets: dict[str, Target] = {
            "report": ReportTarget(report="x"),
            "concept": ConceptTarget(concept="concept:lora"),
            "passage": PASSAGE,
        }
        note = self.store.add(targets[kind], body, tags).value
        self.live[note.id] = (body, tags)

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 999), body=st.none() | BODIES, tags=st.none() | TAGS)
    def edit(self, pick: int, body: str | None, tags: tuple[str, ...] | None) -> None:
        note_id = list(self.live)[pick % len(self.live)]
        self.store.edit(note_id, body=body, tags=tags)
        old_body, old_tags = self.live[note_id]
        self.live[note_id] = (
            old_body if body is None else body,
            old_tags if tags is None else tags,
        )

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 999))
    def remove(self, pick: int) -> None:
        note_id = list(self.live)[pick % len(self.live)]
        self.store.remove(note_id)
        self.trashed[note_id] = self.live.pop(note_id)

    @precondition(lambda self: self.trashed)
    @rule(pick=st.integers(0, 999))
    def undo_remove(self, pick: int) -> None:
        note_id = list(self.trashed)[pick % len(self.trashed)]
        self.store.restore(note_id)
        self.live[note_id] = self.trashed.pop(note_id)

    @rule(new=st.lists(st.tuples(IDS, BODIES, TAGS), max_size=3), pick=st.integers(0, 999))
    def import_notes(self, new: list[tuple[str, str, tuple[str, ...]]], pick: int) -> None:
        now = self.clock()
        incoming = [
            Note(id=i, created=now, updated=now, body=b, tags=t, target=ReportTarget(report="y"))
            for i, b, t in new
        ]
        if self.live:  # and one the store already has, changed
            note = self.store.get(list(self.live)[pick % len(self.live)])
            incoming.append(note.model_copy(update={"body": note.body + " (imported)"}))
        fresh = {n.id for n in incoming} - set(self.live)
        added, replaced = self.store.import_notes(incoming).value
        assert (added, replaced) == (len(fresh), len(incoming) - len(fresh))
        self.imported(incoming)

    def imported(self, incoming: list[Note]) -> None:
        """An imported note is live, once: a copy of it in the trash leaves the trash."""
        for note in incoming:
            self.trashed.pop(note.id, None)
            self.live[note.id] = (note.body, note.tags)

    @rule()
    def export(self) -> None:
        notes = self.store.notes()
        self.exported = export_text(notes)
        assert notes_from_export(self.exported) == notes  # ids, times, targets: all of it

    @precondition(lambda self: self.exported is not None)
    @rule()
    def import_the_export(self) -> None:
        assert self.exported is not None
        incoming = notes_from_export(self.exported)
        self.store.import_notes(incoming)
        self.imported(incoming)

    @rule(minutes=st.integers(0, 3 * 24 * 60))
    def let_time_pass(self, minutes: int) -> None:
        self.clock.advance(dt.timedelta(minutes=minutes))

    @rule()
    def reopen(self) -> None:
        self.store = reopened(self.folder, self.clock)

    @invariant()
    def store_and_disk_match_the_model(self) -> None:
        for store in (self.store, reopened(self.folder, self.clock)):
            assert summary(store) == self.live and len(store.notes()) == len(self.live)
            assert trash_summary(store) == self.trashed
            assert len(store.trash()) == len(self.trashed)
        for _, backup in self.store.shelf.all():
            parse_notes_file(backup.read_bytes())


TestNoteStoreMachine = NoteStoreMachine.TestCase  # a new class at each access: keep this one
TestNoteStoreMachine.settings = settings(
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_importing_a_note_that_is_in_the_trash_does_not_duplicate_it(data_dir: Path) -> None:
    """Export, delete a note, import the export, undo the delete: one note, not two."""
    store = reopened(data_dir)
    note = store.add(ReportTarget(report="x"), "exported once").value
    exported = notes_from_export(export_text(store.notes()))
    store.remove(note.id)
    store.import_notes(exported)
    with contextlib.suppress(ExplorerError):  # refusing: the note is back already, also fine
        store.restore(note.id)
    ids = [n.id for n in reopened(data_dir).notes()]
    assert ids.count(note.id) == 1, f"note {note.id} is listed {ids.count(note.id)} times"


def test_a_file_from_a_newer_app_is_not_called_damaged(data_dir: Path) -> None:
    store = NoteStore(data_dir)
    store.add(ReportTarget(report="x"), "mine")
    raw = store.path.read_bytes().replace(b'"schema_version": 1', b'"schema_version": 7', 1)
    store.path.write_bytes(raw)
    fresh = NoteStore(data_dir)
    with pytest.raises(ExplorerError, match="newer Trend Explorer") as caught:
        fresh.load()
    assert not isinstance(caught.value, NotesDamaged)
    with pytest.raises(ExplorerError):
        fresh.add(ReportTarget(report="x"), "would overwrite")
    assert store.path.read_bytes() == raw
    assert not (data_dir / "recovery").exists()


def test_temp_files_of_killed_writes_are_swept(data_dir: Path) -> None:
    store = NoteStore(data_dir)
    store.add(ReportTarget(report="x"), "one")
    stale = store.folder / ".notes.json.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    store.add(ReportTarget(report="x"), "two")
    assert not stale.exists()
    assert [n.body for n in reopened(data_dir).notes()] == ["one", "two"]


def test_a_bit_flipped_inside_a_notes_words_is_caught_by_the_checksum(data_dir: Path) -> None:
    store, clock, _notes = with_history(data_dir)
    raw = store.path.read_bytes()
    at = raw.index(b'"beta"') + 2  # inside the note's text: still valid JSON, still a note
    flipped = bytearray(raw)
    flipped[at] ^= 0b10  # "beta" → "bgta"
    store.path.write_bytes(bytes(flipped))
    with pytest.raises(NotesDamaged, match="checksum") as caught:
        NoteStore(data_dir, clock=clock).load()
    assert caught.value.kept.read_bytes() == bytes(flipped)  # kept for the user, not used
    NoteStore(data_dir, clock=clock).recover()  # the newest good backup
    again = NoteStore(data_dir, clock=clock)
    again.load()
    assert {n.body for n in again.notes()} == {"alpha", "beta", "gamma"}
