"""Hostile reports (issue 22, item 4): work bounded by what the report is worth.

Two 40 MB reports, each added with `explorer add`, then their concept graph built for the first
time by `explorer concept lora` (which waits for it), each command in a fresh process:

1. one word repeated, "lora " eight million times (a name the vocabulary knows);
2. one line of varied words, no line break anywhere.

Target: the first graph build of each within 1 GB. Peak memory is the largest resident size
of the command and every process it waited for. Prints figures, not a test.

    python benchmarks/hostile.py [--mb 40]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import explorer_command, report_target  # type: ignore[import-not-found]


def one_word(folder: Path, megabytes: float) -> Path:
    path = folder / "one-word.md"
    path.write_text("lora " * int(megabytes * 200_000), encoding="utf-8")
    return path


def one_line(folder: Path, megabytes: float) -> Path:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(20_000)]
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        parts.extend(rng.choices(words, k=1000))
        size += sum(len(w) + 1 for w in parts[-1000:])
    path = folder / "one-line.md"
    path.write_text(" ".join(parts), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=40.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, make in (("one word repeated", one_word), ("one line", one_line)):
            path = make(folder, args.mb)
            size = path.stat().st_size / 1e6
            data = folder / path.stem
            add_s, add_peak, _ = explorer_command(data, "add", str(path))
            graph_s, graph_peak, _ = explorer_command(data, "concept", "lora")
            print(f"A {size:.0f} MB report, {name}:")
            print(f"  add: {add_s:.1f} s, peak {add_peak:.0f} MB")
            print(f"  first graph build (concept lora): {graph_s:.1f} s, peak {graph_peak:.0f} MB")
            report_target(
                f"first graph of a {size:.0f} MB report, {name}, peak memory",
                graph_peak,
                "MB",
                1024.0,
            )
            path.unlink()


if __name__ == "__main__":
    main()
