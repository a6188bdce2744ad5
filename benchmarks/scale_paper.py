"""Scale on paper: what a library of 3,000, 10,000 and 30,000 reports costs, on synthetic libraries.

    python benchmarks/scale_paper.py [--reports 3000 10000 30000] [--parts index listing
        bookkeeping graph] [--graph FILE.jsonl] [--keep DIR]      (``make bench-scale-paper``)

Nothing here adds real files: a library of N reports is made from milvus-blog-en's 296 posts,
parsed once. Report k is post ``k % 296``, its passages reworded for copy ``k // 296`` (two
neighbouring words swapped and one dropped, at places that depend on the copy), so that the
index's fingerprints tell the copies apart and search does not fold them into one hit. The
vocabulary is milvus-blog-en's and does not grow with N: the term lists, and what depends on
them (fuzzy words, did-you-mean), are smaller here than in a real library of that size.

Parts, each measured at every N, each in a process of its own (its peak RSS is its own):

- ``index``: the app's index (its schema, fingerprints, one writer, as the index child
  writes it) of the N reports: seconds per passage in the writer, bytes on disk per passage,
  the writer's peak RSS; then, in a fresh process, opening it and the first search (which
  reads the arrays the search scores on), the median of later searches, and the RSS then.
- ``listing``: ``explorer reports`` (a fresh process, as a user runs it) on a data folder of
  those N reports: ``library.json`` of N entries beside that index and its manifest, and an
  empty stored text per report (the listing looks at the names only). Also the size of
  ``library.json`` and the time to save and load it.
- ``bookkeeping``: the library's own work when one ``add`` brings in N new files: for each,
  the look-ups ``Workspace._add_one`` makes (by path, a new id, by hash, put), on entries in
  memory; no file read, no index written.
- ``graph``: a concept graph of the app's shape for N reports, made from a graph the app
  built (``--graph``; by default the newest in /work/scale-lib/data/cache/graph/, the
  library ``scale.py --keep /work/scale-lib`` leaves, else milvus-blog-en's): its reports,
  with their sections and every edge at them, copied under new ids until there are N; its
  concepts and their co-occurrences as they are (so the concepts stop growing at the
  source's). Measured: nodes, edges, the cache file's size, saving it, and in a fresh
  process loading it (as the window and ``explorer concept`` do) with the RSS then, the
  library map built from it, Louvain communities and the sampled betweenness of the build.

Prints one line per figure; no targets (the figures docs/SCALE.md quotes). On two loaded
cores: 3,000 reports about 6 minutes, 10,000 about 20 (the index writer most of it); at
30,000 the look-ups about 15 and the graph about 10, the index writer 30 to 60 (so
``make bench-scale-paper`` leaves the index and the listing out at 30,000). Not part of
``make test`` nor of ``make bench``. Temporary folders are removed unless ``--keep`` names
one to leave. Run it under ``nice`` on a shared machine.
"""

# Only cheap stdlib modules at the top: each part runs in a child process of this script.
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCRIPT = Path(__file__).resolve()
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"
DEFAULT_GRAPHS = Path("/work/scale-lib/data/cache/graph")

SIZES = (3000, 10000, 30000)
PARTS = ("index", "listing", "bookkeeping", "graph")
QUERIES = ("vector", "vector database", "index*", "databse~", '"similarity search"')
SEARCH_RUNS = 5
LISTING_RUNS = 3
MAP_TOP = 100  # the concepts the window's map lays out first (shown.FIRST_TOP)
CHILD_TIMEOUT_S = 45 * 60
PEER_REPORTS = 296  # milvus-blog-en's posts, each once


# ---- the synthetic library ---------------------------------------------------------------


def base_posts(corpus: Path) -> list[dict[str, Any]]:
    """Each post of the corpus as the index sees it: id, title, date, and per passage its
    section's id, title and breadcrumb, and its words (as ``SearchIndex.add_reports``)."""
    from explorer.core.reports import fold, section_words
    from explorer.core.reports.ingest import parse_file

    posts = []
    for path in sorted(p for p in corpus.iterdir() if p.suffix == ".md"):
        report = parse_file(path)
        passages = [
            (section.id.partition("#")[2], section.title, report.breadcrumb(section.id), fold(w))
            for section in report.sections
            for w in section_words(report, section, own=False)
        ]
        posts.append(
            {
                "id": report.id,
                "title": report.title,
                "date": report.date or "",
                "sections": len(report.sections),
                "passages": passages,
            }
        )
    return posts


def reworded(text: str, copy: int, place: int) -> str:
    """Copy ``copy``'s words of a passage: the original for copy 0, else two neighbouring
    words swapped and one dropped, where the copy number and the passage's place say."""
    if not copy:
        return text
    words = text.split(" ")
    if len(words) < 3:
        return f"{text} {copy}"  # a heading-sized passage: a number tells the copies apart
    n = len(words)
    i = (copy * 7919 + place * 31) % (n - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    del words[(copy * 104729 + place * 17) % n]
    return " ".join(words)


def synthetic_id(post: dict[str, Any], copy: int) -> str:
    return f"{post['id']}-s{copy}" if copy else str(post["id"])


def moved_date(date: str, copy: int) -> str:
    """A post's date moved back ``copy`` years (29 February becomes the 28th)."""
    if not date or not copy:
        return date
    year, rest = int(date[:4]) - copy, date[4:]
    return f"{year:04d}{rest.replace('-02-29', '-02-28')}"


def rows(posts: list[dict[str, Any]], n: int, clock: list[float]) -> Iterator[Any]:
    """The index rows of the first ``n`` synthetic reports; the seconds spent making them
    are added to ``clock[0]`` (so the writer's own time can be told apart)."""
    from explorer.core.search.copies import fingerprint
    from explorer.core.search.index import Row

    for k in range(n):
        start = time.perf_counter()
        post, copy = posts[k % len(posts)], k // len(posts)
        rid, date = synthetic_id(post, copy), moved_date(post["date"], copy)
        made = []
        for m, (number, title, place, text) in enumerate(post["passages"]):
            words = reworded(text, copy, m)
            made.append(
                Row(
                    f"{rid}#{number}.{m + 1}",
                    rid,
                    f"{rid}#{number}",
                    title,
                    words,
                    date,
                    place,
                    "",
                    fingerprint(words),
                )
            )
        clock[0] += time.perf_counter() - start
        yield from made


def entries(posts: list[dict[str, Any]], n: int) -> list[Any]:
    """Library entries of the first ``n`` synthetic reports (paths that do not exist)."""
    import hashlib

    from explorer.core.reports import CUT, ReportEntry

    out = []
    for k in range(n):
        post, copy = posts[k % len(posts)], k // len(posts)
        rid = synthetic_id(post, copy)
        out.append(
            ReportEntry(
                id=rid,
                title=str(post["title"]),
                path=f"/nowhere/library/{rid}.md",
                date=moved_date(post["date"], copy) or None,
                content_hash=hashlib.sha256(f"synthetic {rid}".encode()).hexdigest(),
                sections=int(post["sections"]),
                passages=len(post["passages"]),
                added="2025-01-01T00:00:00+00:00",
                cut=CUT,
                format="markdown",
            )
        )
    return out


# ---- processes ---------------------------------------------------------------------------


def python() -> str:
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def rss_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process, in MB."""
    status = memory()
    return status["VmRSS"], status["VmHWM"]


def memory() -> dict[str, float]:
    """This process's memory lines from /proc (VmRSS, VmHWM, RssAnon, RssFile …), in MB:
    RssFile is the index's files mapped and read, which the kernel may drop at will."""
    out = {"VmRSS": 0.0, "VmHWM": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name.startswith(("Vm", "Rss")) and value.strip().endswith("kB"):
            out[name] = int(value.split()[0]) / 1024
    return out


def emit(data: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(data), flush=True)


def child(part: str, **options: Any) -> dict[str, Any]:
    """Run one part in a fresh process of this script; its RESULT line."""
    args = [python(), str(SCRIPT), "--child", part]
    for name, value in options.items():
        args += [f"--{name}", str(value)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        args, cwd=REPO, capture_output=True, text=True, check=False, env=env,
        timeout=CHILD_TIMEOUT_S,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{part} failed:\n{done.stderr[-3000:]}")
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# ---- children: the index -----------------------------------------------------------------


def child_write(corpus: Path, data: Path, n: int) -> None:
    """Write the app's index of n synthetic reports into data/cache/index, and its manifest."""
    from explorer.core.search import IndexManifest, SearchIndex
    from explorer.core.search.index import write_rows

    posts = base_posts(corpus)
    folder = data / "cache" / "index"
    SearchIndex(folder).create()
    clock = [0.0]
    counted = [0]

    def counting() -> Iterator[Any]:
        for row in rows(posts, n, clock):
            counted[0] += 1
            yield row

    start = time.perf_counter()
    write_rows(str(folder), [], counting())
    total = time.perf_counter() - start
    hashes = {e.id: e.content_hash for e in entries(posts, n)}
    IndexManifest(data / "cache" / "index.json", folder).save(hashes)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    emit(
        {
            "passages": counted[0],
            "writer_s": total - clock[0],
            "rows_s": clock[0],
            "bytes": size,
            "peak_mb": rss_mb()[1],
        }
    )


def child_search(data: Path) -> None:
    """Open the index, search once (the arrays are read), then the queries again."""
    from explorer.core.search import SearchIndex

    before, _ = rss_mb()
    start = time.perf_counter()
    ix = SearchIndex(data / "cache" / "index")
    ix.searcher()
    opened = time.perf_counter() - start
    start = time.perf_counter()
    ix.search(QUERIES[0])
    first = time.perf_counter() - start
    times: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(SEARCH_RUNS):
        for q in QUERIES:
            start = time.perf_counter()
            ix.search(q)
            times[q].append(time.perf_counter() - start)
    searched = memory()
    start = time.perf_counter()
    near = ix.near_copies()
    near_s = time.perf_counter() - start
    now, peak = rss_mb()
    emit(
        {
            "open_s": opened,
            "first_s": first,
            "query_s": {q: median(t) for q, t in times.items()},
            "near_copies_s": near_s,
            "near_copies": len(near),
            "docs": ix.doc_count(),
            "before_mb": before,
            "searched_mb": searched["VmRSS"],
            "searched_anon_mb": searched.get("RssAnon", 0.0),
            "searched_file_mb": searched.get("RssFile", 0.0),
            "searched_peak_mb": searched["VmHWM"],
            "rss_mb": now,
            "peak_mb": peak,
        }
    )


# ---- children: the library ---------------------------------------------------------------


def child_library(corpus: Path, data: Path, n: int) -> None:
    """library.json of n entries and an empty stored text for each; save and load times."""
    from explorer.core.library import Library

    made = entries(base_posts(corpus), n)
    texts = data / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    for entry in made:
        (texts / f"{entry.content_hash}.txt").touch()
    library = Library(data)
    library.entries = made
    start = time.perf_counter()
    library.save()
    saved = time.perf_counter() - start
    start = time.perf_counter()
    again = Library(data)
    again.load()
    loaded = time.perf_counter() - start
    assert len(again.entries) == n
    emit(
        {
            "bytes": library.path.stat().st_size,
            "save_s": saved,
            "load_s": loaded,
            "peak_mb": rss_mb()[1],
        }
    )


def listing(data: Path, runs: int) -> dict[str, Any]:
    """``explorer reports`` in fresh processes (as scale.py runs it): the first run, the
    median of the rest, and the peak RSS of the largest."""
    from scale import explorer  # type: ignore[import-not-found]

    done = [explorer(data, "reports") for _ in range(runs + 1)]
    return {
        "first_s": done[0].seconds,
        "warm_s": median([run.seconds for run in done[1:]]),
        "peak_mb": max(run.own_mb for run in done),
    }


def child_bookkeeping(corpus: Path, n: int) -> None:
    """The library's look-ups for an add of n new files, as ``Workspace._add_one`` makes
    them: by path, a new id, by hash, put; no file is read."""
    from explorer.core.library import Library

    made = entries(base_posts(corpus), n)
    library = Library(Path(tempfile.gettempdir()) / "scale-paper-unused")
    start = time.perf_counter()
    for entry in made:
        assert library.by_path(entry.path) is None
        library.new_id(entry.id)
        assert library.by_hash(entry.content_hash) is None
        library.put(entry)
    emit({"seconds": time.perf_counter() - start, "peak_mb": rss_mb()[1]})


# ---- children: the graph -----------------------------------------------------------------


def _copied(node: str, copy: int) -> str:
    """A report's or section's node id in copy ``copy`` (concepts are shared)."""
    if not copy:
        return node
    kind, _, rest = node.partition(":")
    if kind == "report":
        return f"report:{rest}~{copy}"
    if kind == "section":
        report, _, number = rest.partition("#")
        return f"section:{report}~{copy}#{number}"
    return node


def _copied_passage(passage: str, copy: int) -> str:
    report, _, rest = passage.partition("#")
    return f"{report}~{copy}#{rest}" if copy else passage


def grown_graph(source: Any, n: int) -> Any:
    """The source graph with its reports (sections, and every edge at them) copied under new
    ids until there are n reports; concepts and their co-occurrences as they are."""
    import networkx as nx

    reports = sorted(node for node, kind in source.nodes(data="kind") if kind == "report")
    graph = nx.Graph()
    graph.graph.update(source.graph)
    structural = {"report", "section"}
    for node, attrs in source.nodes(data=True):
        if attrs.get("kind") not in structural:
            graph.add_node(node, **attrs)
    for a, b, attrs in source.edges(data=True):
        kinds = {source.nodes[a].get("kind"), source.nodes[b].get("kind")}
        if not kinds & structural:
            graph.add_edge(a, b, **attrs)
    children: dict[str, list[str]] = {r: [] for r in reports}
    for node, attrs in source.nodes(data=True):
        if attrs.get("kind") == "section":
            children.setdefault(f"report:{attrs.get('report')}", []).append(node)
    place = {report: i for i, report in enumerate(reports)}

    def made(node: str, copy: int) -> bool:  # is this report's copy among the n?
        kind = source.nodes[node].get("kind")
        if kind not in structural:
            return True
        owner = node if kind == "report" else f"report:{source.nodes[node].get('report')}"
        return copy * len(reports) + place.get(owner, n) < n

    for k in range(n):
        report, copy = reports[k % len(reports)], k // len(reports)
        members = [report, *children.get(report, [])]
        for node in members:
            attrs = dict(source.nodes[node])
            if copy and "report" in attrs:
                attrs["report"] = f"{attrs['report']}~{copy}"
            graph.add_node(_copied(node, copy), **attrs)
        for node in members:
            for other, attrs in source.adj[node].items():
                if not made(other, copy):  # a related section of a copy not made
                    continue
                copied = dict(attrs)
                if copy and copied.get("evidence"):
                    copied["evidence"] = [_copied_passage(p, copy) for p in copied["evidence"]]
                graph.add_edge(_copied(node, copy), _copied(other, copy), **copied)
    return graph


def source_graph(path: Path) -> Any:
    from explorer.core.graph.store import GraphStore

    graph = GraphStore(path.parent).load(path.stem)
    if graph is None:
        raise SystemExit(f"{path} is not a graph the app cached")
    return graph


def kinds_of(graph: Any) -> dict[str, dict[str, int]]:
    from collections import Counter

    nodes = Counter(kind for _, kind in graph.nodes(data="kind"))
    edges = Counter(kind for _, _, kind in graph.edges(data="kind"))
    return {"nodes": dict(nodes), "edges": dict(edges)}


def child_grow(source: Path, out: Path, n: int) -> None:
    """Make the graph of n reports and cache it as the app does; its shape."""
    from explorer.core.graph.store import GraphStore

    base = source_graph(source)
    start = time.perf_counter()
    graph = grown_graph(base, n)
    grown_s = time.perf_counter() - start
    start = time.perf_counter()
    GraphStore(out.parent).save(out.stem, graph)
    saved = time.perf_counter() - start
    emit(
        {
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "kinds": kinds_of(graph),
            "grow_s": grown_s,
            "save_s": saved,
            "bytes": out.stat().st_size,
            "peak_mb": rss_mb()[1],
        }
    )


def child_source(corpus: Path, data: Path) -> None:
    """The app's graph of the corpus itself (its reports added, the graph built and cached)."""
    from explorer.core.workspace import Workspace

    ws = Workspace(data)
    ws.add([corpus])
    ws.graph()
    found = newest_graph(data / "cache" / "graph")
    assert found is not None
    emit({"path": str(found)})


def child_load(path: Path, analyse: bool) -> None:
    """Load a cached graph as the app does, then (with ``analyse``) the library map of it,
    Louvain communities and the sampled betweenness the build computes."""
    import gc

    from explorer.core.graph.store import GraphStore  # networkx too: not counted as the graph's

    gc.collect()
    before, _ = rss_mb()
    start = time.perf_counter()
    graph = GraphStore(path.parent).load(path.stem)
    loaded = time.perf_counter() - start
    assert graph is not None
    gc.collect()
    held = rss_mb()[0] - before
    out: dict[str, Any] = {"load_s": loaded, "held_mb": held, "load_peak_mb": rss_mb()[1]}
    if analyse:
        from explorer.core.graph.concept_map.build import build_concept_map
        from explorer.core.graph.metrics import (
            BETWEENNESS_SAMPLE,
            communities,
            sampled_betweenness,
        )

        start = time.perf_counter()
        build_concept_map(graph, MAP_TOP)
        out["map_s"] = time.perf_counter() - start
        start = time.perf_counter()
        sampled_betweenness(graph, BETWEENNESS_SAMPLE)
        out["betweenness_s"] = time.perf_counter() - start
        start = time.perf_counter()
        communities(graph)
        out["louvain_s"] = time.perf_counter() - start
    out["peak_mb"] = rss_mb()[1]
    emit(out)


# ---- the run -----------------------------------------------------------------------------


def newest_graph(folder: Path) -> Path | None:
    found = (
        sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    )
    return found[-1] if found else None


def writer_peer(corpus: Path) -> float:
    """µs a passage for the same writer on milvus-blog-en's own 296 posts, in this run: the
    machine is shared, and a figure at N is read against this one."""
    with tempfile.TemporaryDirectory(prefix="explorer-scale-peer-") as tmp:
        w = child("write", corpus=corpus, data=Path(tmp), n=PEER_REPORTS)
    per = 1e6 * float(w["writer_s"]) / int(w["passages"])
    print(f"peer: the writer on milvus-blog-en itself: {per:.0f} µs a passage", flush=True)
    return per


def measure_size(args: Any, n: int, tmp: Path) -> dict[str, Any]:
    """Every part asked for, at n reports; the figures by part."""
    data = tmp / f"data-{n}"
    got: dict[str, Any] = {"reports": n}
    if {"index", "listing"} & set(args.parts):
        w = child("write", corpus=args.corpus, data=data, n=n)
        s = child("search", data=data)
        got["index"] = {**w, "search": s}
        print(
            f"[{n:,}] index: {w['passages']:,} passages; writer {w['writer_s']:.1f} s "
            f"({1e6 * w['writer_s'] / w['passages']:.0f} µs a passage; rows made in "
            f"{w['rows_s']:.1f} s more), peak {w['peak_mb']:.0f} MB; "
            f"{w['bytes'] / 1e6:.0f} MB on disk ({w['bytes'] / w['passages']:.0f} B a passage); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        q = ", ".join(f"{k} {1e3 * v:.0f} ms" for k, v in s["query_s"].items())
        print(
            f"[{n:,}] search: open {1e3 * s['open_s']:.0f} ms, first search "
            f"{s['first_s']:.2f} s, then medians: {q}; near copies {s['near_copies_s']:.2f} s "
            f"({s['near_copies']} flagged); RSS after the searches {s['searched_mb']:.0f} MB "
            f"({s['searched_anon_mb']:.0f} MB its own, {s['searched_file_mb']:.0f} MB the "
            f"index's files mapped; {s['before_mb']:.0f} MB before it opened), peak "
            f"{s['searched_peak_mb']:.0f} MB; after the near copies: peak {s['peak_mb']:.0f} MB",
            flush=True,
        )
    if "listing" in args.parts:
        lib = child("library", corpus=args.corpus, data=data, n=n)
        ls = listing(data, LISTING_RUNS)
        got["library"], got["listing"] = lib, ls
        print(
            f"[{n:,}] library.json {lib['bytes'] / 1e6:.1f} MB "
            f"({lib['bytes'] / n:.0f} B an entry); save with its backup {lib['save_s']:.2f} s, "
            f"load {lib['load_s']:.2f} s; explorer reports: first {ls['first_s']:.2f} s, "
            f"warm median {ls['warm_s']:.2f} s of {LISTING_RUNS}, peak {ls['peak_mb']:.0f} MB",
            flush=True,
        )
    if "bookkeeping" in args.parts:
        b = child("bookkeeping", corpus=args.corpus, n=n)
        got["bookkeeping"] = b
        print(
            f"[{n:,}] an add of {n:,} new files: the library's look-ups {b['seconds']:.1f} s",
            flush=True,
        )
    if "graph" in args.parts and args.graph is not None:
        out = tmp / f"graph-{n}" / "grown.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        g = child("grow", source=args.graph, out=out, n=n)
        ld = child("load", path=out, analyse=int(not args.no_analyse))
        got["graph"] = {**g, "load": ld}
        extra = (
            ""
            if args.no_analyse
            else f"; map {ld['map_s']:.1f} s, sampled betweenness {ld['betweenness_s']:.1f} s, "
            f"Louvain {ld['louvain_s']:.1f} s"
        )
        print(
            f"[{n:,}] graph: {g['nodes']:,} nodes, {g['edges']:,} edges; cache file "
            f"{g['bytes'] / 1e6:.0f} MB (saved in {g['save_s']:.1f} s); loaded in "
            f"{ld['load_s']:.1f} s, held {ld['held_mb']:.0f} MB, peak {ld['load_peak_mb']:.0f} MB"
            f"{extra}",
            flush=True,
        )
        shutil.rmtree(out.parent, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)
    return got


def measure(args: Any, tmp: Path) -> tuple[list[dict[str, Any]], float | None]:
    """Every size asked for; the figures, and the writer's peer (µs a passage)."""
    if "graph" in args.parts:
        if args.graph is None:  # no graph of thousands at hand: the corpus's own
            args.graph = Path(child("source", corpus=args.corpus, data=tmp / "source")["path"])
        source = source_graph(args.graph)
        shape = kinds_of(source)
        per = shape["nodes"].get("report", 1)
        print(f"graph source: {args.graph} ({per:,} reports): {json.dumps(shape)}", flush=True)
        del source
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    peer = None
    if {"index", "listing"} & set(args.parts):
        peer = writer_peer(args.corpus)
    found = [measure_size(args, n, tmp) for n in args.reports]
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if peer is not None:
        print(f"peer: the writer on milvus-blog-en itself, {peer:.0f} µs a passage")
        for got in found:
            if "index" in got:
                w = got["index"]
                ratio = 1e6 * w["writer_s"] / w["passages"] / peer
                print(f"  {got['reports']:,} reports: {ratio:.2f} × the peer")
    return found, peer


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--graph", type=Path, default=newest_graph(DEFAULT_GRAPHS))
    parser.add_argument("--no-analyse", action="store_true", help="graph: load only")
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"The corpus folder {args.corpus} does not exist; pass --corpus DIR.")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        found, peer = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="explorer-scale-paper-") as tmp:
            found, peer = measure(args, Path(tmp))
    if args.json:
        out = {"peer_us": peer, "sizes": found}
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


def child_main(argv: list[str]) -> None:
    opts = dict(zip(argv[::2], argv[1::2], strict=False))
    part = opts["--child"]

    def path(name: str) -> Path:
        return Path(opts[f"--{name}"])

    if part == "write":
        child_write(path("corpus"), path("data"), int(opts["--n"]))
    elif part == "search":
        child_search(path("data"))
    elif part == "library":
        child_library(path("corpus"), path("data"), int(opts["--n"]))
    elif part == "bookkeeping":
        child_bookkeeping(path("corpus"), int(opts["--n"]))
    elif part == "grow":
        child_grow(path("source"), path("out"), int(opts["--n"]))
    elif part == "source":
        child_source(path("corpus"), path("data"))
    elif part == "load":
        child_load(path("path"), bool(int(opts["--analyse"])))
    else:
        raise SystemExit(f"scale_paper.py: bad child arguments {argv}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child_main(sys.argv[1:])
    else:
        sys.exit(main())
