"""A searched word's mark can be read in every state: in a selected result row (white text
on the pale yellow could not) and in the reader, in both themes, at WCAG AA contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import HIT_ROLE
from explorer.ui.theme import MARKS, apply_theme, contrast, mark_colours
from tests.ui.conftest import settle

AA = 4.5


@pytest.fixture
def themed(request: pytest.FixtureRequest, window: MainWindow) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, request.param)
    yield window
    apply_theme(app, "light")


def test_the_mark_colours_pass_wcag_aa() -> None:
    for background, text in MARKS.values():
        assert contrast(background, text) >= AA


@pytest.mark.parametrize("themed", ["light", "dark"], indirect=True)
def test_a_selected_hits_marked_words_can_be_read(qtbot: QtBot, themed: MainWindow) -> None:
    window = themed
    dark = window.palette().color(window.palette().ColorRole.Base).lightness() < 128
    background, _text = mark_colours(dark)
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        qtbot.keyClicks(panel.box, "privacy")
    index = panel.model.index(0)
    assert index.data(HIT_ROLE) is not None
    row = panel.list.visualRect(index)
    with qtbot.waitSignal(window.reader.section_shown, timeout=10_000):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    settle(qtbot, window)
    assert panel.list.selectionModel().isSelected(index)
    image = panel.list.viewport().grab().toImage()
    mark = QColor(background)
    inside = [
        (x, y)
        for y in range(row.top(), row.bottom())
        for x in range(row.left(), row.right())
        if image.pixelColor(x, y) == mark
    ]
    assert inside, "no marked word drawn in the selected row"
    xs, ys = [x for x, _ in inside], [y for _, y in inside]
    text = max(
        contrast(image.pixelColor(x, y).name(), background)
        for y in range(min(ys), max(ys) + 1)
        for x in range(min(xs), max(xs) + 1)
    )
    assert text >= AA  # the word's strokes stand out from its mark
    # The reader marks the word searched for, in the same colours.
    assert background in window.reader.toHtml() and "privacy" in window.reader.toPlainText()
