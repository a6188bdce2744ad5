"""The Page view (issue 24, item 4): Ctrl+Shift+P shows a PDF section's page as printed,
drawn by pdfium on the worker, the passage being read marked on it; ‹ › and the keys turn
the pages; Ctrl+Shift+P again brings the text back at the page shown. A report without
printed pages offers no Page view, and a PDF moved away says so in one sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.ui.conftest import do, opened
from tests.ui.test_reader_pages import top_line

SECTION = "libtasn1#16"  # DER functions: printed pages 15 to 22 (pages 18 to 25 of 36)
BOTH = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press_page_view(qtbot: QtBot, window: MainWindow, widget: object) -> None:
    """Ctrl+Shift+P, as the user presses it, and the page drawn."""
    with qtbot.waitSignal(window.pages.view.shown, timeout=30_000):
        QTest.keyClick(widget, Qt.Key.Key_P, BOTH)  # type: ignore[call-overload]


def marked_colour(window: MainWindow) -> QColor:
    """The colour at the middle of the first line marked on the page shown."""
    view = window.pages.view
    assert view.printed is not None and view.printed.marks
    x, y, width, height = view.printed.marks[0]
    image = view.picture.pixmap().toImage()
    return image.pixelColor(QPoint(x + width // 2, y + height // 2))


def test_a_pdf_passage_is_shown_as_printed_and_the_pages_turn(
    qtbot: QtBot, window: MainWindow
) -> None:
    do(qtbot, window, lambda ws: ws.add([corpus("docs-mix") / "libtasn1.pdf"]))
    with opened(qtbot, window, SECTION):
        window.navigator.open_section(SECTION, f"{SECTION}.5")
    action = window.actions_by_name["page_view"]
    assert action.isEnabled() and not action.isChecked()

    press_page_view(qtbot, window, window.reader)
    view = window.pages.view
    assert window.pages.stack.currentWidget() is view and action.isChecked()
    assert view.where.text() == "p. 16 (page 19 of 36)"
    assert view.printed is not None and view.printed.passage == f"{SECTION}.5"
    assert len(view.printed.marks) >= 3  # "Creates the DER encoding…": three lines
    paper = view.picture.pixmap().toImage().pixelColor(QPoint(5, 5))
    assert paper.lightness() > 240  # white paper, drawn
    mark = marked_colour(window)
    assert mark.blue() < mark.red() - 40  # the passage stands out in yellow

    with qtbot.waitSignal(view.shown, timeout=30_000):
        QTest.keyClick(view.area, Qt.Key.Key_Right)
    assert view.where.text() == "p. 17 (page 20 of 36)"
    assert view.printed is not None and not view.printed.marks  # the passage is not on it
    with qtbot.waitSignal(view.shown, timeout=30_000):
        QTest.mouseClick(view.previous, Qt.MouseButton.LeftButton)
    assert view.where.text() == "p. 16 (page 19 of 36)" and view.printed.marks
    with qtbot.waitSignal(view.shown, timeout=30_000):
        QTest.mouseClick(view.next, Qt.MouseButton.LeftButton)
    opening = view.printed.opens
    assert opening is not None

    # back to the text: at the page shown, since it was turned
    with opened(qtbot, window):
        QTest.keyClick(view.area, Qt.Key.Key_P, BOTH)
    assert window.pages.stack.currentWidget() is window.reader and not action.isChecked()
    assert window.reader.focus_passage == opening
    assert top_line(window) == "p. 17"


def test_the_page_view_follows_a_hit_and_leaves_for_a_report_without_pages(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.md"
    mine.write_text("# Mine\n\nA report of my own, with no printed pages.\n", encoding="utf-8")
    do(qtbot, window, lambda ws: ws.add([corpus("docs-mix") / "libtasn1.pdf", mine]))
    with opened(qtbot, window, SECTION):
        window.navigator.open_section(SECTION)
    press_page_view(qtbot, window, window.reader)
    view = window.pages.view
    assert view.where.text() == "p. 15 (page 18 of 36)"  # the section's first page

    with qtbot.waitSignal(view.shown, timeout=30_000):  # a passage on another page
        window.navigator.open_section("libtasn1#17", "libtasn1#17.2")
    assert view.printed is not None and view.printed.passage == "libtasn1#17.2"
    assert view.printed.marks

    with opened(qtbot, window, "mine#1"):  # a Markdown report has no printed pages
        window.navigator.open_section("mine#1")
    assert window.pages.stack.currentWidget() is window.reader
    action = window.actions_by_name["page_view"]
    assert not action.isEnabled() and not action.isChecked()
    QTest.keyClick(window.reader, Qt.Key.Key_P, BOTH)
    assert window.pages.stack.currentWidget() is window.reader


def test_a_pdf_moved_away_is_said_in_one_sentence(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    copy = tmp_path / "manual.pdf"
    shutil.copyfile(corpus("docs-mix") / "libtasn1.pdf", copy)
    do(qtbot, window, lambda ws: ws.add([copy]))
    with opened(qtbot, window):  # the report's id comes from its file name
        window.navigator.open_section("manual#3")
    copy.unlink()
    view = window.pages.view
    with qtbot.waitSignal(view.refused, timeout=30_000) as refused:
        QTest.keyClick(window.reader, Qt.Key.Key_P, BOTH)
    said = (
        f"The PDF is no longer at {copy}, so its pages cannot be shown; "
        "its text is still here to read."
    )
    assert refused.args == [said]
    assert window.pages.stack.currentWidget() is view and view.picture.text() == said
    assert not view.next.isEnabled() and not view.previous.isEnabled()
    QTest.mouseClick(view.back, Qt.MouseButton.LeftButton)
    assert window.pages.stack.currentWidget() is window.reader
    assert window.reader.section_id == "manual#3"
