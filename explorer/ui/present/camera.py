"""The presenter's camera: eased moves of the graph view's range between stops."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Signal

if TYPE_CHECKING:
    from explorer.core.tours import Camera
    from explorer.ui.graph.view import GraphView

MOVE_MS = 400  # the issue asks for 300–500 ms
Range = tuple[float, float, float, float]


def camera_range(camera: Camera, aspect: float) -> Range:
    """The view range (x0, x1, y0, y1) a camera shows in a view `aspect` (width / height)."""
    half_w = 1.0 / camera.zoom
    half_h = half_w / max(aspect, 1e-6)
    return camera.x - half_w, camera.x + half_w, camera.y - half_h, camera.y + half_h


def range_camera(view: Range) -> tuple[float, float, float]:
    """(centre x, centre y, zoom) of a view range."""
    x0, x1, y0, y1 = view
    return (x0 + x1) / 2, (y0 + y1) / 2, 2.0 / max(x1 - x0, 1e-9)


def between(a: Range, b: Range, t: float) -> Range:
    """The range a share `t` of the way from a to b: the centre moves evenly, the size
    changes by a constant factor per step (so a zoom reads as steady, not sudden)."""
    ax, ay = (a[0] + a[1]) / 2, (a[2] + a[3]) / 2
    bx, by = (b[0] + b[1]) / 2, (b[2] + b[3]) / 2
    aw, ah = max(a[1] - a[0], 1e-9), max(a[3] - a[2], 1e-9)
    bw, bh = max(b[1] - b[0], 1e-9), max(b[3] - b[2], 1e-9)
    x, y = ax + (bx - ax) * t, ay + (by - ay) * t
    w = math.exp(math.log(aw) + (math.log(bw) - math.log(aw)) * t) / 2
    h = math.exp(math.log(ah) + (math.log(bh) - math.log(ah)) * t) / 2
    return x - w, x + w, y - h, y + h


class CameraMove(QObject):
    """Moves a graph view from where it looks to a target range, eased, in MOVE_MS."""

    arrived = Signal()
    frame = Signal()
    """Each step of a move (a benchmark counts them)."""

    def __init__(self, view: GraphView, duration_ms: int = MOVE_MS) -> None:
        super().__init__(view)
        self.view = view
        self._from: Range = view.view_range()
        self._to: Range = self._from
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(duration_ms)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self._arrive)

    def go(self, start: Range, target: Range, animate: bool = True) -> None:
        """Move from `start` to `target`; without `animate` (an export) jump there."""
        self._animation.stop()
        self._from, self._to = start, target
        if not animate:
            self.view.set_view_range(*target)
            self.arrived.emit()
            return
        self.view.set_view_range(*start)
        self._animation.start()

    def _step(self, value: object) -> None:
        if isinstance(value, float):
            self.view.set_view_range(*between(self._from, self._to, value))
            self.frame.emit()

    def _arrive(self) -> None:
        self.view.set_view_range(*self._to)
        self.arrived.emit()
