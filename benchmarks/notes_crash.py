"""Note-store crash benchmark: many kills of a saving process, and the I/O fault matrix.

Run with ``.venv/bin/python benchmarks/notes_crash.py [--kills N] [--seed S]``. In one run:

1. the crash harness of ``tests/core/test_notes_crash.py`` kills a child that saves notes
   ``--kills`` times (1,000 by default) at random moments, and checks after each kill that the
   notes file loads and holds exactly the confirmed changes (the one in flight: all or nothing);
2. every cell of the fault matrix of ``tests/core/test_notes_faults.py`` (step of the save ×
   file × errno × change) is run in-process with the same checks as the tests.

It prints kills, confirmed changes and notes checked, failures (must be 0), kills that landed
mid-write (a temp file was left behind), elapsed time, and the matrix with, per step and
errno, whether the old notes came through every time. Temporary folders are removed.
"""

from __future__ import annotations

import argparse
import errno
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import report_target  # type: ignore[import-not-found]

from tests.core.crash_kills import crash_seed
from tests.core.test_notes_crash import run_crash_kills
from tests.core.test_notes_faults import (
    BEFORE_RENAME,
    ERRNOS,
    OPS,
    STEPS,
    TARGETS,
    problems,
    run_fault,
)


def crash_figures(kills: int, seed: int) -> int:
    with tempfile.TemporaryDirectory(prefix="notes-crash-") as folder:
        report = run_crash_kills(Path(folder), kills, seed)
    per_kill = report.elapsed / max(report.kills, 1) * 1000
    print(f"crash harness (seed {seed}, EXPLORER_CRASH_SEED replays it)")
    rows = [
        ("kills", report.kills),
        ("confirmed changes", report.confirmed_changes),
        ("  of which adds", report.confirmed_adds),
        ("notes checked after kills", report.checked),
        ("change in flight: saved whole", report.in_flight_applied),
        ("change in flight: not saved", report.in_flight_absent),
        ("kills mid-write (temp file left)", report.mid_write),
        ("failures (must be 0)", len(report.failures)),
        ("elapsed", f"{report.elapsed:.1f} s ({per_kill:.0f} ms a kill)"),
    ]
    for label, value in rows:
        print(f"  {label:<34} {value}")
    for failure in report.failures[:10]:
        print(f"  FAILURE {failure}")
    return len(report.failures)


def fault_matrix() -> int:
    """Run every cell; print one row per step and file, one column per errno.

    A cell reads "yes" when the old notes came through all three changes (add, edit,
    remove), then whether the error reached the caller ("raised") or the change went through
    ("saved": only possible once the rename is done)."""
    names = [errno.errorcode[code] for code in ERRNOS]
    print("\nfault matrix: old notes intact after the failed change (add, edit, remove)")
    print(f"  {'step':<14} {'file':<7} " + " ".join(f"{n:<12}" for n in names))
    failures = 0
    started = time.monotonic()
    for step in STEPS:
        for target in TARGETS:
            cells = []
            for code in ERRNOS:
                ok, raised = True, set()
                for op in OPS:
                    with tempfile.TemporaryDirectory(prefix="notes-fault-") as folder:
                        outcome = run_fault(Path(folder) / "data", step, target, code, op)
                    found = problems(outcome, step, target, code)
                    for problem in found:
                        print(f"  FAILURE {step}/{target}/{errno.errorcode[code]}/{op}: {problem}")
                    ok &= not found
                    raised.add(outcome.raised is not None)
                failures += not ok
                said = {frozenset({True}): "raised", frozenset({False}): "saved"}
                cells.append(f"{'yes' if ok else 'NO'} {said.get(frozenset(raised), 'mixed')}")
            after = "" if step in BEFORE_RENAME else "  (after the rename)"
            print(f"  {step:<14} {target:<7} " + " ".join(f"{c:<12}" for c in cells) + after)
    cases = len(STEPS) * len(TARGETS) * len(ERRNOS) * len(OPS)
    print(f"  {cases} cases in {time.monotonic() - started:.1f} s; cells failing: {failures}")
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=1000, help="kills of the saving process")
    parser.add_argument("--seed", type=int, default=None, help="replay a run")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else crash_seed()
    failed = crash_figures(args.kills, seed)
    failed += fault_matrix()
    report_target("note-store crash kills and fault cells that lost a note", failed, "failures", 0)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
