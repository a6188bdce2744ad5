"""Scale benchmark: a library of thousands of reports, as a new user would make and open it.

    python benchmarks/scale.py [--copies 10] [--runs 3] [--keep DIR]

The library is milvus-blog-en ten times over (2,960 reports): the 296 posts copied ``--copies``
times under distinct file names, copy k with every date (the file name's ``YYYY-`` prefix and
the front matter's ``date:``) moved back k years, so the copies spread over the years as a
real archive would. In one run, each figure beside its peer:

1. ``explorer add`` of the folder (a fresh process; seconds, and the peak RSS of the main
   process and of the index writer it spawns) against raw whoosh indexing the same passages
   with one writer, every field stored (``search.py``'s peer; parsing not counted).
   Targets: ≤ 1.2 × raw whoosh, ≤ 800 MB.
2. ``explorer reports`` cold (the page cache dropped first, when this process may; else the
   first run after the add) and warm (median of ``--runs``). Target: ≤ 0.5 s each.
3. The first graph build: ``Workspace.graph()`` on the fresh library, in a process of its own
   (seconds, peak RSS). Targets: ≤ 20 s, ≤ 800 MB.
4. With the graph cached: ``explorer trends --json`` (≤ 1 s) and ``explorer concept NAME
   --json`` (≤ 0.5 s), median of ``--runs``, with their peak RSS.
5. The window on that library (``startup.py``'s cold start: Xvfb when installed, else
   offscreen) against a bare PySide6 + pyqtgraph window: first paint ≤ 1.3 × bare, the map
   shown ≤ 2 s after the first paint; then ``explorer snapshot --query`` end to end (the
   window opened, a search typed, everything it sets off done). Peak RSS ≤ 700 MB, the larger
   of the two: the window's when its map is shown, the snapshot's.

Memory is the peak resident size (``ru_maxrss`` / VmHWM) of the process named. It takes
several minutes at ten copies; ``--copies 2`` is a quick check. Not part of ``make test``.
Temporary folders are removed unless ``--keep`` names one to build in and leave.
"""

# Only cheap stdlib modules at the top: the window's child modes are timed (see startup.py).
from __future__ import annotations

import calendar
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import report_target  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCRIPT = Path(__file__).resolve()
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"

COPIES = 10
RUNS = 3
QUERY = "vector"
CONCEPT = "Milvus"
WINDOW_WAIT_S = 900.0  # how long a window may take to show its map before the child gives up

# Targets.
ADD_VS_RAW = 1.2
ADD_MB = 800.0
REPORTS_S = 0.5
TRENDS_S = 1.0
CONCEPT_S = 0.5
GRAPH_S = 20.0
GRAPH_MB = 800.0
PAINT_VS_BARE = 1.3
MAP_AFTER_S = 2.0
WINDOW_MB = 700.0

_NAME_YEAR = re.compile(r"^(blog__en__)(\d{4})(-)")
_FRONT_DATE = re.compile(r"^(date:\s*['\"]?)(\d{4})-(\d{1,2})-(\d{1,2})", re.MULTILINE)


# ---- the library ------------------------------------------------------------------------


def moved_back(text: str, years: int) -> str:
    """A post's text with its front matter's ``date:`` moved back ``years`` years (29 February
    becomes the 28th); the rest of the text as it was."""
    head, sep, body = text.partition("\n---")
    if not years or not text.startswith("---") or not sep:
        return text

    def move(m: re.Match[str]) -> str:
        year, month, day = int(m.group(2)) - years, m.group(3), m.group(4)
        if int(month) == 2 and int(day) == 29 and not calendar.isleap(year):
            day = "28"
        return f"{m.group(1)}{year:04d}-{month}-{day}"

    return _FRONT_DATE.sub(move, head, count=1) + sep + body


def copy_name(name: str, k: int) -> str:
    """Copy k's file name: the date prefix moved back k years, and ``-copyK`` before the suffix
    (posts without a date in their name would otherwise share one)."""
    stem, dot, suffix = name.rpartition(".")
    m = _NAME_YEAR.match(stem)
    if m and k:
        stem = f"{m.group(1)}{int(m.group(2)) - k:04d}{m.group(3)}{stem[m.end() :]}"
    return f"{stem}-copy{k}{dot}{suffix}" if k else name


def make_library(corpus: Path, folder: Path, copies: int) -> tuple[int, int]:
    """``copies`` copies of the corpus's posts in ``folder``; (files, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    posts = sorted(p for p in corpus.iterdir() if p.suffix == ".md")
    files = size = 0
    for k in range(copies):
        for post in posts:
            text = moved_back(post.read_text(encoding="utf-8"), k)
            target = folder / copy_name(post.name, k)
            target.write_text(text, encoding="utf-8")
            files += 1
            size += target.stat().st_size
    return files, size


# ---- processes ----------------------------------------------------------------------------


def python() -> str:
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


PEAKS = (
    "import resource, sys\n"
    "def peaks():\n"
    "    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    print(f'PEAK_KB {me} {kids}', file=sys.stderr)\n"
)
EXPLORER = (
    PEAKS + "import runpy; sys.argv = ['explorer', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('explorer', run_name='__main__')\n"
    "finally:\n    peaks()\n"
)


class Run:
    """One process: its wall seconds, the peak RSS (MB) of it and of its children, its output."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        if env is None:  # compiled modules are kept, as on a user's machine (see run_all.py)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        start = time.perf_counter()
        done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False, env=env)
        self.seconds = time.perf_counter() - start
        self.stdout = done.stdout
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args[:6])} … failed:\n{done.stderr[-3000:]}")
        peaks = [line.split() for line in done.stderr.splitlines() if line.startswith("PEAK_KB")]
        last = peaks[-1] if peaks else ["PEAK_KB", "0", "0"]
        self.own_mb: float = int(last[1]) / 1024
        self.children_mb: float = int(last[2]) / 1024

    @property
    def peak_mb(self) -> float:
        return max(self.own_mb, self.children_mb)

    def result(self) -> dict[str, Any]:
        lines = [ln for ln in self.stdout.splitlines() if ln.startswith("RESULT ")]
        return json.loads(lines[-1][len("RESULT ") :]) if lines else {}


def explorer(data: Path, *args: str) -> Run:
    return Run([python(), "-c", EXPLORER, "--data-dir", str(data), *args])


def child(mode: str, *args: str, env: dict[str, str] | None = None) -> Run:
    return Run([python(), str(SCRIPT), "--child", mode, *args], env=env)


def drop_page_cache() -> bool:
    """Empty the kernel's page cache (root only), so the next read comes from the disk."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# ---- children -----------------------------------------------------------------------------


def child_raw(library: Path, index: Path) -> None:
    """Parse the library's files, then index their passages with raw whoosh (one writer)."""
    import resource

    from search import bench_raw_whoosh, passage_rows, plain_schema  # type: ignore[import-not-found]

    from explorer.core.reports.ingest import parse_file

    start = time.perf_counter()
    reports = [parse_file(p) for p in sorted(library.iterdir())]
    rows = passage_rows(reports)
    parse_s = time.perf_counter() - start
    del reports
    index_s = bench_raw_whoosh(index, plain_schema(), rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _emit({"parse_s": parse_s, "index_s": index_s, "passages": len(rows), "peak_mb": peak})


def child_graph(data: Path) -> None:
    """The first graph build of a library (the Workspace opened first, not timed)."""
    import resource

    from explorer.core.workspace import Workspace

    ws = Workspace(data)
    ws.ensure_index()
    opened = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    graph = ws.graph().graph
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _emit(
        {
            "seconds": seconds,
            "peak_mb": peak,
            "opened_mb": opened,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
        }
    )


def child_window(mode: str, t0: float, data: Path | None, settings: Path | None) -> None:
    """startup.py's cold start of the window (or the bare one), with more time for the map."""
    import startup  # type: ignore[import-not-found]

    startup.GRAPH_WAIT_S = WINDOW_WAIT_S
    startup.child_start(mode, t0, data, settings)


def _emit(data: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(data), flush=True)


# ---- the run ------------------------------------------------------------------------------


def window_start(
    mode: str, env: dict[str, str], data: Path | None, settings: Path
) -> dict[str, Any]:
    settings.unlink(missing_ok=True)
    extra = ["--data", str(data), "--settings", str(settings)] if data else []
    t0 = time.time()
    run = child(mode, "--t0", repr(t0), *extra, env=env)
    result = run.result()
    if not result:
        raise SystemExit(f"the {mode} window gave no figures:\n{run.stdout[-2000:]}")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=COPIES, help="copies of the corpus")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs of each quick figure")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"The corpus folder {args.corpus} does not exist; pass --corpus DIR.")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return measure(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="explorer-scale-") as tmp:
        return measure(args, Path(tmp))


def measure(args: Any, tmp: Path) -> int:
    library, data = tmp / "library", tmp / "data"
    files, size = make_library(args.corpus, library, args.copies)
    print(
        f"library: {files:,} reports, {size / 1e6:.1f} MB in {library} "
        f"({args.copies} copies of {args.corpus.parent.name}, copy k dated k years back)"
    )
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)

    # 1. add, against raw whoosh
    raw = child("raw", "--library", str(library), "--index", str(tmp / "raw-index")).result()
    shutil.rmtree(tmp / "raw-index", ignore_errors=True)
    print(
        f"\n[1] raw whoosh, one writer, every field stored: {raw['index_s']:.1f} s for "
        f"{raw['passages']:,} passages (parsing {raw['parse_s']:.1f} s more, not counted); "
        f"peak {raw['peak_mb']:.0f} MB",
        flush=True,
    )
    add = explorer(data, "add", str(library))
    print(
        f"    explorer add: {add.seconds:.1f} s; peak RSS {add.own_mb:.0f} MB (main process), "
        f"{add.children_mb:.0f} MB (index writer)\n    {add.stdout.strip().splitlines()[-1]}",
        flush=True,
    )

    # 2. the list of reports, cold and warm
    dropped = drop_page_cache()
    cold = explorer(data, "reports")
    warm = [explorer(data, "reports") for _ in range(args.runs)]
    warm_s = median([r.seconds for r in warm])
    how = "page cache dropped" if dropped else "page cache NOT dropped (not root): first run"
    print(
        f"\n[2] explorer reports: cold {cold.seconds:.2f} s ({how}), peak {cold.own_mb:.0f} MB; "
        f"warm median {warm_s:.2f} s of {args.runs}",
        flush=True,
    )

    # 3. the first graph build
    graph = child("graph", "--data", str(data)).result()
    print(
        f"\n[3] first graph build: {graph['seconds']:.1f} s, peak {graph['peak_mb']:.0f} MB "
        f"({graph['opened_mb']:.0f} MB before it); {graph['nodes']:,} nodes, "
        f"{graph['edges']:,} edges",
        flush=True,
    )

    # 4. with the graph cached
    trends = [explorer(data, "trends", "--json") for _ in range(args.runs)]
    concept = [explorer(data, "concept", CONCEPT, "--json") for _ in range(args.runs)]
    trends_s, concept_s = median([r.seconds for r in trends]), median([r.seconds for r in concept])
    print(
        f"\n[4] graph cached: explorer trends --json median {trends_s:.2f} s "
        f"(first {trends[0].seconds:.2f} s), peak {max(r.own_mb for r in trends):.0f} MB; "
        f"explorer concept {CONCEPT} --json median {concept_s:.2f} s "
        f"(first {concept[0].seconds:.2f} s), peak {max(r.own_mb for r in concept):.0f} MB",
        flush=True,
    )

    # 5. the window
    import startup  # type: ignore[import-not-found]

    display = startup.Display()
    try:
        win = windows(args.runs, display, data, tmp / "settings.ini")
        snap = explorer(data, "snapshot", "-o", str(tmp / "snap.png"), "--query", QUERY)
    finally:
        display.close()
    bare_s, app_s, map_s, window_mb = win
    print(
        f"\n[5] window ({display.name}), median of {args.runs}: bare {bare_s:.2f} s, "
        f"app first paint {app_s:.2f} s, map shown {map_s:.2f} s after it; "
        f"peak RSS {window_mb:.0f} MB\n"
        f"    explorer snapshot --query {QUERY}: {snap.seconds:.1f} s, peak {snap.own_mb:.0f} MB",
        flush=True,
    )

    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}\n")
    n = f"{files:,} reports"
    report_target(
        f"scale: add ÷ raw whoosh, {n}",
        add.seconds / raw["index_s"],
        "×",
        ADD_VS_RAW,
        peer="raw whoosh, one writer, stored text",
    )
    report_target(f"scale: add, peak RSS, {n}", add.peak_mb, "MB", ADD_MB)
    report_target(f"scale: explorer reports cold, {n}", cold.seconds, "s", REPORTS_S)
    report_target(f"scale: explorer reports warm, {n}", warm_s, "s", REPORTS_S)
    report_target(f"scale: trends, graph cached, {n}", trends_s, "s", TRENDS_S)
    report_target(f"scale: concept details, graph cached, {n}", concept_s, "s", CONCEPT_S)
    report_target(f"scale: first graph build, {n}", graph["seconds"], "s", GRAPH_S)
    report_target(f"scale: first graph build, peak RSS, {n}", graph["peak_mb"], "MB", GRAPH_MB)
    report_target(
        f"scale: window first paint ÷ a bare window, {n}",
        app_s / bare_s,
        "×",
        PAINT_VS_BARE,
        peer="bare PySide6 window",
    )
    report_target(f"scale: window map after first paint, {n}", map_s, "s", MAP_AFTER_S)
    report_target(f"scale: window peak RSS, {n}", max(window_mb, snap.own_mb), "MB", WINDOW_MB)
    return 0


def windows(
    runs: int, display: Any, data: Path, settings: Path
) -> tuple[float, float, float, float]:
    """Medians of bare first paint, app first paint, map after it (s), and the app's peak MB."""
    env = display.env
    try:
        window_start("bare", env, None, settings)  # warm-up: file caches, fontconfig
        window_start("app", env, data, settings)  # and the map as first drawn, cached
    except SystemExit:
        if "xcb" not in env.get("QT_QPA_PLATFORM", ""):
            raise
        display.fallback("the xcb plugin failed")
        env = display.env
    bare, app, after, peak = [], [], [], []
    for _ in range(runs):
        b = window_start("bare", env, None, settings)
        a = window_start("app", env, data, settings)
        bare.append(b["stamps"]["first paint"])
        app.append(a["stamps"]["first paint"])
        after.append(a["stamps"]["graph shown"] - a["stamps"]["first paint"])
        peak.append(a["rss"]["graph shown"]["VmHWM"])
    return median(bare), median(app), median(after), max(peak)


def child_main(argv: list[str]) -> None:
    opts = dict(zip(argv[::2], argv[1::2], strict=False))

    def path(name: str) -> Path | None:
        return Path(opts[name]) if name in opts else None

    mode = opts["--child"]
    if mode in ("app", "bare"):
        child_window(mode, float(opts["--t0"]), path("--data"), path("--settings"))
    elif mode == "raw":
        child_raw(Path(opts["--library"]), Path(opts["--index"]))
    elif mode == "graph":
        child_graph(Path(opts["--data"]))
    else:
        raise SystemExit(f"scale.py: bad child arguments {argv}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child_main(sys.argv[1:])
    else:
        sys.exit(main())
