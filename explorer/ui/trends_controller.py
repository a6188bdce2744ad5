"""The window's trends: the Trends view, the timeline bar under the graph, and their work.

The timeline, a point's passages and one report's cards are computed on the worker; the view
and the bar only show them. The graph's colouring by mean year or status and the time
slider's filter come from the same timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.changes import Changes
from explorer.core.exports import file_filters, format_for_suffix, write_export
from explorer.core.ids import report_of, section_of
from explorer.ui.graph.overlay import by_status, by_year, reached
from explorer.ui.graph.timeline_bar import TimelineBar
from explorer.ui.trends.view import TrendsView

if TYPE_CHECKING:
    from explorer.core.trends import Card, Timeline
    from explorer.ui.window_parts import WindowParts

SMOOTH = 3  # periods in the chart's moving average


class TrendsController:
    def __init__(self, window: WindowParts) -> None:
        self.w = window
        self.view = TrendsView()
        self.bar = TimelineBar()
        self.line: Timeline | None = None
        self.dates: dict[str, str | None] = {}
        self.by: str | None = None  # None: from the span of the dates
        self.view.point_selected.connect(self._point)
        self.view.passage_activated.connect(self._open_passage)
        self.view.granularity_changed.connect(self._periods)
        self.bar.colouring_changed.connect(self._colour)
        self.bar.period_changed.connect(self._until)

    def load(self) -> None:
        """Compute the timeline (or one report's cards) on the worker, then show it."""
        self.w.runner.start(
            lambda _task: self._compute(),
            self._show,
            lambda message: self.w.statusBar().showMessage(message, 6000),
            key="trends",
        )

    def _compute(self) -> tuple[Timeline, dict[str, str | None], list[Card], str]:
        from explorer.core.trends import cards

        line, dates = self.w.ws.timeline(self.by, smooth=SMOOTH), self.w.ws.dates()
        found: list[Card] = []
        title = ""
        if len(line.periods) <= 1:
            shown = sorted(line.periods[0].reports if line.periods else dates)[:1]
            if shown:
                report = self.w.ws.report(shown[0])
                found, title = cards(self.w.ws.graph().graph, report), report.title
        return line, dates, found, title

    def _show(self, answer: tuple[Timeline, dict[str, str | None], list[Card], str]) -> None:
        line, self.dates, found, title = answer
        self.line = line
        if found:
            self.view.set_cards(found, title)
        else:
            self.view.set_timeline(line)
        self.bar.set_periods([p.id for p in line.periods])
        self._colour(self.bar.colouring.currentData())

    def _periods(self, by: str) -> None:
        self.by = by or None
        self.load()

    def _point(self, concept: str, period: str) -> None:
        line = self.line
        if line is None:
            return

        def rows(_task: object) -> list[tuple[str, str, str]]:
            from explorer.core.explain import passage_line
            from explorer.core.trends import point_evidence

            found = point_evidence(self.w.ws.graph().graph, line, concept, period)
            out = []
            for report_id, passages in found.items():
                title = self.w.ws.entry(report_id).title
                for passage_id in passages[:3]:
                    out.append((title, passage_id, passage_line(self.w.ws, passage_id, 160)))
            return out

        self.w.runner.start(
            rows,
            lambda found: self.view.show_evidence(concept, period, found),
            lambda message: self.w.statusBar().showMessage(message, 6000),
            key="trend-point",
        )

    def _open_passage(self, passage_id: str) -> None:
        self.w.show_reader()
        self.w.navigator.open_section(section_of(passage_id), passage_id)

    def _colour(self, mode: str) -> None:
        view, line, graph = self.w.graph_view, self.line, self.w.navigator.concept_graph
        if mode in ("kind", "community") or line is None or graph is None:
            view.set_color_mode(mode if mode in ("kind", "community") else "kind")
            return
        if mode == "year":
            view.set_overlay(*by_year(line, graph.graph, self.dates))
        else:
            view.set_overlay(*by_status(line))

    def _until(self, index: int) -> None:
        line, graph = self.line, self.w.navigator.concept_graph
        if line is None or graph is None or index < 0:
            self.w.graph_view.set_shown_until(None)
            return
        self.w.graph_view.set_shown_until(reached(line, index, graph.graph))

    def set_date(self) -> None:
        """Ask for the date of the report being read; a date set here is the user's."""
        shown = self.w.reader.section_id
        if not shown:
            self.w.statusBar().showMessage("Open a section of the report to date first.", 6000)
            return
        report_id = report_of(shown)
        title = self.w.ws.entry(report_id).title
        text = self.w.dialogs.ask_text(
            self.w,
            "Report Date",
            f"Date of “{title}” (YYYY, YYYY-MM or YYYY-MM-DD):",
            self.dates.get(report_id) or "",
        )
        if text is None:
            return

        def done(entry: object) -> None:
            self.w.statusBar().showMessage(f"{title} is now dated {text.strip()}.", 6000)
            self.load()
            self.w.changed.emit(Changes(library=True, ids=frozenset({report_id})))

        self.w.runner.start(
            lambda _task: self.w.ws.set_date(report_id, text),
            done,
            lambda message: self.w.dialogs.error(self.w, "Report Date", message),
        )

    def export_chart(self) -> None:
        """Save the trend chart as PNG or SVG: drawn here, written on the worker."""
        path = self.w.dialogs.save_file(
            self.w,
            "Export trend chart",
            "Trend chart.png",
            file_filters("chart"),
        )
        if path is None:
            return
        if format_for_suffix("chart", path.suffix) is None:
            path = path.with_suffix(".png")
        data = self.view.chart_bytes(path.suffix)
        folder = self.w.ws.folder

        def write(_task: object) -> None:
            write_export(data, path, folder)

        self.w.runner.start(
            write,
            lambda _none: self.w.statusBar().showMessage(f"Saved the chart to {path}.", 6000),
            lambda message: self.w.dialogs.error(self.w, "The chart was not saved", message),
        )
