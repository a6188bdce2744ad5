"""Search as the window asks for it (top hits, snippets, exact total) against raw whoosh and FTS5.

On the milvus-blog-en corpus, for the same queries as benchmarks/search.py, in one run:

- raw whoosh: the same index, the same parsed query, top 10 with highlighted snippets and
  no exact count (the peer the window's first answer is measured against);
- ws.search(limit=10) and ws.search(limit=30): hits, snippets and the exact total, as the
  command line asks for them;
- the window's first answer: the best passage of each of 30 reports, the 12 a tall list
  shows with marked snippets, the exact total and how many more each report has, no
  did-you-mean (the rest follows on the worker); and the same as a plain ranked list;
- SQLite FTS5 top 10 with snippets: the reference.

Prints p50/p95 per path and the ratio to raw whoosh. Figures, not a test.

    python benchmarks/search_deferred.py [--corpus DIR] [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import percentile, report_target  # type: ignore[import-not-found]  # noqa: E402
from search import (  # type: ignore[import-not-found]  # noqa: E402
    DEFAULT_CORPUS,
    QUERIES,
    bench_fts5_build,
    fts5_search,
    passage_rows,
    to_fts5,
)

from explorer.core.reports import parse_file  # noqa: E402
from explorer.core.search import query as queries  # noqa: E402
from explorer.core.workspace import Workspace  # noqa: E402


def raw_whoosh(ws: Workspace) -> Callable[[str], Any]:
    """Top 10 with highlights from the workspace's own index, no count, no suggestion."""
    from whoosh import highlight

    index = ws.index

    def search(text: str) -> Any:
        searcher = index.searcher()
        q = queries.build(queries.clean(text), index.ix.schema, searcher.reader())
        results = searcher.search(q, limit=10, terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=80)
        return [hit.highlights("text", top=2) for hit in results]

    return search


def times(fn: Callable[[str], Any], texts: list[str], repeats: int) -> list[float]:
    for text in texts:  # warm caches (lexicons, snippets' stored fields)
        fn(text)
    out = []
    for _ in range(repeats):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = [q for _kind, q in QUERIES]
    with tempfile.TemporaryDirectory(prefix="explorer-deferred-") as tmp_name:
        tmp = Path(tmp_name)
        ws = Workspace(tmp / "data")
        files = sorted(args.corpus.glob("*.md"))
        ws.add(files)
        ws.search("milvus")
        rows = passage_rows([parse_file(p) for p in files])
        con, _ = bench_fts5_build(tmp / "fts5.db", rows)
        fts_texts = [m for m in (to_fts5(t) for t in texts) if m is not None]
        paths: dict[str, list[float]] = {
            "raw whoosh, top 10 + highlights, no count": times(raw_whoosh(ws), texts, args.repeats),
            "ws.search(limit=10): hits + exact total": times(
                lambda t: ws.search(t, limit=10), texts, args.repeats
            ),
            "ws.search(limit=30): 30 marked hits": times(
                lambda t: ws.search(t, limit=30), texts, args.repeats
            ),
            "the window's first answer (30, 12 marked)": times(
                lambda t: ws.search(t, limit=30, marked=12, suggest=False, group=True),
                texts,
                args.repeats,
            ),
            "  the same, not grouped by report": times(
                lambda t: ws.search(t, limit=30, marked=12, suggest=False), texts, args.repeats
            ),
            "FTS5 top 10 + snippets (reference)": times(
                lambda m: fts5_search(con, m), fts_texts, args.repeats
            ),
        }
    peer = percentile(paths["raw whoosh, top 10 + highlights, no count"], 0.95)
    print(f"{len(files)} reports, {len(texts)} queries × {args.repeats} runs")
    for name, values in paths.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"  {name:<46} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  ({p95 / peer:.2f}× raw)")
    first = percentile(paths["the window's first answer (30, 12 marked)"], 0.95)
    report_target("search p95, the window's first answer", first, "ms", 15.0)
    report_target("search p95 ÷ raw whoosh", first / peer, "×", 1.3, peer="raw whoosh, top 10")


if __name__ == "__main__":
    main()
