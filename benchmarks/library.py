"""The Library panel on milvus-blog-en (296 posts and the bundled report), offscreen.

1. Listing the library on the worker (`library_rows`: entries, dates, a look at each file)
   against `Workspace.reports()` alone (the peer: the list without dates or files).
2. On the GUI thread: a header click's sort, and a filter keystroke, each until the table has
   been repainted, against a plain repaint of the same table. Target: ≤ 16 ms (one frame).

Prints medians and p95s. Figures, not a test.

    python benchmarks/library.py [--corpus DIR | --data DIR] [--runs 20]

``--data`` uses a data folder that already holds the corpus (it is copied first, never
changed); else the corpus is added to a fresh one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"


from common import p95, report_target  # type: ignore[import-not-found]  # noqa: E402


def timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float], note: str) -> None:
    print(
        f"{name:<30} median {statistics.median(times):7.2f} ms  p95 {p95(times):7.2f} ms   {note}"
    )


def measure(data: Path, runs: int) -> None:
    from PySide6.QtCore import QCoreApplication, Qt

    from explorer.core.workspace import Workspace
    from explorer.ui.app import build_window, make_app
    from explorer.ui.library.model import COLUMNS, library_rows

    ws = Workspace(data)
    listing = timed(lambda: library_rows(ws), runs)
    bare = timed(ws.reports, runs)
    make_app("light")
    window = build_window(data, data.parent / "settings.ini")
    window.resize(1400, 860)
    window.show()
    panel = window.library.panel
    window.left_tabs.setCurrentWidget(panel)
    while panel.model.rowCount() == 0 or window.runner.busy():
        QCoreApplication.processEvents()
        window.runner.wait(20)
    table, viewport = panel.table, panel.table.viewport()
    orders = (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)
    sorts: list[float] = []
    for run in range(runs):
        for column in range(len(COLUMNS)):
            start = time.perf_counter()
            table.sortByColumn(column, orders[run % 2])
            viewport.repaint()
            sorts.append((time.perf_counter() - start) * 1000)
    typed: list[float] = []
    for _ in range(max(1, runs // 4)):
        for text in ("v", "ve", "vec", "vect", "vecto", "vector", "vector d", "vector db", ""):
            start = time.perf_counter()
            panel.filter.setText(text)
            viewport.repaint()
            typed.append((time.perf_counter() - start) * 1000)
    plain = timed(viewport.repaint, runs)
    window.close()
    print(f"{panel.model.rowCount()} reports")
    line("library_rows (worker)", listing, "")
    line("Workspace.reports()", bare, "(peer: no dates, no files)")
    print(f"  ratio: {statistics.median(listing) / statistics.median(bare):.1f} ×")
    line("header sort → repainted", sorts, "(target ≤ 16 ms)")
    line("filter keystroke → repainted", typed, "(target ≤ 16 ms)")
    line("plain table repaint", plain, "(peer)")
    report_target("library header sort → repainted, p95", p95(sorts), "ms", 16.0)
    report_target("library filter keystroke → repainted, p95", p95(typed), "ms", 16.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--data", type=Path, help="a data folder holding the corpus (copied)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explorer-library-") as tmp:
        data = Path(tmp) / "data"
        if args.data:
            shutil.copytree(args.data, data)
        else:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "explorer",
                    "--data-dir",
                    str(data),
                    "add",
                    str(args.corpus),
                ],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
        measure(data, args.runs)


if __name__ == "__main__":
    main()
