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
from collections.abc import Sequence
from pathlib import Path

TARGETS_ENV = "EXPLORER_BENCH_TARGETS"


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
