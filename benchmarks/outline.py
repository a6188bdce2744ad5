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
import tempfile
import time
from pathlib import Path

from common import explorer_command, report_target  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"
WORDS = "vector index search model query embedding graph data retrieval latency".split()


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
        seconds, peak, _ = explorer_command(folder / "data", "add", str(path))
        picks = (2, args.headings // 2, args.headings - 1)
        show = [explorer_command(folder / "data", "show", f"headings#{n}")[0] for n in picks]
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
        seconds, peak, _ = explorer_command(folder / "big", "add", "--max-mb", "100", str(big))
        graph_s, graph_peak, _ = explorer_command(
            folder / "big", "graph", "--format", "json", "-o", str(folder / "g.json")
        )
        print(f"A {size:.0f} MB report (milvus-blog-en's posts as one file):")
        print(f"  add --max-mb 100: {seconds:.1f} s, peak {peak:.0f} MB (target 2048 MB)")
        print(f"  graph built and exported: {graph_s:.1f} s, peak {graph_peak:.0f} MB")
        report_target(f"add a {size:.0f} MB report, peak memory", peak, "MB", 2048.0)


if __name__ == "__main__":
    main()
