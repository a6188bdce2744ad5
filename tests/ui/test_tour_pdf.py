"""A tour as a PDF of slides: one 16:9 page a stop, its picture, its words, nothing overlapping."""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageWriter,
    QPainter,
    QPdfWriter,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.core.errors import ExplorerError
from explorer.core.exports import write_export
from explorer.core.tours import Slide
from explorer.core.workspace import Workspace
from explorer.ui.draw.pdf import (
    MARGIN,
    RESOLUTION,
    SlideLayout,
    lay_out_slide,
    slide_writer,
    tour_pdf,
)
from explorer.ui.tasks import TaskRunner
from tests.ui.pdf_pages import Page, read_pages

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")
COLOURS = ("#c62828", "#2e7d32", "#1565c0", "#f9a825")
LONG = " ".join(f"word{n}" for n in range(600)) + " TAIL-OF-THE-TEXT"


def write_tour_pdf(path: Path, name: str, slides: list[Slide]) -> None:
    """The tour's PDF, written as every export is (the test's own data folder refused)."""
    write_export(tour_pdf(name, slides), path, Path(os.environ["EXPLORER_DATA_DIR"]))


def picture(colour: str, label: str, width: int = 480, height: int = 270) -> QImage:
    """A stop's rendering stand-in: a coloured field, a white panel, a label."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.fillRect(QRectF(width * 0.1, height * 0.2, width * 0.5, height * 0.4), QColor("white"))
    painter.setPen(QColor("black"))
    font = QFont()
    font.setPixelSize(max(10, height // 10))
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, width, height * 0.2), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return image


def png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    return bytes(data.data())


def rgb(image: QImage) -> bytes:
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    row = converted.width() * 3
    raw = bytes(converted.constBits())
    step = converted.bytesPerLine()
    return b"".join(raw[y * step : y * step + row] for y in range(converted.height()))


def slides(count: int = 3) -> tuple[list[Slide], list[QImage]]:
    images = [picture(COLOURS[n % 4], f"Stop {n + 1}") for n in range(count)]
    made = [
        Slide(
            number=n,
            title=f"Stop {n}: LoRA and friends",
            caption=f"Caption of stop {n}.\nA second line.",
            quote=f"Passage quoted at stop {n}.",
            source=f"Report {n} › Section · report-{n}#2.3",
            png=png(image),
        )
        for n, image in enumerate(images, start=1)
    ]
    return made, images


def test_each_slide_is_one_widescreen_page_with_its_picture_and_words(
    qapp: QApplication, tmp_path: Path
) -> None:
    made, images = slides(3)
    path = tmp_path / "tour.pdf"
    write_tour_pdf(path, "LoRA tour", made)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(PAGE_OBJECT.findall(pdf)) == 3
    pages = read_pages(pdf)
    assert [(p.width, p.height) for p in pages] == [(960.0, 540.0)] * 3  # 16:9 landscape
    for n, (page, image) in enumerate(zip(pages, images, strict=True), start=1):
        (shown,) = page.pictures
        assert (shown.width, shown.height) == (480, 270)
        assert shown.pixels == rgb(image)  # the very picture, not a lossy copy
        assert page.lines == [
            f"Stop {n}: LoRA and friends",
            f"Caption of stop {n}.",
            "A second line.",
            f"Passage quoted at stop {n}.",
            f"Report {n} › Section · report-{n}#2.3",
            f"LoRA tour · {n} / 3",
        ]
    first = pages[0].pictures[0].pixels
    assert len({first[i : i + 3] for i in range(0, len(first), 3)}) > 2  # not blank
    assert [p.name for p in path.parent.iterdir()] == ["tour.pdf"]  # no temp file left


@pytest.fixture
def device(qapp: QApplication) -> Iterator[tuple[QPdfWriter, QRectF]]:
    """A slide page to lay out on (the writer goes before the buffer it writes to)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = slide_writer(buffer, "t")
    yield writer, QRectF(writer.pageLayout().fullRectPixels(RESOLUTION))
    del writer
    buffer.close()


def boxes(layout: SlideLayout, writer: QPdfWriter) -> list[QRectF]:
    found = []
    for line in layout.lines:
        metrics = QFontMetricsF(line.font, writer)
        found.append(
            QRectF(line.origin, QSizeF(metrics.horizontalAdvance(line.text), metrics.height()))
        )
    return found


def assert_nothing_overlaps(layout: SlideLayout, writer: QPdfWriter, page: QRectF) -> None:
    inside = page.adjusted(1, 1, -1, -1)
    picture = layout.picture
    assert inside.contains(picture)
    for box in boxes(layout, writer):
        assert inside.contains(box), "a line off the page"
        assert not box.intersects(picture), "a line over the picture"
    if layout.quote_box is not None:
        quote = layout.quote_box
        assert inside.contains(quote) and not quote.intersects(picture)
        for box in boxes(layout, writer):
            assert quote.contains(box) or not quote.intersects(box), "a line half in the quote"
    tops = [box.top() for box in boxes(layout, writer)]
    heights = [box.height() for box in boxes(layout, writer)]
    for top, height, following in zip(tops, heights, tops[1:], strict=False):
        assert following >= top + height - 0.5, "two lines on top of each other"


@pytest.mark.parametrize("size", [(1920, 1080), (400, 1600), (3000, 500)])
def test_long_words_are_cut_with_an_ellipsis_and_never_cover_the_picture(
    device: tuple[QPdfWriter, QRectF], size: tuple[int, int]
) -> None:
    slide = Slide(1, "Title " + LONG, LONG, LONG, "Source " + LONG, b"")
    writer, page = device
    layout = lay_out_slide(slide, QSizeF(*size), page, "A tour · 1 / 1", writer)
    assert_nothing_overlaps(layout, writer, page)
    texts = [line.text for line in layout.lines]
    assert texts[-1] == "A tour · 1 / 1"
    assert sum(text.endswith("…") for text in texts) == 4  # title, caption, quote, source
    assert not any("TAIL-OF-THE-TEXT" in text for text in texts)
    room = layout.picture.height() > 0.45 * page.height()  # the picture keeps the most room
    assert room or layout.picture.width() == pytest.approx(page.width() - 2 * MARGIN)
    ratio = layout.picture.width() / layout.picture.height()
    assert ratio == pytest.approx(size[0] / size[1], rel=1e-3)


def test_short_words_give_the_picture_more_room(device: tuple[QPdfWriter, QRectF]) -> None:
    writer, page = device
    brief = lay_out_slide(
        Slide(1, "Only a title", "", "", "", b""), QSizeF(16, 9), page, "", writer
    )
    wordy = lay_out_slide(Slide(1, "T", LONG, LONG, "S", b""), QSizeF(16, 9), page, "", writer)
    assert brief.quote_box is None and brief.picture.height() > wordy.picture.height() + 100
    assert_nothing_overlaps(brief, writer, page)


def test_hostile_words_are_drawn_as_they_are_and_the_pdf_runs_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    title = "</style><script>alert(1)</script>"
    quote = "<img src=http://x onerror=alert(2)> (\\) %%EOF endobj"
    made = [Slide(1, title, "مرحبا RTL", quote, "/JavaScript (x)", png(picture("#000000", "x")))]
    write_tour_pdf(tmp_path / "h.pdf", f"{title} tour", made)
    pdf = (tmp_path / "h.pdf").read_bytes()
    (page,) = read_pages(pdf)
    assert page.lines[0] == title and quote in page.lines and "/JavaScript (x)" in page.lines
    shaped = [unicodedata.normalize("NFKC", line) for line in page.lines]
    assert "مرحبا" in shaped and "RTL" in shaped  # drawn as two runs, one a script
    for active in (b"/JavaScript", b"/JS", b"/URI", b"/Launch", b"/OpenAction", b"/AA"):
        assert active not in pdf


def test_a_picture_that_cannot_be_read_leaves_a_blank_and_the_words(
    qapp: QApplication, tmp_path: Path
) -> None:
    made, _ = slides(2)
    broken = Slide(2, made[1].title, made[1].caption, made[1].quote, made[1].source, b"not a png")
    write_tour_pdf(tmp_path / "b.pdf", "Tour", [made[0], broken])
    first, second = read_pages((tmp_path / "b.pdf").read_bytes())
    assert len(first.pictures) == 1 and second.pictures == []
    assert second.lines[0] == "Stop 2: LoRA and friends"


def test_the_pdf_is_written_on_the_task_runner_thread(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    made, _ = slides(4)
    runner = TaskRunner(Workspace(tmp_path / "data"))
    threads: list[int] = []
    answers: list[object] = []

    def export(_ws: Workspace, _task: object) -> Path:
        threads.append(threading.get_ident())
        write_tour_pdf(tmp_path / "worker.pdf", "Worker tour", made)
        return tmp_path / "worker.pdf"

    runner.export(export, answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=60_000)
    assert answers == [tmp_path / "worker.pdf"]
    assert threads and threads[0] != threading.main_thread().ident
    pages: list[Page] = read_pages((tmp_path / "worker.pdf").read_bytes())
    assert [p.lines[-1] for p in pages] == [f"Worker tour · {n} / 4" for n in range(1, 5)]


def test_no_slides_or_no_place_to_write_get_one_sentence(
    qapp: QApplication, tmp_path: Path
) -> None:
    with pytest.raises(ExplorerError, match="no stops"):
        write_tour_pdf(tmp_path / "empty.pdf", "Empty", [])
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(ExplorerError, match="could not be written"):
        write_tour_pdf(tmp_path / "file" / "t.pdf", "Tour", slides(1)[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
