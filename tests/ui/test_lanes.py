"""The window on its three lanes: a search typed during an add is answered at once, closing
during an add cancels it, F5 before the library is ready still presents, and an operation's
changes refresh only what they touch."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from explorer.core.notes import ConceptTarget, NoteStore
from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.ui.conftest import FakeDialogs, ask, do, noted, opened

SEED = "ai-llm-advancements-2024"
Progress = Callable[[int, int, str], None]
HELD_AT = 20  # the add waits after this many files until the test lets it go on


def posts(tmp_path: Path, count: int = 60) -> Path:
    folder = tmp_path / "posts"
    folder.mkdir()
    for post in sorted(corpus("milvus-blog-en").glob("*.md"))[:count]:
        (folder / post.name).write_bytes(post.read_bytes())
    return folder


@pytest.fixture
def held_add(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Every add holds after HELD_AT files until ``go`` is set; ``holding`` says it is there."""
    holding, go = threading.Event(), threading.Event()
    real = Workspace.add

    def add(ws: Workspace, paths: Any, progress: Progress | None = None, **kw: Any) -> Any:
        def step(done: int, total: int, what: str) -> None:
            if progress is not None:
                progress(done, total, what)
            if done == HELD_AT:
                holding.set()
                go.wait(120)

        return real(ws, paths, progress=step, **kw)

    monkeypatch.setattr(Workspace, "add", add)
    yield holding, go
    go.set()


def test_a_search_typed_during_an_add_is_answered_from_the_index_as_it_stood(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    held_add: tuple[threading.Event, threading.Event],
) -> None:
    holding, go = held_add
    window.open_paths([posts(tmp_path)])
    qtbot.waitUntil(holding.is_set, timeout=60_000)
    progress = window.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: progress is not None and progress.isVisible(), timeout=10_000)
    assert QApplication.activeModalWidget() is None  # nothing blocks the window meanwhile
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10_000) as shown:
        qtbot.keyClicks(panel.box, "LoRA")
    result = shown.args[0]
    assert result is not None and [h.report for h in result.hits] == [SEED]
    assert not go.is_set()  # answered while the add is still held half-way
    assert "refresh when done" in window.statusBar().currentMessage()
    refreshed = qtbot.waitSignal(
        panel.results_shown,
        timeout=120_000,
        check_params_cb=lambda r: r is not None and r.query == "LoRA",
    )
    with qtbot.waitSignal(window.changed, timeout=120_000), refreshed:
        go.set()
    assert len(ask(qtbot, window, lambda ws: ws.reports())) == 60  # the sample left for them


def test_closing_during_an_add_cancels_it_and_keeps_what_was_typed(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    data_dir: Path,
    held_add: tuple[threading.Event, threading.Event],
) -> None:
    lora = ConceptTarget(concept="concept:lora")
    note = do(qtbot, window, lambda ws: ws.notes().add(lora))
    with qtbot.waitSignal(window.notes_panel.listed, timeout=10_000):
        window.notes_panel.select(note.id)
    qtbot.keyClicks(window.notes_panel.body, "Typed just before quitting")
    holding, go = held_add
    window.open_paths([posts(tmp_path)])
    qtbot.waitUntil(holding.is_set, timeout=60_000)
    go.set()  # the add goes on, and sees it is cancelled at its next file
    window.close()
    assert not window.isVisible() and not window.runner.busy()
    library = Workspace(data_dir)
    ids = [e.id for e in library.reports()]
    assert SEED not in ids and len(ids) < 60  # cancelled: not every post came in
    assert all(library.report(i).sections for i in ids)  # each one there reads whole
    assert library.search("Milvus").total >= 1
    store = NoteStore(data_dir)
    store.load()
    assert store.get(note.id).body == "Typed just before quitting"


def test_closing_during_an_add_prints_nothing(tmp_path: Path, data_dir: Path) -> None:
    """The window is closed while a folder is added, in a process of its own, as a user
    quits: it ends at once, and nothing is printed (no 'Signal source has been deleted')."""
    script = tmp_path / "quit_while_adding.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from explorer.ui.app import build_window, make_app\n"
        "if __name__ == '__main__':\n"
        "    app = make_app('light')\n"
        "    window = build_window(Path(sys.argv[1]))\n"
        "    window.show()\n"
        "    def quit_when_adding(done, total, what):\n"
        "        if done == 5:\n"
        "            QTimer.singleShot(0, window.close)\n"
        "            QTimer.singleShot(0, app.quit)\n"
        "    window.runner.progressed.connect(quit_when_adding)\n"
        "    window.open_paths([Path(sys.argv[2])])\n"
        "    app.exec()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "error"}
    run = subprocess.run(
        [sys.executable, str(script), str(data_dir), str(posts(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and run.stdout == ""
    ids = [e.id for e in Workspace(data_dir).reports()]
    assert SEED not in ids and len(ids) < 60  # the posts read are kept; the sample left


def test_f5_before_the_library_is_ready_presents_as_soon_as_it_can(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(data_dir), dialogs=FakeDialogs(), settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    assert win.navigator.concept_graph is None  # nothing loaded yet
    with qtbot.waitSignal(win.presenting.started, timeout=60_000) as started:
        qtbot.keyClick(win, Qt.Key.Key_F5)
        assert "Preparing the tour" in win.statusBar().currentMessage()
    presenter = started.args[0]
    assert presenter.isFullScreen() and presenter.index == 0
    presenter.close()
    win.runner.wait(30_000)


def test_a_note_typed_refreshes_its_row_only(qtbot: QtBot, window: MainWindow) -> None:
    """A body edit changes the note's text: the reader is not read again, the badges and
    the list are not made anew; the row and the preview show the words."""
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#2")
    lora = ConceptTarget(concept="concept:lora")
    note = do(qtbot, window, lambda ws: ws.notes().add(lora, "first words"))
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.model.row_of(note.id) >= 0, timeout=10_000)
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        panel.select(note.id)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)
    panel.body.setFocus()
    qtbot.keyClick(panel.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    reader_read = window.reader.section_shown
    with (
        qtbot.assertNotEmitted(reader_read, wait=300),
        qtbot.assertNotEmitted(window.notes.badges_shown),
        qtbot.assertNotEmitted(panel.listed),
        noted(qtbot, window) as heard,
    ):
        qtbot.keyClicks(panel.body, " and more")
    changes = heard.args[0]
    assert changes.note_bodies == {note.id} and not changes.notes_changed
    row = panel.model.index(panel.model.row_of(note.id))
    assert "first words and more" in str(row.data())
    assert "and more" in panel.preview.toPlainText()


def test_the_first_search_on_a_fresh_folder_shows_its_hits_before_the_graph(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    """The hits never wait for the concept graph (15 s on a fresh folder): they come first,
    from the index (made first of all), and light their nodes once the graph is shown."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(data_dir), dialogs=FakeDialogs(), settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    panel = win.search_panel
    answered = qtbot.waitSignal(
        panel.results_shown,
        timeout=60_000,
        check_params_cb=lambda r: r is not None and r.total == 1,
    )
    with answered:
        qtbot.keyClicks(panel.box, "LoRA")
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert answered.args is not None
    assert [h.report for h in answered.args[0].hits] == [SEED]
    qtbot.waitUntil(lambda: win.navigator.concept_graph is not None, timeout=60_000)
    qtbot.waitUntil(lambda: "concept:lora" in win.graph_view.highlighted(), timeout=30_000)
    win.runner.wait(30_000)
