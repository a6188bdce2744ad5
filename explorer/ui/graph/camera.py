"""The graph view's camera: eased moves of its range (to a focused node's neighbourhood,
and the presenter's between stops)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Signal

if TYPE_CHECKING:
    from explorer.ui.graph.view import GraphView

MOVE_MS = 400  # long enough to follow, short enough not to wait for
Range = tuple[float, float, float, float]


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

    def stop(self) -> None:
        """Stop where the move is (the view was moved by other means)."""
        self._animation.stop()

    def moving(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def _step(self, value: object) -> None:
        if isinstance(value, float):
            self.view.set_view_range(*between(self._from, self._to, value))
            self.frame.emit()

    def _arrive(self) -> None:
        self.view.set_view_range(*self._to)
        self.arrived.emit()
