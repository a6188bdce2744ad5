"""Copies on the command line: `search` lists a passage once and says where else it stands;
`reports` tells which reports are near copies of which."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main
from tests.conftest import ROOT, copied_reports, subprocess_env


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    docs = copied_reports(tmp_path)
    assert main(["add", str(docs)]) == 0
    return docs


def test_search_prints_a_copied_passage_once_with_its_other_places(
    shelf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["search", "LoRA"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 result (and 2 copies of it) for 'LoRA'"
    assert "[llm-2024-final, llm-2024-final#2.1," in out[1]
    assert out[3].strip() == "also in 2 reports: llm-2024-draft#2.1, llm-2024#2.1"
    assert len(out) == 4


def test_search_json_hits_carry_also_in_and_the_result_its_copies(
    shelf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["search", "LoRA", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["copies"], len(data["hits"])) == (3, 2, 1)
    assert data["hits"][0]["passage_id"] == "llm-2024-final#2.1"
    assert data["hits"][0]["also_in"] == [
        {
            "report": "llm-2024-draft",
            "passage": "llm-2024-draft#2.1",
            "section": "2. Improved Efficiency and Scaling",
            "page": None,
        },
        {
            "report": "llm-2024",
            "passage": "llm-2024#2.1",
            "section": "2. Improved Efficiency and Scaling",
            "page": None,
        },
    ]


def test_every_copy_lists_each_copy_as_a_hit(
    shelf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["search", "LoRA", "--json", "--every-copy"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["copies"] == 0 and len(data["hits"]) == 3
    assert {h["report"] for h in data["hits"]} == {"llm-2024", "llm-2024-draft", "llm-2024-final"}


def test_reports_say_which_are_near_copies(shelf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    rows = {r["id"]: r["near_copy_of"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {
        "llm-2024": ["llm-2024-draft", "llm-2024-final"],
        "llm-2024-draft": ["llm-2024", "llm-2024-final"],
        "llm-2024-final": ["llm-2024", "llm-2024-draft"],
        "otters": [],
    }
    assert main(["reports"]) == 0
    out = capsys.readouterr().out
    assert "    ≈ copy of llm-2024-final: 9 of 10 passages in both" in out
    assert out.count("≈ copy of") == 6


def near_copies_listed(capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    return {r["id"]: r["near_copy_of"] for r in json.loads(capsys.readouterr().out)}


def test_reports_list_near_copies_kept_by_the_add_without_reading_the_index(
    shelf: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The add tells near copies apart once; the listing reads what it kept, loading
    neither whoosh nor numpy, and says what the index says."""
    assert list((data_dir / "cache" / "copies").glob("*.json"))
    code = (
        "import sys\n"
        "from explorer.cli import main\n"
        "main(['reports'])\n"
        "print(sorted({'whoosh', 'numpy', 'networkx'} & set(sys.modules)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    *listing, loaded = run.stdout.splitlines()
    assert loaded == "[]"
    assert "    ≈ copy of llm-2024-final: 9 of 10 passages in both" in listing
    kept = near_copies_listed(capsys)
    shutil.rmtree(data_dir / "cache" / "copies")
    assert near_copies_listed(capsys) == kept  # told apart from the index again
    assert list((data_dir / "cache" / "copies").glob("*.json"))


def test_a_removed_copy_leaves_the_near_copies_listed(
    shelf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    near_copies_listed(capsys)
    assert main(["remove", "llm-2024-draft"]) == 0
    assert near_copies_listed(capsys) == {
        "llm-2024": ["llm-2024-final"],
        "llm-2024-final": ["llm-2024"],
        "otters": [],
    }
    assert main(["add", str(shelf / "llm-2024-draft.md")]) == 0
    assert near_copies_listed(capsys)["llm-2024-draft"] == ["llm-2024", "llm-2024-final"]
