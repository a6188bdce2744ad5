"""The main window: it wires panels, menus and background work; it computes nothing itself."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProgressDialog,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer import __version__
from explorer.core.changes import Done
from explorer.core.ids import section_id
from explorer.core.links import is_link
from explorer.core.wording import many
from explorer.ui.dialogs import Dialogs
from explorer.ui.graph.map_controller import MapController
from explorer.ui.graph.view import GraphView
from explorer.ui.library.controller import LibraryController
from explorer.ui.menus import build_menus
from explorer.ui.navigator import Navigator
from explorer.ui.notes.controller import NotesController
from explorer.ui.notes.panel import NotesPanel
from explorer.ui.present.controller import PresentController
from explorer.ui.present.tours_controller import ToursController
from explorer.ui.reader.outline import OutlineView
from explorer.ui.reader.pages import PageSwitch
from explorer.ui.reader.view import Reader
from explorer.ui.search.panel import SearchPanel
from explorer.ui.tasks import Opener, Task, TaskRunner
from explorer.ui.trends.controller import TrendsController
from explorer.ui.vocabulary.controller import VocabularyController
from explorer.ui.window_parts import WindowParts

if TYPE_CHECKING:
    from explorer.core.collect import AddSummary
    from explorer.core.reports import ReportEntry
    from explorer.core.workspace import Workspace

RECENT_LIMIT = 10
OPENING = "Opening the library…"
SAMPLE_LEFT = " The sample report left the library; File → Open Sample Report brings it back."
CLOSE_WAIT_MS = 30_000
"""How long closing waits for the saves under way (a cancelled add stops within a second)."""


DEFAULT_PANES = [380, 460, 560]
"""The left tabs, the reader (with its outline) and the graph at first."""
DEFAULT_READING = [180, 420]
"""The outline and the text, within the reader."""


class MainWindow(WindowParts):
    """Search on the left, the reader in the middle, the concept graph on the right."""

    changed = Signal(object)
    """A Changes record after each operation the window ran (adding reports, …), once every
    part of the window has taken it in."""
    notes: NotesController
    maps: MapController
    presenting: PresentController

    def __init__(
        self,
        workspace: Workspace | Opener,
        dialogs: Dialogs | None = None,
        settings: QSettings | None = None,
    ) -> None:
        """Over ``workspace``, or over the one ``workspace()`` opens: that is done on the task
        runner once the window is painted, and the window fills in then (what is asked of
        it meanwhile, a search typed, reports dropped, waits for it and is done then)."""
        super().__init__()
        self.dialogs = dialogs or Dialogs()
        self.settings = settings or QSettings("TrendExplorer", "Trend Explorer")
        self.runner = TaskRunner(workspace, self)  # the one holder of the Workspace
        self.runner.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        if not self.runner.is_open():
            self.statusBar().showMessage(OPENING)
        # First on the write lane: the index is made before any add, so that a search typed
        # during an add is answered from the library as it stood.
        self.runner.op(lambda ws, _task: ws.prepare_index(), must_run=False)
        self.setWindowTitle("Trend Explorer")
        self.setAcceptDrops(True)
        self.search_panel = SearchPanel(
            lambda q, r, k, done, failed: self.navigator.start_search(q, r, k, done, failed)
        )
        self.notes_panel = NotesPanel(self.runner)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.search_panel, "Search")
        self.left_tabs.addTab(self.notes_panel, "Notes")
        self.reader = Reader()
        self.graph_view = GraphView()
        self.navigator = Navigator(self.search_panel, self.reader, self.graph_view, self.runner)
        self.navigator.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.trends = TrendsController(self)
        self.maps = MapController(self)
        self.vocabulary = VocabularyController(self)
        for asked in (self.search_panel.hit_activated, self.graph_view.node_clicked):
            asked.connect(lambda *_: self.show_reader())
        self.outline = OutlineView()
        self.navigator.section_opened.connect(self.outline.follow)
        self.outline.section_chosen.connect(
            lambda section_id: self.navigator.open_section(section_id)
        )
        self.reading = QSplitter(Qt.Orientation.Horizontal)
        self.pages: PageSwitch = PageSwitch(self)  # the text, or a PDF page as printed
        self.reading.addWidget(self.outline)
        self.reading.addWidget(self.pages.stack)
        self.reading.setStretchFactor(0, 0)
        self.reading.setStretchFactor(1, 1)  # a wider window widens the text, not the outline
        self.reading.setChildrenCollapsible(True)
        self.middle_tabs = QTabWidget()
        self.middle_tabs.addTab(self.reading, "Reader")
        self.middle_tabs.addTab(self.trends.view, "Trends")
        self.graph_pane = graph_pane = QWidget()
        column = QVBoxLayout(graph_pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.maps.bar)
        column.addWidget(self.vocabulary.details)
        column.addWidget(self.graph_view, 1)
        column.addWidget(self.trends.bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.left_tabs, 3), (self.middle_tabs, 4), (graph_pane, 5)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.counts)
        self.notes = NotesController(self)
        self.library = LibraryController(self)
        self.left_tabs.addTab(self.library.panel, "Library")
        self.library.panel.outline_requested.connect(self.library.open_report)
        self.library.listed.connect(self._show_reports)
        self.navigator.graph_changed.connect(lambda _graph: self._show_counts())
        self.presenting = PresentController(self)
        self.tours = ToursController(self)
        self.left_tabs.addTab(self.tours.panel, "Tours")
        self.actions_by_name: dict[str, QAction] = build_menus(self)
        self._name_widgets()
        self._restore_layout()
        self._reports: list[ReportEntry] = []
        # Last: tests and scripts waiting on `changed` see every panel's answer to it.
        self.runner.changed.connect(lambda changes, _who: self.changed.emit(changes))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # mouse back/forward buttons anywhere in the window
        self._started = False

    def _name_widgets(self) -> None:
        """Names that tests, scripts and screen readers find widgets by (README, Automation)."""
        named = {
            "searchBox": (self.search_panel.box, "Search box"),
            "resultsList": (self.search_panel.list, "Search results"),
            "reader": (self.reader, "Reader"),
            "pageView": (self.pages.view, "Page view"),
            "outlineView": (self.outline, "Outline"),
            "graphView": (self.graph_view, "Concept graph"),
            "notesList": (self.notes_panel.list, "Notes"),
            "noteEditor": (self.notes_panel.body, "Note text"),
            "notesFilter": (self.notes_panel.filter, "Filter notes"),
            "trendsView": (self.trends.view, "Trends"),
            "timelineSlider": (self.trends.bar.slider, "Timeline"),
            "libraryView": (self.library.panel, "Library"),
            "libraryTable": (self.library.panel.table, "Reports in the library"),
            "libraryFilter": (self.library.panel.filter, "Filter reports"),
            "toursView": (self.tours.panel, "Tours"),
        }
        for name, (widget, spoken) in named.items():
            widget.setObjectName(name)
            widget.setAccessibleName(spoken)

    def show_reader(self) -> None:
        """The Reader tab, with the outline of the report being read beside it."""
        self.middle_tabs.setCurrentWidget(self.reading)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._started:  # once this paint is done: the window shows before the rest
            QTimer.singleShot(0, self._start)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(300, self._start)  # in case the window itself is never painted

    def _start(self) -> None:
        """Once painted: open the library (unless it was given open), then fill in."""
        if not self._started:
            self._started = True
            self.runner.opened.connect(self._fill_in)
            self.runner.open(self._not_opened)

    def _fill_in(self) -> None:
        QTimer.singleShot(0, self.load_graph)
        QTimer.singleShot(0, self.notes.check_on_start)
        QTimer.singleShot(0, self.vocabulary.check_on_start)

    def _not_opened(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self.dialogs.error(self, "The library could not be opened", message)

    # ---- library ---------------------------------------------------------------------

    def _show_reports(self, reports: list[ReportEntry]) -> None:
        """The library was listed (see LibraryController): the search facet, the notes'
        reports and the counts in the status bar follow it."""
        self._reports = reports
        self.search_panel.set_reports([(e.id, e.title) for e in reports])
        self.notes_panel.set_reports({e.id for e in reports})
        self._show_counts()

    def _show_counts(self) -> None:
        graph = self.navigator.concept_graph
        passages = sum(e.passages for e in self._reports)
        counts = f"{many(len(self._reports), 'report')} · {many(passages, 'passage')}"
        if graph is not None:  # (a map drawn from the cache is there before its graph)
            counts += f" · {many(len(graph.concepts()), 'concept')}"
        self.counts.setText(counts)

    def load_graph(self) -> None:
        """Build or load the concept graph off the GUI thread, then show it."""
        self.maps.load()

    def add_paths(self, paths: list[Path]) -> None:
        """Add files and folders in the background, with a progress dialog after 0.5 s. The
        add is one operation: its Changes tell every view what to refresh."""
        if not paths:
            return
        progress = QProgressDialog("Adding reports…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Adding reports")
        progress.setMinimumDuration(500)
        # Not modal: the window stays usable (search, read, take notes) while reports come in.
        progress.setWindowModality(Qt.WindowModality.NonModal)

        def work(ws: Workspace, task: Task) -> Done[AddSummary]:
            return ws.add(paths, progress=task.report, cancelled=lambda: task.cancelled)

        def on_progress(done: int, total: int, what: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Reading {Path(what).name} ({done} of {total})")

        def failed(message: str) -> None:
            progress.reset()
            self._task_failed(message)

        task = self.runner.op(
            work,
            lambda s: self._added(s, paths, progress),
            failed,
            initiator=self,
            on_progress=on_progress,
            must_run=False,  # closing the window cancels it
        )
        progress.canceled.connect(task.cancel)

    def _added(self, summary: AddSummary, paths: list[Path], progress: QProgressDialog) -> None:
        progress.reset()
        self.remember_recent(paths)
        added = len(summary.added) + len(summary.updated)
        left = SAMPLE_LEFT if summary.sample_left is not None else ""
        self.statusBar().showMessage(
            f"Added {many(added, 'report')}; {len(summary.unchanged)} unchanged, "
            f"{len(summary.failed)} could not be read.{left}",
            8000 if not left else 15000,
        )
        if summary.failed:
            lines = "\n".join(message for _, message in summary.failed)
            self.dialogs.error(
                self,
                "Some files were not added",
                f"{many(len(summary.failed), 'file')} could not be added; the rest were.",
                lines,
            )

    def _task_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.dialogs.error(self, "Trend Explorer", message)

    def open_paths(self, paths: list[Path]) -> None:
        """Open what the user gave: explorer:// links are followed, files and folders added.
        File → Open, dropped files and `explorer open PATH…` all come here."""
        links = [str(p) for p in paths if is_link(str(p))]
        files = [p for p in paths if not is_link(str(p))]
        self.add_paths(files)
        for link in links:  # Path() folds "explorer://" to "explorer:/"; either parses
            self.navigator.open_link(link)

    def open_files(self) -> None:
        self.open_paths(self.dialogs.open_files(self))

    def open_folder(self) -> None:
        folder = self.dialogs.open_folder(self)
        if folder:
            self.open_paths([folder])

    def open_sample(self) -> None:
        """File → Open Sample Report: the sample report comes back to the library (an add,
        on the write lane) and opens in the reader."""

        def opened(summary: AddSummary) -> None:
            came = [e.id for e in summary.added + summary.updated] + summary.unchanged
            if not came:  # its file could not be read: that file's sentence
                self._task_failed(" ".join(m for _, m in summary.failed) or "No sample report.")
                return
            self.statusBar().showMessage(
                "The sample report is in the library." if summary.added
                else "The sample report was in the library already.",
                8000,
            )  # fmt: skip
            self.show_reader()
            self.navigator.open_section(section_id(came[0], 1))

        self.runner.op(
            lambda ws, _task: ws.add([], sample=True), opened, self._task_failed, initiator=self
        )

    def remember_recent(self, paths: list[Path]) -> None:
        recent = [str(p) for p in paths] + [p for p in self.recent() if p not in map(str, paths)]
        self.settings.setValue("recent", recent[:RECENT_LIMIT])

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return (
            [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])
        )

    # ---- drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.open_paths(paths)

    # ---- view ------------------------------------------------------------------------

    def toggle_reading_mode(self) -> None:
        """Hide the graph, the reader taking its room (again: the graph is back); kept
        across sessions."""
        self.graph_pane.setVisible(not self.graph_pane.isVisible())
        self.settings.setValue("reading_mode", not self.graph_pane.isVisible())

    def toggle_side_panel(self) -> None:
        """Fold the left tabs away (search, notes, library, tours), or bring them back;
        kept across sessions. Ctrl+F brings them back to search."""
        self.left_tabs.setVisible(not self.left_tabs.isVisible())
        self.settings.setValue("side_panel_hidden", not self.left_tabs.isVisible())

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def present(self) -> None:
        """Present the tour chosen in the Tours tab (the library's default tour at first)."""
        self.tours.present()

    def escape(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.navigator.clear_focus()

    def about(self) -> None:
        self.dialogs.about(
            self,
            "About Trend Explorer",
            f"Trend Explorer {__version__}\n\nOffline search and a concept graph over your "
            "reports, with the evidence passage behind every link.\nNothing leaves this "
            "computer.",
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and self.isActiveWindow():
            button = event.button()  # type: ignore[attr-defined]
            if button == Qt.MouseButton.BackButton:
                self.navigator.back()
                return True
            if button == Qt.MouseButton.ForwardButton:
                self.navigator.forward()
                return True
        return super().eventFilter(watched, event)

    # ---- layout memory ---------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes(DEFAULT_PANES)
        reading = self.settings.value("reading")
        if isinstance(reading, QByteArray):
            self.reading.restoreState(reading)
        else:
            self.reading.setSizes(DEFAULT_READING)
        for key, pane in (("reading_mode", self.graph_pane), ("side_panel_hidden", self.left_tabs)):
            if str(self.settings.value(key, "false")).lower() == "true":
                pane.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.notes_panel.flush()  # nothing typed is lost on quit
        self.tours.panel.flush()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("reading", self.reading.saveState())
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.hide()  # gone at once; an add under way is cancelled, what was typed is saved
        self.runner.close(CLOSE_WAIT_MS)
        super().closeEvent(event)
