"""How long the GUI thread stalls while a large folder is added and queries are typed.

A 10 ms QTimer heartbeat runs on the GUI thread; the window (offscreen) adds
milvus-blog-en in the background while eight queries are typed, one every 400 ms, each
answered on the worker. Prints the longest gap between heartbeats and the 99th percentile,
next to the same heartbeat in a bare window doing nothing (the peer). Figures, not a test.

    python benchmarks/gui_stall.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"
QUERIES = ["vector", "hnsw memory", '"vector database"', "embed*", "kubernets~", "gpu index"]
QUERIES += ["milvus NOT zilliz", "quantization"]


def heartbeat_gaps(run_until_done: object) -> list[float]:
    """Gaps (ms) between 10 ms heartbeats while the given function drives the event loop."""
    from PySide6.QtCore import QTimer

    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    run_until_done()  # type: ignore[operator]
    timer.stop()
    return [(b - a) * 1000 for a, b in itertools.pairwise(beats)]


def summary(gaps: list[float]) -> str:
    ordered = sorted(gaps)
    p99 = ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0
    return f"longest {max(gaps, default=0):7.1f} ms, p99 {p99:6.1f} ms over {len(gaps)} beats"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from explorer.ui.app import build_window, make_app

    make_app("light")
    app = QApplication.instance()
    assert app is not None

    bare = QMainWindow()
    bare.resize(1400, 860)
    bare.show()

    def idle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(3000, loop.quit)
        loop.exec()

    peer = heartbeat_gaps(idle)
    bare.close()

    with tempfile.TemporaryDirectory(prefix="explorer-stall-") as tmp:
        window = build_window(Path(tmp) / "data", Path(tmp) / "settings.ini")
        window.resize(1400, 860)
        window.show()
        while window.navigator.concept_graph is None:
            app.processEvents()
        window.runner.wait()
        app.processEvents()

        def adding_while_typing() -> None:
            loop = QEventLoop()
            added = []
            window.changed.connect(lambda _c: added.append(True))
            window.open_paths([args.corpus])
            box = window.search_panel.box
            for n, query in enumerate(QUERIES):

                def type_it(q: str = query) -> None:
                    box.clear()
                    QTest.keyClicks(box, q)

                QTimer.singleShot(400 * (n + 1), type_it)

            def check() -> None:
                if added and not window.runner.busy():
                    loop.quit()
                else:
                    QTimer.singleShot(50, check)

            QTimer.singleShot(400 * (len(QUERIES) + 1), check)
            loop.exec()

        start = time.perf_counter()
        gaps = heartbeat_gaps(adding_while_typing)
        took = time.perf_counter() - start
        reports = len(window.library.panel.rows())
        window.close()
        window.settings.sync()  # written now, while the folder still exists
    print(f"bare window, idle 3 s:            {summary(peer)}")
    print(f"adding {reports - 1} reports while typing {len(QUERIES)} queries ({took:.1f} s):")
    print(f"                                  {summary(gaps)}")
    from common import report_target  # type: ignore[import-not-found]

    report_target("GUI stall while adding a folder and typing", max(gaps), "ms", 100.0)


if __name__ == "__main__":
    main()
