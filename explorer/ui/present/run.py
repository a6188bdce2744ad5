"""Presenting and exporting a tour without the main window: `explorer present` and
`explorer tour export`. The caller makes the application first (explorer.ui.app.make_app)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from explorer.core.errors import ExplorerError
from explorer.core.notes import safe_filename
from explorer.core.storage import atomic_write_bytes
from explorer.core.tours import Slide, Tour
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


def export(
    ws: Workspace,
    tour: Tour,
    folder: Path,
    size: tuple[int, int],
    pdf: Path | None = None,
    page: Path | None = None,
) -> list[Path]:
    """One PNG per stop in `folder` (01-<title>.png …), and a slide PDF and an HTML page if
    asked; returns the files written."""
    from explorer.ui.present.export import render_slides

    if not tour.stops:
        raise ExplorerError(f"The tour “{tour.name}” has no stops to export.")
    if folder.exists() and not folder.is_dir():
        raise ExplorerError(f"{folder} is a file; give a folder for the pictures.")
    prepared = prepare(ws, tour)
    slides = render_slides(prepared, size, figures=pdf is not None or page is not None)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slide in slides:
        name = safe_filename(f"{slide.number:02d} {slide.title}", "png")
        written.append(folder / name)
        atomic_write_bytes(written[-1], slide.png)
    if pdf is not None:
        written.append(_pdf(pdf, tour.name, slides))
    if page is not None:
        from explorer.core.tours import tour_html

        atomic_write_bytes(page, tour_html(tour.name, slides).encode("utf-8"))
        written.append(page)
    return written


def _pdf(path: Path, name: str, slides: list[Slide]) -> Path:
    from explorer.ui.present.pdf import write_tour_pdf

    write_tour_pdf(path, name, slides)
    return path
