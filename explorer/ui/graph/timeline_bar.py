"""The bar under the graph: colour the nodes by kind, community, mean year or trend status,
and a time slider that shows the graph as it stood at the end of each period, with Play."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

COLOURINGS = (
    ("kind", "By kind"),
    ("community", "By community"),
    ("year", "By mean year"),
    ("status", "By trend status"),
)
PLAY_MS = 900


class TimelineBar(QWidget):
    """``colouring_changed(mode)``; ``period_changed(index)`` with -1 for "all periods"."""

    colouring_changed = Signal(str)
    period_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colouring = QComboBox()
        for mode, label in COLOURINGS:
            self.colouring.addItem(label, mode)
        self.colouring.setToolTip(
            "Colour the graph's nodes. Mean year: the average date of the reports that mention "
            "a concept. Trend status: new, rising, steady, falling, gone or one-off."
        )
        self.colouring.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.colouring.setMinimumContentsLength(9)
        self.colouring.currentIndexChanged.connect(
            lambda _i: self.colouring_changed.emit(self.colouring.currentData())
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip("Show the graph as it stood at the end of a period")
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._moved)
        self.play = QPushButton("Play")
        self.play.setCheckable(True)
        self.play.setToolTip("Step through the periods (click again to pause)")
        self.play.toggled.connect(self._toggle)
        self.where = QLabel()
        for widget, least in ((self.colouring, 90), (self.play, 48), (self.where, 36)):
            widget.setMinimumWidth(least)  # a narrow graph pane squeezes them; it stays usable
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.colouring)
        layout.addWidget(self.play)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.where)
        self._periods: list[str] = []
        self._timer = QTimer(self, interval=PLAY_MS)
        self._timer.timeout.connect(self._step)
        self.set_periods([])

    def set_periods(self, period_ids: list[str]) -> None:
        """The periods to slide over; the slider starts at its end ("all periods")."""
        self._periods = list(period_ids)
        self.play.setChecked(False)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self._periods))  # the last step: every period
        self.slider.setValue(len(self._periods))
        self.slider.blockSignals(False)
        dated = len(self._periods) > 1
        self.slider.setEnabled(dated)
        self.play.setEnabled(dated)
        self._label()

    def period(self) -> int:
        """The index of the period shown up to, or -1 for all of them."""
        value = self.slider.value()
        return -1 if value >= len(self._periods) else value

    def period_id(self) -> str | None:
        """The id of the period shown up to, or None for all of them."""
        index = self.period()
        return None if index < 0 else self._periods[index]

    def set_colouring(self, mode: str) -> None:
        self.colouring.setCurrentIndex(max(0, self.colouring.findData(mode)))

    def _moved(self, _value: int) -> None:
        self._label()
        self.period_changed.emit(self.period())

    def _label(self) -> None:
        index = self.period()
        if not self._periods:
            self.where.setText("undated")
        elif len(self._periods) == 1:
            self.where.setText(self._periods[0])
        elif index < 0:
            self.where.setText(f"{self._periods[0]}–{self._periods[-1]}")
        else:
            self.where.setText(f"to {self._periods[index]}")
        self.where.setToolTip(
            "Every period"
            if index < 0
            else f"The graph as it stood at the end of {self.where.text()}"
        )

    def _toggle(self, playing: bool) -> None:
        self.play.setText("Pause" if playing else "Play")
        if playing:
            if self.period() < 0:
                self.slider.setValue(0)  # start from the beginning
            self._timer.start()
        else:
            self._timer.stop()

    def _step(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)
