"""A main window over a fresh data folder, with dialogs that record instead of blocking."""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from explorer.core.changes import Done
from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow
from explorer.ui.tasks import Opener, TaskRunner
from explorer.ui.vocabulary.dialogs import NewConcept

T = TypeVar("T")


@pytest.fixture(autouse=True)
def gui_thread_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fails any UI test in which the GUI thread called a window's Workspace: every call of
    the window's goes through its task runner, off the GUI thread (ARCHITECTURE.md)."""
    held: weakref.WeakSet[Workspace] = weakref.WeakSet()
    calls: list[str] = []
    real_init = TaskRunner.__init__

    def init(runner: TaskRunner, workspace: Workspace | Opener, parent: Any = None) -> None:
        if callable(workspace):  # the window opens it: the one it opens is guarded
            opener = workspace

            def opening() -> Workspace:
                opened = opener()
                held.add(opened)
                return opened

            workspace = opening
        else:
            held.add(workspace)
        real_init(runner, workspace, parent)

    def guarded(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(ws: Workspace, *args: Any, **kwargs: Any) -> Any:
            if ws in held and threading.current_thread() is threading.main_thread():
                calls.append(name)
            return method(ws, *args, **kwargs)

        return call

    monkeypatch.setattr(TaskRunner, "__init__", init)
    for name, attr in list(vars(Workspace).items()):
        if name.startswith("__"):
            continue
        if isinstance(attr, property) and attr.fget is not None:
            monkeypatch.setattr(Workspace, name, property(guarded(name, attr.fget)))
        elif callable(attr) and not isinstance(attr, (staticmethod, classmethod, type)):
            monkeypatch.setattr(Workspace, name, guarded(name, attr))
    yield calls
    assert not calls, f"The GUI thread called the window's Workspace: {sorted(set(calls))}"


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
        self.open_path: Path | None = None
        self.concepts: list[str] = []
        """Names typed into "choose a concept" questions, in turn (none left: cancelled)."""
        self.concept_questions: list[tuple[str, list[str]]] = []
        self.new_concepts: list[NewConcept] = []
        self.hidden_answer: list[str] = []
        self.hidden_offered: list[list[tuple[str, str]]] = []

    def open_files(self, parent: QWidget) -> list[Path]:
        return list(self.files)

    def open_folder(self, parent: QWidget) -> Path | None:
        return self.folder

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        return self.open_path

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        return self.save_path

    def error(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        self.errors.append((title, text, details))

    def about(self, parent: QWidget, title: str, text: str) -> None:
        self.abouts.append(text)

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        self.text_questions.append(label)
        return self.texts.pop(0) if self.texts else None

    def choose_concept(
        self, parent: QWidget, title: str, prompt: str, names: Sequence[str]
    ) -> str | None:
        self.concept_questions.append((prompt, list(names)))
        return self.concepts.pop(0) if self.concepts else None

    def new_concept(
        self, parent: QWidget, kind: str = "technique", label: str = ""
    ) -> NewConcept | None:
        return self.new_concepts.pop(0) if self.new_concepts else None

    def choose_hidden(self, parent: QWidget, hidden: Sequence[tuple[str, str]]) -> list[str]:
        self.hidden_offered.append(list(hidden))
        return list(self.hidden_answer)

    def confirm(self, parent: QWidget, title: str, text: str, detail: str, action: str) -> bool:
        self.confirmations.append(f"{text} {detail}")
        return self.confirm_answer

    def ask_recover(self, parent: QWidget, text: str, has_backup: bool, what: str = "notes") -> str:
        self.recover_questions.append(f"{what}: {text}" if what != "notes" else text)
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
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=30_000)  # the first index, too
    yield win
    win.runner.wait(30_000)


def ask(qtbot: QtBot, window: MainWindow, question: Callable[[Workspace], T]) -> T:
    """The window's Workspace's answer to ``question``, asked on its read lane (as the window
    asks it), for a test to check what the window's library and notes hold."""
    answers: list[Any] = []
    window.runner.read(
        lambda ws, _task: question(ws), answers.append, lambda m: answers.append(AssertionError(m))
    )
    qtbot.waitUntil(lambda: bool(answers), timeout=60_000)
    if isinstance(answers[0], AssertionError):
        raise answers[0]
    return answers[0]  # type: ignore[no-any-return]


def do(qtbot: QtBot, window: MainWindow, operation: Callable[[Workspace], Done[T]]) -> T:
    """Run an operation on the window's write lane, as a menu would, and wait until every
    part of the window has heard of its changes."""
    answers: list[Any] = []
    with qtbot.waitSignal(window.runner.changed, timeout=120_000):
        window.runner.op(
            lambda ws, _task: operation(ws),
            answers.append,
            lambda m: answers.append(AssertionError(m)),
        )
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    if isinstance(answers[0], AssertionError):
        raise answers[0]
    return answers[0]  # type: ignore[no-any-return]


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's worker has answered everything it was asked, and the graph's
    camera has arrived where a focus sent it."""
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)
    qtbot.waitUntil(lambda: not window.graph_view.camera_moving(), timeout=5_000)


def noted(qtbot: QtBot, window: MainWindow) -> Any:
    """Wait for the window to announce a change of the notes."""
    return qtbot.waitSignal(
        window.changed,
        timeout=10_000,
        check_params_cb=lambda changes: changes.notes_changed or bool(changes.note_bodies),
    )


def opened(qtbot: QtBot, window: MainWindow, section_id: str | None = None) -> Any:
    """Wait for the reader to show a section (read on the worker), or this one."""
    return qtbot.waitSignal(
        window.reader.section_shown,
        timeout=10_000,
        check_params_cb=lambda shown: section_id is None or shown == section_id,
    )
