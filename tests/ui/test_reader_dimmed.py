"""Boilerplate in the reader (issue 23, item 1): the call to action the Milvus blog ends its
posts with, and a post's list of related posts, are counted as no mention of any concept;
the reader draws them in the muted colour, and hovering them says why. The rest of the post
reads as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from explorer.core.ids import report_node
from explorer.ui.main_window import MainWindow
from explorer.ui.reader.view import Reader
from explorer.ui.search.rows import COPIES_ROLE, HIT_ROLE, CopiesRow
from tests.conftest import corpus
from tests.core.test_marks import GEO, POSTS, SHREDDING
from tests.ui.conftest import do, opened, settle

REPEATED = "Repeated across several reports"
LINKS = "Mostly links"


@pytest.fixture
def milvus(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window after the four posts were added, its graph built from them."""
    do(qtbot, window, lambda ws: ws.add([corpus("milvus-blog-en") / name for name in POSTS]))
    qtbot.waitUntil(
        lambda: (
            (graph := window.navigator.concept_graph) is not None
            and report_node(SHREDDING) in graph
            and report_node(GEO) in graph
        ),
        timeout=60_000,
    )
    settle(qtbot, window)
    return window


def open_by_search(qtbot: QtBot, window: MainWindow, query: str, section_id: str) -> Reader:
    """Type the query, click the hit from this section: the reader shows it."""
    box = window.search_panel.box
    box.clear()
    with qtbot.waitSignal(
        window.search_panel.results_shown,
        timeout=10_000,
        check_params_cb=lambda r: r is not None and r.query == query,
    ):
        qtbot.keyClicks(box, query)
    model, view = window.search_panel.model, window.search_panel.list

    def row_of(section: str) -> QModelIndex | None:
        rows = (model.index(row) for row in range(model.rowCount()))
        return next(
            (r for r in rows if getattr(r.data(HIT_ROLE), "section_id", "") == section), None
        )

    if (row := row_of(section_id)) is None:  # a copy of a passage shown for another post
        copies = next(
            model.index(r)
            for r in range(model.rowCount())
            if isinstance(line := model.index(r).data(COPIES_ROLE), CopiesRow)
            and any(c.passage.startswith(f"{section_id}.") for c in line.hit.also_in)
        )
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(copies).center()
        )
        row = row_of(section_id)
    assert row is not None
    with opened(qtbot, window, section_id):
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center()
        )
    reader, outline = window.reader, window.outline
    # The report's outline comes in on the text's left: where the words are moves once.
    qtbot.waitUntil(lambda: outline.isVisible() and outline.width() > 0, timeout=5_000)
    return reader


def cursor_in(reader: Reader, words: str) -> QTextCursor:
    """A cursor after the second character of these words, where the reader shows them."""
    found = reader.document().find(words)
    assert not found.isNull(), f"{words!r} is not shown"
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart() + 2)
    return cursor


def colour_of(reader: Reader, words: str) -> str:
    """The colour the words are drawn in."""
    return cursor_in(reader, words).charFormat().foreground().color().name()


def tooltip_over(qtbot: QtBot, reader: Reader, words: str) -> str | None:
    """What resting the pointer on the words shows: the tooltip's text, or None."""
    cursor = cursor_in(reader, words)
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()  # scrolled to them, as the user would
    QToolTip.hideText()  # the last one is gone (not only fading) before the pointer rests
    qtbot.waitUntil(lambda: not QToolTip.text(), timeout=5_000)
    rect = reader.cursorRect(cursor)
    at, viewport = QPoint(rect.left() - 2, rect.center().y()), reader.viewport()
    qtbot.mouseMove(viewport, at)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, at, viewport.mapToGlobal(at)))
    return QToolTip.text() if QToolTip.isVisible() else None


def test_the_call_to_action_is_dimmed_and_says_why(qtbot: QtBot, milvus: MainWindow) -> None:
    reader = open_by_search(qtbot, milvus, "deep dive", f"{SHREDDING}#10")
    muted = reader.colours()["muted"]
    footer = "questions or want a deep dive"
    assert colour_of(reader, footer) == muted
    said = tooltip_over(qtbot, reader, footer)
    assert said is not None and said.startswith(REPEATED), said
    assert "not counted as a mention" in said
    # Its link is muted too, and says why before where it goes; "Milvus" in it is no concept.
    assert colour_of(reader, "Discord channel") == muted
    said = tooltip_over(qtbot, reader, "Discord channel")
    assert said is not None and said.startswith(REPEATED) and "discord.com" in said, said
    assert colour_of(reader, "latest Milvus") == muted
    # The post's own words, a passage above it, read as before.
    own = "working with API logs"
    assert colour_of(reader, own) != muted
    assert tooltip_over(qtbot, reader, own) is None
    # The footer is still found: the query's words are marked in it.
    assert (
        cursor_in(reader, "deep dive").charFormat().background().color().name()
        == (reader.colours()["mark"])
    )


def test_a_list_of_related_posts_is_dimmed_as_links(qtbot: QtBot, milvus: MainWindow) -> None:
    reader = open_by_search(qtbot, milvus, "RaBitQ", f"{GEO}#12")
    muted = reader.colours()["muted"]
    related = "Bring Vector Compression to the Extreme"
    assert colour_of(reader, related) == muted
    said = tooltip_over(qtbot, reader, related)
    assert said is not None and said.startswith(LINKS) and "milvus.io/blog" in said, said
