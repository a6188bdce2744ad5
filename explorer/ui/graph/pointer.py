"""Mouse and keys over the graph view: hit tests in numpy, tooltips, clicks, zoom and pan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QToolTip

from explorer.ui.graph.labels import edge_tooltip, nearest_node, nearest_segment, node_tooltip
from explorer.ui.graph.style import BoolArray, FloatArray, GraphArrays

PAN_STEP = 0.1  # of the view's size, per arrow key
ZOOM_STEP = 1.25


class GraphPointer:
    """The GraphView's input handling, as a mixin over the view's state."""

    _a: GraphArrays
    _graph: Any
    _box: Any
    _canvas: Any
    _shown: BoolArray
    _edge_shown: BoolArray
    _far_out: bool
    _hovered_edge: int | None
    _tip_text: str
    _fitted: bool
    describe: Callable[[str], str] | None
    node_clicked: Any
    edge_clicked: Any
    edge_hovered: Any
    background_clicked: Any
    escape_pressed: Any

    if TYPE_CHECKING:

        def _screen(self, pos: FloatArray) -> FloatArray: ...
        def _sizes(self) -> FloatArray: ...
        def fit(self) -> None: ...

    def _node_at(self, point: FloatArray) -> int | None:
        rows = np.flatnonzero(self._shown)
        k = nearest_node(self._screen(self._a.pos[rows]), self._sizes()[rows] / 2, point)
        return None if k is None else int(rows[k])

    def _edge_at(self, point: FloatArray) -> int | None:
        drawn = self._edge_shown & (self._a.classes > 0) if self._far_out else self._edge_shown
        rows = np.flatnonzero(drawn)
        ends = self._a.edges[rows]
        screen = self._screen(self._a.pos)
        k = nearest_segment(screen[ends[:, 0]], screen[ends[:, 1]], point)
        return None if k is None else int(rows[k])

    def _edge_ends(self, edge: int) -> tuple[str, str]:
        u, v = self._a.edges[edge]
        return self._a.ids[u], self._a.ids[v]

    def _to_viewport(self, scene_pos: QPointF) -> FloatArray:
        p = self._canvas.viewportTransform().map(scene_pos)
        return np.array([p.x(), p.y()], dtype=np.float64)

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        point = self._to_viewport(event.scenePos())
        node = self._node_at(point)
        if node is not None:  # the navigator decides what a click means, and tells the view
            self.node_clicked.emit(self._a.ids[node])
            return
        edge = self._edge_at(point)
        if edge is not None:
            self.edge_clicked.emit(*self._edge_ends(edge))
        else:
            self.background_clicked.emit()

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        point = self._to_viewport(scene_pos)
        dragging = QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton
        node = None if dragging else self._node_at(point)  # no hit tests while panning
        edge = None if dragging or node is not None else self._edge_at(point)
        if edge is not None and edge != self._hovered_edge:
            self.edge_hovered.emit(*self._edge_ends(edge))
        self._hovered_edge = edge
        text = self._tip(node, edge)
        if text != self._tip_text:
            self._tip_text = text
            viewport = self._canvas.viewport()
            where = viewport.mapToGlobal(QPointF(*point).toPoint())
            QToolTip.showText(where, text, viewport)  # an empty text hides the tooltip

    def _tip(self, node: int | None, edge: int | None) -> str:
        a = self._a
        if node is not None:
            degree = int(self._graph.degree(a.ids[node]))
            return node_tooltip(a.labels[node], a.kinds[node], int(a.counts[node]), degree)
        if edge is not None:
            u, v = self._edge_ends(edge)
            data = self._graph.edges[u, v]
            return edge_tooltip(a.labels[a.index[u]], a.labels[a.index[v]], data, self.describe)
        return ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, keys = Qt.Key(event.key()), Qt.Key
        (x0, x1), (y0, y1) = self._box.viewRange()
        step = PAN_STEP * max(x1 - x0, y1 - y0)
        pans = {keys.Key_Left: (-step, 0.0), keys.Key_Right: (step, 0.0)}
        pans |= {keys.Key_Up: (0.0, step), keys.Key_Down: (0.0, -step)}
        if key in (keys.Key_Plus, keys.Key_Equal, keys.Key_Minus) or key in pans:
            self._fitted = False  # moved by hand: a new legend no longer refits the view
        if key in (keys.Key_Plus, keys.Key_Equal):
            self._box.scaleBy((1 / ZOOM_STEP, 1 / ZOOM_STEP))
        elif key == keys.Key_Minus:
            self._box.scaleBy((ZOOM_STEP, ZOOM_STEP))
        elif key in pans:
            self._box.translateBy(pans[key])
        elif key == keys.Key_0:
            self.fit()
        elif key == keys.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)  # type: ignore[misc]  # QWidget, next in the MRO
            return
        event.accept()
