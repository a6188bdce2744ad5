"""Presenting from the window: F5 or View → Present runs the chosen tour full screen.

The tour's scenes are prepared on the worker; the presenter then runs in a window of its
own, on the other screen when there are two (this one shows the presenter console), so
the main window is exactly as it was when presenting ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QScreen
from PySide6.QtWidgets import QMenu

from explorer.ui.present.console import PresenterConsole
from explorer.ui.present.presenter import Presenter

if TYPE_CHECKING:
    from explorer.core.tours import Tour
    from explorer.core.workspace import Workspace
    from explorer.ui.present.scenes import Prepared
    from explorer.ui.window_parts import WindowParts


class PresentController(QObject):
    started = Signal(object)
    """The presenter is on screen (the Presenter)."""
    ended = Signal()

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.w = window
        self.presenter: Presenter | None = None
        self.console: PresenterConsole | None = None
        self.always_console = False  # a console even on one screen (for a rehearsal)
        self.screen_name: str | None = None  # the screen to present on; None: another one

    def present(self, tour: Tour | None = None) -> None:
        """Present `tour` (the library's default tour when None)."""
        if self.presenter is not None:
            self.presenter.activateWindow()
            return
        self.w.statusBar().showMessage("Preparing the tour…")

        def work(ws: Workspace, _task: object) -> Prepared:
            from explorer.ui.present.scenes import prepare

            return prepare(ws, tour or ws.default_tour())

        # On the build lane, after the graph: presents as soon as the library is ready.
        self.w.runner.build(work, self._show, self._failed, key="present")

    def _failed(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 10000)
        self.w.dialogs.error(self.w, "The tour cannot be presented", message)

    def _show(self, prepared: Prepared) -> None:
        if not prepared.scenes:
            self._failed(f"The tour “{prepared.tour.name}” has no stops yet; add some first.")
            return
        here, audience = self._screens()
        presenter = self.presenter = Presenter(prepared)
        presenter.left.connect(self._left)
        if audience is not here or self.always_console:
            console = self.console = PresenterConsole(presenter)
            if here is not None:
                console.setScreen(here)
                console.setGeometry(here.availableGeometry())
            console.show()
        presenter.present_on(audience)
        self.w.statusBar().clearMessage()
        self.started.emit(presenter)

    def _screens(self) -> tuple[QScreen | None, QScreen | None]:
        """The screen the window is on, and the one to present on: the one chosen in View →
        Present On, else another one if there is one."""
        here = self.w.screen()
        screens = QGuiApplication.screens()
        chosen = [s for s in screens if s.name() == self.screen_name]
        others = [s for s in screens if s is not here]
        return here, (chosen or others or [here])[0]

    def fill_screens_menu(self, menu: QMenu) -> None:
        """View → Present On: "Another screen" (the default), then every screen by name."""
        menu.clear()
        group = QActionGroup(menu)
        options: list[tuple[str | None, str]] = [(None, "Another Screen When There Is One")]
        options += [(s.name(), f"{s.name()} ({s.size().width()}×{s.size().height()})")
                    for s in QGuiApplication.screens()]  # fmt: skip
        for name, text in options:
            action = QAction(text, menu, checkable=True, checked=name == self.screen_name)
            action.triggered.connect(lambda _on=False, chosen=name: self._choose_screen(chosen))
            group.addAction(action)
            menu.addAction(action)

    def _choose_screen(self, name: str | None) -> None:
        self.screen_name = name

    def _left(self) -> None:
        presenter, console = self.presenter, self.console
        self.presenter = self.console = None
        if console is not None:
            console.close()
            console.deleteLater()
        if presenter is not None:
            presenter.deleteLater()
        QTimer.singleShot(0, self._back)  # once the presenter has gone from the screen

    def _back(self) -> None:
        self.w.activateWindow()
        self.w.raise_()
        self.ended.emit()
