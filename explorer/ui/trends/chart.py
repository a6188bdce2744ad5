"""The Trends chart: the charted concepts over the periods, their bursts shaded, every point
clickable for its passages, with a legend above and the periods' report counts below; and the
list of those passages."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.core.ids import report_of
from explorer.core.reports import on_page
from explorer.core.trends import FEW_REPORTS, Period, Series
from explorer.ui.trends.table import percent, plain_tip

MEASURES = ("share", "count")
AXIS_LABELS = {"share": "Share of reports (%)", "count": "Reports mentioning"}
MEASURE_NOTES = {
    "share": "Share = reports mentioning ÷ reports in the period.",
    "count": "Counts are reports mentioning the concept (one report counts once).",
}
CHART_COLOURS = (
    "#4E79A7", "#D9711C", "#2A9D8F", "#D94F51", "#9F6BC0",
    "#4F9A45", "#D65C8E", "#A8870C", "#5B6FD6", "#9C755F",
)  # fmt: skip
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
SMOOTH_WINDOW = 3
DENSE = 30  # from this many periods on, the points are drawn smaller
CAPTION_PERIODS = 12  # more periods than this, and the caption names the first and last


def chart_colour(position: int) -> str:
    """The colour of the `position`-th charted concept."""
    return CHART_COLOURS[position % len(CHART_COLOURS)]


def moving_average(values: Sequence[float], window: int = SMOOTH_WINDOW) -> list[float]:
    """A centred moving average, shorter at the ends (as the core smooths shares)."""
    half = window // 2
    out = []
    for i in range(len(values)):
        around = values[max(0, i - half) : i + half + 1]
        out.append(sum(around) / len(around))
    return out


class TrendChart(QWidget):
    """Draws what it is given (`show_series`); a click on a point is `point_clicked(concept,
    period)`. Not pannable or zoomable: the whole timeline always fits."""

    point_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setAccessibleName("Trend chart")
        palette = self.palette()
        self._background = palette.color(QPalette.ColorRole.Base)
        self._text = palette.color(QPalette.ColorRole.Text)
        self.legend = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.legend.setObjectName("trendLegend")
        self.plot: Any = pg.PlotWidget(background=self._background, enableMenu=False)
        self.plot.setAccessibleName("Chart of the concepts' shares over the periods")
        self.plot.setMinimumHeight(150)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.showGrid(x=False, y=True, alpha=0.18)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(self._text))
            axis.setTextPen(pg.mkPen(self._text))
        self.caption = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.caption.setObjectName("trendCaption")
        # Wrapped text asks for more height than a splitter pane reports: the pane keeps room
        # for three caption lines, so the caption never lies over the plot.
        lines = self.caption.fontMetrics().lineSpacing()
        self.setMinimumHeight(150 + 5 * lines + 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)
        self._periods: list[Period] = []
        self._few: set[str] = set()
        self._undated = 0
        self._shown: list[Series] = []
        self._measure = "share"
        self.show_series([], "share", smoothed=False)

    def set_periods(self, periods: Sequence[Period], undated: int = 0) -> None:
        """The x axis: one step per period; the caption states each period's report count."""
        self._periods, self._undated = list(periods), undated
        self._few = {p.id for p in self._periods if p.few}
        self._label_ticks()
        self._write_caption()

    def axis_label(self) -> str:
        """The left axis's text, which says what the y values are."""
        return str(self.plot.getPlotItem().getAxis("left").labelText)

    def series_shown(self) -> list[str]:
        return [item.id for item in self._shown]

    def colours(self) -> dict[str, QColor]:
        """Each charted concept's line colour."""
        return {item.id: QColor(chart_colour(i)) for i, item in enumerate(self._shown)}

    def value(self, item: Series, period: str, measure: str | None = None) -> float:
        """The y of a point: a share in percent or a count of reports. A period with few
        reports has no share to draw (NaN: a gap in the line, no point)."""
        if (measure or self._measure) == "share":
            if period in self._few:
                return math.nan
            return item.share.get(period, 0.0) * 100
        return float(item.reports.get(period, 0))

    def few_periods(self) -> set[str]:
        """The periods with too few reports for a share (periods.FEW_REPORTS)."""
        return set(self._few)

    def show_series(self, items: Sequence[Series], measure: str, smoothed: bool) -> None:
        """Chart `items` (in this order, so each keeps its colour) as shares or counts."""
        if measure not in MEASURES:
            raise ValueError(f"The measure is 'share' or 'count', not {measure!r}.")
        self._shown, self._measure = list(items), measure
        item = self.plot.getPlotItem()
        item.clear()
        item.setLabel("left", AXIS_LABELS[measure], color=self._text.name())
        top = 0.0
        if measure == "share":
            self._shade_few()
        for position, series in enumerate(self._shown):
            top = max(top, self._draw(series, chart_colour(position), smoothed))
        step = 10.0 if measure == "share" else 1.0
        item.setXRange(-0.5, max(len(self._periods) - 0.5, 0.5), padding=0)
        item.setYRange(0, max(step, top * 1.08), padding=0)
        self._write_legend()
        self._write_caption()

    def _shade_few(self) -> None:
        """A grey band over each period with few reports, where no share is drawn."""
        grey = QColor(self._text)
        grey.setAlpha(22)
        for i, period in enumerate(self._periods):
            if period.few:
                band = pg.LinearRegionItem(
                    values=(i - 0.5, i + 0.5), movable=False, brush=grey, pen=pg.mkPen(None)
                )
                band.setZValue(-20)
                self.plot.getPlotItem().addItem(band)

    def _draw(self, series: Series, colour: str, smoothed: bool) -> float:
        """Draw one concept; returns its highest y."""
        ids = [p.id for p in self._periods]
        xs = list(range(len(ids)))
        raw = [self.value(series, p) for p in ids]
        if not ids:
            return 0.0
        line = raw
        if smoothed:
            if self._measure == "share" and all(p in series.smoothed for p in ids):
                line = [series.smoothed[p] * 100 for p in ids]
            else:
                line = moving_average(raw)
            line = [math.nan if math.isnan(r) else y for r, y in zip(raw, line, strict=True)]
        plot = self.plot.getPlotItem()
        tint = QColor(colour)
        tint.setAlpha(30)
        for span in series.bursts:
            if span.start in ids and span.end in ids:
                region = pg.LinearRegionItem(
                    values=(ids.index(span.start) - 0.5, ids.index(span.end) + 0.5),
                    movable=False,
                    brush=tint,
                    pen=pg.mkPen(None),
                )
                region.setZValue(-10)
                plot.addItem(region)
        curve = pg.PlotDataItem(
            xs, line, pen=pg.mkPen(colour, width=2.4), antialias=True, connect="finite"
        )
        curve.setZValue(2 if smoothed else 1)
        plot.addItem(curve)
        fill = QColor(colour)
        if smoothed:
            fill.setAlpha(110)
        drawn = [i for i, y in enumerate(raw) if not math.isnan(y)]
        points = pg.ScatterPlotItem(
            [xs[i] for i in drawn],
            [raw[i] for i in drawn],
            data=[(series.id, ids[i]) for i in drawn],
            size=(7 if smoothed else 8) if len(ids) <= DENSE else 5,
            brush=pg.mkBrush(fill),
            pen=pg.mkPen(self._background, width=1),
            hoverable=True,
            hoverSize=11,
            tip=lambda x, y, data: self._tip(series, data[1]),
        )
        points.setZValue(1 if smoothed else 2)
        points.sigClicked.connect(self._clicked)
        plot.addItem(points)
        return max([0.0, *(y for y in (*raw, *line) if not math.isnan(y))])

    def _tip(self, series: Series, period: str) -> str:
        size = len(next((p.reports for p in self._periods if p.id == period), ()))
        count = series.reports.get(period, 0)
        share = percent(series.share.get(period, 0.0))
        return plain_tip(
            f"{series.label} · {period}: {count} of {size} reports ({share})\n"
            "Click for the passages"
        )

    def _clicked(self, _item: Any, points: Sequence[Any], _event: Any) -> None:
        if len(points):
            concept, period = points[0].data()
            self.point_clicked.emit(concept, period)

    def _write_legend(self) -> None:
        if not self._shown:
            self.legend.setText("Select concepts in the table to chart them (Ctrl+click: several).")
            return
        entries = [
            f'<span style="color:{chart_colour(i)}">■</span>&nbsp;{html.escape(item.label)}'
            for i, item in enumerate(self._shown)
        ]
        bursts = " &nbsp; <i>Shaded: bursts.</i>" if any(s.bursts for s in self._shown) else ""
        few = ""
        if self._measure == "share" and self._few:
            few = f" &nbsp; <i>Grey: under {FEW_REPORTS} reports, too few for a share.</i>"
        self.legend.setText(" &nbsp;&nbsp; ".join(entries) + bursts + few)

    def _write_caption(self) -> None:
        """Each period's report count (the shares' denominators); with many periods, the first
        and last few and the range, and the full list in the tooltip."""
        if not self._periods:
            self.caption.setText("No dated reports yet.")
            return
        first, *rest = self._periods
        size = len(first.reports)
        parts = [f"{first.id} ({size} report{'s' * (size != 1)})"]
        parts += [f"{p.id} ({len(p.reports)})" for p in rest]
        self.caption.setToolTip(plain_tip("Reports per period: " + " · ".join(parts)))
        if len(parts) > CAPTION_PERIODS:
            sizes = [len(p.reports) for p in self._periods]
            parts = [*parts[:3], "…", *parts[-3:]]
            parts[-1] += f"; {len(sizes)} periods of {min(sizes)}–{max(sizes)} reports"
        text = "Periods: " + " · ".join(parts) + "."
        if self._undated:
            text += f" {self._undated} undated report{'s' * (self._undated != 1)} not counted."
        self.caption.setText(f"{text} {MEASURE_NOTES[self._measure]}")

    def _label_ticks(self) -> None:
        """Label every k-th period so that labels never overlap at this width."""
        axis = self.plot.getPlotItem().getAxis("bottom")
        if not self._periods:
            axis.setTicks(None)
            return
        metrics = QFontMetrics(axis.font() if hasattr(axis, "font") else self.font())
        wide = max(metrics.horizontalAdvance(p.id) for p in self._periods) + 14
        room = max(1, (self.plot.width() - 70) // wide)
        every = max(1, math.ceil(len(self._periods) / room))
        labelled = [(i, p.id) for i, p in enumerate(self._periods) if i % every == 0]
        unlabelled = [(i, "") for i, _p in enumerate(self._periods) if i % every]
        axis.setTicks([labelled, unlabelled])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_ticks()


class PointPassage(NamedTuple):
    """A passage behind a chart's point, as listed: its report's title, its id, a line of
    its words, and (a PDF's) the label printed on its page."""

    title: str
    passage: str
    text: str
    page: str | None = None


class EvidenceList(QWidget):
    """The passages behind the clicked point, as plain text (report text is never markup);
    Enter or a double-click on one is `passage_activated(passage_id)`."""

    passage_activated = Signal(str)
    EMPTY = "Click a point on the chart to list the passages behind it."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.EMPTY, textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.heading.setObjectName("trendEvidenceHeading")
        self.list = QListWidget()
        self.list.setObjectName("trendEvidence")
        self.list.setAccessibleName("Passages behind the point")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    def show_rows(self, label: str, period: str, rows: Sequence[PointPassage]) -> None:
        """The passages behind `label`'s point in `period`; no label clears the list."""
        self.list.clear()
        if not label:
            self.heading.setText(self.EMPTY)
            return
        reports = len({report_of(row.passage) for row in rows})
        self.heading.setText(f"{label} in {period}: {reports} report{'s' * (reports != 1)}")
        for row in rows:
            place = f"{row.title}{on_page(row.page)}"
            item = QListWidgetItem(f"{place}\n{' '.join(row.text.split())}")
            item.setData(PASSAGE_ROLE, row.passage)
            tip = f"{place} · {row.passage}\n{row.text}\nEnter: open in the reader"
            item.setToolTip(plain_tip(tip))
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        passage = item.data(PASSAGE_ROLE)
        if passage:
            self.passage_activated.emit(str(passage))
