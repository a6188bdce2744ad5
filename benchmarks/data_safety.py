"""Trials that a data folder loses nothing the user made: prints counts, not timings.

1. Interleavings: two processes on one data folder, one adding and editing notes, the other
   re-adding an edited report (which re-anchors the notes); every note confirmed saved must
   be on disk afterwards with its last confirmed text.
2. Damaged files: each user-data and derived file damaged in several ways, then the usual
   commands run; each must exit 0 or 2 with one-line messages and no traceback, and after a
   recovery every report added and every note saved must still be listed.

    python benchmarks/data_safety.py [--seeds 40] [--rounds 12]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from common import report_target  # type: ignore[import-not-found]  # noqa: E402

from tests.cli.interleave import interleave  # noqa: E402
from tests.cli.test_cli import run  # noqa: E402
from tests.cli.test_data_safety import REPORT  # noqa: E402

Damage = Callable[[Path], object]


def _replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGES: dict[str, Damage] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)]),
    "garbled": lambda p: p.write_bytes(b"\x00\xff\xfe garbage \x9b" * 20),
    "empty": lambda p: p.write_bytes(b""),
    "nested": lambda p: p.write_bytes(b"[" * 100_000),
    "missing": lambda p: p.unlink(),
    "a folder": lambda p: _replace_with_folder(p),
}


def _target(name: str) -> Callable[[Path], list[Path]]:
    def files(data: Path) -> list[Path]:
        return sorted(p for p in data.glob(name) if p.is_file())

    return files


TARGETS: dict[str, Callable[[Path], list[Path]]] = {
    "library.json": _target("library.json"),
    "notes.json": _target("notes/notes.json"),
    "a stored text": lambda d: _target("texts/*.txt")(d)[:1],
    "word lists": _target("cache/words/*.txt"),
    "index manifest": _target("cache/index.json"),
    "index segments": _target("cache/index/*.seg"),
    "graph cache": _target("cache/graph/*.json"),
}


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("--data-dir", str(data), *args, data_dir=data, timeout=300)


def prepare(template: Path, shelf: Path) -> tuple[set[str], set[str]]:
    """A data folder with four reports, three notes and every cache built."""
    cli(template, "add", "--sample", str(shelf))  # the sample stays: concept:LoRA
    notes = set()
    for target, text in (("cats#1", "on cats"), ("concept:LoRA", "on LoRA"), ("alpha#1", "a")):
        done = cli(template, "notes", "add", "--target", target, "--text", text, "--json")
        notes.add(json.loads(done.stdout)["id"])
    cli(template, "search", "quantizaton")
    cli(template, "graph", "-o", str(template.parent / "graph.json"))
    reports = {r["id"] for r in json.loads(cli(template, "reports", "--json").stdout)}
    return reports, notes


def one_case(template: Path, work: Path, target: str, damage: str) -> tuple[int, list[str]]:
    """Damage one kind of file one way; returns (commands run, problems found)."""
    data = work / "data"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(template, data, symlinks=True)
    files = TARGETS[target](data)
    if not files:
        return 0, [f"{target}: nothing to damage"]
    for path in files:
        DAMAGES[damage](path)
    extra = work / "extra.md"
    extra.write_text("# Extra\n\nSpeculative decoding.\n")
    commands = [
        ("reports", "--json"),
        ("notes", "list", "--json"),
        ("search", "quantizaton", "--json"),
        ("graph", "-o", str(work / "g.json")),
        ("show", "cats#1"),
        ("add", str(extra)),
    ]
    problems = []
    for args in commands:
        done = cli(data, *args)
        bad_lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("explorer: ")]
        if done.returncode not in (0, 2) or "Traceback" in done.stderr or bad_lines:
            problems.append(f"{' '.join(args[:2])}: exit {done.returncode}: {done.stderr[-300:]}")
    for recover in (("notes", "recover"), ("library", "recover")):
        cli(data, *recover)  # says "fine" (exit 2) when there is nothing to recover
    return len(commands), problems


def check_kept(data: Path, reports: set[str], notes: set[str]) -> list[str]:
    listed = cli(data, "reports", "--json")
    noted = cli(data, "notes", "list", "--json")
    problems = []
    try:
        have = {r["id"] for r in json.loads(listed.stdout)}
        if not reports <= have:
            problems.append(f"reports lost: {sorted(reports - have)}")
        ids = {n["id"] for n in json.loads(noted.stdout)}
        if not notes <= ids:
            problems.append(f"notes lost: {sorted(notes - ids)}")
    except json.JSONDecodeError:
        problems.append(f"cannot list: {listed.stderr[-200:]} {noted.stderr[-200:]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cats = tmp / "cats.md"
        cats.write_text(REPORT, encoding="utf-8")
        confirmed = lost = 0
        for seed in range(args.seeds):
            done, on_disk = interleave(tmp / f"seed{seed}", cats, seed=seed, rounds=args.rounds)
            confirmed += len(done)
            lost += sum(on_disk.get(k) != v for k, v in done.items())
            cats.write_text(REPORT, encoding="utf-8")
        print(
            f"interleavings: {args.seeds} runs × {args.rounds} rounds per process, "
            f"{confirmed} note changes confirmed, {lost} lost or stale"
        )

        shelf = tmp / "shelf"
        shelf.mkdir()
        (shelf / "cats.md").write_text(REPORT, encoding="utf-8")
        for name in ("alpha", "beta", "gamma"):
            (shelf / f"{name}.md").write_text(f"# {name}\n\nText about {name} and LoRA.\n")
        template = tmp / "template"
        reports, notes = prepare(template, shelf)
        cases = commands = failed = 0
        for target in TARGETS:
            for damage in DAMAGES:
                ran, problems = one_case(template, tmp / "case", target, damage)
                problems += check_kept(tmp / "case" / "data", reports, notes)
                cases, commands = cases + 1, commands + ran
                if problems:
                    failed += 1
                    print(f"  FAILED {target} / {damage}: {problems[0]}")
        print(
            f"damaged files: {cases} cases ({len(TARGETS)} files × {len(DAMAGES)} kinds of "
            f"damage), {commands} commands, {failed} cases lost data or printed a traceback"
        )
    report_target("confirmed note changes lost when two processes interleave", lost, "notes", 0)
    report_target("damaged-file cases that lost data or printed a traceback", failed, "cases", 0)


if __name__ == "__main__":
    main()
