"""A big report's cut is kept, so it is not parsed again each time it is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.reports import cuts
from explorer.core.reports.ingest import parse_file, parse_text
from explorer.core.workspace import Workspace
from tests.conftest import corpus

COURSE = corpus("llm-course-report") / "README.md"


@pytest.fixture(autouse=True)
def every_report_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cuts, "KEPT_FROM_CHARS", 0)


def test_a_kept_cut_gives_back_the_parsed_report(tmp_path: Path) -> None:
    report = parse_file(COURSE)
    cuts.save_cut(tmp_path, "digest", report)
    again = cuts.load_cut(tmp_path, "digest", report.id, report.text)
    assert again is not None
    assert again.model_dump() == report.model_dump()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.update(cut=data["cut"] - 1),  # cut by an older parser
        lambda data: data.update(length=data["length"] + 1),  # for another text
        lambda data: data["sections"][0].pop(),  # a row cut short
        lambda data: data.update(sections="x"),
    ],
)
def test_a_cut_that_does_not_fit_is_ignored(tmp_path: Path, damage: object) -> None:
    report = parse_file(COURSE)
    cuts.save_cut(tmp_path, "digest", report)
    path = tmp_path / "digest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    damage(data)  # type: ignore[operator]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cuts.load_cut(tmp_path, "digest", report.id, report.text) is None


def test_the_workspace_reads_a_big_report_from_its_kept_cut(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.add([COURSE])
    kept = [ws.cache / "cuts" / f"{ws.entry('readme').content_hash}.json"]
    assert kept[0].is_file()
    fresh = Workspace(data_dir)
    assert fresh.report("readme").model_dump() == parse_file(COURSE).model_dump()
    kept[0].write_text("{not json", encoding="utf-8")  # damaged: parsed again, kept anew
    again = Workspace(data_dir)
    assert again.report("readme").model_dump() == parse_file(COURSE).model_dump()
    assert json.loads(kept[0].read_text(encoding="utf-8"))["id"] == "readme"


def test_a_cut_goes_when_its_report_is_updated_or_removed(data_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "otters.md"
    report.write_text("# Otters\n\n## Play\n\nOtters juggle pebbles.\n", encoding="utf-8")
    ws = Workspace(data_dir)
    ws.add([report])
    first = ws.cache / "cuts" / f"{ws.entry('otters').content_hash}.json"
    assert first.is_file()
    report.write_text("# Otters\n\n## Play\n\nOtters juggle shells.\n", encoding="utf-8")
    ws.add([report])
    second = ws.cache / "cuts" / f"{ws.entry('otters').content_hash}.json"
    assert second.is_file() and not first.exists()
    ws.remove("otters")
    assert not second.exists()


def test_a_short_report_of_many_sections_has_its_cut_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing takes as long as the blocks it makes: 1,000 one-line sections in 14,000
    characters are kept; a report of a few sections is not."""
    monkeypatch.setattr(cuts, "KEPT_FROM_CHARS", 1_000_000)
    many = parse_text("\n".join(f"# H{i}\n\nT{i}." for i in range(1_000)), "many", "many")
    few = parse_text("# H\n\nT.\n\n## I\n\nU.\n", "few", "few")
    cuts.save_cut(tmp_path, "many", many)
    cuts.save_cut(tmp_path, "few", few)
    assert cuts.load_cut(tmp_path, "many", "many", many.text) is not None
    assert not (tmp_path / "few.json").exists()
