"""Room to read: a reading mode hides the graph and the side panel folds away, each by its
key, and both are remembered; with both, the reader has most of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow
from tests.ui.conftest import FakeDialogs

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def opened_window(qtbot: QtBot, data_dir: Path, settings: QSettings) -> MainWindow:
    win = MainWindow(Workspace(data_dir), dialogs=FakeDialogs(), settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.navigator.concept_graph is not None, timeout=30_000)
    return win


def test_the_graph_and_side_panel_fold_away_and_give_the_reader_their_room(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = opened_window(qtbot, data_dir, settings)
    assert win.width() == 1400  # the first window's size
    text = win.pages.stack.width()
    QTest.keyClick(win, Qt.Key.Key_R, CTRL_SHIFT)  # reading mode: the graph goes
    qtbot.waitUntil(lambda: not win.graph_pane.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: win.pages.stack.width() > text + 200, timeout=2000)
    QTest.keyClick(win, Qt.Key.Key_B, CTRL_SHIFT)  # and the side panel
    qtbot.waitUntil(lambda: not win.left_tabs.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: win.middle_tabs.width() > win.width() * 0.9, timeout=2000)
    win.close()
    again = opened_window(qtbot, data_dir, settings)  # both remembered
    assert not again.graph_pane.isVisible() and not again.left_tabs.isVisible()
    QTest.keyClick(again, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: again.left_tabs.isVisible(), timeout=2000)  # search brings it back
    assert again.search_panel.box.hasFocus() or again.focusWidget() is again.search_panel.box
    QTest.keyClick(again, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: again.graph_pane.isVisible(), timeout=2000)
    again.close()
