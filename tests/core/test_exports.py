"""The one guarded writer and the one registry of export formats, without Qt."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.exports import (
    EXPORT_FORMATS,
    RefusedExport,
    export_folder,
    export_format,
    export_target,
    file_filters,
    format_for_suffix,
    format_names,
    user_umask,
    write_export,
    write_export_folder,
)


@pytest.fixture
def data(data_dir: Path) -> Path:
    """A data folder with the app's own files in it."""
    (data_dir / "notes").mkdir(parents=True)
    (data_dir / "notes" / "notes.json").write_text('{"notes": []}', encoding="utf-8")
    (data_dir / "library.json").write_text("{}", encoding="utf-8")
    return data_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# ---- the registry -----------------------------------------------------------------------


def test_the_registry_names_every_export_once() -> None:
    assert {(f.subject, f.name) for f in EXPORT_FORMATS} == {
        ("notes", "md"), ("notes", "html"), ("notes", "json"), ("notes", "pdf"),
        ("graph", "json"), ("graph", "graphml"), ("graph", "gexf"),
        ("trends", "csv"),
        ("chart", "png"), ("chart", "svg"),
        ("tour", "png"), ("tour", "pdf"), ("tour", "html"),
        ("concepts", "txt"),
        ("window", "png"),
    }  # fmt: skip
    assert len(EXPORT_FORMATS) == 15
    for fmt in EXPORT_FORMATS:
        assert fmt.suffix == f".{fmt.name}" and f"(*{fmt.suffix})" in fmt.file_filter
        assert fmt.what
    assert [f.name for f in EXPORT_FORMATS if f.folder] == ["png"]  # the tour's pictures
    assert format_names("graph") == ("json", "graphml", "gexf")
    assert file_filters("chart") == "PNG image (*.png);;SVG drawing (*.svg)"
    assert format_for_suffix("chart", ".SVG") == export_format("chart", "svg")
    assert format_for_suffix("chart", ".jpg") is None
    with pytest.raises(ExplorerError, match="choose one of md, html, json, pdf"):
        export_format("notes", "docx")


def test_what_the_core_makes_and_what_qt_draws() -> None:
    """The core makes every format not marked drawn; Qt (explorer.ui.draw) the others."""
    from explorer.core.graph import export_graph
    from explorer.core.notes import export_text
    from explorer.core.notes.grouping import IdTitles

    drawn = {(f.subject, f.name) for f in EXPORT_FORMATS if f.drawn}
    assert drawn == {
        ("notes", "pdf"), ("chart", "png"), ("chart", "svg"),
        ("tour", "png"), ("tour", "pdf"), ("tour", "html"), ("window", "png"),
    }  # fmt: skip
    import networkx as nx

    for name in format_names("graph"):
        assert export_graph(nx.Graph([("a", "b")]), name)
    for fmt in EXPORT_FORMATS:
        if fmt.subject == "notes" and not fmt.drawn:
            assert isinstance(export_text([], IdTitles(), fmt.name), str)


# ---- refusals: one sentence, nothing touched ----------------------------------------------


@pytest.mark.parametrize(
    "inside",
    ["notes/notes.json", "library.json", "new.md", "notes/new.md", ".", "notes/../x.md"],
)
def test_the_data_folder_is_refused(data: Path, inside: str) -> None:
    before = snapshot(data)
    with pytest.raises(RefusedExport, match="inside the data folder") as refused:
        write_export("x", data / inside, data)
    assert len(str(refused.value).splitlines()) == 1
    assert snapshot(data) == before


def test_a_link_into_the_data_folder_is_refused(data: Path, tmp_path: Path) -> None:
    before = snapshot(data)
    to_file = tmp_path / "sneaky.json"
    to_file.symlink_to(data / "notes" / "notes.json")
    to_folder = tmp_path / "sneaky"
    to_folder.symlink_to(data / "notes")
    for target in (to_file, to_folder / "new.md"):
        with pytest.raises(RefusedExport, match="inside the data folder"):
            write_export("x", target, data)
    with pytest.raises(RefusedExport, match="inside the data folder"):
        write_export_folder([("a.png", b"x")], to_folder, data)
    assert snapshot(data) == before


def test_a_data_folder_reached_through_a_link_is_still_refused(data: Path, tmp_path: Path) -> None:
    linked_data = tmp_path / "linked-data"
    linked_data.symlink_to(data)
    with pytest.raises(RefusedExport, match="inside the data folder"):
        write_export("x", data / "library.json", linked_data)


@pytest.mark.timeout(30)  # opening the pipe would wait here for a reader for ever
def test_a_fifo_is_refused_without_blocking(data: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    link = tmp_path / "to-pipe.md"
    link.symlink_to(fifo)
    for target in (fifo, link):
        with pytest.raises(RefusedExport, match=r"not a regular file .*a named pipe"):
            write_export("x", target, data)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    with pytest.raises(RefusedExport, match=r"not a folder .*a named pipe"):
        write_export_folder([("a.png", b"x")], fifo, data)


def test_a_device_is_refused(data: Path) -> None:
    """/dev/null itself: refused before anything is opened, so it comes to no harm."""
    null = Path(os.devnull)
    with pytest.raises(RefusedExport, match=r"not a regular file .*a device"):
        write_export("x", null, data)
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_folder_is_refused(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RefusedExport, match="is a folder"):
        write_export("x", folder, data)
    assert list(folder.iterdir()) == []


def test_a_read_only_file_is_refused_and_kept(data: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.md"
    mine.write_text("mine", encoding="utf-8")
    mine.chmod(0o444)
    with pytest.raises(RefusedExport, match="read-only"):
        write_export("x", mine, data)
    assert mine.read_text(encoding="utf-8") == "mine"
    assert stat.S_IMODE(mine.stat().st_mode) == 0o444


def test_a_read_only_folder_is_refused(data: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(RefusedExport, match="read-only"):
            write_export("x", locked / "new.md", data)
        for folder in (locked, locked / "deeper"):
            with pytest.raises(RefusedExport, match="read-only"):
                write_export_folder([("a.png", b"x")], folder, data)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_file_where_a_folder_belongs_is_refused(data: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("x", encoding="utf-8")
    with pytest.raises(RefusedExport, match=r"could not be written .* is not a folder"):
        write_export("x", plain / "n.md", data)
    with pytest.raises(RefusedExport, match="is not a folder"):
        write_export("x", plain / "deeper" / "n.md", data)
    with pytest.raises(RefusedExport, match="is a file; give a folder"):
        export_folder(plain, data)


# ---- writing: whole, atomic, with the umask's mode ----------------------------------------


def test_a_new_export_gets_the_umask_mode(data: Path, tmp_path: Path, umask_022: None) -> None:
    written = write_export("héllo", tmp_path / "notes.md", data)
    assert written == (tmp_path / "notes.md").resolve()
    assert written.read_text(encoding="utf-8") == "héllo"
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    os.umask(0o077)
    private = write_export(b"%PDF-", tmp_path / "private.pdf", data)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert os.umask(0o077) == 0o077  # reading the umask left it as it was


def test_user_umask_reads_the_umask_without_changing_it(umask_022: None) -> None:
    assert user_umask() == 0o022
    os.umask(0o027)
    assert user_umask() == 0o027
    assert os.umask(0o022) == 0o027


def test_a_file_written_over_keeps_its_mode(data: Path, tmp_path: Path, umask_022: None) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    write_export("new", shared, data)
    assert shared.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


def test_writing_through_a_link_replaces_the_file_it_leads_to(data: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert write_export("new", link, data) == real.resolve()
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_an_atomic_write_leaves_no_temp_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_export("one", out / "a.md", data)
    write_export("two", out / "a.md", data)
    assert os.listdir(out) == ["a.md"]
    assert (out / "a.md").read_text(encoding="utf-8") == "two"


def test_a_failed_write_keeps_the_old_file_and_no_temp_file(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExplorerError, match=r"could not be written to .*No space left") as failed:
        write_export("new", target, data)
    assert len(str(failed.value).splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "old"
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_a_folder_of_files_is_made_and_each_file_guarded(
    data: Path, tmp_path: Path, umask_022: None
) -> None:
    out = tmp_path / "slides" / "deep"
    written = write_export_folder([("01 a.png", b"1"), ("02 b.png", b"2")], out, data)
    assert [p.name for p in written] == ["01 a.png", "02 b.png"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)
    os.mkfifo(out / "03 c.png")
    with pytest.raises(RefusedExport, match="named pipe"):
        write_export_folder([("03 c.png", b"3")], out, data)
    (out / "04 d.png").symlink_to(data / "library.json")
    with pytest.raises(RefusedExport, match="inside the data folder"):
        write_export_folder([("04 d.png", b"4")], out, data)
    assert (data / "library.json").read_text(encoding="utf-8") == "{}"


def test_a_missing_folder_is_refused_for_a_file_and_made_for_many(
    data: Path, tmp_path: Path
) -> None:
    with pytest.raises(RefusedExport, match=r"the folder .*typo does not exist") as refused:
        write_export("x", tmp_path / "typo" / "n.md", data)
    assert len(str(refused.value).splitlines()) == 1
    assert not (tmp_path / "typo").exists()
    write_export_folder([("a.png", b"x")], tmp_path / "new" / "pictures", data)
    assert (tmp_path / "new" / "pictures" / "a.png").read_bytes() == b"x"


def test_the_guard_alone_writes_nothing(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "n.md"
    assert export_target(target, data) == target.resolve()
    assert export_folder(tmp_path / "pictures", data) == (tmp_path / "pictures").resolve()
    assert not target.exists() and not (tmp_path / "pictures").exists()
