"""`explorer tour recover`: after a damaged tours file, the backup comes back in one command."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.tours import Stop, ToursDamaged, TourStore
from explorer.core.workspace import Workspace
from tests.cli.test_data_safety import one_error_line


def saved_tours(data_dir: Path) -> TourStore:
    store = TourStore(data_dir)
    store.load()
    store.create("Launch", [Stop(id="stop0001", title="Opening", caption="Why we are here")])
    store.create("Review")
    return store


def said(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_recover_brings_back_the_newest_good_backup(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = saved_tours(data_dir)
    saved = store.tours()
    store.path.write_bytes(store.path.read_bytes()[:-30])
    damaged = store.path.read_bytes()
    err = one_error_line(capsys, "tour", "recover", "--empty", "--backup", "/nope")
    assert "not allowed with argument" in err, "one or the other"
    err = one_error_line(capsys, "tour", "recover", "--backup", "/nope")
    assert "/nope: no such file" in err
    assert store.path.read_bytes() == damaged, "nothing changed before the backup was read"

    out = said(capsys, "tour", "recover")
    newest = store.shelf.all()[1][1].name  # the recovery saved a newer one, the same tours
    assert out == f"Recovered 2 tours from the backup {store.shelf.folder / newest}.\n"
    again = TourStore(data_dir)
    again.load()
    assert again.tours() == saved
    assert len(list((data_dir / "recovery").glob("tours-*.json"))) == 1


def test_recover_on_a_good_file_says_there_is_nothing_to_do(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = saved_tours(data_dir)
    before = store.path.read_bytes()
    err = one_error_line(capsys, "tour", "recover")
    assert "fine; there is nothing to recover" in err
    assert store.path.read_bytes() == before

    only_launch = store.shelf.all()[1][1]
    out = said(capsys, "tour", "recover", "--backup", str(only_launch))
    assert out.splitlines() == [
        f"Recovered 1 tour from the backup {only_launch}.",
        f"The tours you had are kept as a backup in {store.shelf.folder}.",
    ]


def test_recover_can_start_with_no_tours(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = saved_tours(data_dir)
    store.path.write_bytes(b"not json")
    assert said(capsys, "tour", "recover", "--empty") == (
        "Recovered 0 tours from an empty tours file.\n"
    )
    assert (data_dir / "recovery").is_dir()


def test_a_tours_file_from_a_newer_app_is_left_alone(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """Not damage: nothing is kept in recovery/, and nothing, not even recover, writes it."""
    store = saved_tours(data_dir)
    raw = store.path.read_bytes().replace(b'"schema_version": 1', b'"schema_version": 4', 1)
    store.path.write_bytes(raw)
    with pytest.raises(ExplorerError, match="newer Trend Explorer") as caught:
        Workspace(data_dir).tours()
    assert not isinstance(caught.value, ToursDamaged)
    with pytest.raises(ExplorerError, match=r"tours format 4\); update this app"):
        store.create("Would overwrite")
    err = one_error_line(capsys, "tour", "recover", "--empty")
    assert "tours format 4" in err
    assert store.path.read_bytes() == raw and not (data_dir / "recovery").exists()
