"""The Outline panel beside the reader: it follows what is read and jumps on click or Enter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from explorer.ui.reader.outline import SECTION_ROLE
from tests.conftest import corpus
from tests.ui.conftest import do, opened
from tests.ui.test_main_window import shown_hits, type_query

SCIENTIST = "🧑\u200d🔬 The LLM Scientist"


def add_course(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.add_paths([corpus("llm-course-report") / "README.md"])
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=60_000)


def row_of(window: MainWindow, title: str) -> QModelIndex:
    """The outline row showing this title (searched through the whole tree)."""
    model = window.outline.model()
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        if index.data() == title:
            return index
        pending += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    raise AssertionError(f"{title!r} is not in the outline")


def test_a_hit_shows_its_breadcrumb_and_the_outline_follows_the_reader(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_course(qtbot, window)
    type_query(qtbot, window, "SFT turns base models")
    hit = shown_hits(window)[0]
    assert hit.section == f"{SCIENTIST} › 4. Supervised Fine-Tuning"
    row = window.search_panel.model.index(0)
    assert row.data(Qt.ItemDataRole.DisplayRole).startswith(hit.section)
    view = window.search_panel.list
    with opened(qtbot, window, hit.section_id):
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center()
        )
    outline = window.outline
    assert window.findChild(QWidget, "outlineView") is outline
    assert outline.isVisible()
    current = outline.currentIndex()
    assert current.data() == "4. Supervised Fine-Tuning"
    assert current.data(SECTION_ROLE) == hit.section_id
    assert current.parent().data() == SCIENTIST
    assert outline.isExpanded(current.parent())
    model = outline.model()
    chapters = [model.index(r, 0, current.parent()).data() for r in range(8)]
    assert chapters[0] == "1. The LLM Architecture" and chapters[-1] == "8. New Trends"


def test_clicking_a_section_in_the_outline_reads_it(qtbot: QtBot, window: MainWindow) -> None:
    add_course(qtbot, window)
    window.navigator.open_section("readme#16")
    qtbot.waitUntil(lambda: window.outline.currentIndex().isValid(), timeout=10_000)
    outline = window.outline
    qtbot.waitUntil(lambda: outline.viewport().width() > 0, timeout=10_000)  # laid out
    target = row_of(window, "6. Evaluation")
    outline.scrollTo(target)
    with opened(qtbot, window, target.data(SECTION_ROLE)):
        qtbot.mouseClick(
            outline.viewport(),
            Qt.MouseButton.LeftButton,
            pos=outline.visualRect(target).center(),
        )
    assert window.reader.toPlainText().startswith("6. Evaluation")
    assert "Preference Alignment" not in window.reader.toPlainText().split("\n", 1)[0]


def test_the_keyboard_walks_the_outline(qtbot: QtBot, window: MainWindow) -> None:
    add_course(qtbot, window)
    with opened(qtbot, window, "readme#16"):
        window.navigator.open_section("readme#16")
    outline = window.outline
    outline.setFocus()
    qtbot.keyClick(outline, Qt.Key.Key_Down)
    assert outline.currentIndex().data() == "5. Preference Alignment"
    with opened(qtbot, window, outline.currentIndex().data(SECTION_ROLE)):
        qtbot.keyClick(outline, Qt.Key.Key_Return)
    assert "5. Preference Alignment" in window.reader.toPlainText()
    assert outline.currentIndex().data() == "5. Preference Alignment"  # it follows, still


def test_the_outline_shows_the_report_being_read(qtbot: QtBot, window: MainWindow) -> None:
    add_course(qtbot, window)
    seed = "ai-llm-advancements-2024"
    do(qtbot, window, lambda ws: ws.add([], sample=True))  # it left for the course
    with opened(qtbot, window, f"{seed}#2"):
        window.navigator.open_section(f"{seed}#2")
    assert window.outline.report_id == seed
    assert window.outline.model().rowCount() == 10  # ten sections, none inside another
    with opened(qtbot, window, "readme#12"):
        window.navigator.open_section("readme#12")
    assert window.outline.report_id == "readme"
    assert window.outline.currentIndex().data() == SCIENTIST
