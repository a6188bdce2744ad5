"""The command line as scripts and users meet it: output, JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import __version__
from explorer.cli import main
from tests.conftest import ROOT, corpus, subprocess_env

SEED_ID = "ai-llm-advancements-2024"


def run(*args: str, data_dir: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`explorer ARGS` in a child process, as a script runs it: no terminal, no input."""
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        cwd=ROOT,
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_search_json_ranks_efficiency_first(data_dir: Path) -> None:
    done = run("--data-dir", str(data_dir), "search", "LoRA", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"query", "total", "suggestion", "hits", "copies", "corrected"}
    first = data["hits"][0]
    assert set(first) == {
        "rank",
        "score",
        "report",
        "section_id",
        "section",
        "passage_id",
        "snippet",
        "page",
        "also_in",
    }
    assert first["page"] is None  # a Markdown report has no printed pages
    assert first["section"] == "2. Improved Efficiency and Scaling"
    assert first["section_id"] == f"{SEED_ID}#2" and first["rank"] == 1


def test_readable_search_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "privacy"]) == 0
    out = capsys.readouterr().out
    assert "1 result for 'privacy'" in out
    assert "8. Data Privacy Innovations" in out and "«privacy»" in out


def test_a_typo_shows_the_results_of_its_correction(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "quantizaton"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Showing results for 'quantization': nothing matched 'quantizaton' (--as-typed"
    )
    assert "«quantization»" in out and "Nothing matched" not in out
    assert main(["search", "quantizaton", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "quantizaton" and answer["corrected"] == "quantization"
    assert answer["total"] > 0 and answer["suggestion"] is None
    assert all("quantization" in h["snippet"].lower() for h in answer["hits"])


def test_as_typed_keeps_the_suggestion_and_empty_result_advice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["search", "quantizaton", "--as-typed"]) == 0
    out = capsys.readouterr().out
    assert "Did you mean: quantization?" in out and "Nothing matched" in out
    assert main(["search", "quantizaton", "--as-typed", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["total"] == 0 and answer["corrected"] is None
    assert answer["suggestion"] == "quantization"


def test_a_query_found_as_typed_is_not_corrected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "privacy", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["corrected"] is None and answer["query"] == "privacy"


def test_reports_show_and_remove(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["reports", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == SEED_ID and row["sections"] == 10 and row["passages"] == 10
    assert set(row) == {
        "id",
        "title",
        "path",
        "date",
        "format",
        "sections",
        "passages",
        "missing",
        "near_copy_of",
        "outline",
    }
    assert row["format"] == "markdown"
    assert [part["level"] for part in row["outline"]] == [1] * 10
    assert row["missing"] is False
    assert main(["show", f"{SEED_ID}#7"]) == 0
    assert "## 7. Open Source Models" in capsys.readouterr().out
    assert main(["remove", SEED_ID]) == 0
    assert "Removed ai-llm-advancements-2024" in capsys.readouterr().out
    assert main(["reports"]) == 0
    assert "The library is empty" in capsys.readouterr().out


def test_show_and_reports_carry_each_section_s_level_and_parent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["add", str(corpus("llm-course-report") / "README.md")]) == 0
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    course = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == "readme")
    by_title = {part["title"]: part for part in course["outline"]}
    part = by_title["🧑\u200d🔬 The LLM Scientist"]
    chapter = by_title["4. Supervised Fine-Tuning"]
    assert (part["level"], part["parent"]) == (1, None)
    assert (chapter["level"], chapter["parent"]) == (2, part["id"])
    assert main(["show", chapter["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["level"], shown["parent"]) == (2, part["id"])
    assert shown["breadcrumb"] == [part["title"], chapter["title"]]
    assert shown["text"].startswith("### 4. Supervised Fine-Tuning")
    assert "### 5. Preference Alignment" not in shown["text"]
    assert main(["show", part["id"]]) == 0
    out = capsys.readouterr().out
    assert "(level 1)" in out and "8 sections inside:" in out
    assert f"{chapter['id']}  4. Supervised Fine-Tuning" in out


def test_add_reports_bad_files_and_continues(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = corpus("messy-mix")
    assert main(["add", str(docs)]) == 2
    captured = capsys.readouterr()
    assert "Added 20 reports" in captured.out and "3 failed." in captured.out
    errors = [line for line in captured.err.splitlines() if line.startswith("explorer: ")]
    assert len(errors) == 3 and all(str(docs) in line for line in errors)
    assert main(["search", "RAGatouille", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["report"] == "til-llms-colbert-ragatouille"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope#1"], "There is no report 'nope'"),
        (["show", f"{SEED_ID}#99"], "has no section"),
        (["remove", "nope"], "There is no report 'nope'"),
        (["search", "*"], "Type at least one word"),
        (["search", "x" * 5000], "characters long"),
        (["search", "LoRA", "--limit", "0"], "--limit must be at least 1"),
        (["search", "LoRA", "--report", "nope"], "There is no report 'nope'"),
        (["search", "LoRA", "--limit", "many"], "invalid int value"),
        (["frobnicate"], "invalid choice"),
        (["add", "/no/such/file.md"], "no such file or folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("explorer: ") for line in lines), err
    assert message in err and "Traceback" not in err


def test_bad_input_in_a_real_process(data_dir: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(bytes(range(256)) * 10)
    done = run("add", str(binary), data_dir=data_dir)
    assert done.returncode == 2
    assert done.stderr.startswith(f"explorer: {binary}: looks like a binary file")
    assert "Traceback" not in done.stderr


def test_unwritable_data_dir_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("--data-dir", str(blocker / "sub"), "reports", data_dir=tmp_path / "unused")
    assert done.returncode == 2
    assert done.stderr.startswith("explorer: The data folder") and "Traceback" not in done.stderr


def test_version_and_help(data_dir: Path) -> None:
    done = run("--version", data_dir=data_dir)
    assert done.stdout.strip() == f"explorer {__version__}"
    done = run("--help", data_dir=data_dir)
    for verb in ("add", "reports", "show", "search", "remove"):
        assert verb in done.stdout


def test_add_folder_then_search_does_not_reindex(data_dir: Path) -> None:
    docs = corpus("milvus-blog-en")
    done = run("add", str(docs), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "Added 296 reports" in done.stdout
    index = data_dir / "cache" / "index"
    before = {p.name: p.stat().st_mtime_ns for p in index.iterdir()}
    done = run("search", "vector database", "--json", data_dir=data_dir)
    assert json.loads(done.stdout)["total"] > 100
    assert {p.name: p.stat().st_mtime_ns for p in index.iterdir()} == before


def test_a_file_whose_name_is_not_utf8_is_named_and_the_rest_added(
    data_dir: Path, tmp_path: Path
) -> None:
    """A name in another encoding (cp1251 Cyrillic: no ASCII letter to make an id from)."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    name = os.fsdecode(b"\xda\xda.md")
    (shelf / name).write_text("# Report\n\nSome words about LoRA here.\n", encoding="utf-8")
    (shelf / "plain.md").write_text("# Plain\n\nOther words.\n", encoding="utf-8")
    done = run("add", str(shelf), data_dir=data_dir)
    assert done.returncode == 2, done.stderr  # some of what was asked for was not added
    assert "Traceback" not in done.stderr
    listed = run("reports", "--json", data_dir=data_dir)
    assert len(json.loads(listed.stdout)) == 1, listed.stdout  # plain.md; the sample left
    assert "its name is not UTF-8 text; rename it" in done.stdout + done.stderr


SAMPLE_LEFT = "The sample report left the library; `explorer add --sample` brings it back."


def library_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    assert main(["reports", "--json"]) == 0
    return {row["id"] for row in json.loads(capsys.readouterr().out)}


def test_the_sample_leaves_for_the_first_reports_and_add_sample_brings_it_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    posts = [str(p) for p in sorted(corpus("milvus-blog-en").glob("*.md"))[:4]]
    assert main(["add", *posts[:3]]) == 0
    added, left = capsys.readouterr().out.splitlines()
    assert added.startswith("Added 3 reports") and left == SAMPLE_LEFT
    assert SEED_ID not in library_ids(capsys)
    assert main(["search", "therapy bots", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert main(["add", "--sample"]) == 0
    assert capsys.readouterr().out.startswith("Added 1 report, updated 0 (10 passages)")
    assert main(["add", posts[3]]) == 0
    assert SAMPLE_LEFT not in capsys.readouterr().out
    assert len(library_ids(capsys) - {SEED_ID}) == 4 and SEED_ID in library_ids(capsys)


def test_a_dated_sample_stays_and_add_needs_paths_or_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["date", SEED_ID, "2023"]) == 0
    post = sorted(corpus("milvus-blog-en").glob("*.md"))[0]
    assert main(["add", str(post)]) == 0
    assert SAMPLE_LEFT not in capsys.readouterr().out
    assert SEED_ID in library_ids(capsys)
    assert main(["add"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: add needs report files or folders, or --sample")
    assert len(err.splitlines()) == 1
