"""What the main window offers the menus and controllers it wires: its panels and actions.

The menus and the notes controller are built by the window and work on it; they depend on
this narrow face of it, not on the window's module, so that nothing imports in a circle.
"""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

if TYPE_CHECKING:
    from explorer.core.tours import Tour
    from explorer.core.trends import Timeline
    from explorer.ui.dialogs import Dialogs
    from explorer.ui.graph.timeline_bar import TimelineBar
    from explorer.ui.graph.view import GraphView
    from explorer.ui.navigator import Navigator
    from explorer.ui.notes.panel import NotesPanel
    from explorer.ui.reader.printed import PageView
    from explorer.ui.reader.view import Reader
    from explorer.ui.search.panel import SearchPanel
    from explorer.ui.tasks import TaskRunner
    from explorer.ui.trends.view import TrendsView
    from explorer.ui.vocabulary.controller import VocabularyController


class TrendActions(Protocol):
    """What the menus use of the trends controller."""

    view: TrendsView
    bar: TimelineBar
    line: Timeline | None

    def load(self) -> None: ...

    def set_date(self) -> None: ...

    def export_chart(self) -> None: ...


class NoteActions(Protocol):
    """The notes actions the menus offer (the notes controller)."""

    def note_on_selection(self, highlight: bool = False) -> None: ...

    def note_on_focus(self) -> None: ...

    def note_on_edge(self) -> None: ...

    def export(self, fmt: str) -> None: ...

    def import_file(self) -> None: ...


class PageActions(Protocol):
    """The reader's Page view switch (View → Page View)."""

    action: QAction | None
    view: PageView

    def toggle(self) -> None: ...


class MapActions(Protocol):
    def is_map(self) -> bool: ...


class PresentActions(Protocol):
    def present(self, tour: Tour | None = None) -> None: ...

    def fill_screens_menu(self, menu: QMenu) -> None: ...


class WindowParts(QMainWindow):
    """The main window's panels and the actions its menus call."""

    dialogs: Dialogs
    search_panel: SearchPanel
    notes_panel: NotesPanel
    left_tabs: QTabWidget
    middle_tabs: QTabWidget
    trends: TrendActions
    reader: Reader
    pages: PageActions
    graph_view: GraphView
    navigator: Navigator
    notes: NoteActions
    maps: MapActions
    presenting: PresentActions
    vocabulary: VocabularyController
    runner: TaskRunner
    changed: Any

    @abstractmethod
    def load_graph(self) -> None: ...

    @abstractmethod
    def add_paths(self, paths: list[Path]) -> None: ...

    @abstractmethod
    def show_reader(self) -> None: ...

    @abstractmethod
    def open_files(self) -> None: ...

    @abstractmethod
    def open_folder(self) -> None: ...

    @abstractmethod
    def open_sample(self) -> None: ...

    @abstractmethod
    def recent(self) -> list[str]: ...

    @abstractmethod
    def toggle_full_screen(self) -> None: ...

    @abstractmethod
    def toggle_reading_mode(self) -> None: ...

    @abstractmethod
    def toggle_side_panel(self) -> None: ...

    @abstractmethod
    def present(self) -> None: ...

    @abstractmethod
    def escape(self) -> None: ...

    @abstractmethod
    def about(self) -> None: ...
