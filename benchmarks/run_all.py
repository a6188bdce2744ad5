"""Run every benchmark in this folder, one after another, and print one table of all targets.

    python benchmarks/run_all.py [--only NAME ...] [--logs DIR]   (``make bench``)

Each script runs in its own process (offscreen), with its whole output kept in ``--logs``
(a new folder in /tmp by default). The figures that have a target come back through
`common.report_target`; the table lists them with the value measured and MET / NOT MET,
the targets the product must meet first. A target that no script reported (its script
failed, or was left out with ``--only``) is listed as NOT MEASURED. Scripts run one at a
time: two at once would share the CPUs and slow each other's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import TARGETS_ENV  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent

# In this order: the quick ones first, the long trials last.
SCRIPTS = (
    "search",
    "search_deferred",
    "startup",
    "graph",
    "graph_view",
    "library_map",
    "trends",
    "curation",
    "gui_stall",
    "search_during_add",
    "library",
    "reader",
    "present",
    "outline",
    "pdf",
    "hostile",
    "notes_crash",
    "data_safety",
    "scale",  # the long one: a library of 2,960 reports, 15 to 25 minutes
)

# The product's targets, each a prefix of the name its script reports.
REQUIRED = (
    "search p95, the window's first answer",
    "search p95 ÷ raw whoosh",
    "keystroke → hits repainted, p95",
    "add the corpus (",
    "reopen + ensure_index + search",
    "cold start ÷ a bare window",
    "layout of ",
    "repaint of 5,000 nodes",
    "RSS, milvus library + window + graph",
    "explorer trends --json",
    "PDF text and headings, 324 pages",
    "hide → graph + timeline + map",
    "merge → graph + timeline + map",
    "library map first paint",
    "GUI stall while adding a folder and typing",
    "search answered while adding milvus-blog-en",
    "first graph of a ",
    "scale: add ÷ raw whoosh",
    "scale: add, peak RSS",
    "scale: explorer reports cold",
    "scale: explorer reports warm",
    "scale: trends, graph cached",
    "scale: concept details, graph cached",
    "scale: first graph build,",
    "scale: first graph build, peak RSS",
    "scale: window first paint ÷ a bare window",
    "scale: window map after first paint",
    "scale: window peak RSS",
)


def run(name: str, logs: Path, targets: Path) -> tuple[int, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{TARGETS_ENV: str(targets)})
    # Compiled modules are kept, as on a user's machine (a shell may have switched that off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    with (logs / f"{name}.txt").open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, str(HERE / f"{name}.py")],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=HERE.parent,
            check=False,
        )
    return done.returncode, time.perf_counter() - start


def table(rows: list[dict[str, object]]) -> list[str]:
    lines = []
    width = max([len(str(r["name"])) for r in rows] + [30])
    lines.append(f"{'target':<{width}}  {'measured':>12}  {'limit':<12}  verdict   script")
    lines.append("-" * (width + 52))
    for row in rows:
        value = row.get("value")
        unit = str(row.get("unit", ""))
        measured = "—" if value is None else f"{float(str(value)):.4g} {unit}".strip()
        if "limit" in row:
            sign = "≥" if row.get("at_least") else "≤"
            limit = f"{sign} {float(str(row['limit'])):g} {unit}".strip()
        else:
            limit = ""
        verdict = row.get("verdict") or ("MET" if row.get("met") else "NOT MET")
        lines.append(
            f"{row['name']!s:<{width}}  {measured:>12}  {limit:<12}  {verdict!s:<8}  "
            f"{row.get('script', '')}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SCRIPTS, help="run just these scripts")
    parser.add_argument("--logs", type=Path, help="where each script's output is kept")
    args = parser.parse_args()
    logs = args.logs or Path(tempfile.mkdtemp(prefix="explorer-bench-"))
    logs.mkdir(parents=True, exist_ok=True)
    names = args.only or SCRIPTS
    print(f"running {len(names)} benchmark scripts; their output goes to {logs}")
    rows: list[dict[str, object]] = []
    failed = []
    for name in names:
        targets = logs / f"{name}.targets.jsonl"
        targets.unlink(missing_ok=True)
        code, seconds = run(name, logs, targets)
        found = (
            [json.loads(line) for line in targets.read_text(encoding="utf-8").splitlines()]
            if targets.exists()
            else []
        )
        state = "ok" if code == 0 else f"FAILED (exit {code}; see {logs / name}.txt)"
        print(f"  {name:<16} {seconds:7.1f} s  {len(found)} targets  {state}", flush=True)
        if code != 0:
            failed.append(name)
        rows += [dict(row, script=name) for row in found]
    names_seen = [str(r["name"]) for r in rows]
    missing: list[dict[str, object]] = [
        {"name": want, "verdict": "NOT MEASURED"}
        for want in REQUIRED
        if not any(seen.startswith(want) for seen in names_seen)
    ]
    required = [r for r in rows if any(str(r["name"]).startswith(w) for w in REQUIRED)]
    others = [r for r in rows if r not in required]
    print("\nThe product's targets")
    print("\n".join(table(required + missing)))
    if others:
        print("\nThe other targets the benchmarks keep")
        print("\n".join(table(others)))
    met = sum(1 for r in rows if r.get("met"))
    print(f"\n{met} of {len(rows)} targets met; {len(missing)} not measured; logs in {logs}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
