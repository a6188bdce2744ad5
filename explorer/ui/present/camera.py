"""The presenter's camera: a stop's camera as a view range and back; the eased moves
between stops are the graph view's own (explorer.ui.graph.camera)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.ui.graph.camera import MOVE_MS, CameraMove, Range, between

if TYPE_CHECKING:
    from explorer.core.tours import Camera

__all__ = ["MOVE_MS", "CameraMove", "Range", "between", "camera_range", "range_camera"]


def camera_range(camera: Camera, aspect: float) -> Range:
    """The view range (x0, x1, y0, y1) a camera shows in a view `aspect` (width / height)."""
    half_w = 1.0 / camera.zoom
    half_h = half_w / max(aspect, 1e-6)
    return camera.x - half_w, camera.x + half_w, camera.y - half_h, camera.y + half_h


def range_camera(view: Range) -> tuple[float, float, float]:
    """(centre x, centre y, zoom) of a view range."""
    x0, x1, y0, y1 = view
    return (x0 + x1) / 2, (y0 + y1) / 2, 2.0 / max(x1 - x0, 1e-9)
