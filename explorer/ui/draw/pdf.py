"""The one PDF writer: notes on A4 pages, and a tour as 16:9 slides, each as bytes.

Qt's own PDF writer, so nothing else is needed; it works offscreen (the caller sets
QT_QPA_PLATFORM=offscreen where there is no display). Writing the bytes to a file is the
guarded writer's (explorer.core.exports.write_export), never this module's.

Notes: Qt lays out the same HTML page the HTML export writes, on A4. The text document never
loads a resource: images, style sheets and files named in the HTML come back blank or empty.

Tours: each page is a widescreen slide (13.33 × 7.5 in, 960 × 540 pt). The stop's picture is
scaled to fit the upper part; under it come the title, the caption, and the evidence quote
with its source; a footer names the tour and the slide's place. The words get at most about
two fifths of the page, each piece a few lines; what does not fit is cut at a word with "…",
so nothing is ever drawn over the picture or off the page. Pictures are stored losslessly:
screenshots of graphs keep their small labels sharp, and come out smaller than as JPEG.

Qt's rich text is reentrant and QPainter may paint a QPdfWriter on a worker thread, so both
may run on a worker, as long as a QGuiApplication was made on the main thread first
(ensure_gui_application makes one only when the process has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextLayout,
    QTextOption,
)

from explorer.core.errors import ExplorerError
from explorer.core.tours import Slide

FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica", "Arial"]
"""The fonts the PDFs ask for, the first one installed wins."""

_made_here: list[QGuiApplication] = []
"""The application ensure_gui_application had to make, kept alive for the rest of the process."""


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


# ---- notes: the HTML page on A4 ---------------------------------------------------------

BODY_POINTS = 10.5
NOTES_MARGIN_MM = 0.0
"""QTextDocument.print_ already keeps 2 cm clear on every side (and puts the page number in
the bottom one), so the writer's own margins stay at zero: 2 cm in all."""


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


def notes_pdf(html: str) -> bytes:
    """The notes' HTML page laid out on A4 pages, as a PDF's bytes."""
    ensure_gui_application()
    document = OfflineDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BODY_POINTS)
    document.setDefaultFont(font)
    document.setHtml(html)
    return pdf_bytes(document)


def pdf_bytes(document: QTextDocument) -> bytes:
    """The document printed to an in-memory PDF (A4, page numbers at the bottom)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("Trend Explorer")
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    margin = NOTES_MARGIN_MM
    writer.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Millimeter)
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


# ---- tours: one 16:9 slide a stop --------------------------------------------------------

SLIDE_MM = (338.667, 190.5)
"""PowerPoint's widescreen slide, 16:9, in millimetres (width, height)."""
RESOLUTION = 300
"""Device pixels per inch of the painter's coordinates (the PDF itself is vector)."""
PT = RESOLUTION / 72
"""Device pixels per point."""
MARGIN = 24 * PT
GAP = 8 * PT
QUOTE_PAD = 6 * PT
QUOTE_BAR = 3 * PT
WORDS_SHARE = 0.42
"""At most this much of the page's height goes to the words under the picture."""
INK, MUTED, QUOTE_FILL, QUOTE_EDGE, FRAME = "#1f2328", "#59636e", "#fff8e1", "#d4a72c", "#d0d7de"
"""Colours by name: Qt objects stay out of module globals."""


@dataclass(frozen=True)
class Piece:
    """One run of words under the picture: its text, how it looks, and its most lines."""

    text: str
    points: float
    max_lines: int
    colour: str
    bold: bool = False
    italic: bool = False
    quote: bool = False


@dataclass(frozen=True)
class Line:
    """One line of text and the top-left corner of its box."""

    text: str
    font: QFont
    colour: str
    origin: QPointF


@dataclass(frozen=True)
class SlideLayout:
    """Where everything of one page goes, in device pixels."""

    picture: QRectF
    lines: tuple[Line, ...]
    quote_box: QRectF | None


def tour_pdf(name: str, slides: Sequence[Slide]) -> bytes:
    """The slides drawn into an in-memory PDF, one page each."""
    if not slides:
        raise ExplorerError("This tour has no stops, so there are no slides to export.")
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = slide_writer(buffer, name)
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
        page = QRectF(writer.pageLayout().fullRectPixels(RESOLUTION))
        for n, slide in enumerate(slides, start=1):
            if n > 1:
                writer.newPage()
            image = QImage()
            image.loadFromData(slide.picture, "PNG")  # unreadable: a framed blank
            footer = f"{name} · {n} / {len(slides)}"
            layout = lay_out_slide(slide, QSizeF(image.size()), page, footer, writer)
            draw_slide(painter, layout, image)
    finally:
        painter.end()  # a painter left active on its device would crash the process
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def slide_writer(device: QIODevice, title: str) -> QPdfWriter:
    """A PDF writer of 16:9 landscape pages without margins, at RESOLUTION."""
    writer = QPdfWriter(device)
    writer.setCreator("Trend Explorer")
    writer.setTitle(title)
    writer.setResolution(RESOLUTION)
    width, height = SLIDE_MM
    upright = QSizeF(height, width)  # a page size is given upright; the layout turns it
    size = QPageSize(
        upright, QPageSize.Unit.Millimeter, "Slide 16:9", QPageSize.SizeMatchPolicy.ExactMatch
    )
    writer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Landscape, QMarginsF(), QPageLayout.Unit.Point)
    )
    return writer


def lay_out_slide(
    slide: Slide, picture_size: QSizeF, page: QRectF, footer: str, device: QPaintDevice
) -> SlideLayout:
    """The picture fitted to the top of the page, centred; the words right under it; the
    footer at the bottom right. The words are laid out first: they take what they need of
    their share of the page, and the picture the rest."""
    body = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    footers = _footer(footer, body, device)
    if footers:
        body.setBottom(footers[0].origin.y() - GAP)
    words, words_height, quote_box = lay_out_words(
        slide, body.width(), body.height() * WORDS_SHARE, device
    )
    area = body.adjusted(0, 0, 0, -(words_height + GAP if words else 0.0))
    size = picture_size if not picture_size.isEmpty() else QSizeF(16, 9)
    size = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    picture = QRectF(QPointF(area.left() + (area.width() - size.width()) / 2, area.top()), size)
    offset = QPointF(body.left(), picture.bottom() + GAP)
    lines = [replace(line, origin=line.origin + offset) for line in words]
    box = quote_box.translated(offset) if quote_box is not None else None
    return SlideLayout(picture, (*lines, *footers), box)


def _footer(text: str, body: QRectF, device: QPaintDevice) -> list[Line]:
    """The footer's line at the bottom right of ``body`` (none for no text)."""
    font = _font(Piece(text, 8.5, 1, MUTED))
    metrics = QFontMetricsF(font, device)
    return [
        Line(shown, font, MUTED, QPointF(body.right() - metrics.horizontalAdvance(shown), top))
        for shown in wrap(text, font, body.width(), 1, device)
        for top in [body.bottom() - metrics.height()]
    ]


def draw_slide(painter: QPainter, layout: SlideLayout, image: QImage) -> None:
    """One page as laid out: the picture in a thin frame, the quote's box, the lines."""
    if not image.isNull():
        painter.drawImage(layout.picture, image)
    painter.setPen(QPen(QColor(FRAME), 0.75 * PT))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(layout.picture)
    if layout.quote_box is not None:
        box = layout.quote_box
        painter.fillRect(box, QColor(QUOTE_FILL))
        painter.fillRect(QRectF(box.left(), box.top(), QUOTE_BAR, box.height()), QColor(QUOTE_EDGE))
    for line in layout.lines:
        painter.setFont(line.font)
        painter.setPen(QColor(line.colour))
        ascent = QFontMetricsF(line.font, painter.device()).ascent()
        painter.drawText(line.origin + QPointF(0, ascent), line.text)


def lay_out_words(
    slide: Slide, width: float, budget: float, device: QPaintDevice
) -> tuple[list[Line], float, QRectF | None]:
    """The lines of the words under the picture within ``budget`` of height, their height,
    and the box behind the quote, all from the words' top-left corner. Each piece gets up
    to its most lines while the pieces after it keep room for one line each."""
    pieces = [
        Piece(slide.title, 20, 2, INK, bold=True),
        Piece(slide.caption, 12.5, 4, INK),
        Piece(slide.quote, 11.5, 4, INK, italic=True, quote=True),
        Piece(slide.source, 9, 1, MUTED),
    ]
    pieces = [p for p in pieces if p.text.strip()]
    lines: list[Line] = []
    quote_box: QRectF | None = None
    y = 0.0
    for index, piece in enumerate(pieces):
        font = _font(piece)
        height = QFontMetricsF(font, device).height()
        pad = QUOTE_PAD if piece.quote else 0.0
        later = sum(_least(p, device) + GAP for p in pieces[index + 1 :])
        room = int((budget - y - later - 2 * pad) // height)
        if room < 1:
            continue
        indent = QUOTE_BAR + QUOTE_PAD if piece.quote else 0.0
        texts = wrap(piece.text, font, width - 2 * indent, min(room, piece.max_lines), device)
        top = y + pad
        lines += [
            Line(text, font, piece.colour, QPointF(indent, top + i * height))
            for i, text in enumerate(texts)
        ]
        if piece.quote:
            quote_box = QRectF(0, y, width, len(texts) * height + 2 * pad)
        y = top + len(texts) * height + pad + GAP
    return lines, max(0.0, y - GAP), quote_box


def wrap(text: str, font: QFont, width: float, max_lines: int, device: QPaintDevice) -> list[str]:
    """The text broken into lines of ``width`` at word boundaries (anywhere in a word too long
    for a line), paragraphs kept; past ``max_lines``, the last line ends with "…"."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        words = " ".join(paragraph.split())
        if not words:
            continue
        layout = QTextLayout(words, font, device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(words[line.textStart() : line.textStart() + line.textLength()].strip())
        layout.endLayout()
    if len(lines) <= max_lines:
        return lines
    rest = " ".join(lines[max_lines - 1 :])
    last = QFontMetricsF(font, device).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [*lines[: max_lines - 1], last]


def _least(piece: Piece, device: QPaintDevice) -> float:
    """The height of a piece at one line."""
    pad = 2 * QUOTE_PAD if piece.quote else 0.0
    return QFontMetricsF(_font(piece), device).height() + pad


def _font(piece: Piece) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(piece.points)
    font.setBold(piece.bold)
    font.setItalic(piece.italic)
    return font
