"""Notes as a PDF: Qt lays out the same HTML page the HTML export writes, on A4.

Qt's own PDF writer, so nothing else is needed; it works offscreen (the caller sets
QT_QPA_PLATFORM=offscreen where there is no display). The text document never loads a
resource: images, style sheets and files named in the HTML come back blank or empty.

Qt's rich text is reentrant, so this may run on a worker thread, as long as a
QGuiApplication was made on the main thread first (write_pdf makes one only when none exists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from explorer.core.errors import ExplorerError
from explorer.core.notes import write_export

BODY_POINTS = 10.5
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica", "Arial"]
"""The fonts the PDFs ask for, the first one installed wins."""
MARGIN_MM = 0.0
"""QTextDocument.print_ already keeps 2 cm clear on every side (and puts the page number in
the bottom one), so the writer's own margins stay at zero: 2 cm in all."""

_made_here: list[QGuiApplication] = []
"""The application write_pdf had to make, kept alive for the rest of the process."""


class OfflineDocument(QTextDocument):
    """A text document that loads nothing: every image it names is blank, every style sheet empty.

    Answering "nothing" is not enough: when a resource comes back empty, Qt's image handler
    loads the file itself. So images get a transparent pixel instead (also for the copy of
    the document that ``print_`` lays out, which asks its parent, this document)."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        if type == QTextDocument.ResourceType.ImageResource.value:
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(0)
            return blank
        return ""


def write_pdf(html: str, path: Path) -> None:
    """Lay out the HTML on A4 pages and write the PDF atomically to path."""
    ensure_gui_application()
    document = OfflineDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BODY_POINTS)
    document.setDefaultFont(font)
    document.setHtml(html)
    write_export(pdf_bytes(document), path)


def pdf_bytes(document: QTextDocument) -> bytes:
    """The document printed to an in-memory PDF (A4, page numbers at the bottom)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("Trend Explorer")
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def ensure_gui_application() -> None:
    """Text layout needs fonts, so a QGuiApplication; make one if this process has none."""
    app = QCoreApplication.instance()
    if app is None:
        _made_here.append(QGuiApplication(["trend-explorer"]))
    elif not isinstance(app, QGuiApplication):
        raise ExplorerError(
            "PDF export needs Qt's graphical application, but this process started a "
            "console-only one; export to HTML instead."
        )
