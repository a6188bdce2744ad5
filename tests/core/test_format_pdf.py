"""PDF reports: what a user finds after adding one (sections, pages, clean text), and the
one sentence they get for a PDF that cannot be read. Small PDFs are written with Qt's PDF
writer (a QGuiApplication is needed for fonts)."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

from explorer.core.errors import RefusedFile
from explorer.core.reports import Report, parse_file, render_section
from explorer.core.reports.formats.pdf import child
from tests.conftest import corpus
from tests.core.locked_pdf import locked_pdf

Draw = Callable[[QPainter], None]
SCALE = 1200 / 72  # QPdfWriter's default resolution, in points


def _pdf(pages: list[Draw]) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for n, draw in enumerate(pages):
        if n:
            writer.newPage()
        draw(painter)
    painter.end()
    buffer.close()
    return bytes(data.data())


def _write(painter: QPainter, x: float, y: float, text: str, size: float = 10) -> None:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(size)
    painter.setFont(font)
    painter.drawText(QPointF(x * SCALE, y * SCALE), text)


def _ruled(painter: QPainter, x: float, y: float, words: list[str], rise: float = 0) -> None:
    """Words set apart by drawn rules, as TeX sets an underscore in a text font; the rules
    sit on the baseline, or ``rise`` points above it."""
    _write(painter, x, y, "")
    at = x * SCALE
    for n, word in enumerate(words):
        if n:
            rule = QRectF(at + 0.5 * SCALE, (y - rise - 0.6) * SCALE, 5 * SCALE, 0.8 * SCALE)
            painter.fillRect(rule, QColor("black"))
            at += 6 * SCALE
        painter.drawText(QPointF(at, y * SCALE), word)
        at += painter.fontMetrics().horizontalAdvance(word)


def _dated(data: bytes, created: str | None, modified: str | None) -> bytes:
    """Qt's PDF with its info dates replaced (by at most as long a "D:…", padded) or, for
    None, taken out (blanked: the cross-reference offsets stay true)."""
    for key, value in ((b"CreationDate", created), (b"ModDate", modified)):
        entry = re.search(rb"/" + key + rb" \((D:\d{14}Z)\)", data)
        assert entry is not None
        if value is None:
            new = b" " * len(entry.group())
        else:
            new = entry.group().replace(entry.group(1), value.ljust(17).encode())
        assert len(new) == len(entry.group())
        data = data[: entry.start()] + new + data[entry.end() :]
    return data


def _add(tmp_path: Path, name: str, data: bytes) -> Report:
    path = tmp_path / name
    path.write_bytes(data)
    return parse_file(path)


@pytest.fixture(scope="module")
def manual() -> Report:
    return parse_file(corpus("docs-mix") / "libtasn1.pdf")


def test_the_manuals_bookmarks_are_its_sections_with_their_levels(manual: Report) -> None:
    titles = [(s.title, s.level) for s in manual.sections]
    assert ("1 Introduction", 1) in titles
    assert ("2 ASN.1 structure handling", 1) in titles
    naming = next(s for s in manual.sections if s.title == "Naming")
    assert naming.level == 2
    assert manual.breadcrumb(naming.id) == "2 ASN.1 structure handling › Naming"
    assert manual.title == "Libtasn1"
    assert manual.date == "2025-02-08"


def test_every_passage_knows_the_label_printed_on_its_page(manual: Report) -> None:
    passages = [p for s in manual.sections for p in s.passages]
    assert all(p.page is not None for p in passages)
    assert passages[0].page == "T-1"  # the title page
    naming = next(s for s in manual.sections if s.title == "Naming")
    assert naming.passages[0].page == "3"
    assert all(manual.text[p.start : p.end] == p.text for p in passages)
    assert not any("<!-- page" in p.text for p in passages)


def test_running_headers_and_page_numbers_are_gone_and_hyphenated_words_joined(
    manual: Report,
) -> None:
    words = " ".join(p.text for s in manual.sections for p in s.passages)
    assert "Chapter 2: ASN.1 structure handling" not in words
    assert "manipulation" in words and "management" in words
    assert "manip-ulation" not in words


def test_the_reader_never_shows_a_page_marker(manual: Report) -> None:
    colours = {"muted": "#888", "link": "#00f", "mark": "#ff0"}
    crossing = next(s for s in manual.sections if "<!-- page" in manual.text[s.start : s.end])
    page = render_section(manual, crossing, {}, None, colours)
    assert "label=" not in page.text and "<!--" not in page.html
    assert "library for the GNU system" in page.text  # the words of both pages
    assert "This manual is for GNU Libtasn1" in page.text


def test_two_columns_are_read_one_after_the_other(qapp: object, tmp_path: Path) -> None:
    def page(painter: QPainter) -> None:
        for i in range(20):  # drawn row by row: the file's order is not the reading order
            _write(painter, 40, 80 + 14 * i, f"Apples line {i} of the left column.")
            _write(painter, 310, 80 + 14 * i, f"Pears line {i} of the right column.")

    report = _add(tmp_path, "columns.pdf", _pdf([page]))
    text = " ".join(p.text for s in report.sections for p in s.passages)
    assert text.index("Apples line 19") < text.index("Pears line 0")
    assert "Apples line 3 of the left column. Apples line 4" in text


def test_a_page_of_a_title_and_one_row_below_it_is_read(qapp: object, tmp_path: Path) -> None:
    """Under the top line, the page's other lines share one row: there is no spacing of rows
    to tell a running header by, and the page is read all the same (found by fuzzing)."""

    def page(painter: QPainter) -> None:
        _write(painter, 50, 80, "Quarterly figures")
        _write(painter, 50, 300, "Revenue")
        _write(painter, 400, 300, "Costs")

    report = _add(tmp_path, "cover.pdf", _pdf([page]))
    text = " ".join(p.text for s in report.sections for p in s.passages)
    assert "Revenue" in text and "Costs" in text


def test_without_an_outline_large_type_makes_the_headings(qapp: object, tmp_path: Path) -> None:
    def page(painter: QPainter) -> None:
        _write(painter, 50, 80, "Market outlook", 20)
        _write(painter, 50, 120, "Demand grew in every region we watched this year.")
        _write(painter, 50, 160, "Supply chains", 15)
        _write(painter, 50, 200, "Shipping costs fell after the spring; stock rose.")
        _write(painter, 50, 214, "Ports were busy and prices held through the summer.")

    report = _add(tmp_path, "outlook.pdf", _pdf([page]))
    assert report.title == "Market outlook"
    assert [s.title for s in report.sections] == ["Market outlook", "Supply chains"]
    assert "\n## Supply chains\n" in report.text  # a size smaller: a level lower


def test_without_outline_or_headings_each_page_is_a_section(qapp: object, tmp_path: Path) -> None:
    def page(n: int) -> Draw:
        def draw(painter: QPainter) -> None:
            _write(painter, 50, 100, f"Plain words on plain page {'ABC'[n]}, none larger.")
            _write(painter, 50, 114, f"A second line of the same size on page {'ABC'[n]}.")

        return draw

    report = _add(tmp_path, "plain.pdf", _pdf([page(0), page(1), page(2)]))
    assert [s.title for s in report.sections][-3:] == ["Page 1", "Page 2", "Page 3"]
    assert [s.passages[0].page for s in report.sections][-3:] == ["1", "2", "3"]


def test_underscores_drawn_as_rules_or_breaking_a_line_are_read_in_the_name(
    qapp: object, tmp_path: Path
) -> None:
    def page(painter: QPainter) -> None:
        _write(painter, 50, 80, "The functions of the library, by name:")
        _ruled(painter, 50, 100, ["asn1", "length", "der"])
        _ruled(painter, 50, 120, ["a", "rule", "higher", "up"], rise=3.5)  # no underscore
        _write(painter, 50, 140, "Underlined words stay apart.")
        underline = QRectF(50 * SCALE, 140.4 * SCALE, 120 * SCALE, 0.8 * SCALE)
        painter.fillRect(underline, QColor("black"))
        _write(painter, 50, 180, "Names in code are broken after an underscore: ASN1_")
        _write(painter, 50, 194, "MAX_SIZE is one name. Sign here: ____")
        _write(painter, 50, 208, "Date and place.")

    report = _add(tmp_path, "api.pdf", _pdf([page]))
    colours = {"muted": "#888", "link": "#00f", "mark": "#ff0"}
    text = render_section(report, report.sections[0], {}, None, colours).text
    assert "asn1_length_der" in text
    assert "a rule higher up" in text and "Underlined words stay apart." in text
    assert "underscore: ASN1_MAX_SIZE is one name. Sign here: ____ Date and place." in text


def _cover(*lines: str) -> Draw:
    def draw(painter: QPainter) -> None:
        _write(painter, 50, 80, "Annual market review", 20)
        for i, line in enumerate(lines):
            _write(painter, 50, 120 + 14 * i, line)

    return draw


def test_without_a_date_in_its_metadata_a_pdf_takes_the_first_on_its_first_page(
    qapp: object, tmp_path: Path
) -> None:
    first = _cover("Prepared by the research desk", "Published 31 January 2024, Berlin")
    second = _cover("Revised edition of March 12, 2025")
    data = _dated(_pdf([first, second]), None, None)
    assert _add(tmp_path, "review.pdf", data).date == "2024-01-31"
    for printed, date in (
        ("Issue date: January 5, 2023", "2023-01-05"),
        ("Draft 2022-11-30 for comment", "2022-11-30"),
        ("March 2023", "2023-03-01"),  # a month: its first day, as a month in front matter
        ("Due 31 February 2024, or in May 2024", "2024-05-01"),  # no such day: not a date
    ):
        report = _add(tmp_path, "cover.pdf", _dated(_pdf([_cover(printed)]), None, "D:19xx"))
        assert report.date == date, printed


def test_a_pdf_with_no_date_in_its_metadata_or_on_its_first_page_has_none(
    qapp: object, tmp_path: Path
) -> None:
    first = _cover("We may 2024 see more; 01/02/2024 is not read (which is the month?)")
    second = _cover("Published 31 January 2024")  # not the cover: not its date
    assert _add(tmp_path, "review.pdf", _dated(_pdf([first, second]), None, None)).date is None


def test_a_date_in_the_metadata_wins_over_the_printed_one(qapp: object, tmp_path: Path) -> None:
    cover = _cover("Published 31 January 2024")
    created = _dated(_pdf([cover]), "D:20190704120000Z", "D:20200101120000Z")
    assert _add(tmp_path, "created.pdf", created).date == "2019-07-04"
    modified = _dated(_pdf([cover]), None, "D:20200315120000Z")
    assert _add(tmp_path, "modified.pdf", modified).date == "2020-03-15"


def test_a_pdf_locked_with_a_password_is_refused_in_one_sentence(tmp_path: Path) -> None:
    data = locked_pdf("Quarterly revenue rose in every region.", "Q3", "secret", "owner")
    assert b"Quarterly" not in data and b"Q3" not in data  # encrypted, not merely flagged
    with pytest.raises(RefusedFile, match=r"^.*locked\.pdf: is encrypted; add an unlocked copy\.$"):
        _add(tmp_path, "locked.pdf", data)


def test_a_pdf_anyone_may_open_is_read_though_it_is_encrypted(tmp_path: Path) -> None:
    """An empty user password: any viewer opens it without asking, so the app reads it."""
    data = locked_pdf("Quarterly revenue rose in every region.", "Q3 figures", "", "owner")
    assert b"Quarterly" not in data and b"figures" not in data
    report = _add(tmp_path, "protected.pdf", data)
    assert report.title == "Q3 figures"
    assert report.sections[0].passages[0].text == "Quarterly revenue rose in every region."


def test_a_scan_is_refused_saying_ocr_is_not_included(qapp: object, tmp_path: Path) -> None:
    def page(painter: QPainter) -> None:
        image = QImage(200, 100, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter.drawImage(QPointF(100, 100), image)

    with pytest.raises(RefusedFile, match=r"scan\.pdf: is a scanned PDF .*OCR is not included"):
        _add(tmp_path, "scan.pdf", _pdf([page]))


def test_a_damaged_pdf_is_refused_in_one_sentence(tmp_path: Path) -> None:
    data = (corpus("docs-mix") / "libtasn1.pdf").read_bytes()
    with pytest.raises(RefusedFile, match=r"^.*broken\.pdf: is damaged and cannot be read"):
        _add(tmp_path, "broken.pdf", b"%PDF-1.5\n" + data[2000:3000])


def _crash(data: bytes) -> str:
    os._exit(1)


def _hang(data: bytes) -> str:
    time.sleep(600)
    return ""


def _hang_once_started(data: bytes) -> str:
    """Says it runs (its pid in the file named by ``data``), then hangs."""
    Path(data.decode()).write_text(str(os.getpid()))
    time.sleep(600)
    return ""


def test_a_reader_that_crashes_costs_that_file_only() -> None:
    assert child.run(b"%PDF", work=_crash) == ("crashed", "")
    assert not multiprocessing.active_children()


def test_a_reader_that_hangs_is_stopped_and_leaves_no_process() -> None:
    assert child.run(b"%PDF", work=_hang, seconds=2) == ("time", "")
    assert not multiprocessing.active_children()


def test_a_cancelled_read_stops_its_reader_at_once_and_leaves_no_process(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def cancelled() -> bool:  # the user cancels once the reader is at work
        return started.exists()

    result = child.run(str(started).encode(), work=_hang_once_started, cancelled=cancelled)
    assert result == ("cancelled", "")  # not its time limit (ten minutes and more)
    assert not multiprocessing.active_children()
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)


def test_ctrl_c_during_a_read_stops_its_reader_too(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def cancelled() -> bool:  # Ctrl+C arrives while the reader is at work
        if started.exists():
            raise KeyboardInterrupt
        return False

    with pytest.raises(KeyboardInterrupt):
        child.run(str(started).encode(), work=_hang_once_started, cancelled=cancelled)
    assert not multiprocessing.active_children()
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)
