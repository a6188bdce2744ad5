"""Text on the graph, in screen pixels: labels and tooltips.

Labels are plain text at a fixed pixel size per node (a concept map sizes them by weight),
placed by importance without overlapping: see `explorer.core.graph.place_labels`. At most
`LABEL_CAP` labels exist; their items are pooled and reused. Label text comes from reports,
so it is drawn with `QPainter.drawText` on a plain string: never parsed as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from explorer.core.graph import LABEL_CAP, Placement
from explorer.ui.graph.style import LABEL_PX, FloatArray

__all__ = ["LABEL_CAP", "LabelItem", "LabelLayer", "edge_tooltip", "node_tooltip"]

LABEL_MAX_WIDTH = 170.0  # longer labels are elided; the label's tooltip has the full text
PAD_X, PAD_Y = 3.0, 1.0
EVIDENCE_SHOWN = 8  # passage ids listed in an edge's tooltip


def to_screen(transform: QTransform, pos: FloatArray) -> FloatArray:
    """Map (N, 2) positions through an affine `transform` in one matrix product."""
    t, x, y = transform, pos[:, 0], pos[:, 1]
    return np.column_stack((t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()))


def tooltip(lines: Iterable[str]) -> str:
    """Tooltip markup from untrusted lines: each escaped, so report text never becomes HTML."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def node_tooltip(label: str, kind: str, count: int, degree: int) -> str:
    """A node's full label, its kind, mention count and number of links."""
    return tooltip([label, f"{kind} · {count} mentions · {degree} links"])


def edge_tooltip(
    a: str,
    b: str,
    data: Mapping[str, Any],
    describe: Callable[[str], str] | None = None,
) -> str:
    """The two labels, the link's kind and weight, and its first evidence passages — each as
    its id and, when `describe` can say, a line of its words."""
    evidence = [str(p) for p in data.get("evidence", [])]
    lines = [f"{a} — {b}", f"{data.get('kind', 'link')} · weight {data.get('weight', 1)}"]
    if evidence:
        lines.append("evidence (click the link to read it):")
    for passage_id in evidence[:EVIDENCE_SHOWN]:
        words = describe(passage_id) if describe else ""
        lines.append(f"  {passage_id}" + (f": {words}" if words else ""))
    if len(evidence) > EVIDENCE_SHOWN:
        lines.append(f"  … and {len(evidence) - EVIDENCE_SHOWN} more")
    return tooltip(lines)


class LabelItem(QGraphicsItem):
    """One label: plain text on a soft halo, the same size in pixels at every zoom."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._font = font
        self._text = ""
        self._rect = QRectF()
        self._ink = QColor()
        self._halo = QColor()
        self._outlined = False

    def set_label(
        self,
        text: str,
        rect: QRectF,
        ink: QColor,
        halo: QColor,
        outlined: bool = False,
        font: QFont | None = None,
    ) -> None:
        """Show `text` (plain) in `rect`, pixels relative to the item's anchor point, in `font`
        (else the item's own); an `outlined` label (the focused node's) gets a frame."""
        self.prepareGeometryChange()
        self._text, self._rect, self._ink, self._halo = text, rect, ink, halo
        self._font = self._font if font is None else font
        self._outlined = outlined
        self.update()

    def text(self) -> str:
        """The text shown, as drawn (possibly elided)."""
        return self._text

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._outlined:
            painter.setPen(QPen(self._ink, 1.0))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._halo)
        painter.drawRoundedRect(self._rect.adjusted(0.5, 0.5, -0.5, -0.5), 3.0, 3.0)
        painter.setPen(self._ink)
        painter.setFont(self._font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class LabelLayer:
    """A pool of at most `LABEL_CAP` label items inside a view box, reused on every placement."""

    def __init__(self, box: Any, cap: int = LABEL_CAP) -> None:
        self._box = box
        self._cap = cap
        self._fonts: dict[int, tuple[QFont, QFontMetricsF]] = {}
        self._items: list[LabelItem] = []
        self._labels: list[str] = []
        self._pixels: list[int] = []
        self._measured: dict[int, tuple[str, float, float]] = {}
        self._shown: dict[int, str] = {}
        self._base: list[int] = []
        self._scale = 1.0

    def set_scale(self, scale: float) -> None:
        """Draw every label `scale` times its size (a presenter's labels, read across a room)."""
        self._scale = scale
        self._pixels = [round(p * scale) for p in self._base]
        self._measured.clear()

    def set_labels(self, labels: Sequence[str], pixels: Sequence[int] | None = None) -> None:
        """The full label of every node, by node index, and its size in pixels (default 12);
        forgets what was shown."""
        self._labels = list(labels)
        self._base = [LABEL_PX] * len(labels) if pixels is None else [int(p) for p in pixels]
        self.set_scale(self._scale)
        self.show([], np.zeros((0, 2)), [], QColor())

    def size_of(self, node: int) -> tuple[float, float]:
        """Width and height in pixels of the node's label, halo included."""
        _text, width, height = self._measure(node)
        return width + 2 * PAD_X, height + 2 * PAD_Y

    def show(
        self,
        placements: Sequence[Placement],
        pos: FloatArray,
        inks: Sequence[QColor],
        halo: QColor,
        outlined: int | None = None,
    ) -> None:
        """Show one label per placement at the node's data position `pos[node]`, in its ink;
        the label of node `outlined` (the focus) is framed and opaque."""
        while len(self._items) < min(len(placements), self._cap):
            item = LabelItem(self._font(LABEL_PX)[0])
            item.setZValue(4.0)
            self._box.addItem(item, ignoreBounds=True)
            self._items.append(item)
        self._shown = {}
        for item, placement, ink in zip(self._items, placements, inks, strict=False):
            node = placement.node
            item.setPos(float(pos[node, 0]), float(pos[node, 1]))
            x0, y0, x1, y1 = placement.rect
            text = self._measure(node)[0]
            frame = node == outlined
            back = QColor(halo.red(), halo.green(), halo.blue()) if frame else halo
            font = self._font(self._pixels[node])[0]
            item.set_label(text, QRectF(x0, y0, x1 - x0, y1 - y0), ink, back, frame, font)
            full = " ".join(self._labels[node].split())
            item.setToolTip(tooltip([full]) if text != full else "")  # escaped: report text
            item.setVisible(True)
            self._shown[node] = text
        for item in self._items[len(self._shown) :]:
            item.setVisible(False)

    def base_size(self, node: int) -> int:
        """The node's label size in pixels before any scale."""
        return self._base[node]

    def shown(self) -> dict[int, str]:
        """Node index → label text, for the labels on screen now."""
        return dict(self._shown)

    def _font(self, pixels: int) -> tuple[QFont, QFontMetricsF]:
        found = self._fonts.get(pixels)
        if found is None:
            font = QFont()
            font.setPixelSize(pixels)
            found = self._fonts[pixels] = (font, QFontMetricsF(font))
        return found

    def _measure(self, node: int) -> tuple[str, float, float]:
        found = self._measured.get(node)
        if found is None:
            metrics = self._font(self._pixels[node])[1]
            flat = " ".join(self._labels[node].split())  # no line breaks or tabs on screen
            grown = min(1.4, max(1.0, self._pixels[node] / LABEL_PX))  # a map's big labels
            widest = LABEL_MAX_WIDTH * max(grown, 1.5 * self._scale)
            text = metrics.elidedText(flat, Qt.TextElideMode.ElideRight, widest)
            found = (text, metrics.horizontalAdvance(text), metrics.height())
            self._measured[node] = found
        return found
