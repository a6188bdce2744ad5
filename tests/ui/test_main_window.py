"""The window as a user meets it: type, click, walk the graph, go back, add files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from explorer.core.search.results import SearchHit
from explorer.core.workspace import Workspace
from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import HIT_ROLE
from tests.conftest import corpus
from tests.ui.conftest import FakeDialogs, ask, do, opened

SEED = "ai-llm-advancements-2024"


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    box = window.search_panel.box
    box.clear()
    with answered(qtbot, window, text):
        qtbot.keyClicks(box, text)


def answered(qtbot: QtBot, window: MainWindow, text: str | None = None) -> Any:
    """Wait for the search panel to show the answer (to ``text``, or to anything)."""
    return qtbot.waitSignal(
        window.search_panel.results_shown,
        timeout=5000,
        check_params_cb=lambda r: text is None or (r is not None and r.query == text),
    )


def click_link(qtbot: QtBot, label: QLabel, words: str) -> None:
    """Click the middle of the last ``words`` of a rich-text label, as laid out in it."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setTextWidth(label.contentsRect().width())
    doc.setHtml(label.text())
    layout = doc.documentLayout()
    doc.size()  # lays the text out
    at = doc.toPlainText().rindex(words) + len(words) // 2
    block = doc.findBlock(at)
    top = layout.blockBoundingRect(block).top()
    lines = block.layout()
    line = lines.lineForTextPosition(at - block.position())
    point = QPoint(
        label.contentsRect().left() + round(line.cursorToX(at - block.position())[0]),  # type: ignore[index]
        label.contentsRect().top() + round(top + line.y() + line.height() / 2),
    )
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=point)


def shown_hits(window: MainWindow) -> list[SearchHit]:
    model = window.search_panel.model
    return [model.index(row).data(HIT_ROLE) for row in range(model.rowCount())]


def test_first_start_shows_the_bundled_report_and_empty_states(window: MainWindow) -> None:
    assert "1 report · 10 passages · " in window.counts.text()
    assert "Type to search" in window.search_panel.status.text()
    assert "click a node in the graph" in window.reader.toPlainText()
    graph = window.navigator.concept_graph
    assert graph is not None
    assert len(window.graph_view.visible_nodes()) == graph.graph.number_of_nodes()


def test_typing_fills_the_result_list(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "LoRA")
    [hit] = shown_hits(window)
    assert hit.section == "2. Improved Efficiency and Scaling"
    assert window.search_panel.status.text() == "1 passage matches; showing 1."


def test_a_hit_names_its_section_and_its_report_by_title(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "LoRA")
    row = window.search_panel.model.index(0)
    title = ask(qtbot, window, lambda ws: ws.entry(SEED).title)
    assert title != SEED
    assert row.data(Qt.ItemDataRole.DisplayRole) == f"2. Improved Efficiency and Scaling — {title}"
    assert title in row.data(Qt.ItemDataRole.ToolTipRole)


def test_clicking_a_hit_shows_its_section(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "privacy")
    view = window.search_panel.list
    rect = view.visualRect(window.search_panel.model.index(0))
    with opened(qtbot, window, f"{SEED}#8"):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "8. Data Privacy Innovations" in window.reader.toPlainText()


def test_hits_light_up_their_nodes(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "federated")
    lit = window.graph_view.highlighted()
    assert f"section:{SEED}#8" in lit and "concept:federated-learning" in lit
    assert "concept:lora" not in lit


def test_clicking_a_node_focuses_it_and_updates_the_reader(
    qtbot: QtBot, window: MainWindow
) -> None:
    with answered(qtbot, window, "LoRA"), opened(qtbot, window, f"{SEED}#2"):
        window.graph_view.node_clicked.emit("concept:lora")
    assert window.navigator.focused() == window.graph_view.shown_focus() == "concept:lora"
    assert window.search_panel.box.text() == "LoRA"  # focusing a node runs its search
    assert shown_hits(window)[0].section_id == f"{SEED}#2"


def click_node(qtbot: QtBot, window: MainWindow, node: str, ctrl: bool = False) -> None:
    """A real click on the node where it is drawn (Ctrl held with `ctrl`)."""
    view = window.graph_view
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    point = view.node_position(node).toPoint()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def test_a_click_on_a_node_focuses_it_for_the_navigator_and_the_view_alike(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The navigator owns the focus: a click asks, the navigator focuses and says so once,
    the view draws it; a graph drawn anew without the node clears both, so they never
    disagree, and a new library starts unfocused."""
    view, navigator = window.graph_view, window.navigator
    heard: list[str] = []
    navigator.focus_changed.connect(heard.append)
    with answered(qtbot, window, "LoRA"), opened(qtbot, window, f"{SEED}#2"):
        click_node(qtbot, window, "concept:lora")
    assert navigator.focused() == view.shown_focus() == "concept:lora"
    assert heard == ["concept:lora"]
    graph = navigator.concept_graph
    assert graph is not None
    without = graph.graph.copy()
    without.remove_node("concept:lora")
    with qtbot.waitSignal(navigator.focus_changed, check_params_cb=lambda n: n == ""):
        view.set_graph(without, keep_view=True)  # as a map redrawn without it
    assert navigator.focused() is None and view.shown_focus() is None
    assert heard == ["concept:lora", ""]
    view.set_graph(graph.graph, keep_view=True)
    with opened(qtbot, window, f"{SEED}#2"):
        navigator.focus("concept:lora", run_search=False)
    assert view.shown_focus() == "concept:lora"
    view.set_graph(graph.graph)  # a new library (the same nodes): focus starts afresh
    assert navigator.focused() is None and view.shown_focus() is None
    assert heard == ["concept:lora", "", "concept:lora", ""]


def test_the_status_line_says_what_a_focused_nodes_count_counts(
    qtbot: QtBot, window: MainWindow
) -> None:
    graph = window.navigator.concept_graph
    assert graph is not None
    lora = graph.node("concept:lora")
    with answered(qtbot, window, "LoRA"), opened(qtbot, window, f"{SEED}#2"):
        click_node(qtbot, window, "concept:lora")
    said = window.statusBar().currentMessage()
    assert said == (
        f"LoRA (technique) · {lora['count']} mentions in the graph, its other names included"
        " · the search lists the passages that use its name"
    )
    section = f"section:{SEED}#2"
    with opened(qtbot, window, f"{SEED}#2"):
        click_node(qtbot, window, section)
    passages = graph.node(section)["count"]
    assert (
        window.statusBar()
        .currentMessage()
        .endswith(f"(section) · {passages} passage{'s' if passages != 1 else ''}")
    )


def test_ctrl_click_on_a_second_concept_shows_the_path_and_keeps_the_focus(
    qtbot: QtBot, window: MainWindow
) -> None:
    view, navigator = window.graph_view, window.navigator
    with opened(qtbot, window, f"{SEED}#2"):
        click_node(qtbot, window, "concept:lora")
    heard: list[str] = []
    navigator.focus_changed.connect(heard.append)
    click_node(qtbot, window, "concept:healthcare", ctrl=True)
    path = view.path()
    assert len(path) >= 2 and path[0] == "concept:lora" and path[-1] == "concept:healthcare"
    assert navigator.focused() == view.shown_focus() == "concept:lora"
    assert heard == []
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert navigator.focused() is None and view.shown_focus() is None and view.path() == []
    assert heard == [""]


def test_clicking_a_concept_in_the_reader_focuses_it(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#8")
    html = window.reader.toHtml()
    assert 'href="concept:federated-learning"' in html
    window.reader.anchorClicked.emit(QUrl("concept:federated-learning"))
    assert (
        window.navigator.focused()
        == window.graph_view.shown_focus()
        == "concept:federated-learning"
    )


def test_back_and_forward_restore_each_state(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "privacy")
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_Return)
    with opened(qtbot, window, f"{SEED}#2"):
        window.graph_view.node_clicked.emit("concept:lora")
    with opened(qtbot, window, f"{SEED}#7"):
        window.navigator.open_section(f"{SEED}#7")

    with opened(qtbot, window, f"{SEED}#2"):
        window.actions_by_name["back"].trigger()
    assert window.navigator.focused() == window.graph_view.shown_focus() == "concept:lora"
    window.actions_by_name["back"].trigger()
    assert window.search_panel.box.text() == "privacy"
    window.actions_by_name["forward"].trigger()
    assert window.navigator.focused() == window.graph_view.shown_focus() == "concept:lora"
    with opened(qtbot, window, f"{SEED}#7"):
        window.actions_by_name["forward"].trigger()


def test_back_with_the_keyboard_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#1")
    with opened(qtbot, window):
        window.navigator.open_section(f"{SEED}#3")
    assert window.actions_by_name["back"].shortcut().toString() == "Alt+Left"
    with opened(qtbot, window, f"{SEED}#1"):
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)


def test_kind_filters_hide_nodes(window: MainWindow) -> None:
    window.actions_by_name["kind:technique"].setChecked(False)
    visible = window.graph_view.visible_nodes()
    assert "concept:lora" not in visible and "concept:healthcare" in visible
    window.actions_by_name["kind:technique"].setChecked(True)
    assert "concept:lora" in window.graph_view.visible_nodes()


def test_concept_kind_facet_filters_hits(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "models")
    everything = {h.section_id for h in shown_hits(window)}
    facet = window.search_panel.kind_facet
    with answered(qtbot, window, "models"):
        facet.setCurrentIndex(facet.findData("organization"))
    filtered = {h.section_id for h in shown_hits(window)}
    assert filtered and filtered < everything
    assert f"{SEED}#1" in filtered  # OpenAI and Meta are named there


def test_a_typo_shows_its_corrections_hits_and_the_query_as_typed_is_a_click_away(
    qtbot: QtBot, window: MainWindow
) -> None:
    box, label = window.search_panel.box, window.search_panel.suggestion
    with answered(qtbot, window, "quantizaton") as shown:
        qtbot.keyClicks(box, "quantizaton")
    assert shown.args[0].corrected == "quantization"
    assert shown_hits(window)[0].section_id == f"{SEED}#2"
    assert label.isVisible()
    assert label.text().startswith("Showing results for <b>quantization</b>")
    assert "search instead for" in label.text()
    assert "1 passage matches" in window.search_panel.status.text()
    details = qtbot.waitSignal(window.search_panel.details_shown, timeout=5000)
    with answered(qtbot, window, "quantizaton") as shown, details:
        click_link(qtbot, label, "quantizaton")
    assert shown.args[0].corrected is None and shown.args[0].total == 0
    assert shown_hits(window) == [] and box.text() == "quantizaton"
    assert label.text() == 'Did you mean <a href="suggest">quantization</a>?'
    with answered(qtbot, window, "quantization"):
        click_link(qtbot, label, "quantization")
    assert box.text() == "quantization"
    assert shown_hits(window)[0].section_id == f"{SEED}#2"


def test_bad_query_is_one_sentence(qtbot: QtBot, window: MainWindow) -> None:
    with answered(qtbot, window):
        window.search_panel.set_query("*")
    assert window.search_panel.status.text().startswith("Type at least one word")
    assert window.search_panel.model.rowCount() == 0


def test_a_dropped_file_is_added(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    doc = tmp_path / "dropped.md"
    doc.write_text("# Dropped\n\n## Otters\nSea otters use RAG pipelines.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt only routes drop events during a real drag, so the handler is called directly
    window.dropEvent(event)
    qtbot.waitUntil(
        lambda: "section:dropped#1" in window.graph_view.visible_nodes(), timeout=30_000
    )
    assert f"report:{SEED}" not in window.graph_view.visible_nodes()  # the sample left for it
    assert window.counts.text().startswith("1 report · ")
    type_query(qtbot, window, "otters")
    assert shown_hits(window)[0].report == "dropped"
    assert str(doc) in window.recent()


def test_a_bad_file_shows_an_error_and_the_window_stays_usable(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    bad = tmp_path / "binary.md"
    bad.write_bytes(bytes(range(256)) * 4)
    dialogs.files = [bad]
    window.actions_by_name["open"].trigger()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=30_000)
    _title, text, details = dialogs.errors[0]
    assert "could not be added" in text and "binary" in details
    type_query(qtbot, window, "privacy")
    assert shown_hits(window)


def test_layout_is_remembered(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    window.resize(760, 560)  # within the offscreen screen, which geometry restores clamp to
    window.splitter.setSizes([200, 200, 340])
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(Workspace(data_dir), dialogs=window.dialogs, settings=window.settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == window.size()
    assert again.splitter.sizes() == sizes
    again.runner.wait(30_000)


def test_about_names_the_version(window: MainWindow, dialogs: FakeDialogs) -> None:
    window.actions_by_name["about"].trigger()
    from explorer import __version__

    assert __version__ in dialogs.abouts[0]


def test_full_screen_and_escape(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_by_name["full_screen"].trigger()
    assert window.isFullScreen()
    window.actions_by_name["escape"].trigger()
    assert not window.isFullScreen()
    window.graph_view.node_clicked.emit("concept:lora")
    window.actions_by_name["escape"].trigger()
    assert window.navigator.focused() is None and window.graph_view.shown_focus() is None


def test_report_html_is_never_interpreted(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Raw HTML in a report is dropped, its words kept: nothing of it is laid out as HTML
    (the rendered reader shows no tags as text any more; more in tests/ui/test_reader.py)."""
    doc = tmp_path / "hostile.md"
    doc.write_text(
        '# H\n\n## Part\nA <img src="http://example.com/x.png"> and <b>bold</b> lemur.\n'
    )
    do(qtbot, window, lambda ws: ws.add([doc]))
    with opened(qtbot, window):
        window.navigator.open_section("hostile#1")
    text = window.reader.toPlainText()
    assert "A [image] and bold lemur." in text
    bold = window.reader.document().find("bold")
    assert bold.charFormat().fontWeight() < 600  # the <b> was not obeyed
    assert "<img" not in window.reader.toHtml()


def test_snapshot_renders_a_png(tmp_path: Path, data_dir: Path) -> None:
    from explorer.cli import main

    out = tmp_path / "shot.png"
    assert main(["snapshot", "-o", str(out), "--size", "900x600", "--query", "LoRA"]) == 0
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    assert len({image.pixel(QPoint(x, 300)) for x in range(0, 900, 10)}) > 3


def test_link_tooltips_quote_their_evidence(qtbot: QtBot, window: MainWindow) -> None:
    """Hovering a link reads its evidence on the read lane; the tooltip then quotes it."""
    from explorer.ui.graph.labels import edge_tooltip

    describe = window.graph_view.describe
    assert describe is not None
    assert describe(f"{SEED}#2.1") == ""  # not read yet: never read on the GUI thread
    with qtbot.waitSignal(window.navigator.passages_described, timeout=10_000):
        window.graph_view.edge_hovered.emit("concept:lora", "concept:quantization")
    line = describe(f"{SEED}#2.1")
    # the words around the link's two concepts, not the passage's first words
    assert line.startswith("2. Improved Efficiency and Scaling — “…")
    assert "(LoRA), and quantization" in line and "Significant strides" not in line
    graph = window.navigator.concept_graph
    assert graph is not None
    data = graph.graph.edges["concept:lora", "concept:quantization"]
    tip = edge_tooltip("LoRA", "Quantization", data, describe)
    assert f"{SEED}#2.1: 2. Improved Efficiency and Scaling" in tip and "<script" not in tip


def test_ctrl_digit_shows_the_focus_and_its_neighbourhood(qtbot: QtBot, window: MainWindow) -> None:
    import networkx as nx

    graph = window.navigator.concept_graph
    assert graph is not None
    with answered(qtbot, window, "LoRA"):
        window.graph_view.node_clicked.emit("concept:lora")
    window.activateWindow()
    for depth in (1, 2):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + depth), Qt.KeyboardModifier.ControlModifier)
        near = nx.single_source_shortest_path_length(graph.graph, "concept:lora", cutoff=depth)
        assert window.graph_view.visible_nodes() == set(near)
    QTest.keyClick(window, Qt.Key.Key_QuoteLeft, Qt.KeyboardModifier.ControlModifier)
    assert window.graph_view.visible_nodes() == set(graph.graph.nodes)


def choose_from_file_menu(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Click File in the menu bar, then the item ``text``, as a user does with the mouse."""
    bar = window.menuBar()
    file = next(a for a in bar.actions() if a.text() == "&File")

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        item = next(a for a in menu.actions() if a.text() == text)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())

    QTimer.singleShot(0, choose)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file).center())


def test_the_sample_leaves_for_the_first_reports_and_the_file_menu_brings_it_back(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    dialogs.files = sorted(corpus("milvus-blog-en").glob("*.md"))[:2]
    status = window.statusBar()
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Open Reports…
    qtbot.waitUntil(lambda: "left the library" in status.currentMessage(), timeout=60_000)
    qtbot.waitUntil(  # the graph made anew without it does not take the line away
        lambda: (
            f"report:{SEED}" not in window.graph_view.visible_nodes() and not window.runner.busy()
        ),
        timeout=60_000,
    )
    assert status.currentMessage() == (
        "Added 2 reports; 0 unchanged, 0 could not be read. The sample report left the "
        "library; File → Open Sample Report brings it back."
    )
    assert "2 reports" in window.counts.text()
    assert window.search_panel.report_facet.findData(SEED) == -1
    with opened(qtbot, window, f"{SEED}#1"):
        choose_from_file_menu(qtbot, window, "Open &Sample Report")
    assert window.middle_tabs.currentWidget() is window.reading
    assert window.reader.toPlainText().startswith("1. Advancements in Multimodal Models")
    assert status.currentMessage() == "The sample report is in the library."
    qtbot.waitUntil(lambda: "3 reports" in window.counts.text(), timeout=30_000)
    assert window.search_panel.report_facet.findData(SEED) >= 0
