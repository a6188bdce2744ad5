"""Every file the command line writes for the user goes through one guarded writer: never into
the data folder, never onto a pipe, device, folder or read-only file (one sentence, exit code
2, nothing changed), written whole, with the mode the user's umask gives."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.workspace import Workspace
from tests.cli.test_cli import run

EXPORTS = {
    "notes md": ("notes", "export", "--format", "md", "-o"),
    "notes html": ("notes", "export", "--format", "html", "-o"),
    "notes json": ("notes", "export", "--format", "json", "-o"),
    "notes pdf": ("notes", "export", "--format", "pdf", "-o"),
    "graph json": ("graph", "--format", "json", "-o"),
    "graph graphml": ("graph", "--format", "graphml", "-o"),
    "graph gexf": ("graph", "--format", "gexf", "-o"),
    "trends csv": ("trends", "--csv"),
}
"""The exports a script runs in this process, each missing only its target."""
DRAWN = {"notes pdf"}
"""Exports Qt draws: written in a child process (one QApplication per test process)."""


def one_error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def seeded(capsys: pytest.CaptureFixture[str], data_dir: Path) -> dict[Path, bytes]:
    """A data folder with a note in it; the bytes of its files, to see they stay as they are."""
    assert main(["notes", "add", "--target", "concept:LoRA", "--text", "precious"]) == 0
    capsys.readouterr()
    return {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}


def unchanged(data_dir: Path, saved: dict[Path, bytes]) -> bool:
    now = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    return {p: now.get(p) for p in saved} == saved


@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_refuses_the_data_folder_and_leaves_it_alone(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    seeded: dict[Path, bytes],
    export: str,
) -> None:
    sneaky = tmp_path / "sneaky.json"
    sneaky.symlink_to(data_dir / "notes" / "notes.json")
    for target in (
        data_dir / "notes" / "notes.json",
        data_dir / "library.json",
        data_dir / "new.out",
        data_dir,
        sneaky,
    ):
        err = one_error_line(capsys, *EXPORTS[export], str(target))
        assert "data folder" in err, (export, target, err)
    assert unchanged(data_dir, seeded)
    assert not (data_dir / "new.out").exists()


def make_fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe.out"
    os.mkfifo(fifo)
    return fifo


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return folder


def make_read_only_file(tmp_path: Path) -> Path:
    path = tmp_path / "read-only.out"
    path.write_text("mine", encoding="utf-8")
    path.chmod(0o444)
    return path


def make_read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "new.out"


def make_device(tmp_path: Path) -> Path:
    """A device node of our own like /dev/null, so that a regression harms no real one."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root, as CI has")
    return device


ODD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (make_fifo, "named pipe"),
    "folder": (make_folder, "is a folder"),
    "read-only file": (make_read_only_file, "read-only"),
    "read-only folder": (make_read_only_folder, "read-only"),
    "device": (make_device, "device"),
}


@pytest.mark.timeout(60)  # a writer that opens the pipe would wait here for ever
@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_refuses_odd_targets_without_blocking(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    seeded: dict[Path, bytes],
    export: str,
    odd: str,
) -> None:
    make, said = ODD[odd]
    target = make(tmp_path)
    before = os.lstat(target) if target.exists() else None
    err = one_error_line(capsys, *EXPORTS[export], str(target))
    assert said in err, err
    if before is None:
        assert not target.exists() and os.listdir(target.parent) == []
    else:
        after = os.lstat(target)
        assert (after.st_mode, after.st_ino, after.st_mtime_ns) == (
            before.st_mode,
            before.st_ino,
            before.st_mtime_ns,
        )
    if odd == "read-only file":
        assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("export", sorted(set(EXPORTS) - DRAWN))
def test_each_export_gets_the_umask_mode_and_leaves_no_temp_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    seeded: dict[Path, bytes],
    umask_022: None,
    export: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "export.out"
    assert main([*EXPORTS[export], str(target)]) == 0, capsys.readouterr().err
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(out) == ["export.out"]
    assert target.stat().st_size > 0
    os.umask(0o027)  # the umask decides, not a fixed mode
    again = out / "again.out"
    assert main([*EXPORTS[export], str(again)]) == 0
    assert stat.S_IMODE(again.stat().st_mode) == 0o640


def test_a_pdf_of_the_notes_gets_the_umask_mode(
    data_dir: Path, tmp_path: Path, seeded: dict[Path, bytes], umask_022: None
) -> None:
    target = tmp_path / "notes.pdf"
    done = run("notes", "export", "--format", "pdf", "-o", str(target), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---- tours: a folder of pictures, a slide PDF, a web page --------------------------------


def one_stop_tour(data_dir: Path) -> str:
    ws = Workspace(data_dir)
    tour = ws.tours().create("One stop", ws.default_tour().stops[:1]).value
    return tour.id


def refused(*args: str, data_dir: Path) -> str:
    done = run(*args, data_dir=data_dir, timeout=120)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    return done.stderr


def test_tour_export_refuses_the_data_folder_and_odd_targets(
    data_dir: Path, tmp_path: Path, seeded: dict[Path, bytes]
) -> None:
    tour = one_stop_tour(data_dir)
    saved = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    listing = sorted(data_dir.rglob("*"))
    out = tmp_path / "slides"
    for args in (
        ("-o", str(data_dir / "notes")),
        ("-o", str(data_dir)),
        ("-o", str(out), "--pdf", str(data_dir / "tour.pdf")),
        ("-o", str(out), "--html", str(data_dir / "notes" / "tour.html")),
    ):
        err = refused("tour", "export", tour, *args, data_dir=data_dir)
        assert "data folder" in err, (args, err)
    assert sorted(data_dir.rglob("*")) == listing and unchanged(data_dir, saved)
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    err = refused("tour", "export", tour, "-o", str(out), "--html", str(fifo), data_dir=data_dir)
    assert "named pipe" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    err = refused("tour", "export", tour, "-o", str(locked), data_dir=data_dir)
    assert "read-only" in err
    assert not out.exists() and os.listdir(locked) == []


def test_tour_export_files_get_the_umask_mode(
    data_dir: Path, tmp_path: Path, seeded: dict[Path, bytes], umask_022: None
) -> None:
    tour = one_stop_tour(data_dir)
    out, pdf, page = tmp_path / "slides", tmp_path / "tour.pdf", tmp_path / "tour.html"
    done = run(
        "tour", "export", tour, "-o", str(out), "--size", "320x180",
        "--pdf", str(pdf), "--html", str(page), data_dir=data_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pictures = list(out.iterdir())
    assert len(pictures) == 1 and pictures[0].suffix == ".png"
    for path in (*pictures, pdf, page):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---- the window's picture: explorer snapshot ----------------------------------------------


def test_snapshot_refuses_the_data_folder_and_a_pipe(
    data_dir: Path, tmp_path: Path, seeded: dict[Path, bytes]
) -> None:
    sneaky = tmp_path / "sneaky.png"
    sneaky.symlink_to(data_dir / "library.json")
    for target in (data_dir / "notes" / "window.png", sneaky):
        err = refused("snapshot", "-o", str(target), data_dir=data_dir)
        assert "data folder" in err, err
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert "named pipe" in refused("snapshot", "-o", str(fifo), data_dir=data_dir)
    assert unchanged(data_dir, seeded) and not (data_dir / "notes" / "window.png").exists()


def test_snapshot_gets_the_umask_mode(data_dir: Path, tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "shots"
    out.mkdir()
    done = run("snapshot", "-o", str(out / "window.png"), "--size", "900x600", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert os.listdir(out) == ["window.png"]
    assert stat.S_IMODE((out / "window.png").stat().st_mode) == 0o644
