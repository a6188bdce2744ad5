"""Pages in the reader (issue 24, item 4): a PDF's section shows in its margin the label
printed on each page, a small "p. 16" where the page begins; a selection across one maps to
the report's words, and a note made there cites its page when exported."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.core.annotate import workspace_titles
from explorer.core.notes.export import export_text
from explorer.core.notes.models import PassageTarget
from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.ui.conftest import ask, do, noted, opened
from tests.ui.test_reader import click, cursor_at, point, select_by_mouse

SECTION = "libtasn1#16"  # DER functions: from printed page 15 to 22


def top_line(window: MainWindow) -> str:
    return window.reader.cursorForPosition(QPoint(10, 10)).block().text()


def test_a_pdf_section_shows_its_pages_and_a_note_on_it_cites_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    do(qtbot, window, lambda ws: ws.add([corpus("docs-mix") / "libtasn1.pdf"]))
    reader = window.reader
    with opened(qtbot, window, SECTION):
        window.navigator.open_section(SECTION, f"{SECTION}.5")
    assert top_line(window) == "p. 16"  # a passage scrolled to shows the page it is on
    with opened(qtbot, window, SECTION):
        window.navigator.open_section(SECTION, f"{SECTION}.1")
    assert top_line(window) == "p. 15"
    lines = reader.toPlainText().split("\n")
    assert lines[lines.index("p. 16") + 1].startswith("Creates the DER encoding")

    # a drag from the end of page 15 over the label to the start of page 16
    first = reader.cursorRect(cursor_at(reader, "ANS (der[0]"))
    last = reader.cursorRect(cursor_at(reader, "Creates the DER", len("Creates the")))
    start = QPoint(first.left() + 1, first.center().y())
    end = QPoint(last.left() + 1, last.center().y())
    none = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(reader.viewport(), Qt.MouseButton.LeftButton, none, start)
    QTest.mouseMove(reader.viewport(), QPoint(start.x(), end.y()))
    QTest.mouseMove(reader.viewport(), end)
    QTest.mouseRelease(reader.viewport(), Qt.MouseButton.LeftButton, none, end)
    assert "\u2029p. 16\u2029" in reader.textCursor().selectedText()
    span = reader.selected_span()
    report = ask(qtbot, window, lambda ws: ws.report("libtasn1"))
    assert span is not None
    words = report.text[span[0] : span[1]]
    assert words.startswith("ANS (der\\[0\\]") and words.endswith("Creates the")
    assert '<!-- page 19 label="16" -->' in words

    click(reader, point(reader, "asn1_length_der"))  # a click elsewhere: selected no more
    select_by_mouse(reader, "Creates the DER encoding")
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with noted(qtbot, window), opened(qtbot, window):
        QTest.keyClick(reader, Qt.Key.Key_N, both)
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert isinstance(note.target, PassageTarget)
    start_at, end_at = note.target.position.start, note.target.position.end
    assert report.text[start_at:end_at] == "Creates the DER encoding"
    markdown = ask(qtbot, window, lambda ws: export_text([note], workspace_titles(ws), "md"))
    assert "> Creates the DER encoding" in markdown and "\np. 16 · [Open in" in markdown
