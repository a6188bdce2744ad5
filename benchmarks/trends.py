"""Trends on milvus-blog-en: `explorer trends` end to end, and a time-slider step in the window.

1. `explorer trends --json` in a fresh process, with the library's graph already cached,
   against `explorer reports --json` (the same start-up and library load, no trends) in the
   same run. Target: trends ≤ 1 s.
2. One step of the window's time slider (offscreen): from `slider.setValue` until the graph
   has been repainted with the nodes of that period, against a plain repaint of the same
   graph. Target: ≤ 50 ms.

Prints medians and p95s. Figures, not a test.

    python benchmarks/trends.py [--corpus DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"


from common import cli_ms, p95, report_target  # type: ignore[import-not-found]  # noqa: E402


def slider_steps(data: Path, rounds: int) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    from explorer.ui.app import build_window, make_app

    make_app("light")
    window = build_window(data, data.parent / "settings.ini")
    window.resize(1400, 860)
    window.show()
    while window.trends.line is None or window.runner.busy():
        QCoreApplication.processEvents()
        window.runner.wait(20)
    viewport = window.graph_view.viewport()

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    painted = Painted()
    viewport.installEventFilter(painted)
    slider = window.trends.bar.slider
    steps, plain = [], []
    for _ in range(rounds):
        for value in range(slider.maximum() + 1):
            painted.seen = False
            start = time.perf_counter()
            slider.setValue(value)
            QCoreApplication.processEvents()
            if not painted.seen:
                viewport.repaint()
            steps.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            viewport.repaint()
            plain.append((time.perf_counter() - start) * 1000)
    window.close()
    return steps, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explorer-trends-") as tmp:
        data = Path(tmp) / "data"
        cli_ms(data, "add", str(args.corpus))
        cli_ms(data, "graph", "-o", str(Path(tmp) / "g.json"))  # builds and caches the graph
        trends = [cli_ms(data, "trends", "--json") for _ in range(args.runs)]
        peer = [cli_ms(data, "reports", "--json") for _ in range(args.runs)]
        steps, plain = slider_steps(data, rounds=3)
    print(
        f"explorer trends --json:  median {statistics.median(trends):6.0f} ms  "
        f"p95 {p95(trends):6.0f} ms   (target ≤ 1000 ms)"
    )
    print(
        f"explorer reports --json: median {statistics.median(peer):6.0f} ms  "
        f"p95 {p95(peer):6.0f} ms   (peer: start-up and library)"
    )
    print(f"  ratio trends / reports: {statistics.median(trends) / statistics.median(peer):.2f} ×")
    print(
        f"slider step → repainted: median {statistics.median(steps):6.1f} ms  "
        f"p95 {p95(steps):6.1f} ms   (target ≤ 50 ms; {len(steps)} steps)"
    )
    print(
        f"plain graph repaint:     median {statistics.median(plain):6.1f} ms  "
        f"p95 {p95(plain):6.1f} ms   (peer)"
    )
    report_target("explorer trends --json, median", statistics.median(trends), "ms", 1000.0)
    report_target("time slider step → repainted, p95", p95(steps), "ms", 50.0)


if __name__ == "__main__":
    main()
