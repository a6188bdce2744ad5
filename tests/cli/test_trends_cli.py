"""`explorer trends`, `diff` and `date` as a script calls them."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import PYTHON, ROOT, opened_under, subprocess_env

SEED = "ai-llm-advancements-2024"


def shelf(tmp_path: Path, data_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, date, body in (
        ("old", "2021-05-01", "We compressed models with quantization."),
        ("mid", "2022-05-01", "Quantization and LoRA adapters."),
        ("new", "2023-05-01", "LoRA adapters everywhere, and federated learning."),
        ("bad", "2023-02-30", "LoRA on a day that does not exist."),
    ):
        text = f"---\ndate: {date}\n---\n# {name}\n\n## Body\n\n{body}\n"
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    added = run("--data-dir", str(data_dir), "add", "--sample", str(docs), data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    assert (
        "bad.md" in added.stderr and "'2023-02-30'" in added.stderr and "2023-02-28" in added.stderr
    )


def test_trends_json_has_the_documented_shape(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    done = run("--data-dir", str(data_dir), "trends", "--by", "year", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["by"] == "year"
    assert [(p["id"], p["reports"]) for p in data["periods"]] == [
        ("2021", 1),
        ("2022", 1),
        ("2023", 2),
        ("2024", 1),  # the bundled report: "(2024)" in its title
    ]
    lora = next(c for c in data["concepts"] if c["id"] == "concept:lora")
    assert set(lora) == {
        "id", "label", "kind", "reports", "share", "first", "last", "peak",
        "mean_year", "status", "bursts",
    }  # fmt: skip
    assert lora["reports"] == {"2021": 0, "2022": 1, "2023": 2, "2024": 1}
    assert lora["share"]["2023"] == 1.0 and lora["first"] == "2022"


def test_one_point_lists_its_reports_and_passages(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    args = ("--data-dir", str(data_dir), "trends", "LoRA", "--period", "2023", "--by", "year")
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    [point] = json.loads(done.stdout)["points"]
    assert point["period"] == "2023" and point["reports_in_period"] == 2
    assert sorted(point["reports"]) == ["bad", "new"]
    assert all(p.startswith(f"{r}#") for r, ps in point["reports"].items() for p in ps)
    wrong = run(*args[:-2], "--period", "1999", "--by", "year", data_dir=data_dir)
    assert wrong.returncode == 2 and "There is no period '1999'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_diff_names_what_came_and_went_with_evidence(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    done = run("--data-dir", str(data_dir), "diff", "old", "new", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    changes = {c["id"]: c for c in json.loads(done.stdout)["changes"]}
    assert changes["concept:lora"]["change"] == "added"
    assert list(changes["concept:lora"]["evidence"]) == ["new"]
    assert changes["concept:quantization"]["change"] == "removed"
    assert list(changes["concept:quantization"]["evidence"]) == ["old"]
    text = run("--data-dir", str(data_dir), "diff", "old", "new", data_dir=data_dir).stdout
    assert "Few reports" not in text  # two reports compared, not two thin periods
    years = run("--data-dir", str(data_dir), "diff", "2023", "2024", data_dir=data_dir)
    assert years.returncode == 0 and "Few reports in 2023 (" in years.stdout
    nonsense = run("--data-dir", str(data_dir), "diff", "old", "someday", data_dir=data_dir)
    assert nonsense.returncode == 2 and "neither a report id nor a period" in nonsense.stderr


def test_text_output_says_how_many_rows_it_left_out_and_how_to_see_them(
    tmp_path: Path, data_dir: Path
) -> None:
    shelf(tmp_path, data_dir)
    base = ("--data-dir", str(data_dir))
    every = json.loads(run(*base, "trends", "--top", "500", "--json", data_dir=data_dir).stdout)
    total = len(every["concepts"])
    assert total > 2
    done = run(*base, "trends", "--top", "2", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert f"… and {total - 2:,} more concepts, not shown: --top {total:,} shows them all." in (
        done.stdout
    )
    assert "not shown" not in run(*base, "trends", "--top", str(total), data_dir=data_dir).stdout
    changes = json.loads(run(*base, "diff", "2021", "2024", "--json", data_dir=data_dir).stdout)
    added = [c for c in changes["changes"] if c["change"] == "added"]
    assert len(added) > 1
    text = run(*base, "diff", "2021", "2024", "--top", "1", data_dir=data_dir).stdout
    assert f"Added ({len(added)}):" in text and f"… and {len(added) - 1:,} more, not shown." in text
    assert "--json gives them all" in text
    assert (
        "not shown"
        not in run(*base, "diff", "2021", "2024", "--top", "500", data_dir=data_dir).stdout
    )


def test_date_sets_a_date_and_csv_writes_the_table(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    base = ("--data-dir", str(data_dir))
    assert run(*base, "date", "old", "2022", data_dir=data_dir).returncode == 0
    table = tmp_path / "trends.csv"
    done = run(*base, "trends", "--by", "year", "--csv", str(table), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0][:3] == ["concept", "label", "kind"]
    assert rows[1][0] == "(reports in period)" and rows[1][7:10] == ["2", "2", "1"]
    bad = run(*base, "date", "old", "2022-02-30", data_dir=data_dir)
    assert bad.returncode == 2 and "is not a date" in bad.stderr and "Traceback" not in bad.stderr
    missing = run(*base, "date", "nope", "2022", data_dir=data_dir)
    assert missing.returncode == 2 and "no report 'nope'" in missing.stderr


def test_a_link_can_be_new(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    args = ("--data-dir", str(data_dir), "trends", "--links", "--by", "year", "--json")
    done = run(*args, "--top", "500", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    links = {c["id"]: c for c in json.loads(done.stdout)["links"]}
    # "LoRA adapters everywhere, and federated learning." (2023) is the first to name both
    pair = links["concept:federated-learning|concept:lora"]
    assert pair["first"] == "2023" and pair["reports"]["2023"] == 1 and pair["reports"]["2022"] == 0


def test_trends_with_the_graph_cached_are_counted_without_reading_the_graph(
    tmp_path: Path, data_dir: Path
) -> None:
    """The graph of a big library takes seconds to read back: once it is built, trends come
    from what they count (each concept's reports), kept beside it, and say the same."""
    shelf(tmp_path, data_dir)
    made = run(
        "--data-dir", str(data_dir), "graph", "-o", str(tmp_path / "g.json"), data_dir=data_dir
    )
    assert made.returncode == 0, made.stderr
    graphs = data_dir / "cache" / "graph"

    def graph_read(*args: str) -> tuple[bool, str]:
        opened, out = opened_under(data_dir, graphs, *args)
        cached = {p.name for p in graphs.iterdir()}  # not the probe of a writable folder
        return any(Path(path).name in cached for path in opened), out

    args = ("--data-dir", str(data_dir), "trends", "--by", "year", "--json")
    read, counted = graph_read(*args)
    assert not read
    assert graph_read("path", "LoRA", "federated learning")[0]  # a path reads it
    assert not graph_read("concept", "LoRA")[0]  # a concept's card is kept beside it too

    for kept in (data_dir / "cache" / "mentioned").glob("*.json"):
        kept.write_text('{"version": 1, "reports": [], "concepts": [["x"', encoding="utf-8")
    assert graph_read(*args) == (True, counted)  # damaged: counted from the graph, the same


def test_trends_kept_beside_the_graph_follow_the_library(tmp_path: Path, data_dir: Path) -> None:
    shelf(tmp_path, data_dir)
    base = ("--data-dir", str(data_dir))

    def lora() -> dict[str, int]:
        done = run(*base, "trends", "--by", "year", "--json", data_dir=data_dir)
        assert done.returncode == 0, done.stderr
        [series] = [c for c in json.loads(done.stdout)["concepts"] if c["id"] == "concept:lora"]
        return dict(series["reports"])

    assert lora() == {"2021": 0, "2022": 1, "2023": 2, "2024": 1}
    more = tmp_path / "more"
    more.mkdir()
    (more / "early.md").write_text(
        "---\ndate: 2021-09-01\n---\n# early\n\n## Body\n\nLoRA, early.\n", encoding="utf-8"
    )
    assert run(*base, "add", str(more), data_dir=data_dir).returncode == 0
    assert lora() == {"2021": 1, "2022": 1, "2023": 2, "2024": 1}
    assert run(*base, "remove", "new", data_dir=data_dir).returncode == 0
    assert lora() == {"2021": 1, "2022": 1, "2023": 1, "2024": 1}


LATE_TIMELINE = (
    "import sys\n"
    "from explorer.ui.trends.controller import TrendsController\n"
    "TrendsController.load = lambda self: None  # the window's timeline never comes\n"
    "from explorer.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize("name", ["nope", "priv"])
def test_snapshot_of_an_unknown_concept_names_it_as_trends_does(
    tmp_path: Path, data_dir: Path, name: str
) -> None:
    """`explorer snapshot --view trends --concept NAME` says there is no such concept, with
    the near misses, in the words of `explorer trends NAME`, whether or not the window's
    timeline is ready (it said "The timeline could not be prepared" when it was not)."""
    script = tmp_path / "late_timeline.py"
    script.write_text(LATE_TIMELINE, encoding="utf-8")
    out = tmp_path / "trends.png"
    done = subprocess.run(
        [PYTHON, str(script), "snapshot", "-o", str(out), "--view", "trends", "--concept", name],
        cwd=ROOT,
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    trends = run("trends", name, data_dir=data_dir)
    assert trends.returncode == 2 and trends.stderr.startswith("explorer: No concept is called")
    assert (done.returncode, done.stderr) == (2, trends.stderr)
    assert len(done.stderr.splitlines()) == 1 and not out.exists()
