"""The mouse over the graph view: what it points at, the tooltip that tells it, what a click asks.

`GraphMouse` listens to the canvas's scene and asks the view what is on screen at the moment
of each event (one `OnScreen`); it changes nothing itself: a click or a hover becomes one of
its signals, which the view passes on as its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolTip

from explorer.ui.graph.hits import OnScreen, edge_at, node_at
from explorer.ui.graph.labels import edge_tooltip, node_tooltip
from explorer.ui.graph.style import FloatArray


class GraphMouse(QObject):
    """Clicks and hovers on a pyqtgraph canvas, hit-tested against what `on_screen()` says is
    drawn. Nodes are hit before links. A link's tooltip describes its evidence passages with
    `describe` (passage id → a line of its words) when one is set."""

    node_clicked = Signal(str)
    edge_clicked = Signal(str, str)
    edge_hovered = Signal(str, str)
    background_clicked = Signal()

    def __init__(
        self, canvas: Any, on_screen: Callable[[], OnScreen], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._on_screen = on_screen
        self.describe: Callable[[str], str] | None = None
        self._hovered_edge: int | None = None
        self._tip_text = ""
        self._last: QPointF | None = None
        canvas.scene().sigMouseClicked.connect(self._on_click)
        canvas.scene().sigMouseMoved.connect(self._on_moved)

    def _to_viewport(self, scene_pos: QPointF) -> FloatArray:
        p = self._canvas.viewportTransform().map(scene_pos)
        return np.array([p.x(), p.y()], dtype=np.float64)

    def _hit(self, point: FloatArray) -> tuple[OnScreen, int | None, int | None]:
        """What is drawn, and the node, else the link, under `point` (rows), if any."""
        drawn = self._on_screen()
        node = node_at(drawn.screen, drawn.sizes, drawn.nodes, point)
        if node is not None:
            return drawn, node, None
        return drawn, None, edge_at(drawn.screen, drawn.arrays.edges, drawn.links, point)

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        drawn, node, edge = self._hit(self._to_viewport(event.scenePos()))
        if node is not None:  # the navigator decides what a click means, and tells the view
            self.node_clicked.emit(drawn.arrays.ids[node])
        elif edge is not None:
            self.edge_clicked.emit(*_ends(drawn, edge))
        else:
            self.background_clicked.emit()

    def retip(self) -> None:
        """Show the tooltip under the mouse anew (its link's evidence was just read)."""
        if self._last is not None and self._hovered_edge is not None:
            self._on_moved(self._last)

    def _on_moved(self, scene_pos: QPointF) -> None:
        self._last = scene_pos
        point = self._to_viewport(scene_pos)
        text, edge = "", None
        if QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:  # none while panning
            drawn, node, edge = self._hit(point)
            text = self._tip(drawn, node, edge)
            if edge is not None and edge != self._hovered_edge:
                self.edge_hovered.emit(*_ends(drawn, edge))
        self._hovered_edge = edge
        if text != self._tip_text:
            self._tip_text = text
            viewport = self._canvas.viewport()
            where = viewport.mapToGlobal(QPointF(*point).toPoint())
            QToolTip.showText(where, text, viewport)  # an empty text hides the tooltip

    def _tip(self, drawn: OnScreen, node: int | None, edge: int | None) -> str:
        a = drawn.arrays
        if node is not None:
            degree = int(drawn.graph.degree(a.ids[node]))
            return node_tooltip(a.labels[node], a.kinds[node], int(a.counts[node]), degree)
        if edge is not None:
            u, v = _ends(drawn, edge)
            data = drawn.graph.edges[u, v]
            return edge_tooltip(a.labels[a.index[u]], a.labels[a.index[v]], data, self.describe)
        return ""


def _ends(drawn: OnScreen, edge: int) -> tuple[str, str]:
    u, v = drawn.arrays.edges[edge]
    return drawn.arrays.ids[u], drawn.arrays.ids[v]
