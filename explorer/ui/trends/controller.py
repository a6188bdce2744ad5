"""The window's trends: the Trends view, the timeline bar under the graph, and their work.

The timeline, a point's passages and one report's cards are computed on the worker; the view
and the bar only show them. The graph's colouring by mean year or status and the time
slider's filter come from the same timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.exports import file_filters, format_for_suffix, write_export
from explorer.core.ids import report_of, section_of
from explorer.ui.graph.overlay import by_status, by_year, reached
from explorer.ui.graph.timeline_bar import TimelineBar
from explorer.ui.trends.chart import PointPassage
from explorer.ui.trends.view import TrendsView

if TYPE_CHECKING:
    from explorer.core.changes import Changes
    from explorer.core.graph import ConceptGraph
    from explorer.core.reports import ReportEntry
    from explorer.core.trends import Card, Timeline
    from explorer.core.workspace import Workspace
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
        window.navigator.graph_changed.connect(lambda _graph: self.load())
        window.runner.changed.connect(self._apply)

    def _apply(self, changes: Changes, _initiator: object) -> None:
        """A report's date changed: the timeline is made anew (new text makes a new graph
        first, and the timeline follows the graph: see graph_changed)."""
        if changes.dates and not changes.text_changed:
            self.load()

    def load(self) -> None:
        """Compute the timeline (or one report's cards) on the build lane, then show it."""
        by = self.by
        self.w.runner.build(
            lambda ws, _task: self._compute(ws, by),
            self._show,
            lambda message: self.w.statusBar().showMessage(message, 6000),
            key="trends",
        )

    @staticmethod
    def _compute(
        ws: Workspace, by: str | None
    ) -> tuple[Timeline, dict[str, str | None], list[Card], str]:
        from explorer.core.trends import cards

        line, dates = ws.timeline(by, smooth=SMOOTH), ws.dates()
        found: list[Card] = []
        title = ""
        if len(line.periods) <= 1:
            shown = sorted(line.periods[0].reports if line.periods else dates)[:1]
            if shown:
                report = ws.report(shown[0])
                found, title = cards(ws.graph().graph, report), report.title
        return line, dates, found, title

    def _show(self, answer: tuple[Timeline, dict[str, str | None], list[Card], str]) -> None:
        line, self.dates, found, title = answer
        self.line = line
        self.view.set_timeline(line)
        if found:
            self.view.set_cards(found, title)
        self.bar.set_periods([p.id for p in line.periods])
        self._colour(self.bar.colouring.currentData())

    def _periods(self, by: str) -> None:
        self.by = by or None
        self.load()

    def _point(self, concept: str, period: str) -> None:
        line, graph = self.line, self.w.navigator.concept_graph
        if line is None or graph is None:
            return

        def rows(ws: Workspace, _task: object) -> list[PointPassage]:
            return _point_rows(ws, graph, line, concept, period)

        self.w.runner.read(
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
        title = self.w.navigator.shown_title or report_id
        text = self.w.dialogs.ask_text(
            self.w,
            "Report Date",
            f"Date of “{title}” (YYYY, YYYY-MM or YYYY-MM-DD):",
            self.dates.get(report_id) or "",
        )
        if text is None:
            return

        def done(_entry: ReportEntry) -> None:
            self.w.statusBar().showMessage(f"{title} is now dated {text.strip()}.", 6000)

        self.w.runner.op(
            lambda ws, _task: ws.set_date(report_id, text),
            done,
            lambda message: self.w.dialogs.error(self.w, "Report Date", message),
            initiator=self,
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

        def write(ws: Workspace, _task: object) -> None:
            write_export(data, path, ws.folder)

        self.w.runner.export(
            write,
            lambda _none: self.w.statusBar().showMessage(f"Saved the chart to {path}.", 6000),
            lambda message: self.w.dialogs.error(self.w, "The chart was not saved", message),
        )


def _point_rows(
    ws: Workspace, graph: ConceptGraph, line: Timeline, concept: str, period: str
) -> list[PointPassage]:
    """On the read lane: the passages behind a chart's point, each with a line of it."""
    from explorer.core.explain import page_of, passage_line
    from explorer.core.trends import point_evidence

    found = point_evidence(graph.graph, line, concept, period)
    out = []
    for report_id, passages in found.items():
        title = ws.entry(report_id).title
        for passage_id in passages[:3]:
            words = passage_line(ws, passage_id, 160, [concept])
            out.append(PointPassage(title, passage_id, words, page_of(ws, passage_id)))
    return out
