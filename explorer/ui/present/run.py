"""Presenting a tour without the main window: `explorer present`. The caller makes the
application first (explorer.ui.app.make_app). Exporting one: explorer.ui.draw.render_export."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from explorer.core.errors import ExplorerError
from explorer.core.tours import Tour
from explorer.core.workspace import Workspace
from explorer.ui.present.console import PresenterConsole
from explorer.ui.present.presenter import Presenter
from explorer.ui.present.scenes import prepare


def present(ws: Workspace, tour: Tour, screen: int | None = None) -> int:
    """Run the tour full screen until the presenter leaves (Esc); 0 when it ends well."""
    if not tour.stops:
        raise ExplorerError(f"The tour “{tour.name}” has no stops yet; add some in the window.")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("make the application first: explorer.ui.app.make_app")
    prepared = prepare(ws, tour)  # before anything is on screen: nothing waits on it
    screens = QGuiApplication.screens()
    if screen is not None and not 1 <= screen <= len(screens):
        raise ExplorerError(f"There is no screen {screen}; this computer has {len(screens)}.")
    audience = screens[screen - 1] if screen is not None else screens[-1]
    presenter = Presenter(prepared)
    if len(screens) > 1:
        console = PresenterConsole(presenter)
        here = next(s for s in screens if s is not audience)
        console.setScreen(here)
        console.setGeometry(here.availableGeometry())
        console.show()
    presenter.left.connect(app.quit)
    presenter.present_on(audience)
    return int(app.exec())
