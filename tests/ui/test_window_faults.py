"""Faults a new user met in the window, driven with real keys and clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.core.notes.models import ConceptTarget, PassageTarget
from explorer.core.search import SearchResult
from explorer.ui.main_window import MainWindow
from tests.ui.conftest import ask, do, noted, opened

SEED = "ai-llm-advancements-2024"


def milvus_posts() -> list[Path]:
    """The first 25 posts of milvus-blog-en: more passages than a page of hits."""
    from tests.conftest import corpus

    return sorted(corpus("milvus-blog-en").glob("*.md"))[:25]


def copied_posts(tmp_path: Path) -> Path:
    """A folder of its own holding those posts, to add through the window."""
    folder = tmp_path / "posts"
    folder.mkdir()
    for post in milvus_posts():
        (folder / post.name).write_bytes(post.read_bytes())
    return folder


def test_typing_after_an_autosave_continues_where_the_cursor_is(
    qtbot: QtBot, window: MainWindow
) -> None:
    lora = ConceptTarget(concept="concept:lora")
    note = do(qtbot, window, lambda ws: ws.notes().add(lora))
    panel = window.notes_panel
    with qtbot.waitSignal(panel.listed, timeout=5_000):
        panel.select(note.id)
    panel.body.setFocus()
    with noted(qtbot, window):  # the autosave
        qtbot.keyClicks(panel.body, "Hello world")
    qtbot.keyClicks(panel.body, "!!")
    assert panel.body.toPlainText() == "Hello world!!"
    with noted(qtbot, window):
        pass
    assert ask(qtbot, window, lambda ws: ws.notes().get(note.id).body) == "Hello world!!"


def test_a_note_on_the_second_of_two_equal_phrases_lands_on_the_second(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    text = "# Pets\n\n## Cats\n\nThe cat sat on the mat. Then the dog came; the cat sat on it.\n"
    report_file = tmp_path / "pets.md"
    report_file.write_text(text, encoding="utf-8")
    do(qtbot, window, lambda ws: ws.add([report_file]))
    with opened(qtbot, window):
        window.navigator.open_section("pets#1")
    document = window.reader.document()
    first = document.find("cat sat")
    second = document.find("cat sat", first)
    assert not second.isNull() and second.selectionStart() > first.selectionStart()
    cursor = window.reader.textCursor()
    cursor.setPosition(second.selectionStart())
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()
    for _ in "cat sat":
        QTest.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.textCursor().selectedText() == "cat sat"
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(window.changed, timeout=10_000):
        qtbot.keyClick(window.reader, Qt.Key.Key_N, both)
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert isinstance(note.target, PassageTarget)
    report = ask(qtbot, window, lambda ws: ws.report("pets"))
    expected = report.text.index("cat sat", report.text.index("cat sat") + 1)
    assert (note.target.position.start, note.target.position.end) == (expected, expected + 7)


def click_node(window: MainWindow, node: str, ctrl: bool = False) -> None:
    view = window.graph_view
    point = view.node_position(node).toPoint()
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(point))


def test_escape_clears_the_focus_for_good(qtbot: QtBot, window: MainWindow) -> None:
    view, navigator = window.graph_view, window.navigator
    with qtbot.waitSignal(navigator.focus_changed, timeout=5_000):
        click_node(window, "concept:lora")
    assert navigator.focused() == view.shown_focus() == "concept:lora"
    view.setFocus()
    with qtbot.waitSignal(navigator.focus_changed, timeout=5_000):
        QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.shown_focus() is None and navigator.focused() is None
    with qtbot.waitSignal(navigator.focus_changed, timeout=5_000):
        click_node(window, "concept:healthcare", ctrl=True)
    assert navigator.focused() == view.shown_focus() == "concept:healthcare"
    assert view.path() == []
    window.escape()  # the menu's Esc, too
    assert view.shown_focus() is None and navigator.focused() is None


def test_adding_a_folder_while_typing_runs_no_search_or_build_on_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The window froze: searches and graph builds ran on the GUI thread during an add. The
    GUI-thread guard (tests/ui/conftest.py) fails the test if any call of the window's
    Workspace is made there."""
    folder = copied_posts(tmp_path)
    box = window.search_panel.box
    with qtbot.waitSignal(window.changed, timeout=120_000):
        window.open_paths([folder])
        for query in ("vector", "milvus index", "embedding"):
            box.clear()
            qtbot.keyClicks(box, query)
            QTest.keyClick(box, Qt.Key.Key_Return)
    with qtbot.waitSignal(
        window.search_panel.results_shown,
        timeout=60_000,
        check_params_cb=lambda r: r is not None and r.query == "embedding" and bool(r.hits),
    ):
        QTest.keyClick(box, Qt.Key.Key_Return)
    view = window.search_panel.list
    rect = view.visualRect(window.search_panel.model.index(0))
    with opened(qtbot, window):  # reading and marking a section is the worker's too
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(ask(qtbot, window, lambda ws: ws.reports())) == 25  # the sample left for them
    window.runner.wait(60_000)


def test_the_total_is_exact_with_the_first_hits(qtbot: QtBot, window: MainWindow) -> None:

    do(qtbot, window, lambda ws: ws.add(milvus_posts()))
    query = "vector OR milvus"
    result = ask(qtbot, window, lambda ws: ws.search(query, limit=100_000))
    every = result.hits
    assert len(every) > 200 and result.copies  # more than the list shows; some copies
    panel = window.search_panel
    with qtbot.waitSignal(
        panel.results_shown,
        timeout=30_000,
        check_params_cb=lambda r: r is not None and r.query == query,
    ) as shown:
        qtbot.keyClicks(panel.box, query)
    assert shown.args[0].exact
    reports = len({h.report for h in every})  # 25 posts: the best passage of each is shown
    assert panel.status.text() == (
        f"{len(every):,} passages match (and {result.copies} copies of them) in {reports} "
        "reports; showing the best passage of each."
    )


def test_a_facet_shows_about_n_then_the_exact_total(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:

    folder = copied_posts(tmp_path)
    with qtbot.waitSignal(window.changed, timeout=120_000):
        window.open_paths([folder])
    qtbot.waitUntil(
        lambda: (
            window.navigator.concept_graph is not None
            and window.navigator.concept_graph.graph.number_of_nodes() > 100
        ),
        timeout=120_000,
    )
    graph = window.navigator.concept_graph
    assert graph is not None
    query = "vector OR milvus"
    every = ask(qtbot, window, lambda ws: ws.search(query, limit=100_000).hits)
    organisations = {n for n, d in graph.graph.nodes(data=True) if d["kind"] == "organization"}
    exact = sum(bool(graph.concepts_in([h.passage_id]) & organisations) for h in every)
    panel = window.search_panel
    panel.kind_facet.setCurrentIndex(panel.kind_facet.findData("organization"))
    with qtbot.waitSignal(
        panel.results_shown,
        timeout=30_000,
        check_params_cb=lambda r: r is not None and r.query == query,
    ) as shown:
        qtbot.keyClicks(panel.box, query)
    first = shown.args[0]
    assert first.hits and not first.exact
    assert panel.status.text().startswith(f"about {first.total:,} passages match")
    qtbot.waitUntil(lambda: panel.status.text().startswith(f"{exact:,} passages match"))


def test_rows_below_the_fold_get_their_marks_a_moment_later(
    qtbot: QtBot, window: MainWindow
) -> None:
    from explorer.ui.navigator import MARKED_FIRST
    from explorer.ui.search.rows import HIT_ROLE

    do(qtbot, window, lambda ws: ws.add(milvus_posts()))
    panel = window.search_panel
    answers: list[object] = []
    panel.results_shown.connect(answers.append)
    with qtbot.waitSignal(panel.details_shown, timeout=30_000, check_params_cb="vector".__eq__):
        qtbot.keyClicks(panel.box, "vector")
    [first] = [a for a in answers if getattr(a, "query", None) == "vector"]
    assert isinstance(first, SearchResult)
    assert len(first.hits) == first.reports > MARKED_FIRST  # a row for each post that matches
    assert [h.marked for h in first.hits] == [i < MARKED_FIRST for i in range(first.reports)]
    rows = [panel.model.index(i).data(HIT_ROLE) for i in range(panel.model.rowCount())]
    rows = [h for h in rows if h is not None]  # the "N more in this report" rows are not hits
    assert [h.passage_id for h in rows] == [h.passage_id for h in first.hits]
    assert all(h.marked and "<mark>" in h.snippet for h in rows)
