"""Nothing the user made is lost: stale writes, damaged and missing files, odd inputs.

Each test is one way a hostile pass over a data folder once lost notes or reports, or locked
the user out, tried from the command line as a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from explorer.cli import main
from explorer.core.notes.models import PassageTarget
from explorer.core.workspace import Workspace
from tests.cli.test_cli import run
from tests.conftest import opened_under

SEED = "ai-llm-advancements-2024"
REPORT = """# Cats

## Habits

The cat sat on the mat. Later the cat slept by the fire, as cats do.

## Food

Cats eat fish and chicken.
"""


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def note_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    notes = cli_json(capsys, "notes", "list")
    assert isinstance(notes, list)
    return {n["id"] for n in notes}


def report_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    rows = cli_json(capsys, "reports")
    assert isinstance(rows, list)
    return {r["id"] for r in rows}


def add_note(capsys: pytest.CaptureFixture[str], target: str, text: str, *more: str) -> str:
    note = cli_json(capsys, "notes", "add", "--target", target, "--text", text, *more)
    assert isinstance(note, dict)
    return str(note["id"])


def one_error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and len(err.splitlines()) == 1, err
    return err


@pytest.fixture
def cats(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "cats.md"
    path.parent.mkdir()
    path.write_text(REPORT, encoding="utf-8")
    return path


# ---- 1. a stale write-back ---------------------------------------------------------------


def test_reanchoring_in_a_long_lived_workspace_keeps_a_note_saved_meanwhile(
    capsys: pytest.CaptureFixture[str], cats: Path, data_dir: Path
) -> None:
    assert main(["add", "--sample", str(cats)]) == 0  # the sample stays: concept:LoRA
    first = add_note(capsys, "cats#1", "where", "--quote", "the cat slept")
    window = Workspace(data_dir)  # as the window keeps it: notes loaded once
    assert [n.id for n in window.notes().notes()] == [first]
    second = add_note(capsys, "concept:LoRA", "saved from the command line")
    cats.write_text(REPORT.replace("The cat sat", "Every morning the cat sat"), encoding="utf-8")
    summary = window.add([cats]).value
    assert summary.updated and summary.reanchored == 1
    assert note_ids(capsys) == {first, second}
    moved = next(n for n in window.notes().notes() if n.id == first).target
    assert isinstance(moved, PassageTarget) and moved.quote.exact == "the cat slept"


def test_a_backup_of_the_app_is_accepted_by_import_and_recover(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    kept = add_note(capsys, "concept:LoRA", "kept in a backup")
    backups = sorted((data_dir / "notes" / "backups").glob("notes-*.json"))
    assert backups, "a backup follows every save"
    newest = backups[-1]
    assert main(["notes", "remove", kept]) == 0
    assert main(["notes", "restore", kept]) == 0
    # a later note, then the first is purged by hand as a stale write once did
    later = add_note(capsys, "concept:quantization", "later")
    notes_file = data_dir / "notes" / "notes.json"
    data = json.loads(notes_file.read_text(encoding="utf-8"))
    data["notes"] = [n for n in data["notes"] if n["id"] != kept]
    del data["checksum"]  # the stale write came from a version without checksums
    notes_file.write_text(json.dumps(data), encoding="utf-8")
    assert note_ids(capsys) == {later}
    capsys.readouterr()
    assert main(["notes", "import", str(newest)]) == 0
    assert "1 new" in capsys.readouterr().out
    assert note_ids(capsys) == {kept, later}
    # recover --backup on a healthy file puts that backup back, keeping today's in a backup
    assert main(["notes", "recover", "--backup", str(newest)]) == 0
    out = capsys.readouterr().out
    assert "Recovered 1 note " in out and "backups" in out
    assert note_ids(capsys) == {kept}
    assert main(["notes", "recover", "--backup", str(sorted(backups)[-1])]) == 0


def test_interleaved_note_changes_and_report_readds_lose_no_confirmed_note(
    cats: Path, data_dir: Path
) -> None:
    from tests.cli.interleave import interleave

    for seed in (1, 2, 3):
        confirmed, on_disk = interleave(data_dir / str(seed), cats, seed=seed, rounds=12)
        assert confirmed, "the note writer confirmed nothing"
        missing = {k: v for k, v in confirmed.items() if on_disk.get(k) != v}
        assert not missing, f"seed {seed}: confirmed notes lost or stale: {missing}"


# ---- 2. and 3. a missing or damaged library ---------------------------------------------


def three_reports(tmp_path: Path) -> Path:
    folder = tmp_path / "shelf"
    folder.mkdir()
    for name in ("alpha", "beta", "gamma"):
        (folder / f"{name}.md").write_text(f"# {name}\n\nText about {name} and LoRA.\n")
    return folder


def test_a_missing_library_is_rebuilt_not_emptied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    assert main(["add", "--sample", str(three_reports(tmp_path))]) == 0
    before = report_ids(capsys)
    assert len(before) == 4
    (data_dir / "library.json").unlink()
    capsys.readouterr()
    assert main(["reports"]) == 0
    err = capsys.readouterr().err
    assert "library" in err and "rebuilt" in err and len(err.splitlines()) == 1
    assert report_ids(capsys) == before
    extra = tmp_path / "delta.md"
    extra.write_text("# delta\n\nMore.\n")
    assert main(["add", str(extra)]) == 0
    assert report_ids(capsys) == before | {"delta"}


def test_a_missing_library_and_backups_is_rebuilt_from_the_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    assert main(["add", "--sample", str(three_reports(tmp_path))]) == 0
    titles = {r["title"] for r in cli_json(capsys, "reports")}
    (data_dir / "library.json").unlink()
    for backup in data_dir.glob("backups/library-*.json"):
        backup.unlink()
    (data_dir / "library.json.bak").unlink(missing_ok=True)
    capsys.readouterr()
    rows = cli_json(capsys, "reports")
    assert {r["title"] for r in rows} == titles
    hits = cli_json(capsys, "search", "gamma")
    assert hits["total"] >= 1


@pytest.mark.parametrize("damage", ["truncate", "garble", "nest"])
def test_a_damaged_library_falls_back_to_the_latest_save(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, damage: str
) -> None:
    assert main(["add", "--sample", str(three_reports(tmp_path))]) == 0
    before = report_ids(capsys)
    library = data_dir / "library.json"
    raw = library.read_bytes()
    library.write_bytes(
        {"truncate": raw[: len(raw) // 2], "garble": b"\x00\xff" * 50, "nest": b"[" * 100_000}[
            damage
        ]
    )
    damaged = library.read_bytes()
    for _ in range(3):
        capsys.readouterr()
        assert main(["reports"]) == 0
        err = capsys.readouterr().err
        assert "could not be read" in err and "library recover" in err
        assert len(err.splitlines()) == 1
        assert report_ids(capsys) == before
    kept = list((data_dir / "recovery").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # copied once, as it was
    search = cli_json(capsys, "search", "gamma")
    assert search["hits"][0]["report"] == "gamma"
    capsys.readouterr()
    assert main(["library", "recover"]) == 0
    assert "Recovered the library: 4 reports" in capsys.readouterr().out
    assert main(["reports"]) == 0
    assert capsys.readouterr().err == ""
    assert report_ids(capsys) == before


def test_library_recover_on_a_healthy_library_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = one_error_line(capsys, "library", "recover")
    assert "fine" in err


# ---- 4. exports never touch the data folder or odd files --------------------------------


def test_exports_refuse_the_data_folder_and_special_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    add_note(capsys, "concept:LoRA", "precious")
    notes_file = data_dir / "notes" / "notes.json"
    saved = {p: p.read_bytes() for p in (notes_file, data_dir / "library.json")}
    for inside in (notes_file, data_dir / "library.json", data_dir / "new.md"):
        err = one_error_line(capsys, "notes", "export", "--format", "md", "-o", str(inside))
        assert "data folder" in err
    linked = tmp_path / "sneaky.json"
    linked.symlink_to(notes_file)
    err = one_error_line(capsys, "notes", "export", "--format", "json", "-o", str(linked))
    assert "data folder" in err
    assert {p: p.read_bytes() for p in saved} == saved
    assert not (data_dir / "new.md").exists()
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    to_fifo = tmp_path / "to-pipe.md"
    to_fifo.symlink_to(fifo)
    for odd in (fifo, to_fifo):
        err = one_error_line(capsys, "notes", "export", "--format", "md", "-o", str(odd))
        assert "not a regular file" in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and to_fifo.is_symlink()
    readonly = tmp_path / "readonly.md"
    readonly.write_text("mine")
    readonly.chmod(0o444)
    err = one_error_line(capsys, "notes", "export", "--format", "md", "-o", str(readonly))
    assert "read-only" in err
    assert readonly.read_text() == "mine" and stat.S_IMODE(readonly.stat().st_mode) == 0o444


def test_an_export_writes_through_a_link_to_a_regular_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_note(capsys, "concept:LoRA", "linked")
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert main(["notes", "export", "--format", "md", "-o", str(link)]) == 0
    assert link.is_symlink() and "linked" in real.read_text()


def test_an_export_to_a_device_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A device node of our own (like /dev/full), so that a regression harms no real one."""
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root, as CI has")
    link = tmp_path / "to-full"
    link.symlink_to(device)
    for target in (device, link):
        err = one_error_line(capsys, "notes", "export", "--format", "md", "-o", str(target))
        assert "not a regular file" in err
    assert stat.S_ISCHR(device.stat().st_mode) and link.is_symlink()


# ---- 5. deeply nested JSON ---------------------------------------------------------------


def test_deeply_nested_notes_are_damage_with_a_backup_offered(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    kept = add_note(capsys, "concept:LoRA", "before the damage")
    notes_file = data_dir / "notes" / "notes.json"
    notes_file.write_bytes(b"[" * 100_000)
    err = one_error_line(capsys, "notes", "list")
    assert "nested too deeply" in err and "explorer notes recover" in err
    assert len(list((data_dir / "recovery").iterdir())) == 1
    assert main(["notes", "recover"]) == 0
    assert note_ids(capsys) == {kept}


# ---- 6. damaged or missing texts ---------------------------------------------------------


def test_a_damaged_stored_text_is_read_again_from_its_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    assert main(["add", str(three_reports(tmp_path))]) == 0
    gamma = next(r for r in cli_json(capsys, "reports") if r["id"] == "gamma")
    texts = data_dir / "texts"
    stored = next(p for p in texts.iterdir() if "gamma" in p.read_text(errors="replace"))
    stored.write_bytes(b"\xff\xfe garbage \x00")
    shutil.rmtree(data_dir / "cache")
    hits = cli_json(capsys, "search", "gamma")
    assert hits["hits"][0]["report"] == "gamma"
    assert "Text about gamma" in stored.read_text(encoding="utf-8")  # repaired
    assert main(["graph", "-o", str(tmp_path / "g.json")]) == 0
    assert gamma["path"].endswith("gamma.md")


def test_listing_the_reports_opens_no_report_text(tmp_path: Path, data_dir: Path) -> None:
    assert main(["add", str(three_reports(tmp_path))]) == 0
    texts = data_dir / "texts"
    assert opened_under(data_dir, texts, "reports")[0] == []
    assert len(opened_under(data_dir, texts, "show", "beta#1")[0]) == 1  # reading one opens one


def test_reports_whose_files_remain_are_not_missing_without_the_stored_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    shelf = three_reports(tmp_path)
    assert main(["add", str(shelf)]) == 0
    shutil.rmtree(data_dir / "texts")
    (shelf / "gamma.md").unlink()
    rows = cli_json(capsys, "reports")
    assert {r["id"]: r["missing"] for r in rows} == {"alpha": False, "beta": False, "gamma": True}


def test_a_report_with_neither_text_nor_source_is_marked_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    shelf = three_reports(tmp_path)
    assert main(["add", "--sample", str(shelf)]) == 0
    (shelf / "beta.md").unlink()
    for path in (data_dir / "texts").iterdir():
        if "Text about beta" in path.read_text(encoding="utf-8"):
            path.unlink()
    shutil.rmtree(data_dir / "cache")
    rows = cli_json(capsys, "reports")
    assert {r["id"]: r["missing"] for r in rows} == {
        SEED: False,
        "alpha": False,
        "beta": True,
        "gamma": False,
    }
    capsys.readouterr()
    assert main(["reports"]) == 0
    assert "beta" in capsys.readouterr().out.split("missing")[0]
    hits = cli_json(capsys, "search", "Text about")
    assert {h["report"] for h in hits["hits"]} == {"alpha", "gamma"}
    assert main(["graph", "-o", str(tmp_path / "g.json")]) == 0
    err = one_error_line(capsys, "show", "beta#1")
    assert "beta" in err and "explorer add" in err


# ---- 7. the derived cache repairs itself --------------------------------------------------


def test_garbage_in_the_word_lists_is_rebuilt(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["search", "LoRA"]) == 0
    for words in (data_dir / "cache" / "words").iterdir():
        words.write_bytes(b"\xff\xfe\x00garbage")
    for _ in range(2):
        result = cli_json(capsys, "search", "quantizaton")
        assert result["corrected"] == "quantization" and result["hits"]


@pytest.mark.parametrize("where", ["cache", "cache/index", "cache/words", "cache/graph"])
def test_a_plain_file_in_place_of_a_cache_folder_is_replaced(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, where: str
) -> None:
    assert main(["search", "LoRA"]) == 0
    shutil.rmtree(data_dir / "cache")
    (data_dir / where).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / where).write_text("not a folder")
    result = cli_json(capsys, "search", "quantizaton")
    assert result["corrected"] == "quantization" and result["hits"]
    assert cli_json(capsys, "search", "LoRA")["hits"]
    assert main(["graph", "-o", str(tmp_path / "g.json")]) == 0
    assert (data_dir / where).is_dir()


def test_an_unwritable_cache_falls_back_to_a_temporary_one(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """/proc refuses new files even to root: a cache folder nobody can write to."""
    assert main(["search", "LoRA"]) == 0
    shutil.rmtree(data_dir / "cache")
    (data_dir / "cache").symlink_to("/proc/self/fdinfo")
    capsys.readouterr()
    paper = tmp_path / "paper.md"
    paper.write_text("# Paper\n\nA study of speculative decoding.\n")
    assert main(["add", str(paper)]) == 0
    err = capsys.readouterr().err
    assert "cannot be written" in err and "temporary" in err
    assert cli_json(capsys, "search", "speculative")["hits"]
    assert "paper" in report_ids(capsys)


# ---- 8. special files --------------------------------------------------------------------


def test_special_files_are_refused_without_hanging(tmp_path: Path, data_dir: Path) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    for path in (str(fifo), "/dev/urandom", str(zero)):
        done = run("add", path, data_dir=data_dir, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "not a regular file" in done.stderr
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
        done = run("notes", "import", path, data_dir=data_dir, timeout=60)
        assert done.returncode == 2 and "not a regular file" in done.stderr, done.stderr


def test_the_size_limit_applies_while_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = tmp_path / "big.md"
    big.write_text("# Big\n\n" + "word " * 400_000)
    err = one_error_line(capsys, "add", str(big), "--max-mb", "1")
    assert "over the 1 MB limit" in err


# ---- 9. snapshot never waits for an answer ------------------------------------------------


def test_snapshot_with_damaged_notes_does_not_wait(tmp_path: Path, data_dir: Path) -> None:
    assert run("notes", "list", data_dir=data_dir).returncode == 0
    (data_dir / "notes").mkdir(exist_ok=True)
    (data_dir / "notes" / "notes.json").write_text("{broken")
    out = tmp_path / "shot.png"
    done = run("snapshot", "-o", str(out), "--size", "800x500", data_dir=data_dir, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "the snapshot replaced /dev/null"


# ---- 10. one line, exit 2 ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "lots"])
def test_max_mb_must_be_a_positive_number(
    capsys: pytest.CaptureFixture[str], cats: Path, value: str
) -> None:
    err = one_error_line(capsys, "add", str(cats), "--max-mb", value)
    assert "--max-mb" in err


def test_a_link_with_odd_digits_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    link = f"explorer://open?report={SEED}&section={SEED}%232&start=%C2%B2&end=9"
    err = one_error_line(capsys, "open", link)
    assert "link" in err


def test_an_empty_data_dir_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    err = one_error_line(capsys, "--data-dir", "", "reports")
    assert "--data-dir" in err
    assert list(tmp_path.iterdir()) == []


def test_errors_from_the_system_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = one_error_line(capsys, "graph", "-o", str(tmp_path / "no" / "such" / "g.json"))
    assert "g.json" in err


# ---- 11. terminal escapes ----------------------------------------------------------------


def test_control_characters_are_escaped_on_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = tmp_path / "evil\x1b[31mred\x07.md"
    hostile.write_text(
        "# Evil\n\nCopy this \x1b]52;c;aGFja2Vk\x07 and \x9b31m and \u202eright-to-left.\n"
    )
    assert main(["add", str(hostile)]) == 0
    capsys.readouterr()
    assert main(["reports"]) == 0
    listing = capsys.readouterr().out
    assert main(["show", f"{cli_ids(capsys)}#1"]) == 0
    shown = capsys.readouterr().out
    for out in (listing, shown):
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), repr(out)
    assert "\\x1b]52;c;aGFja2Vk\\x07" in shown and "\\u202e" in shown
    assert "\\x1b[31mred\\x07" in listing


def cli_ids(capsys: pytest.CaptureFixture[str]) -> str:
    return next(i for i in report_ids(capsys) if i.startswith("evil"))


# ---- 12. recovery copies do not pile up ---------------------------------------------------


def test_a_damaged_notes_file_is_copied_to_recovery_once(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    add_note(capsys, "concept:LoRA", "x")
    notes_file = data_dir / "notes" / "notes.json"
    notes_file.write_text('{"schema_version": 1, "notes": [' + "1," * 100_000 + "]}")
    for _ in range(3):
        one_error_line(capsys, "notes", "list")
    assert len(list((data_dir / "recovery").iterdir())) == 1


@pytest.mark.parametrize("how", ["deleted", "a folder in its place"])
def test_a_missing_notes_file_is_not_an_empty_one(
    capsys: pytest.CaptureFixture[str], data_dir: Path, how: str
) -> None:
    kept = {
        add_note(capsys, "concept:LoRA", "one"),
        add_note(capsys, "concept:quantization", "two"),
    }
    notes_file = data_dir / "notes" / "notes.json"
    notes_file.unlink()
    if how != "deleted":
        notes_file.mkdir()
        err = one_error_line(capsys, "notes", "list")
        assert "not a file" in err and "recover" in err
        assert not notes_file.exists(), "the folder is moved to recovery/, never deleted"
    capsys.readouterr()
    assert main(["notes", "list"]) == 0
    captured = capsys.readouterr()
    assert "was missing" in captured.err and len(captured.err.splitlines()) == 1
    assert note_ids(capsys) == kept
    third = add_note(capsys, "concept:LoRA", "three")
    assert note_ids(capsys) == kept | {third}
    assert json.loads(notes_file.read_text(encoding="utf-8"))["notes"]
