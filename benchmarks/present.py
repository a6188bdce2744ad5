"""Presenting benchmark: export time per slide, and the camera's frame rate between stops.

Run with ``.venv/bin/python benchmarks/present.py [DATA_DIR …]`` (default: a fresh data folder
with the bundled report, and, if ../shared/corpora is there, one with milvus-blog-en added).
For each library it prepares the default tour, then:

- renders every stop at 1920×1080 (the presenter drawn offscreen and grabbed, as
  ``explorer tour export`` does) and, as the peer in the same run, grabs a bare QWidget of
  the same size holding a QLabel the same number of times; prints ms per slide for both;
- moves the camera between consecutive stops (400 ms, eased) and counts the camera's steps
  during each move that goes somewhere (periods of one map share a camera), from when the
  stop's scene is set (the camera sets off) to its arrival; a step that comes late is
  skipped by the animation, so slow drawing shows as fewer frames. The peer is the same
  QVariantAnimation moving a bare QWidget's painted rectangle. Prints frames per second for
  both, and how often the viewport painted.

Offscreen, paints are not held to a display's refresh, so both rates are what the machine
can draw; on a real screen both are capped at its refresh rate (60 Hz: 24 frames a move).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QRect, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.core.workspace import Workspace
from explorer.ui.app import make_app
from explorer.ui.present.camera import MOVE_MS
from explorer.ui.present.export import render_slides
from explorer.ui.present.presenter import Presenter
from explorer.ui.present.scenes import prepare

SIZE = (1920, 1080)
CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


class PaintCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class Bare(QWidget):
    """The peer: a widget painting one rectangle where an animation puts it."""

    def __init__(self) -> None:
        super().__init__()
        self.at = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.fillRect(QRect(self.at, 400, 200, 200), QColor("steelblue"))
        painter.end()


def wait(spy: QSignalSpy, count: int, app: object) -> None:
    while spy.count() < count:
        spy.wait(2000)


def bench(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    tour = ws.default_tour()
    started = time.perf_counter()
    prepared = prepare(ws, tour)
    prepare_s = time.perf_counter() - started
    n = len(prepared.scenes)

    started = time.perf_counter()
    render_slides(prepared, SIZE)  # the pictures alone, as `tour export` without --pdf
    per_slide = (time.perf_counter() - started) / n * 1000

    bare = QWidget()
    QVBoxLayout(bare).addWidget(QLabel("A bare widget, grabbed as a slide is"))
    bare.resize(*SIZE)
    bare.show()
    started = time.perf_counter()
    for _ in range(n):
        bare.grab().toImage().save(str(Path(tempfile.gettempdir()) / "present-bench.png"))
    peer_slide = (time.perf_counter() - started) / n * 1000
    bare.close()

    presenter = Presenter(prepared)
    presenter.resize(*SIZE)
    presenter.show()
    presenter.go(0, animate=False)
    counter = PaintCounter(presenter.view.viewport())
    steps = QSignalSpy(presenter.camera.frame)
    spy = QSignalSpy(presenter.stop_shown)
    mark: list[tuple[float, int, int]] = []
    presenter.stop_changed.connect(  # the camera sets off: the scene is drawn already
        lambda _i: mark.append((time.perf_counter(), counter.count, steps.count()))
    )
    rates, paints = [], []
    for index in range(1, n):
        before = presenter.view.view_range()
        presenter.go(index)
        wait(spy, index, None)
        after = presenter.view.view_range()
        if max(abs(a - b) for a, b in zip(before, after, strict=True)) < 1e-6:
            continue  # the camera stays put (two periods of one map): nothing to draw
        started, painted, stepped = mark[-1]
        took = time.perf_counter() - started
        rates.append((steps.count() - stepped) / took)
        paints.append((counter.count - painted) / took)
    presenter.close()

    peer = Bare()
    peer.resize(*SIZE)
    peer.show()
    peer_counter = PaintCounter(peer)
    peer_rates = []
    for _ in range(min(n, 10)):
        animation = QVariantAnimation()
        animation.setDuration(MOVE_MS)
        animation.setStartValue(0)
        animation.setEndValue(1600)
        animation.setEasingCurve(QEasingCurve.Type.InOutCubic)

        def step(value: object, widget: Bare = peer) -> None:
            widget.at = int(value) if isinstance(value, int) else 0
            widget.update()

        animation.valueChanged.connect(step)
        done = QSignalSpy(animation.finished)
        painted, started = peer_counter.count, time.perf_counter()
        animation.start()
        wait(done, 1, None)
        peer_rates.append((peer_counter.count - painted) / (time.perf_counter() - started))
    peer.close()

    print(f"{data_dir}: {tour.name!r}, {n} stops; scenes prepared in {prepare_s * 1000:.0f} ms")
    print(
        f"  export: {per_slide:.0f} ms per slide at {SIZE[0]}×{SIZE[1]} "
        f"(bare widget grabbed and saved: {peer_slide:.0f} ms; {per_slide / peer_slide:.1f}×)"
    )
    median, peer_median = statistics.median(rates), statistics.median(peer_rates)
    print(
        f"  camera: median {median:.0f} frames/s over {len(rates)} moves of {MOVE_MS} ms, "
        f"slowest {min(rates):.0f} (bare widget: {peer_median:.0f} frames/s; "
        f"{median / peer_median:.2f}×); the graph's viewport painted "
        f"{statistics.median(paints):.0f} times a second"
    )


def main(argv: list[str]) -> None:
    make_app("light")
    folders = [Path(a) for a in argv]
    if not folders:
        seed = Path(tempfile.mkdtemp(prefix="present-bench-"))
        folders.append(seed)
        milvus = CORPORA / "milvus-blog-en" / "docs"
        if milvus.is_dir():
            big = Path(tempfile.mkdtemp(prefix="present-bench-milvus-"))
            Workspace(big).add([milvus])
            folders.append(big)
    for folder in folders:
        bench(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
