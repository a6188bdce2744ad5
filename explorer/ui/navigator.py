"""What happens when the user searches, clicks a hit, a node, an edge or a concept word.

The navigator ties the search panel, the reader and the graph view to the workspace, and
records every navigation in the history so Back and Forward can replay it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from explorer.core.errors import ExplorerError
from explorer.core.history import History, Place
from explorer.core.ids import node_key, report_of, section_node, section_of
from explorer.core.links import parse_open_link
from explorer.core.wording import many
from explorer.ui.graph.view import GraphView
from explorer.ui.reader.view import Reader
from explorer.ui.search.panel import SearchPanel
from explorer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from explorer.core.changes import Changes
    from explorer.core.graph import ConceptGraph
    from explorer.core.reports import Page, Report
    from explorer.core.search import SearchHit, SearchResult
    from explorer.core.workspace import Workspace

WIDE_LIMIT = 200  # hits fetched before the concept-kind facet filters them
SHOWN_HITS = 30
MARKED_FIRST = 12  # the rows a tall result list shows: their snippets are marked first
MORE_HITS = 100  # a report's other passages, shown when its "N more" row is opened
PREVIEW = 8_000  # characters of a long section shown first, while the whole is rendered


class Navigator(QObject):
    """Keeps search, reader and graph in step; every move goes through ``go``."""

    status = Signal(str)
    section_opened = Signal(object, str)
    """(the report, the id of its section) just shown in the reader."""
    passages_described = Signal()
    """Lines of evidence passages were read for the link tooltips (see describe_passage)."""
    graph_changed = Signal(object)
    """The concept graph shown is new (a ConceptGraph): what depends on it follows."""
    focus_changed = Signal(str)
    """The focused node changed: its id, or "" when the focus was cleared. A node the graph
    view does not show (a map folds it away) is focused all the same: whoever draws the map
    unfolds it, and the view draws the focus once the graph it is given holds the node."""

    def __init__(
        self, search: SearchPanel, reader: Reader, graph: GraphView, runner: TaskRunner
    ) -> None:
        super().__init__()
        self.runner = runner
        self._described: dict[tuple[str, str, str], str] = {}  # (a, b, passage): its line
        self._hovered: tuple[str, str] = ("", "")  # the link whose tooltip is asked for
        self._lit: frozenset[str] = frozenset()
        self.search_panel = search
        self.reader = reader
        self.graph_view = graph
        self.history = History()
        self.local_depth = 0  # how deep the neighbourhood shown is; 0: the whole graph
        self._waiting: list[tuple[str, str, str]] = []  # concept links before the graph
        self._pending_focus: tuple[str, bool] | None = None  # a node clicked before it
        self.concept_graph: ConceptGraph | None = None
        self._replaying = False
        self._focus: str | None = None
        self._open: tuple[str, str | None] | None = None
        self._edited = False  # the user's concepts changed: the next graph marks them anew
        self.shown_title: str | None = None
        """The title of the report being read."""
        search.results_shown.connect(self._light_up)
        search.query_committed.connect(lambda q: self._record(Place("search", q)))
        search.hit_activated.connect(self.open_hit)
        search.more_requested.connect(self.show_more)
        reader.concept_clicked.connect(lambda node: self.focus(node))
        graph.node_clicked.connect(self._node_clicked)
        graph.background_clicked.connect(self.clear_focus)
        graph.escape_pressed.connect(self.clear_focus)
        graph.edge_clicked.connect(self.open_edge)
        graph.graph_shown.connect(self._graph_shown)
        graph.describe = self.describe_passage
        graph.edge_hovered.connect(self._describe_edge)
        runner.changed.connect(self._apply)

    # ---- search ----------------------------------------------------------------------

    def start_search(
        self,
        text: str,
        report: str | None,
        kind: str | None,
        on_result: Callable[[SearchResult], None],
        on_error: Callable[[str], None],
    ) -> None:
        """The search panel's search, on the worker: the latest wins. The hits come first,
        the rows on screen with marked snippets, with the nodes they light up; the other
        rows' snippets, a did-you-mean and, when a concept-kind facet could only be applied
        to the top hits, the exact count follow."""

        def shown(answer: tuple[SearchResult, frozenset[str]]) -> None:
            result, self._lit = answer
            on_result(result)
            # After the hits are painted: the follow-up would compete with the paint.
            QTimer.singleShot(0, lambda: self._start_details(result))
            if not result.exact and kind is not None:
                graph = self.concept_graph
                self.runner.read(
                    lambda ws, _task: self._count_kind(ws, graph, text, report, kind),
                    lambda total: self.search_panel.show_total(result.searched, total),
                    lambda _message: None,
                    key="total",
                )

        for later in ("details", "total"):  # an older query's are no longer wanted
            self.runner.supersede(later)
        graph, correct = self.concept_graph, text != self.search_panel.as_typed
        self.runner.read(
            lambda ws, _task: self._search(ws, graph, text, report, kind, correct),
            shown,
            on_error,
            key="search",
        )
        if self.runner.writing():
            self.status.emit("Reports are being added: the results will refresh when done.")

    def show_more(self, query: str, report: str) -> None:
        """A report's other matching passages, ranked, under its best one: those the
        grouped search counted for it (a passage whose copy in another report stands for
        it is shown there)."""
        self.runner.read(
            lambda ws, _task: ws.search(query, MORE_HITS, report, suggest=False, group=True).hits,
            lambda hits: self.search_panel.show_more(query, report, list(hits)),
            self.status.emit,
            key="more",
        )

    def _start_details(self, result: SearchResult) -> None:
        if result.searched != self.search_panel.shown_query():
            return  # a newer query is shown already
        self.runner.read(
            lambda ws, _task: self._details(ws, result),
            lambda found: self.search_panel.show_details(result.searched, *found),
            lambda _message: None,
            key="details",
        )

    @staticmethod
    def _details(ws: Workspace, result: SearchResult) -> tuple[dict[str, str], str | None]:
        """On the read lane: the snippets left unmarked and the did-you-mean."""
        unmarked = [h.passage_id for h in result.hits if not h.marked]
        snippets = ws.snippets(result.searched, unmarked) if unmarked else {}
        if result.corrected:  # the correction's hits are shown, and say so
            return snippets, None
        return snippets, ws.suggestion(result.query, result.total)

    @staticmethod
    def _search(
        ws: Workspace,
        graph: ConceptGraph | None,
        text: str,
        report: str | None,
        kind: str | None,
        correct: bool = True,
    ) -> tuple[SearchResult, frozenset[str]]:
        """On the read lane: the workspace's search, the concept-kind facet, the lit nodes.
        ``graph`` is the one shown: the hits never wait for a graph being built, and light
        their nodes once it is shown (see set_graph)."""
        limit = WIDE_LIMIT if kind else SHOWN_HITS
        group = not kind and report is None  # one report chosen: its passages, ranked
        result = ws.search(
            text, limit, report, marked=MARKED_FIRST, suggest=False, group=group, correct=correct
        )
        if kind and graph is not None:
            kept = [h for h in result.hits if _mentions_kind(graph, h.passage_id, kind)]
            listed = result.total - result.copies  # the hits are one of each set of copies
            complete = listed <= len(result.hits)
            # Past the window, the facet's share of the top hits stands for the whole.
            about = len(kept) if complete else round(len(kept) * listed / len(result.hits))
            result = result.model_copy(
                update={
                    "hits": tuple(kept[:SHOWN_HITS]),
                    "total": about,
                    "exact": complete,
                    "copies": 0,
                }
            )
        return result, _lit_by(graph, result.hits)

    @staticmethod
    def _count_kind(
        ws: Workspace, graph: ConceptGraph | None, text: str, report: str | None, kind: str
    ) -> int:
        """On the read lane: how many passages match and mention a concept of this kind
        (one of each set of copies, as the list shows them)."""
        if graph is None:
            return 0
        found = ws.passage_ids(text, report, fold=True)
        return sum(_mentions_kind(graph, p, kind) for p in found)

    def _relight(self, lit: frozenset[str]) -> None:
        """The hits shown, lit in the graph shown now."""
        self._lit = lit
        self.graph_view.highlight(lit)

    def _light_up(self, result: SearchResult | None) -> None:
        if result is None or self.concept_graph is None:
            self.graph_view.highlight([])
            return
        self.graph_view.highlight(self._lit)

    # ---- places ----------------------------------------------------------------------

    def open_hit(self, hit: SearchHit) -> None:
        self.open_section(hit.section_id, hit.passage_id)

    def open_section(
        self, section_id: str, passage_id: str | None = None, *, keep_scroll: bool = False
    ) -> None:
        """Show a section in the reader: read, marked and rendered on the worker (the
        latest wins), shown when ready (the reader's section_shown signal)."""
        query = self.search_panel.shown_query() or self.search_panel.box.text()
        graph, record = self.concept_graph, not self._replaying
        colours = self.reader.colours()
        preview = None if keep_scroll else PREVIEW

        def read(ws: Workspace, _task: object) -> tuple[Report, Page, Callable[..., Page]]:
            from explorer.core.marks import dimmed, section_marks
            from explorer.core.reports import render_section  # markdown-it: not at start-up

            report, section = ws.section(section_id)
            marks = section_marks(ws, section_id, query, graph)
            quiet = dimmed(section, graph)

            def whole(_ws: Workspace, _task: object) -> Page:
                return render_section(report, section, marks, passage_id, colours, None, quiet)

            first = render_section(report, section, marks, passage_id, colours, preview, quiet)
            return report, first, whole

        def show(answer: tuple[Report, Page, Callable[..., Page]]) -> None:
            report, page, whole = answer
            scroll = self.reader.verticalScrollBar().value()
            self.reader.show_page(section_id, page, passage_id)
            if keep_scroll:
                self.reader.verticalScrollBar().setValue(scroll)
            self._open = (section_id, passage_id)
            self.shown_title = report.title
            self.section_opened.emit(report, section_id)
            if record:
                self.history.visit(Place("section", f"{section_id}|{passage_id or ''}"))
            if not page.complete:  # a first look at a long section: the whole of it follows
                self.runner.read(
                    whole,
                    lambda full: self.reader.show_page(section_id, full, passage_id),
                    self.status.emit,
                    key="section",
                )

        def failed(message: str) -> None:
            if keep_scroll and self._open is not None and self._open[0] == section_id:
                self._open = None  # its report left the library, or its text changed shape
                self.reader.show_empty_state()
            self.status.emit(message)

        self.runner.read(read, show, failed, key="section")

    def reopen(self) -> None:
        """Show the open section again (its notes or its text changed), without a history
        entry; a section that is gone leaves the reader empty."""
        if self._open is None:
            return
        was_replaying, self._replaying = self._replaying, True
        try:
            self.open_section(self._open[0], keep_scroll=True)
        finally:
            self._replaying = was_replaying

    def _apply(self, changes: Changes, _initiator: object) -> None:
        """What an operation changed, as the navigator shows it: the hits of the query typed
        (reports came or went), the section being read (its text or its notes)."""
        if changes.text_changed:
            self._described.clear()
        if changes.vocabulary_changed:
            self._edited = True  # the reader's marks and a kind facet's hits: see set_graph
        if (changes.text_changed or changes.index) and self.search_panel.box.text().strip():
            self.search_panel.run()
        shown = self._open[0] if self._open else None
        if shown is None:
            return
        if changes.all_reports or report_of(shown) in changes.reports or changes.notes_changed:
            self.reopen()

    def _node_clicked(self, node: str) -> None:
        """A click focuses; Ctrl+click shows the path from the focused node instead."""
        ctrl = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and self._focus and self._focus != node:
            self.show_path(self._focus, node)
            return
        self.focus(node)

    def focused(self) -> str | None:
        """The focused node (the navigator owns it; the graph view only draws it)."""
        return self._focus

    def clear_focus(self) -> None:
        """Back to the unfocused graph, with no path drawn."""
        self.graph_view.show_path([])
        self._set_focus(None)

    def _set_focus(self, node: str | None) -> None:
        """The one place the focus changes: the view draws it if it shows the node (else no
        focus, until it does: see _graph_shown), and focus_changed tells everyone else."""
        view = self.graph_view
        view.show_focus(node if node is not None and view.has_node(node) else None)
        if node != self._focus:
            self._focus = node
            self.focus_changed.emit(node or "")

    def _graph_shown(self, kept: bool) -> None:
        """The view was given a new graph. The same library drawn anew (`kept`: a map showing
        more, or unfolded around a node) keeps the focus if it holds the node, and draws a
        node focused while it was folded away; a new graph, or one without it, clears it."""
        focus = self._focus
        if focus is not None:
            kept = kept and self.graph_view.has_node(focus)
            self._set_focus(focus if kept else None)
            if kept:  # unfolded around it: its neighbourhood, grown, comes into view
                self.graph_view.ease_to_neighbourhood(focus, unless_in_view=True)

    def focus(self, node: str, run_search: bool = True) -> None:
        """Focus a graph node: neighbourhood lit, its best evidence in the reader."""
        graph = self.concept_graph
        if graph is None:  # a map drawn from the cache, its graph still being read
            self._pending_focus = (node, run_search)
            self.status.emit("Reading the concept graph…")
            return
        if node not in graph:
            self.status.emit("That concept is not in the graph yet.")
            return
        self.graph_view.show_path([])
        self._set_focus(node)
        if self.graph_view.has_node(node):
            self.graph_view.ease_to_neighbourhood(node)
        data = graph.node(node)
        self.status.emit(focus_words(data, searched=run_search))
        was_replaying = self._replaying
        self._replaying = True  # the reader and search below are part of this one move
        try:
            self._show_evidence(node)
            if run_search and data["kind"] not in ("report", "section"):
                self.search_panel.set_query(str(data["label"]))
        finally:
            self._replaying = was_replaying
        self._record(Place("focus", node))

    def _show_evidence(self, node: str) -> None:
        graph = self.concept_graph
        assert graph is not None
        kind = graph.node(node)["kind"]
        if kind == "section":
            self.open_section(node_key(node))
        elif kind == "report":
            first = next((n for n in graph.graph.neighbors(node)), None)
            if first:
                self.open_section(node_key(first))
        else:
            sections = graph.sections_of(node)
            if sections:
                best = sections[0][0]
                evidence = graph.evidence(node, best)
                self.open_section(node_key(best), evidence[0] if evidence else None)

    def describe_passage(self, passage_id: str) -> str:
        """A line of a passage's words around the hovered link's concepts, for the graph's
        link tooltips: read on the read lane when the link is first hovered
        (``edge_hovered``), empty until it has been."""
        return self._described.get((*self._hovered, passage_id), "")

    def _describe_edge(self, a: str, b: str) -> None:
        graph = self.concept_graph
        if graph is None:
            return
        self._hovered = (a, b)
        evidence = graph.graph.get_edge_data(a, b, default={}).get("evidence", [])
        wanted = [p for p in evidence[:1] if (a, b, p) not in self._described]
        if wanted:
            self.runner.read(
                lambda ws, _task: {(a, b, p): _passage_line(ws, p, (a, b)) for p in wanted},
                self._show_described,
                lambda _message: None,
                key="describe",
            )

    def _show_described(self, lines: dict[tuple[str, str, str], str]) -> None:
        self._described.update(lines)
        self.graph_view.refresh_tooltip()
        self.passages_described.emit()

    def open_edge(self, a: str, b: str) -> None:
        graph = self.concept_graph
        if graph is None:
            return
        evidence = graph.graph.get_edge_data(a, b, default={}).get("evidence", [])
        if evidence:
            self.open_section(section_of(evidence[0]), evidence[0])

    def show_local(self, depth: int) -> None:
        """Show only the focused node's neighbourhood, ``depth`` (1–3) links deep; 0, or no
        focus, shows the whole graph again."""
        graph, focused = self.concept_graph, self.focused()
        if graph is None or not depth or focused is None or not self.graph_view.has_node(focused):
            self.local_depth = 0
            self.graph_view.set_local(None)
            return
        self.local_depth = depth
        self.graph_view.set_local(focused, graph.neighbourhood(focused, depth))

    def show_path(self, a: str, b: str) -> None:
        graph = self.concept_graph
        if graph is None:
            return
        hops = graph.path(a, b)
        if not hops:
            self.status.emit("No path links these two nodes.")
            return
        self.graph_view.show_path([hops[0].source, *(h.target for h in hops)])
        self.status.emit(f"Path of {len(hops)} links; click a link to read its evidence.")

    def open_link(self, link: str) -> bool:
        """Follow an explorer://open?report=…&section=…&start=…&end=… link from an export."""
        try:
            parsed = parse_open_link(link)
        except ExplorerError as exc:
            self.status.emit(str(exc))
            return False
        if parsed.concept or parsed.source:
            return self._open_concept_link(parsed.concept, parsed.source, parsed.target)
        section = parsed.section or f"{parsed.report}#1"
        start, end = parsed.start, parsed.end

        def find(ws: Workspace, _task: object) -> tuple[str, str | None, str]:
            _report, found = ws.section(section)
            passage = None
            if start is not None:
                passage = next((p.id for p in found.passages if p.end > start), None)
            return found.id, passage, found.title

        def found(answer: tuple[str, str | None, str]) -> None:
            section_id, passage, title = answer
            self.open_section(section_id, passage)
            if start is not None and end is not None:
                self.status.emit(f"Opened {title} at characters {start}–{end}.")

        self.runner.read(find, found, self.status.emit, key="link")
        return True

    def _open_concept_link(self, concept: str, source: str, target: str) -> bool:
        if self.concept_graph is None:  # followed when the graph is shown (set_graph)
            self._waiting.append((concept, source, target))
            self.status.emit(f"Opening {concept or source} once the graph is ready…")
            return True
        try:
            if concept:
                self.focus(self.concept_graph.find_concept(concept), run_search=False)
            else:
                a = self.concept_graph.find_concept(source)
                b = self.concept_graph.find_concept(target)
                self.focus(a, run_search=False)
                self.show_path(a, b)
        except ExplorerError as exc:
            self.status.emit(str(exc))
            return False
        return True

    def set_graph(self, graph: ConceptGraph) -> None:
        """A new concept graph is shown: follow the concept links that came before it, light
        the hits of the query typed, and tell the rest of the window (``graph_changed``)."""
        old, self.concept_graph = self.concept_graph, graph
        waiting, self._waiting = self._waiting, []
        for concept, source, target in waiting:
            self._open_concept_link(concept, source, target)
        self.graph_changed.emit(graph)
        pending, self._pending_focus = self._pending_focus, None
        if pending is not None and old is None:
            self.focus(*pending)
        if self._edited:  # the concepts the reader marks, and a kind facet's passages
            self._edited = False
            self.reopen()
            panel = self.search_panel
            if panel.kind_facet.currentData() is not None and panel.box.text().strip():
                panel.run()
        hits = self.search_panel.model.hits()
        if hits:  # the hits shown light their nodes in this graph (the list stays as it is)
            self.runner.read(lambda _ws, _task: _lit_by(graph, hits), self._relight, key="relight")
        if old is not None and old is not graph:
            old.release()  # see ConceptGraph.release: nothing here uses it any more

    # ---- history ---------------------------------------------------------------------

    def _record(self, place: Place) -> None:
        if not self._replaying:
            self.history.visit(place)

    def back(self) -> None:
        place = self.history.back()
        if place:
            self.go(place)

    def forward(self) -> None:
        place = self.history.forward()
        if place:
            self.go(place)

    def go(self, place: Place) -> None:
        """Show a place without recording it again."""
        self._replaying = True
        try:
            if place.kind == "search":
                self.search_panel.set_query(place.value)
            elif place.kind == "focus":
                self.focus(place.value)
            elif place.kind == "section":
                section_id, _, passage_id = place.value.partition("|")
                self.open_section(section_id, passage_id or None)
        finally:
            self._replaying = False


def _mentions_kind(graph: ConceptGraph, passage_id: str, kind: str) -> bool:
    return any(graph.graph.nodes[n]["kind"] == kind for n in graph.concepts_in([passage_id]))


def _passage_line(ws: Workspace, passage_id: str, link: tuple[str, str]) -> str:
    """On the read lane: "Section, p. 16 — “its words around the link's concepts…”" for a
    link's tooltip (the page a PDF passage is on)."""
    from explorer.core.explain import passage_line
    from explorer.core.reports import on_page

    try:
        _report, section, passage = ws.passage(passage_id)
    except ExplorerError:
        return ""
    place = f"{section.title}{on_page(passage.page)}"
    return f"{place} — “{passage_line(ws, passage_id, 90, link)}”"


def _lit_by(graph: ConceptGraph | None, hits: Iterable[SearchHit]) -> frozenset[str]:
    """The nodes that hits light in a graph: their sections and the concepts they mention."""
    if graph is None:
        return frozenset()
    hits = list(hits)
    nodes = {section_node(h.section_id) for h in hits}
    nodes |= graph.concepts_in(h.passage_id for h in hits)
    return frozenset(n for n in nodes if n in graph)


def focus_words(data: Mapping[str, Any], searched: bool) -> str:
    """What the status line says of a node focused: what its count counts. A concept's
    mentions are what the graph counts (its aliases and variants too), while the search run
    for it lists the passages that use its name: two counts, each said for what it is."""
    label, kind, count = data["label"], data["kind"], int(data.get("count", 0))
    if kind == "report":
        return f"{label} (report) · {many(count, 'section')}"
    if kind == "section":
        return f"{label} (section) · {many(count, 'passage')}"
    said = f"{label} ({kind}) · {many(count, 'mention')} in the graph, its other names included"
    return said + (" · the search lists the passages that use its name" if searched else "")
