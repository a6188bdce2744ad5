"""Run Trend Explorer's atheris fuzz harnesses: one target, or every one in turn.

    .venv/bin/python fuzz/run.py TARGET [libFuzzer flags]    e.g. -atheris_runs=2000
    .venv/bin/python fuzz/run.py all --runs N [--artifacts DIR] [libFuzzer flags]

TARGET is one of ingest, html, docx, pdf, pdfpages, printed, frontmatter, query, notes, links,
tours, library (see README.md).
With one target, the flags go to libFuzzer as they are: a crash stops the run, prints the Python
traceback and writes the input to a crash-* file (in the current folder, unless
-artifact_prefix says).

With ``all``, each target runs in a process of its own for N runs (the pdf target for a
twentieth of them: each input is read in a child process). After a crash its
process ends, so the run is started again for the runs left (at most MAX_STARTS times).
One line per target gives the runs done, the crashes, the distinct failures among them
(by exception and the line that raised it) and the seconds taken. The crash inputs and
the logs are kept in --artifacts (a new temporary folder by default). The exit status is
1 when anything failed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import atheris
import fuzz_docx
import fuzz_frontmatter
import fuzz_html
import fuzz_ingest
import fuzz_library
import fuzz_links
import fuzz_notes
import fuzz_pdf
import fuzz_pdfpages
import fuzz_printed
import fuzz_query
import fuzz_tours
from fuzzkit import TestOneInput

TARGETS: dict[str, Callable[[], TestOneInput]] = {
    "ingest": fuzz_ingest.harness,
    "html": fuzz_html.harness,
    "docx": fuzz_docx.harness,
    "pdf": fuzz_pdf.harness,
    "pdfpages": fuzz_pdfpages.harness,
    "printed": fuzz_printed.harness,
    "frontmatter": fuzz_frontmatter.harness,
    "query": fuzz_query.harness,
    "notes": fuzz_notes.harness,
    "links": fuzz_links.harness,
    "tours": fuzz_tours.harness,
    "library": fuzz_library.harness,
}
"""Each target's harness: it imports the app instrumented, and returns the test function."""

RUNS_SHARE: dict[str, float] = {"pdf": 0.05, "printed": 0.05}
"""With ``all``: the share of N a target runs when each of its inputs costs far more (a PDF is
read in a process of its own, a few tenths of a second each)."""
MAX_STARTS = 10
"""How often ``all`` starts a target again after crashes, before it gives up on its runs."""
TIMEOUT_SECONDS = 60
"""With ``all``: an input that takes longer than this is a failure (a hang)."""
TIMEOUTS = {"pdf": 90, "printed": 90}
"""Targets given longer: the PDF reader stops its child itself after a minute (and more for
a large file), which is a refusal, not a hang; the harness checks that limit."""
RSS_LIMIT_MB = 2048
"""With ``all``: a process that holds more memory than this has failed (libFuzzer checks).
The user-file harnesses also check each input against its size (fuzzkit.within_memory)."""

_DONE = re.compile(r"^Done (\d+) (?:runs )?in", re.MULTILINE)
_EXECUTED = re.compile(r"^stat::number_of_executed_units:\s*(\d+)", re.MULTILINE)
_PROGRESS = re.compile(r"^#(\d+)\s", re.MULTILINE)
_ARTIFACT = re.compile(r"Test unit written to (\S+)")
_LIBFUZZER_ERROR = re.compile(r"ERROR: libFuzzer: (.+)")


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] == "all":
        return run_all(argv[1:])
    if not argv or argv[0] not in TARGETS:
        print(__doc__, file=sys.stderr)
        print(f"Targets: {', '.join(TARGETS)}.", file=sys.stderr)
        return 2
    fuzz(argv[0], argv[1:])
    return 0


def fuzz(target: str, flags: Sequence[str]) -> None:
    """Fuzz one target in this process; libFuzzer ends the process when it is done."""
    test_one_input = TARGETS[target]()
    atheris.Setup([sys.argv[0], *flags], test_one_input)
    atheris.Fuzz()


@dataclass
class Outcome:
    """What the runs of one target came to."""

    target: str
    runs: int = 0
    crashes: int = 0
    failures: dict[str, Failure] = field(default_factory=dict)
    """Each distinct failure, by its exception's type and the line that raised it."""
    seconds: float = 0.0


@dataclass
class Failure:
    """One kind of failure: the first message seen, and every input that caused it."""

    message: str
    inputs: list[Path] = field(default_factory=list)


def run_all(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="fuzz/run.py all", description="Fuzz every target.")
    parser.add_argument("--runs", type=int, default=2000, help="runs per target")
    parser.add_argument("--artifacts", type=Path, help="where crash inputs and logs are kept")
    parser.add_argument(
        "--only", action="append", choices=list(TARGETS), help="this target (repeatable)"
    )
    args, flags = parser.parse_known_args(argv)
    artifacts = args.artifacts or Path(tempfile.mkdtemp(prefix="explorer-fuzz-artifacts-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    print(f"{'target':<11} {'runs':>8} {'crashes':>8} {'failures':>9} {'seconds':>8}", flush=True)
    outcomes = []
    for target in args.only or TARGETS:
        runs = max(1, round(args.runs * RUNS_SHARE.get(target, 1.0)))
        outcome = campaign(target, runs, artifacts, flags)
        outcomes.append(outcome)
        print(
            f"{target:<11} {outcome.runs:>8} {outcome.crashes:>8} {len(outcome.failures):>9} "
            f"{outcome.seconds:>8.1f}",
            flush=True,
        )
    for outcome in outcomes:
        for where, failure in outcome.failures.items():
            print(f"\n{outcome.target}: {where}\n  {failure.message}")
            for path in failure.inputs:
                print(f"  input: {path}")
    print(f"Logs and crash inputs: {artifacts}")
    return 1 if any(o.failures for o in outcomes) else 0


def campaign(target: str, runs: int, artifacts: Path, flags: Sequence[str]) -> Outcome:
    """``runs`` runs of one target, in child processes, started again after each crash."""
    outcome = Outcome(target)
    started = time.perf_counter()
    for start in range(1, MAX_STARTS + 1):
        if outcome.runs >= runs:
            break
        log = artifacts / f"{target}-{start}.log"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            target,
            f"-atheris_runs={runs - outcome.runs}",
            f"-artifact_prefix={artifacts}/{target}-",
            f"-timeout={TIMEOUTS.get(target, TIMEOUT_SECONDS)}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            "-len_control=0",  # long inputs from the start: short runs need them
            "-print_final_stats=1",
            *flags,  # after the defaults: the last of a flag wins
        ]
        with log.open("w", encoding="utf-8") as out:
            code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT).returncode
        text = log.read_text(encoding="utf-8", errors="replace")
        done = runs_done(text)
        outcome.runs += done
        if code == 0:
            continue
        outcome.crashes += 1
        where, message = describe_failure(text, code)
        failure = outcome.failures.setdefault(where, Failure(message))
        failure.inputs.extend(Path(m) for m in _ARTIFACT.findall(text))
        if done == 0:
            break  # it fails before fuzzing (at setup, or on its first input): no use again
    outcome.seconds = time.perf_counter() - started
    return outcome


def runs_done(log: str) -> int:
    """How many inputs a child ran, from what libFuzzer printed."""
    for pattern in (_DONE, _EXECUTED, _PROGRESS):
        found = pattern.findall(log)
        if found:
            return int(found[-1])
    return 0


def describe_failure(log: str, code: int) -> tuple[str, str]:
    """What failed, in two lines: the exception's type and the line of the app or harness
    that raised it (what tells one failure from another), and its message; or what libFuzzer
    saw (a timeout, too much memory); or the exit status."""
    marker = "=== Uncaught Python exception: ==="
    if marker in log:
        lines = [line for line in log.split(marker, 1)[1].splitlines() if line.strip()]
        frames = [line.strip() for line in lines if line.strip().startswith('File "')]
        frames = [f for f in frames if "fuzzkit.py" not in f] or frames  # not expect()'s
        message = next((line for line in lines if not line.startswith((" ", "Traceback"))), "")
        kind = message.split(":", 1)[0]
        return f"{kind} at {frames[-1] if frames else 'no frame'}", message[:300]
    error = _LIBFUZZER_ERROR.search(log)
    if error:
        return f"libFuzzer: {error.group(1).strip()}", "see the log"
    return f"exit status {code}", "see the log"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
