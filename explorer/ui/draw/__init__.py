"""Exports that Qt must draw: the notes as a PDF, a tour's pictures, slide PDF and web page.

``render_export`` is the one door to them: the command line imports nothing else of the
window (an import-linter contract in pyproject.toml keeps it so), and the window uses it too.
It returns the files' bytes; writing them is the guarded writer's, as for every export
(``explorer.core.exports.write_export`` and ``write_export_folder``). Qt is loaded only when
something is drawn, so importing this module costs the command line nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.core.errors import ExplorerError
from explorer.core.exports import ExportFormat, export_format
from explorer.core.notes import safe_filename
from explorer.core.wording import unnumbered

if TYPE_CHECKING:
    from explorer.core.tours import Tour
    from explorer.core.workspace import Workspace

__all__ = ["NotesPdf", "Rendered", "TourFiles", "render_export"]


@dataclass(frozen=True)
class NotesPdf:
    """The notes as a PDF: the page the HTML export writes (explorer.core.notes.export_html),
    laid out on A4."""

    html: str


@dataclass(frozen=True)
class TourFiles:
    """A tour's files: one PNG per stop at ``size`` (width, height); with ``pdf``, a slide PDF;
    with ``page``, one offline web page."""

    ws: Workspace
    tour: Tour
    size: tuple[int, int]
    pdf: bool = False
    page: bool = False


@dataclass(frozen=True)
class Rendered:
    """One drawn file: its format (explorer.core.exports), a file name for it (the name it
    gets in a folder export), and its bytes."""

    format: ExportFormat
    name: str
    data: bytes


def render_export(request: NotesPdf | TourFiles) -> list[Rendered]:
    """Draw the files an export asks for, with Qt; return them, in order, to be written by
    explorer.core.exports. The one function through which the command line reaches Qt.

    ``NotesPdf``: one PDF. It may run on a worker thread once the window (or this function,
    offscreen) has made the application on the main thread.
    ``TourFiles``: one PNG per stop, then the slide PDF and the web page if asked. Stops are
    drawn by the presenter, so this runs on the main thread; without an application (the
    command line) it makes one, offscreen unless a display is set up.
    Refusals (a tour with no stops) are ExplorerErrors of one sentence."""
    if isinstance(request, NotesPdf):
        _offscreen_unless_app()
        from explorer.ui.draw.pdf import notes_pdf

        fmt = export_format("notes", "pdf")
        return [
            Rendered(
                fmt, safe_filename("Trend Explorer notes", fmt.suffix), notes_pdf(request.html)
            )
        ]
    return _tour_files(request)


def _tour_files(request: TourFiles) -> list[Rendered]:
    tour = request.tour
    if not tour.stops:
        raise ExplorerError(f"The tour “{tour.name}” has no stops to export.")
    _offscreen_unless_app()
    from PySide6.QtWidgets import QApplication

    from explorer.ui.application import make_app
    from explorer.ui.present.export import render_slides
    from explorer.ui.present.scenes import prepare

    if not isinstance(QApplication.instance(), QApplication):
        make_app("light")
    prepared = prepare(request.ws, tour)
    slides = render_slides(prepared, request.size, figures=request.pdf or request.page)
    png = export_format("tour", "png")
    files = [
        Rendered(png, safe_filename(f"{s.number:02d} {unnumbered(s.title)}", png.suffix), s.png)
        for s in slides
    ]
    if request.pdf:
        from explorer.ui.draw.pdf import tour_pdf

        pdf = export_format("tour", "pdf")
        files.append(
            Rendered(pdf, safe_filename(tour.name, pdf.suffix), tour_pdf(tour.name, slides))
        )
    if request.page:
        from explorer.core.tours import tour_html

        page = export_format("tour", "html")
        html = tour_html(tour.name, slides).encode("utf-8")
        files.append(Rendered(page, safe_filename(tour.name, page.suffix), html))
    return files


def _offscreen_unless_app() -> None:
    """Pictures and PDFs need no display: where no application runs yet (the command line),
    Qt is told to draw offscreen unless the user chose a platform."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
