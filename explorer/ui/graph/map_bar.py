"""The library map's controls, above the graph: how many concepts, and the weakest link shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from explorer.core.wording import many


class MapBar(QWidget):
    """``more_asked()``, ``fewer_asked()``, ``min_weight_changed(weight)``: requests that the
    map's owner answers by drawing the map anew and calling `show_state`."""

    more_asked = Signal()
    fewer_asked = Signal()
    min_weight_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fewer = QPushButton("Show fewer")
        self.fewer.setToolTip("Show fewer concepts: only the heaviest stay")
        self.more = QPushButton("Show more")
        self.more.setToolTip("Show more concepts: the next heaviest join the map")
        self.count = QLabel()
        self.count.setToolTip("The map shows the concepts that the most sections name")
        self.min_weight = QSpinBox()
        self.min_weight.setRange(1, 9999)
        self.min_weight.setPrefix("links ≥ ")
        self.min_weight.setToolTip(
            "Hide the links between concepts that share fewer passages than this"
        )
        self.min_weight.setKeyboardTracking(False)  # typing "12" asks once, not for 1 then 12
        named = {
            "mapShowMore": (self.more, "Show more concepts"),
            "mapShowFewer": (self.fewer, "Show fewer concepts"),
            "mapLinkWeight": (self.min_weight, "Minimum link weight"),
        }
        for name, (widget, spoken) in named.items():
            widget.setObjectName(name)
            widget.setAccessibleName(spoken)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.count, 1)
        layout.addWidget(self.fewer)
        layout.addWidget(self.more)
        layout.addWidget(self.min_weight)
        self.more.clicked.connect(self.more_asked)
        self.fewer.clicked.connect(self.fewer_asked)
        self.min_weight.valueChanged.connect(self.min_weight_changed)

    def show_state(self, shown: int, total: int, min_weight: int, fewer: bool) -> None:
        """`shown` of `total` concepts on the map, links of `min_weight` and up; whether
        "show fewer" has fewer to show."""
        self.count.setText(f"{shown} of {many(total, 'concept')}")
        self.more.setEnabled(shown < total)
        self.fewer.setEnabled(fewer)
        self.min_weight.blockSignals(True)
        self.min_weight.setValue(min_weight)
        self.min_weight.blockSignals(False)
