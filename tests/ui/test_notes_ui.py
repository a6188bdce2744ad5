"""Notes in the window: from a selection, a concept or a link; edited as you type; never lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from explorer.core.notes.models import ConceptTarget, PassageTarget
from explorer.core.notes.store import NoteStore
from explorer.ui.main_window import MainWindow
from tests.ui.conftest import FakeDialogs, ask, do, noted, opened, settle

SEED = "ai-llm-advancements-2024"


def select_in_reader(window: MainWindow, words: str) -> None:
    cursor = window.reader.document().find(words)
    assert not cursor.isNull(), f"{words!r} is not in the reader"
    window.reader.setTextCursor(cursor)


def test_note_on_selected_words(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#2")
    select_in_reader(window, "low-rank adaptation (LoRA)")
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with noted(qtbot, window), opened(qtbot, window):  # the reader shows the new marker
        qtbot.keyClick(window.reader, Qt.Key.Key_N, both)
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert isinstance(note.target, PassageTarget)
    assert note.target.quote.exact == "low-rank adaptation (LoRA)"
    assert note.target.section == f"{SEED}#2" and note.target.passage == f"{SEED}#2.1"
    report = ask(qtbot, window, lambda ws: ws.report(SEED))
    position = note.target.position
    assert report.text[position.start : position.end] == note.target.quote.exact
    assert window.left_tabs.currentWidget() is window.notes_panel
    assert window.notes_panel.current_id() == note.id
    assert f'href="note:{note.id}"' in window.reader.toHtml()  # the marker in the reader
    assert f"section:{SEED}#2" in window.graph_view.badges()


def test_typing_is_saved_and_survives_fast_switching_and_closing(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#8")
    for words in ("federated learning", "differential privacy"):
        select_in_reader(window, words)
        with noted(qtbot, window):
            window.actions_by_name["note"].trigger()
    first, second = ask(qtbot, window, lambda ws: ws.notes().notes())
    panel = window.notes_panel
    panel.select(first.id)
    qtbot.keyClicks(panel.body, "Keeps data on the device.")
    panel.select(second.id)  # switched before the save timer fired
    qtbot.keyClicks(panel.body, "Adds noise")
    panel.tags.setText("privacy maths")
    panel.tags.textEdited.emit("privacy maths")
    window.close()  # closed before the save timer fired
    store = NoteStore(data_dir)
    store.load()
    saved = {n.id: n for n in store.notes()}
    assert saved[first.id].body == "Keeps data on the device."
    assert saved[second.id].body == "Adds noise"
    assert saved[second.id].tags == ("privacy", "maths")


def test_highlight_has_no_body_and_shows_a_marker(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#7")
    select_in_reader(window, "Hugging Face")
    with noted(qtbot, window), opened(qtbot, window):
        window.actions_by_name["highlight"].trigger()
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert note.is_highlight
    assert f'href="note:{note.id}"' in window.reader.toHtml()


def test_note_on_focused_concept_and_badge(qtbot: QtBot, window: MainWindow) -> None:
    window.graph_view.node_clicked.emit("concept:lora")
    with noted(qtbot, window):
        window.actions_by_name["note_focus"].trigger()
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert note.target == ConceptTarget(concept="concept:lora")
    assert "concept:lora" in window.graph_view.badges()


def test_filter_trash_and_restore(qtbot: QtBot, window: MainWindow) -> None:
    lora, rag = ConceptTarget(concept="concept:lora"), ConceptTarget(concept="concept:rag")
    a = do(qtbot, window, lambda ws: ws.notes().add(lora, "cheap adapters", ["efficiency"]))
    b = do(qtbot, window, lambda ws: ws.notes().add(rag, body="retrieval", tags=["search"]))
    panel = window.notes_panel
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        qtbot.keyClicks(panel.filter, "#efficiency")
    assert [n.id for n in panel.model.notes()] == [a.id]
    panel.filter.clear()
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        qtbot.keyClicks(panel.filter, "retrieval")
    assert [n.id for n in panel.model.notes()] == [b.id]
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        panel.filter.clear()
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        panel.select(b.id)
    with noted(qtbot, window), qtbot.waitSignal(panel.listed, timeout=10_000):
        qtbot.mouseClick(panel.delete, Qt.MouseButton.LeftButton)
    assert [n.id for n in ask(qtbot, window, lambda ws: ws.notes().notes())] == [a.id]
    assert [n.id for n in panel.model.notes()] == [a.id]
    with qtbot.waitSignal(panel.listed, timeout=10_000):
        panel.show_trash.setChecked(True)
    assert [n.id for n in panel.model.notes()] == [b.id]
    panel.list.setCurrentIndex(panel.model.index(0))
    with noted(qtbot, window):
        qtbot.mouseClick(panel.restore, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert {n.id for n in ask(qtbot, window, lambda ws: ws.notes().notes())} == {a.id, b.id}


def test_clicking_a_note_marker_selects_the_note(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#2")
    select_in_reader(window, "quantization")
    with noted(qtbot, window):
        window.actions_by_name["note"].trigger()
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    window.left_tabs.setCurrentWidget(window.search_panel)
    window.reader.note_clicked.emit(note.id)
    assert window.left_tabs.currentWidget() is window.notes_panel
    assert window.notes_panel.current_id() == note.id


def test_damaged_notes_at_start_offer_the_backup(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    from PySide6.QtCore import QSettings

    from explorer.core.workspace import Workspace

    ws = Workspace(data_dir)
    store = ws.notes()
    kept = store.add(ConceptTarget(concept="concept:lora"), body="precious").value
    assert store.shelf.holds(store.path.read_bytes())  # every save is backed up
    store.path.write_bytes(store.path.read_bytes()[:40])  # torn by a crash elsewhere
    damaged = store.path.read_bytes()
    dialogs.recover_answer = "backup"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(data_dir), dialogs=dialogs, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(dialogs.recover_questions), timeout=10_000)
    assert "could not be read" in dialogs.recover_questions[0]
    settle(qtbot, win)
    assert [n.body for n in ask(qtbot, win, lambda ws: ws.notes().notes())] == [kept.body]
    copies = list((data_dir / "recovery").iterdir())
    assert any(c.read_bytes() == damaged for c in copies)
    win.runner.wait(30_000)


def test_export_links_open_the_passage(qtbot: QtBot, window: MainWindow) -> None:
    link = f"explorer://open?report={SEED}&section={SEED}%238&start=1&end=9"
    with opened(qtbot, window, f"{SEED}#8"):
        assert window.navigator.open_link(link)
    assert not window.navigator.open_link("https://example.com/")
    with qtbot.waitSignal(window.navigator.status, timeout=10_000) as said:
        window.navigator.open_link("explorer://open?section=nope%231")  # read on the read lane
    assert "nope" in said.args[0]
    assert window.reader.section_id == f"{SEED}#8"


def test_concept_and_link_links_focus_the_graph(qtbot: QtBot, window: MainWindow) -> None:
    assert window.navigator.open_link("explorer://open?concept=lora")
    assert window.navigator.focused() == window.graph_view.shown_focus() == "concept:lora"
    assert window.navigator.open_link("explorer://open?source=lora&target=quantization")
    assert window.navigator.focused() == window.graph_view.shown_focus() == "concept:lora"


def test_export_from_the_menu(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    lora = ConceptTarget(concept="concept:lora")
    do(qtbot, window, lambda ws: ws.notes().add(lora, body="**cheap** <b>x</b>"))
    for fmt in ("md", "html", "json", "pdf"):
        dialogs.save_path = tmp_path / f"out.{fmt}"
        window.actions_by_name[f"export_{fmt}"].trigger()
        settle(qtbot, window)
        assert dialogs.save_path.stat().st_size > 100, fmt
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
    assert "<b>x</b>" not in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert not dialogs.errors


def test_reader_hides_markdown_and_notes_still_find_their_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    doc = tmp_path / "md.md"
    doc.write_text(
        "# M\n\n## Tools\nWe use **[Milvus](https://milvus.io/)** for `hybrid` search.\n"
    )
    do(qtbot, window, lambda ws: ws.add([doc]))
    with opened(qtbot, window):
        window.navigator.open_section("md#1")
    text = window.reader.toPlainText()
    assert "We use Milvus for hybrid search." in text and "https://" not in text
    select_in_reader(window, "Milvus for hybrid")
    with noted(qtbot, window):
        window.actions_by_name["note"].trigger()
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert isinstance(note.target, PassageTarget)
    assert note.target.quote.exact == "Milvus](https://milvus.io/)** for `hybrid"
