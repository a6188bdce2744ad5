"""The data folder: seeding, reuse of the index, incremental updates, repair, locking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from explorer.core import workspace as workspace_module
from explorer.core.errors import ExplorerError, LibraryBusy, NotFound
from explorer.core.notes import ReportTarget
from explorer.core.workspace import Workspace
from tests.conftest import ROOT, SEED, corpus, subprocess_env

SEED_ID = "ai-llm-advancements-2024"


def index_files(ws: Workspace) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in ws.index.folder.iterdir() if p.suffix != ""}


def test_new_workspace_starts_with_the_bundled_report(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    [entry] = ws.reports()
    assert entry.id == SEED_ID and entry.sections == 10
    assert ws.library.read_text(entry) == SEED.read_text(encoding="utf-8")


def test_removed_seed_stays_removed(data_dir: Path) -> None:
    Workspace(data_dir).remove(SEED_ID)
    assert Workspace(data_dir).reports() == []


def test_reopening_reuses_the_index(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.search("LoRA")
    before = index_files(ws)
    manifest = ws.manifest.path.stat().st_mtime_ns
    again = Workspace(data_dir)
    assert again.search("LoRA").hits[0].section_id == f"{SEED_ID}#2"
    assert index_files(again) == before
    assert again.manifest.path.stat().st_mtime_ns == manifest


def test_add_update_and_remove_are_incremental(data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\n## Otters\nSea otters hold hands.\n")
    summary = ws.add([doc]).value
    assert [e.id for e in summary.added] == ["notes"]
    assert ws.search("otters").hits[0].section == "Otters"
    assert ws.add([doc]).value.unchanged == ["notes"]

    doc.write_text("# Notes\n\n## Beavers\nBeavers build dams.\n")
    summary = ws.add([doc]).value
    assert [e.id for e in summary.updated] == ["notes"]
    assert ws.search("otters").total == 0
    assert ws.search("beavers").hits[0].section_id == "notes#1"

    ws.remove("notes")
    assert ws.search("beavers").total == 0
    assert ws.reports() == []  # the sample left when "notes" came
    with pytest.raises(NotFound):
        ws.remove("notes")


def test_same_name_in_two_folders_gets_two_ids(data_dir: Path, tmp_path: Path) -> None:
    for sub, word in (("a", "walrus"), ("b", "narwhal")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.md").write_text(f"# R\n\nAbout the {word}.\n")
    summary = Workspace(data_dir).add([tmp_path / "a", tmp_path / "b"]).value
    assert sorted(e.id for e in summary.added) == ["report", "report-2"]


def test_a_moved_report_is_still_readable(data_dir: Path, tmp_path: Path) -> None:
    doc = tmp_path / "moving.md"
    doc.write_text("# M\n\n## Part\nPangolins roll up.\n")
    Workspace(data_dir).add([doc])
    doc.rename(tmp_path / "moved.md")
    ws = Workspace(data_dir)
    report, section = ws.section("moving#1")
    assert "Pangolins" in report.text[section.start : section.end]


def test_bad_files_are_listed_and_the_rest_added(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# G\n\nGood words.\n")
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "skipped.png").write_bytes(b"\x89PNG")
    summary = Workspace(data_dir).add([tmp_path, tmp_path / "missing.md"]).value
    assert [e.id for e in summary.added] == ["good"]
    reasons = dict(summary.failed)
    assert "is empty" in reasons[str(tmp_path / "empty.md")]
    assert "binary" in reasons[str(tmp_path / "binary.txt")]
    assert "no such file" in reasons[str(tmp_path / "missing.md")]


@pytest.mark.parametrize("damage", ["delete-segment", "truncate-segment", "garble-manifest"])
def test_damaged_index_is_rebuilt_on_next_open(data_dir: Path, damage: str) -> None:
    ws = Workspace(data_dir)
    assert ws.search("privacy").total == 1
    segment = next(p for p in ws.index.folder.iterdir() if p.suffix == ".seg")
    if damage == "delete-segment":
        segment.unlink()
    elif damage == "truncate-segment":
        segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])
    else:
        ws.manifest.path.write_text("{not json")
    reopened = Workspace(data_dir)
    assert reopened.search("privacy").hits[0].section_id == f"{SEED_ID}#8"
    assert reopened.manifest.is_usable()


def test_damaged_library_file_is_kept_and_the_backup_used(data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    (tmp_path / "x.md").write_text("# X\n\nXylophones.\n")
    ws.add([tmp_path / "x.md"])  # every save leaves a backup equal to the file
    library = data_dir / "library.json"
    library.write_text('{"schema_version": 1, "reports": [')
    reopened = Workspace(data_dir)
    assert [e.id for e in reopened.reports()] == ["x"]
    [warning] = reopened.warnings
    assert "could not be read" in warning and "recovery" in warning
    assert "library recover" in warning
    [kept] = (data_dir / "recovery").iterdir()
    assert kept.read_text() == '{"schema_version": 1, "reports": ['


def test_a_busy_library_gives_a_clear_message(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(data_dir)
    monkeypatch.setattr(workspace_module, "LOCK_WAIT_SECONDS", 0.2)
    (tmp_path / "y.md").write_text("# Y\n\nYaks.\n")
    with FileLock(str(data_dir / "write.lock")), pytest.raises(LibraryBusy) as caught:
        ws.add([tmp_path / "y.md"])
    assert "Another Trend Explorer is updating" in str(caught.value)


def test_two_processes_adding_at_once_both_finish(data_dir: Path, tmp_path: Path) -> None:
    Workspace(data_dir)
    folders = []
    for n in range(2):
        folder = tmp_path / f"batch{n}"
        folder.mkdir()
        for i in range(15):
            (folder / f"doc{n}-{i}.md").write_text(f"# D\n\nUnique{n}x{i} words in batch {n}.\n")
        folders.append(folder)
    cmd = [sys.executable, "-m", "explorer", "add"]
    procs = [
        subprocess.Popen(
            [*cmd, str(f)],
            cwd=ROOT,
            env=subprocess_env(data_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    outcomes = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    for _out, err, code in outcomes:
        assert "Traceback" not in err
        assert code == 0 or (code == 2 and "Another Trend Explorer is updating" in err)
    finished = sum(1 for *_, code in outcomes if code == 0)
    ws = Workspace(data_dir)
    reports = 15 * finished if finished else 1  # the sample leaves for the first batch
    assert len(ws.reports()) == reports
    assert ws.search("Unique0x3 OR Unique1x3").total == finished
    library = json.loads((data_dir / "library.json").read_text())
    assert len(library["reports"]) == reports


def test_a_rebuild_corrects_stale_passage_counts(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.search("privacy")
    library = data_dir / "library.json"
    data = json.loads(library.read_text())
    data["reports"][0]["passages"] = 99  # as written by an older parser
    library.write_text(json.dumps(data))
    ws.manifest.path.unlink()  # the index is rebuilt on the next search
    again = Workspace(data_dir)
    again.search("privacy")
    assert [e.passages for e in Workspace(data_dir).reports()] == [10]


def test_a_path_longer_than_the_system_allows_is_one_failure_not_the_end_of_add(
    data_dir: Path, tmp_path: Path
) -> None:
    good = tmp_path / "otters.md"
    good.write_text("# Otters\n\n## Play\n\nOtters juggle pebbles.\n", encoding="utf-8")
    too_long = tmp_path / ("x" * 300) / ("y" * 5000 + ".md")
    summary = Workspace(data_dir).add([too_long, good]).value
    assert [e.id for e in summary.added] == ["otters"]
    assert len(summary.failed) == 1
    _path, message = summary.failed[0]
    assert "too long" in message and len(message) < 400


@pytest.mark.parametrize("name", ["notes/notes.json", "tours/tours.json", "library.json"])
def test_an_empty_object_is_not_taken_for_an_empty_file(data_dir: Path, name: str) -> None:
    ws = Workspace(data_dir)
    ws.notes().add(ReportTarget(report="ai-llm-advancements-2024"), "Kept.")
    ws.tours().create("Kept tour")
    path = data_dir / name
    path.write_bytes(b"{}")  # blanked by something: not "no notes", "no tours", "no reports"
    again = Workspace(data_dir)
    if name == "library.json":
        assert [e.id for e in again.reports()] == ["ai-llm-advancements-2024"]
        assert any("schema_version" in w for w in again.warnings)
        return
    store = again.notes if name.startswith("notes") else again.tours
    with pytest.raises(ExplorerError, match="schema_version"):
        store()
    assert list((data_dir / "recovery").iterdir())  # the blank file is kept, not used


def test_an_unreadable_subfolder_is_named_not_skipped_in_silence(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.md").write_text("# Hidden\n\nText.\n", encoding="utf-8")
    (folder / "otters.md").write_text("# Otters\n\n## Play\n\nPebbles.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # what a folder without read permission does
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    summary = Workspace(data_dir).add([folder]).value
    assert [e.id for e in summary.added] == ["otters"]
    assert len(summary.failed) == 1
    where, message = summary.failed[0]
    assert where.endswith("locked") and "Permission denied" in message and "skipped" in message


# ---- the sample report steps aside ---------------------------------------------------------


def milvus_posts(count: int) -> list[Path]:
    return sorted(corpus("milvus-blog-en").glob("*.md"))[:count]


def test_the_untouched_sample_leaves_for_the_first_user_reports(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    done = ws.add(milvus_posts(2))
    left = done.value.sample_left
    assert left is not None and left.id == SEED_ID
    assert SEED_ID in done.changes.reports
    assert len(ws.reports()) == 2 and SEED_ID not in ws.dates()
    assert ws.search('"therapy bots"').total == 0  # only the sample says so
    assert f"report:{SEED_ID}" not in ws.graph().graph
    again = Workspace(data_dir)
    assert SEED_ID not in {e.id for e in again.reports()}
    assert again.add(milvus_posts(3)).value.sample_left is None
    for entry in again.reports():
        again.remove(entry.id)
    assert Workspace(data_dir).reports() == []  # emptied by hand: the sample stays away


def stop_at_section(ws: Workspace) -> None:
    from explorer.core.tours import Stop

    ws.tours().create("Mine", [Stop(id="stop-1", title="LoRA", focus=f"section:{SEED_ID}#2")])


def trashed_note(ws: Workspace) -> None:
    note = ws.notes().add(ReportTarget(report=SEED_ID), "to read").value
    ws.notes().remove(note.id)


@pytest.mark.parametrize(
    "touch",
    [
        lambda ws: ws.notes().add(ReportTarget(report=SEED_ID), "read this again"),
        trashed_note,
        stop_at_section,
        lambda ws: ws.set_date(SEED_ID, "2023-06"),
    ],
    ids=["note", "trashed note", "tour stop", "date"],
)
def test_a_sample_the_user_touched_stays(
    data_dir: Path, touch: Callable[[Workspace], object]
) -> None:
    ws = Workspace(data_dir)
    touch(ws)
    done = ws.add(milvus_posts(1))
    assert done.value.sample_left is None and SEED_ID not in done.changes.reports
    assert SEED_ID in {e.id for e in ws.reports()}
    assert ws.search('"therapy bots"').total == 1


def test_add_sample_brings_it_back_to_stay(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.add(milvus_posts(1))
    back = ws.add([], sample=True)
    assert [e.id for e in back.value.added] == [SEED_ID] and SEED_ID in back.changes.reports
    assert ws.add([], sample=True).value.unchanged == [SEED_ID]
    assert ws.add(milvus_posts(2)).value.sample_left is None
    assert ws.search('"therapy bots"').total == 1


def test_the_sample_asked_for_with_the_first_reports_stays(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    done = ws.add(milvus_posts(1), sample=True)
    assert done.value.sample_left is None
    assert {e.id for e in ws.reports()} >= {SEED_ID}


def test_each_text_an_add_stores_is_on_the_disk_before_the_library_names_it(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies of the texts are fsynced together, after they are all written, but before
    library.json (which names them) replaces the old one: a power cut leaves a library whose
    every report can be read."""
    for n in range(3):
        (tmp_path / f"doc{n}.md").write_text(f"# Document {n}\n\nThe word marker{n}.\n")
    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def recorded_fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def recorded_replace(source: str | Path, destination: str | Path) -> None:
        events.append(("replace", str(destination)))
        replace(source, destination)

    ws = Workspace(data_dir)
    monkeypatch.setattr(os, "fsync", recorded_fsync)
    monkeypatch.setattr(os, "replace", recorded_replace)
    added = ws.add([tmp_path]).value.added
    texts = {str(ws.library.text_path(entry.content_hash)) for entry in added}
    saved = events.index(("replace", str(ws.library.path)))
    synced = {path for kind, path in events[:saved] if kind == "fsync"}
    assert len(texts) == 3 and texts <= synced
    assert ("fsync", str(ws.library.texts)) in events[:saved], "and their folder"
