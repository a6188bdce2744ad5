"""Dates in a sane range wherever one enters (issue 22, item 1): a year far out, or digits
that are not plain ASCII, are refused in one line, and trends keep working."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.reports import parse_text
from explorer.core.workspace import user_date

SEED = "ai-llm-advancements-2024"


@pytest.mark.parametrize(
    "typed",
    [
        "9999-01-01",
        "0024",
        "+024",
        "2_24",
        " 2024-1-5",
        "２０２４",
        "1899-12-31",
        "3000",
        "9" * 10_000,
    ],
)
def test_a_date_outside_the_years_or_not_plain_digits_is_refused_in_one_short_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, typed: str
) -> None:
    assert main(["date", SEED, typed]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and len(err.splitlines()) == 1
    assert "1900 to 2999" in err and len(err) < 300
    assert main(["trends", "--json"]) == 0  # nothing was stored: trends still answer


@pytest.mark.parametrize(("typed", "stored"), [("2024", "2024-01-01"), ("1900-02", "1900-02-01")])
def test_the_forms_the_help_names_are_taken(typed: str, stored: str) -> None:
    assert user_date(typed) == stored
    with pytest.raises(ExplorerError):
        user_date("2024-13")


def test_front_matter_far_in_the_future_gives_no_date_and_one_note() -> None:
    text = "---\ndate: 9999-12-31\n---\n# Far\n\n## Body\n\nWords.\n"
    report = parse_text(text, "far", "far", where="far.md")
    assert report.date is None
    assert report.date_note is not None and "far.md" in report.date_note
    assert "\n" not in report.date_note


def test_a_users_date_survives_removing_and_adding_the_file_again(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Read me\n\n## Part\n\nWords about otters.\n", encoding="utf-8")
    assert main(["add", str(readme)]) == 0
    assert main(["date", "readme", "2023-05-06"]) == 0
    assert main(["remove", "readme"]) == 0
    assert main(["add", str(readme)]) == 0
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    [entry] = [r for r in listed if r["id"] == "readme"]
    assert entry["date"] == "2023-05-06"


@pytest.mark.parametrize("title", ["Report on LLMs (20٢٤)", "Report on LLMs (２０２４)"])
def test_a_year_in_a_title_in_other_digits_gives_no_date_and_trends_answer(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, title: str
) -> None:
    report = tmp_path / "digits.md"
    report.write_text(f"# {title}\n\n## Part\n\nWords about otters.\n", encoding="utf-8")
    assert main(["add", str(report)]) == 0
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    [entry] = [r for r in json.loads(capsys.readouterr().out) if r["id"] == "digits"]
    assert entry["date"] is None
    assert main(["trends", "--json"]) == 0


@pytest.mark.parametrize("field", ["date", "user_date"])
def test_a_far_date_already_in_the_library_file_reads_as_none_and_trends_answer(
    capsys: pytest.CaptureFixture[str], data_dir: Path, field: str
) -> None:
    """A library written before dates were bounded, or edited by hand, may hold any date."""
    assert main(["reports"]) == 0  # the bundled report is added
    path = data_dir / "library.json"
    library = json.loads(path.read_text(encoding="utf-8"))
    library["reports"][0][field] = "9999-12-31"
    path.write_text(json.dumps(library), encoding="utf-8")
    capsys.readouterr()
    for by in ("year", "quarter", "month", "report"):
        assert main(["trends", "--by", by, "--json"]) == 0, capsys.readouterr().err
    assert main(["trends", "lora", "--json"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["date"] != "9999-12-31"
