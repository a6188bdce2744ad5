"""Starting the desktop app, and rendering it offscreen for `explorer snapshot`.

The window is shown before the core is imported and the library opened (see run_app): at
start only Qt, pyqtgraph and the window's own modules are imported.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QSettings,
    QTimer,
)
from PySide6.QtWidgets import QWidget

from explorer.core.errors import ExplorerError
from explorer.ui.application import make_app as make_app  # where it lived: scripts import it
from explorer.ui.dialogs import Dialogs, ScriptedDialogs
from explorer.ui.display import require_display as require_display
from explorer.ui.main_window import MainWindow

if TYPE_CHECKING:
    from explorer.core.workspace import Workspace


def _chart(window: MainWindow, name: str) -> None:
    """Chart one concept in the Trends view and list the passages of its peak; a library of
    one period, whose Trends view shows trend cards, gets the chart too (one point)."""
    concept_graph, line = window.navigator.concept_graph, window.trends.line
    if concept_graph is None or line is None:
        raise ExplorerError("The timeline could not be prepared for the snapshot.")
    found = concept_graph.find_concept(name)
    window.trends.view.select_concepts([found])
    window.trends.view.show_timeline()
    series = next((c for c in line.concepts if c.id == found), None)
    if series is not None and series.peak:
        window.trends.view.point_selected.emit(found, series.peak)


def open_workspace(data_dir: Path | None) -> Workspace:
    """The Workspace over ``data_dir``, the core imported only now (on the task runner's
    worker, after the window is painted)."""
    from explorer.core.workspace import Workspace

    return Workspace(data_dir)


def open_window(
    data_dir: Path | None, settings: QSettings | None = None, dialogs: Dialogs | None = None
) -> MainWindow:
    """The main window, shown at once; it opens the library over ``data_dir`` once it is
    painted, and fills in then."""
    window = MainWindow(lambda: open_workspace(data_dir), dialogs=dialogs, settings=settings)
    window.show()
    return window


def run_app(data_dir: Path | None, paths: list[Path], theme: str = "system") -> int:
    """Open the main window (adding ``paths`` first, in the background) and run until quit."""
    require_display("Run it on a desktop, or use the command line: explorer --help.")
    app = make_app(theme)
    window = open_window(data_dir)
    if paths:
        QTimer.singleShot(0, lambda: window.open_paths(paths))
    return int(app.exec())


def build_window(
    data_dir: Path | Workspace | None,
    settings_path: Path | None = None,
    dialogs: Dialogs | None = None,
) -> MainWindow:
    """The main window on the caller's QApplication, not shown, for tests and scripts, over
    the data folder ``data_dir`` (or a Workspace already open on it, handed to the window).

    Questions are answered "not now" unless ``dialogs`` is given; window state goes to
    ``settings_path`` (an INI file), or to a file of this process's that is removed at exit,
    never to the user's own settings."""
    if settings_path is None:
        folder = Path(tempfile.mkdtemp(prefix="trend-explorer-settings-"))
        atexit.register(shutil.rmtree, folder, True)
        settings_path = folder / "settings.ini"
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    from explorer.core.workspace import Workspace

    workspace = data_dir if isinstance(data_dir, Workspace) else Workspace(data_dir)
    return MainWindow(workspace, dialogs=dialogs or ScriptedDialogs(), settings=settings)


def snapshot(
    data_dir: Path | None,
    output: Path,
    size: tuple[int, int],
    query: str | None,
    focus: str | None,
    theme: str = "light",
    view: str = "main",
    concept: str | None = None,
    colour: str | None = None,
    *,
    tab: str | None = None,
    show: str | None = None,
) -> tuple[int, int]:
    """Render the main window offscreen to a PNG, with a query typed and a concept focused;
    or its Trends view (``view="trends"``) with a concept charted and its peak's passages;
    the graph coloured by ``colour`` (kind, community, year or status); the left pane on its
    ``tab`` (search, notes, library or tours); with ``show``, the reader on that section and its
    report's outline beside it. Returns the picture's size: a window cannot be smaller than
    its panels' least sizes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from explorer.core.exports import write_export
    from explorer.core.workspace import Workspace, default_data_dir

    workspace = Workspace(data_dir)  # the check's and the window's: the report is read once
    if show:  # an unknown section is one sentence, not an empty reader
        workspace.section(show)  # before any window: nothing waits on it
    if view == "trends" and concept:  # an unknown concept is named as `explorer trends` names
        workspace.graph().find_concept(concept)  # it, whether the timeline comes or not
    app = make_app(theme)
    window = build_window(workspace)
    window.resize(*size)
    window.show()
    for _ in range(100):  # the graph loads in the background; wait for it to be shown
        QCoreApplication.processEvents()
        window.runner.wait()
        QCoreApplication.processEvents()
        if window.navigator.concept_graph is not None and not window.runner.busy():
            break
    if query:
        window.search_panel.set_query(query)
    if focus:
        concept_graph = window.navigator.concept_graph
        if concept_graph is None:
            raise ExplorerError("The concept graph could not be prepared for the snapshot.")
        window.navigator.focus(concept_graph.find_concept(focus), run_search=not query)
    if show:
        window.navigator.open_section(show)
    if colour:
        window.trends.bar.set_colouring(colour)
    if tab:
        panels: dict[str, QWidget] = {
            "search": window.search_panel,
            "notes": window.notes_panel,
            "library": window.library.panel,
            "tours": window.tours.panel,
        }
        window.left_tabs.setCurrentWidget(panels[tab])
    if view == "trends":
        window.middle_tabs.setCurrentWidget(window.trends.view)
        if concept:
            _chart(window, concept)
    window.runner.wait()  # the search runs on the worker; its answer is queued to us
    QCoreApplication.processEvents()
    if window.graph_view.camera_moving():  # a focus eases the camera to its neighbourhood
        arrived = QEventLoop()
        window.graph_view.camera_arrived.connect(arrived.quit)
        QTimer.singleShot(2000, arrived.quit)
        arrived.exec()
    settle = QEventLoop()  # debounced work (graph labels) runs before the picture is taken
    QTimer.singleShot(400, settle.quit)
    settle.exec()
    image = window.grab()
    picture = QBuffer()
    picture.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(picture, "PNG"):
        raise ExplorerError(f"{output}: the picture could not be drawn.")
    write_export(bytes(picture.data().data()), output, data_dir or default_data_dir())
    window.close()
    app.processEvents()
    return image.width(), image.height()
