"""A main window over a fresh data folder, with dialogs that record instead of blocking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow


class FakeDialogs:
    """Answers the window's questions from lists; records every error it is shown."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.folder: Path | None = None
        self.errors: list[tuple[str, str, str]] = []
        self.abouts: list[str] = []
        self.recover_questions: list[str] = []
        self.recover_answer = "later"
        self.save_path: Path | None = None
        self.texts: list[str] = []
        self.text_questions: list[str] = []
        self.confirm_answer = True
        self.confirmations: list[str] = []

    def open_files(self, parent: QWidget) -> list[Path]:
        return list(self.files)

    def open_folder(self, parent: QWidget) -> Path | None:
        return self.folder

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        return self.save_path

    def error(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        self.errors.append((title, text, details))

    def about(self, parent: QWidget, title: str, text: str) -> None:
        self.abouts.append(text)

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        self.text_questions.append(label)
        return self.texts.pop(0) if self.texts else None

    def confirm(self, parent: QWidget, title: str, text: str, detail: str, action: str) -> bool:
        self.confirmations.append(f"{text} {detail}")
        return self.confirm_answer

    def ask_recover(self, parent: QWidget, text: str, has_backup: bool) -> str:
        self.recover_questions.append(text)
        return self.recover_answer


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def window(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, dialogs: FakeDialogs
) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(data_dir), dialogs=dialogs, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitUntil(lambda: win.navigator.concept_graph is not None, timeout=30_000)
    yield win
    win.runner.wait(30_000)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's worker has answered everything it was asked."""
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)


def noted(qtbot: QtBot, window: MainWindow) -> Any:
    """Wait for the window to announce a change of the notes."""
    return qtbot.waitSignal(
        window.changed, timeout=10_000, check_params_cb=lambda changes: changes.notes
    )


def opened(qtbot: QtBot, window: MainWindow, section_id: str | None = None) -> Any:
    """Wait for the reader to show a section (read on the worker), or this one."""
    return qtbot.waitSignal(
        window.reader.section_shown,
        timeout=10_000,
        check_params_cb=lambda shown: section_id is None or shown == section_id,
    )
