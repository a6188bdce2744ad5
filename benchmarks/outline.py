"""Sectioning at scale: big reports are cut into an outline in linear time and bounded memory.

1. A 5 MB report of 100,000 headings (three levels): `explorer add` end to end (parse, store,
   index), then `explorer show` of one of its sections, each in a fresh process. Peer: the
   same file through markdown-it's block parser alone, the floor of any Markdown sectioning.
   Targets: add ≤ 10 s and ≤ 1 GB; show well under a second.
2. A 60 MB report (milvus-blog-en's posts, one after another, as one file) added with
   `--max-mb 100`, then its concept graph built (`explorer graph --format json`). Target:
   within 2 GB.

Peak memory is the largest resident size of the command and every process it waited for.
Prints figures, not a test.

    python benchmarks/outline.py [--headings 100000] [--big-mb 60]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report_target  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"
WORDS = "vector index search model query embedding graph data retrieval latency".split()


def run(data: Path, *args: str) -> tuple[float, float, str]:
    """Seconds and peak MB of one `explorer` command in a fresh process, and its output."""
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


def headings_file(folder: Path, count: int) -> Path:
    rng = random.Random(1)
    parts = []
    for i in range(count):
        level = 2 + i % 3
        words = " ".join(rng.choice(WORDS) for _ in range(4))
        parts.append(f"{'#' * level} Heading {i} {rng.choice(WORDS)}\n\n{words}.\n\n")
    path = folder / "headings.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def big_file(folder: Path, megabytes: float) -> Path:
    posts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))]
    path = folder / "big.md"
    size, parts = 0, []
    while size < megabytes * 1_000_000:
        for post in posts:
            parts.append(post.split("\n---\n", 2)[-1] if post.startswith("---") else post)
            size += len(parts[-1].encode("utf-8"))
            if size >= megabytes * 1_000_000:
                break
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def markdown_floor(path: Path) -> float:
    from markdown_it import MarkdownIt

    text = path.read_text(encoding="utf-8")
    md = MarkdownIt("commonmark").enable("table")
    md.disable(["inline", "text_join"])
    start = time.perf_counter()
    md.parse(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headings", type=int, default=100_000)
    parser.add_argument("--big-mb", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = headings_file(folder, args.headings)
        size = path.stat().st_size / 1e6
        floor = markdown_floor(path)
        seconds, peak, _ = run(folder / "data", "add", str(path))
        picks = (2, args.headings // 2, args.headings - 1)
        show = [run(folder / "data", "show", f"headings#{n}")[0] for n in picks]
        print(f"{args.headings:,} headings, {size:.1f} MB:")
        print(
            f"  add {seconds:.1f} s, peak {peak:.0f} MB (targets 10 s, 1024 MB); "
            f"markdown-it block parse alone {floor:.1f} s (add = {seconds / floor:.1f}×)"
        )
        print(f"  show one section, fresh process: {', '.join(f'{s:.2f} s' for s in show)}")
        print(f"  peak resident memory of the add's processes {peak:.0f} MB")
        report_target(f"add a report of {args.headings:,} headings", seconds, "s", 10.0)
        report_target(f"add of {args.headings:,} headings, peak memory", peak, "MB", 1024.0)
        big = big_file(folder, args.big_mb)
        size = big.stat().st_size / 1e6
        seconds, peak, _ = run(folder / "big", "add", "--max-mb", "100", str(big))
        graph_s, graph_peak, _ = run(
            folder / "big", "graph", "--format", "json", "-o", str(folder / "g.json")
        )
        print(f"A {size:.0f} MB report (milvus-blog-en's posts as one file):")
        print(f"  add --max-mb 100: {seconds:.1f} s, peak {peak:.0f} MB (target 2048 MB)")
        print(f"  graph built and exported: {graph_s:.1f} s, peak {graph_peak:.0f} MB")
        report_target(f"add a {size:.0f} MB report, peak memory", peak, "MB", 2048.0)


if __name__ == "__main__":
    main()
