"""What the benchmark scripts share: percentiles, and the target lines `make bench` gathers.

Each script prints its own figures. A figure that has a target is also given to `report_target()`,
which prints one line with the verdict and, when the script runs under
``benchmarks/run_all.py`` (``make bench``), appends it to the file named by
``EXPLORER_BENCH_TARGETS`` so the runner can print every target in one table.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

TARGETS_ENV = "EXPLORER_BENCH_TARGETS"
ROOT = Path(__file__).resolve().parents[1]


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..1), like numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = (len(ordered) - 1) * q
    lo = math.floor(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 0.95)


def report_target(
    name: str,
    value: float,
    unit: str,
    limit: float,
    *,
    at_least: bool = False,
    peer: str = "",
) -> bool:
    """Print one figure against its target (`value ≤ limit`, or `≥` with `at_least`).

    `peer` says what the figure was compared with in the same run, when it is a ratio.
    Returns whether the target was met.
    """
    met = value >= limit if at_least else value <= limit
    sign = "≥" if at_least else "≤"
    verdict = "MET" if met else "NOT MET"
    against = f"; {peer}" if peer else ""
    print(f"target: {name}: {value:.4g} {unit} ({sign} {limit:g} {unit}{against}) {verdict}")
    out = os.environ.get(TARGETS_ENV)
    if out:
        row = {
            "name": name,
            "value": value,
            "unit": unit,
            "limit": limit,
            "at_least": at_least,
            "peer": peer,
            "met": met,
        }
        with Path(out).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return met


def cli_ms(data: Path, *args: str) -> float:
    """Milliseconds of one `explorer` command in a fresh process; its error ends the script."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "--data-dir", str(data), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return (time.perf_counter() - start) * 1000


def explorer_command(data: Path, *args: str) -> tuple[float, float, str]:
    """Seconds and peak MB of one `explorer` command in a fresh process, and its output.

    The peak is the largest resident size of the command and of every process it waited for.
    """
    code = (
        "import resource, runpy, sys; sys.argv = ['explorer', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('explorer', run_name='__main__')\n"
        "finally:\n"
        "    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
        "               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "    print(f'PEAK_KB {peak}', file=sys.stderr)\n"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(data), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    peak = max(
        [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB")]
        or [0]
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return seconds, peak / 1024, done.stdout
