"""The notes verbs as a script would use them: add, list, trash, export, import, recover."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main

SEED = "ai-llm-advancements-2024"


def add(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["notes", "add", *args, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_add_list_remove_restore(capsys: pytest.CaptureFixture[str]) -> None:
    note = add(
        capsys,
        "--target",
        f"{SEED}#2",
        "--quote",
        "low-rank adaptation (LoRA)",
        "--text",
        "Cheap adapters",
        "--tag",
        "efficiency",
        "--tag",
        "#lora",
    )
    target = note["target"]
    assert isinstance(target, dict)
    assert target["quote"]["exact"] == "low-rank adaptation (LoRA)"
    assert note["tags"] == ["efficiency", "lora"]
    concept = add(capsys, "--target", "concept:LoRA", "--text", "")
    assert concept["target"] == {"type": "concept", "concept": "concept:lora"}
    assert main(["notes", "list", "--tag", "efficiency"]) == 0
    out = capsys.readouterr().out
    assert f"{note['id']}  {SEED}#2  #efficiency #lora" in out and "Cheap adapters" in out
    assert main(["notes", "remove", str(note["id"])]) == 0
    assert "Moved note" in capsys.readouterr().out
    assert main(["notes", "list", "--json"]) == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)] == [concept["id"]]
    assert main(["notes", "list", "--trash", "--json"]) == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)] == [note["id"]]
    assert main(["notes", "restore", str(note["id"])]) == 0
    assert main(["notes", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out.split("\n", 1)[1])) == 2


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_export_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    add(
        capsys,
        "--target",
        f"{SEED}#8",
        "--quote",
        "federated learning",
        "--text",
        "<script>alert(1)</script> keeps data local",
        "--tag",
        "privacy",
    )
    out = tmp_path / f"notes.{fmt}"
    assert main(["notes", "export", "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "federated learning" in text
    if fmt == "json":  # data, not markup: the body is kept exactly
        bodies = [b["value"] for item in json.loads(text)["first"]["items"] for b in item["body"]]
        assert "<script>alert(1)</script> keeps data local" in bodies
        return
    if fmt == "md":  # as Obsidian shows it: the body's tag is text, not markup
        from markdown_it import MarkdownIt

        text = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<script>" not in text
    if fmt == "json":
        data = json.loads(text)
        assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"


def test_json_export_imports_back_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    add(
        capsys,
        "--target",
        f"{SEED}#1",
        "--quote",
        "OpenAI’s CLIP",
        "--text",
        "über 🚀",
        "--tag",
        "models",
    )
    add(capsys, "--target", "report:" + SEED, "--text", "")
    out = tmp_path / "notes.json"
    assert main(["notes", "export", "--format", "json", "-o", str(out)]) == 0
    assert main(["notes", "list", "--json"]) == 0
    before = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    other = tmp_path / "other-data"
    assert main(["--data-dir", str(other), "notes", "import", str(out)]) == 0
    assert "Imported 2 notes: 2 new" in capsys.readouterr().out
    assert main(["--data-dir", str(other), "notes", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before


def test_recover_from_a_damaged_file(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    note = add(capsys, "--target", "concept:quantization", "--text", "first")
    add(capsys, "--target", "concept:LoRA", "--text", "second")  # the first is backed up
    notes_file = data_dir / "notes" / "notes.json"
    notes_file.write_bytes(notes_file.read_bytes()[:-30])
    damaged = notes_file.read_bytes()
    assert main(["notes", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: The notes file") and "could not be read" in err
    assert "explorer notes recover" in err and len(err.splitlines()) == 1
    assert main(["notes", "add", "--target", "concept:LoRA", "--text", "x"]) == 2
    assert notes_file.read_bytes() == damaged  # never written over
    assert main(["notes", "recover"]) == 0
    capsys.readouterr()
    assert main(["notes", "list", "--json"]) == 0
    assert note["id"] in [n["id"] for n in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes", "add", "--target", "nope#1", "--text", "x"], "There is no report 'nope'"),
        (
            ["notes", "add", "--target", f"{SEED}#2", "--quote", "absent words", "--text", "x"],
            "are not in section",
        ),
        (["notes", "add", "--target", "concept:zzz", "--text", "x"], "No concept is called"),
        (["notes", "remove", "missing"], "There is no note 'missing'"),
        (["notes", "restore", "missing"], "no note 'missing' in the trash"),
        (["notes", "import", "/no/such.json"], "no such file"),
        (["notes", "export", "--format", "doc", "-o", "x"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and message in err and len(err.splitlines()) == 1


def test_import_of_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "AnnotationCollection", "first": {"items": [{"nope": 1}]}}')
    assert main(["notes", "import", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("explorer: ")
