"""How fast the window answers a search typed while milvus-blog-en is being added.

The window (offscreen) adds milvus-blog-en (296 posts) in the background, on its write lane;
meanwhile queries are typed into the search box, one every 250 ms, and the time from the
query being entered to its hits being painted (the search panel's ``results_shown``) is
measured. The peer is the same window answering the same queries with nothing being added,
in the same run. Figures, not a test.

    python benchmarks/search_during_add.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "milvus-blog-en" / "docs"
QUERIES = ["LoRA", "quantization", "privacy", "multimodal", "healthcare", "open source"]
QUERIES += ["fine-tuning", "conversational", "ethics", "collaboration", "content", "legal"]
GAP_MS = 250


def answer_times(window: Any, app: Any, until_added: bool) -> list[float]:
    """Type each query (the whole of it at once, as a paste) and wait for its hits; with
    ``until_added``, go on round the queries until the add under way is announced."""
    from PySide6.QtCore import QEventLoop, QTimer

    panel = window.search_panel
    times: list[float] = []
    added: list[bool] = []
    window.changed.connect(lambda _c: added.append(True))
    asked: dict[str, float] = {}

    def shown(result: Any) -> None:
        if result is not None and result.query in asked:
            times.append((time.perf_counter() - asked.pop(result.query)) * 1000)

    panel.results_shown.connect(shown)
    loop = QEventLoop()
    turn = [0]

    def ask_next() -> None:
        if (until_added and added) or (not until_added and turn[0] >= len(QUERIES)):
            loop.quit()
            return
        query = QUERIES[turn[0] % len(QUERIES)]
        turn[0] += 1
        asked.clear()
        asked[query] = time.perf_counter()
        panel.box.setText(query)
        panel.run()  # what Enter does: no debounce wait in the figure
        QTimer.singleShot(GAP_MS, ask_next)

    QTimer.singleShot(0, ask_next)
    loop.exec()
    panel.results_shown.disconnect(shown)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from explorer.ui.app import build_window, make_app

    make_app("light")
    app = QApplication.instance()
    assert app is not None
    from common import p95, report_target  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="explorer-search-add-") as tmp:
        window = build_window(Path(tmp) / "data", Path(tmp) / "settings.ini")
        window.resize(1400, 860)
        window.show()
        while window.navigator.concept_graph is None:
            app.processEvents()
        window.runner.wait()
        app.processEvents()
        idle = answer_times(window, app, until_added=False)
        start = time.perf_counter()
        window.open_paths([args.corpus])
        during = answer_times(window, app, until_added=True)
        took = time.perf_counter() - start
        window.close()
    print(f"idle window, {len(idle)} queries:      p95 {p95(idle):7.1f} ms")
    print(f"adding {args.corpus.name} ({took:.1f} s), {len(during)} queries answered meanwhile:")
    print(
        f"                                  p95 {p95(during):7.1f} ms, longest {max(during):.1f} ms"
    )
    report_target(
        "search answered while adding milvus-blog-en, p95",
        p95(during),
        "ms",
        300.0,
        peer=f"the idle window: {p95(idle):.1f} ms",
    )


if __name__ == "__main__":
    main()
