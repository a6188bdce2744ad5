"""The library map as a user meets it in the window: milvus-blog-en's 296 posts read as a map of
concepts whose labels never overlap, at the first zoom and after zooming in with the wheel;
show more, the link threshold, a click that unfolds sections; a one-report library unchanged."""

from __future__ import annotations

import itertools
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.core.graph import ConceptGraph
from explorer.core.workspace import Workspace
from explorer.ui.graph.style import GraphLegend
from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.ui.conftest import FakeDialogs, ask, settle
from tests.ui.test_concept_edits import choose, picture, popup_menu, right_click
from tests.ui.test_graph_view import label_rects

STRUCTURAL = ("report:", "section:")


@pytest.fixture(scope="module")
def milvus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every milvus-blog-en post added, its graph and map built: once for the module."""
    folder = tmp_path_factory.mktemp("milvus") / "data"
    ws = Workspace(folder)
    ws.add([corpus("milvus-blog-en")])
    ws.graphs.concept_map(100)
    return folder


@pytest.fixture
def milvus(qtbot: QtBot, milvus_folder: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The window over a copy of that folder, full-screen sized, its map shown."""
    folder = tmp_path / "data"
    shutil.copytree(milvus_folder, folder)
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Workspace(folder), dialogs=FakeDialogs(), settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    qtbot.waitUntil(lambda: win.navigator.concept_graph is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=60_000)
    settle(qtbot, win)
    yield win
    win.runner.wait(30_000)


def labels_settled(qtbot: QtBot, window: MainWindow) -> dict[str, str]:
    view = window.graph_view
    if view.labels_due():  # a placement is due after the last change: wait for it
        with qtbot.waitSignal(view.labels_placed, timeout=5_000):
            pass
    assert len(view.shown_labels()) > 10
    return view.shown_labels()


def assert_apart(window: MainWindow) -> int:
    """The labels on screen, pairwise disjoint and inside the view; how many there are."""
    view = window.graph_view
    rects = label_rects(view)
    assert len(rects) == len(view.shown_labels())
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), f"labels {a!r} and {b!r} overlap"
    legend = view.findChild(GraphLegend)
    assert legend is not None
    covered = legend.geometry().translated(view.viewport().mapFrom(view, QPoint(0, 0)))
    assert not any(r.intersects(covered.toRectF()) for r in rects.values()), "under the legend"
    return len(rects)


def wheel(window: MainWindow, notches: int) -> None:
    """Turn the mouse wheel over the middle of the graph: a real wheel event, as Qt sends it."""
    viewport = window.graph_view.viewport()
    middle = QPointF(viewport.width() / 2, viewport.height() / 2)
    for _ in range(notches):
        event = QWheelEvent(
            middle,
            QPointF(viewport.mapToGlobal(middle.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)


def in_view(window: MainWindow) -> set[str]:
    """The nodes drawn inside the visible part of the graph."""
    view = window.graph_view
    frame = view.viewport().rect()
    return {n for n in view.visible_nodes() if frame.contains(view.node_position(n).toPoint())}


def test_milvus_reads_as_a_map_of_concepts_whose_labels_never_overlap(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    view = milvus.graph_view
    shown = view.visible_nodes()
    assert len(shown) == 100
    assert not [n for n in shown if n.startswith(STRUCTURAL)]
    first = labels_settled(qtbot, milvus)
    assert {"Milvus", "Vector database", "Vector search", "HNSW"} <= set(first.values())
    count = assert_apart(milvus)
    assert count >= 40
    legend = view.findChild(GraphLegend)
    assert legend is not None and len(legend.entries()) >= 5
    assert all(" · " in name for name in legend.entries()[:5])  # named by their concepts
    assert milvus.trends.bar.colouring.currentData() == "community"

    near = in_view(milvus)
    wheel(milvus, 3)  # zoom in about the middle
    qtbot.waitUntil(lambda: len(in_view(milvus)) < len(near), timeout=5_000)
    zoomed = labels_settled(qtbot, milvus)
    assert not [n for n in view.visible_nodes() if n.startswith(STRUCTURAL)]
    assert_apart(milvus)
    closer = in_view(milvus)
    labelled_before = {n for n in first if n in closer}
    labelled_now = {n for n in zoomed if n in closer}
    assert len(labelled_now) > len(labelled_before)  # more labels appear as one looks closer


def test_show_more_adds_concepts_and_fewer_takes_them_away(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    bar, view, graph = milvus.maps.bar, milvus.graph_view, milvus.navigator.concept_graph
    assert graph is not None
    total = len(graph.concepts())
    before = view.visible_nodes()
    assert bar.count.text() == f"100 of {total:,} concepts"
    lighter = ask(qtbot, milvus, lambda ws: ws.graphs.concept_map(100)).concepts[150]
    view.highlight([lighter])  # a search hit on a concept that is not on the map yet
    assert view.highlighted() == set()
    qtbot.mouseClick(bar.more, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.visible_nodes()) == 200, timeout=10_000)
    after = view.visible_nodes()
    assert before < after and not [n for n in after if n.startswith(STRUCTURAL)]
    assert view.highlighted() == {lighter}  # it joined the map: it is lit
    assert bar.count.text() == f"200 of {total:,} concepts"
    qtbot.mouseClick(bar.fewer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.visible_nodes() == before, timeout=10_000)


def test_the_minimum_link_weight_removes_weaker_links(qtbot: QtBot, milvus: MainWindow) -> None:
    view, graph = milvus.graph_view, milvus.navigator.concept_graph
    assert graph is not None
    links = view.visible_links()
    first = milvus.maps.bar.min_weight.value()
    assert links and all(graph.weight(a, b) >= first for a, b in links)
    weaker = first * 3
    box = milvus.maps.bar.min_weight
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(weaker))
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(view.visible_links()) < len(links), timeout=10_000)
    kept = view.visible_links()
    assert kept and all(graph.weight(a, b) >= weaker for a, b in kept)
    assert {tuple(sorted(pair)) for pair in kept} < {tuple(sorted(pair)) for pair in links}
    assert len(view.visible_nodes()) == 100  # the concepts stay; only links go


def test_a_click_on_a_concept_unfolds_its_sections_and_reports(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    view, graph = milvus.graph_view, milvus.navigator.concept_graph
    assert graph is not None
    hnsw = graph.find_concept("HNSW")
    labels_settled(qtbot, milvus)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.node_position(hnsw).toPoint()
    )
    qtbot.waitUntil(
        lambda: any(n.startswith("section:") for n in view.visible_nodes()), timeout=10_000
    )
    assert milvus.navigator.focused() == view.shown_focus() == hnsw
    shown = view.visible_nodes()
    sections = {n for n in shown if n.startswith("section:")}
    reports = {n for n in shown if n.startswith("report:")}
    assert sections and reports
    assert all(graph.weight(hnsw, s) > 0 for s in sections)  # each names HNSW
    assert all(any(graph.weight(r, s) for s in sections) for r in reports)  # and is theirs
    qtbot.waitUntil(lambda: sections & set(view.shown_labels()) != set(), timeout=5_000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: not [n for n in view.visible_nodes() if n.startswith(STRUCTURAL)], timeout=10_000
    )
    assert milvus.navigator.focused() is None and view.shown_focus() is None


def test_focusing_a_concept_folded_away_unfolds_it_then_draws_its_focus(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    """The map listens to the navigator: a concept too light to be on the map, once focused
    (a search hit, a link, a note), joins it with its sections unfolded; the view draws the
    focus as soon as it shows the node, and the navigator said so once."""
    view, navigator, graph = milvus.graph_view, milvus.navigator, milvus.navigator.concept_graph
    assert graph is not None
    lighter = ask(qtbot, milvus, lambda ws: ws.graphs.concept_map(100)).concepts[150]
    assert not view.has_node(lighter)
    heard: list[str] = []
    navigator.focus_changed.connect(heard.append)
    navigator.focus(lighter, run_search=False)
    assert navigator.focused() == lighter and view.shown_focus() is None  # folded: not yet
    qtbot.waitUntil(lambda: view.shown_focus() == lighter, timeout=10_000)
    assert milvus.maps.unfolded == lighter and heard == [lighter]
    sections = {n for n in view.visible_nodes() if n.startswith("section:")}
    assert sections and all(graph.weight(lighter, s) > 0 for s in sections)


def test_a_one_report_library_keeps_its_section_view(qtbot: QtBot, window: MainWindow) -> None:
    view = window.graph_view
    shown = view.visible_nodes()
    assert any(n.startswith("section:") for n in shown)
    assert any(n.startswith("report:") for n in shown)
    assert not window.maps.bar.isVisible()
    assert window.trends.bar.colouring.currentData() == "kind"
    legend = view.findChild(GraphLegend)
    assert legend is not None and "section" in legend.entries()


def test_the_legend_never_covers_a_node_of_the_first_view(qtbot: QtBot, window: MainWindow) -> None:
    """The map's named communities make a tall legend after the view was first fitted: the
    view makes room for it, so no concept is drawn under it."""
    with qtbot.waitSignal(window.changed, timeout=60_000):
        window.add_paths([corpus("llm-course-report") / "README.md"])
    view = window.graph_view
    qtbot.waitUntil(lambda: not window.runner.busy() and window.maps.is_map(), timeout=60_000)
    legend = view.findChild(GraphLegend)
    assert legend is not None and len(legend.entries()) >= 5
    covered = legend.geometry().translated(view.viewport().mapFrom(view, QPoint(0, 0)))
    under = [n for n in view.visible_nodes() if covered.contains(view.node_position(n).toPoint())]
    assert not under, under[:5]


def test_a_concept_hidden_on_the_map_leaves_the_view_and_the_unfolding_as_they_were(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    view, graph, bar = milvus.graph_view, milvus.navigator.concept_graph, milvus.maps.bar
    assert graph is not None
    total = len(graph.concepts())
    hnsw, gone = graph.find_concept("HNSW"), graph.find_concept("Vector search")
    labels_settled(qtbot, milvus)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.node_position(hnsw).toPoint()
    )
    qtbot.waitUntil(
        lambda: any(n.startswith("section:") for n in view.visible_nodes()), timeout=10_000
    )
    settle(qtbot, milvus)
    where = view.view_range()
    assert gone in view.visible_nodes()
    right_click(view.viewport(), view.node_position(gone).toPoint())
    with qtbot.waitSignal(milvus.changed, timeout=30_000):
        choose(popup_menu(qtbot), "Hide “Vector search”")
    settle(qtbot, milvus)
    assert gone not in view.visible_nodes()
    assert milvus.navigator.focused() == view.shown_focus() == hnsw
    assert any(n.startswith("section:") for n in view.visible_nodes())  # still unfolded
    assert view.view_range() == pytest.approx(where)
    assert bar.count.text() == f"100 of {total - 1:,} concepts"
    assert milvus.statusBar().currentMessage().startswith("Hid “Vector search”")
    labels_settled(qtbot, milvus)
    picture(milvus, "map-after-hide")


def test_a_big_library_draws_its_map_at_once_and_a_click_on_it_waits_for_the_graph(
    qtbot: QtBot, milvus: MainWindow, tmp_path: Path
) -> None:
    """The next window over the library draws the map as it was first drawn before it has
    read the whole graph; a concept clicked meanwhile is focused, its sections unfolded,
    once the graph is read."""
    first = milvus.graph_view.visible_nodes()
    graph = milvus.navigator.concept_graph
    assert graph is not None
    hnsw = graph.find_concept("HNSW")
    folder = ask(qtbot, milvus, lambda ws: ws.folder)
    milvus.close()
    read = threading.Event()

    class GraphReadLater(Workspace):
        def graph(self) -> ConceptGraph:
            read.wait(60)
            return super().graph()

    settings = QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lambda: GraphReadLater(folder), FakeDialogs(), settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    try:
        view = win.graph_view
        qtbot.waitUntil(lambda: bool(view.visible_nodes()), timeout=30_000)
        assert view.visible_nodes() == first and win.navigator.concept_graph is None
        assert win.maps.bar.isVisible()  # "100 of N concepts", as on the first start
        assert "concept" not in win.counts.text()  # not "0 concepts": they are not counted yet
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.node_position(hnsw).toPoint()
        )
        read.set()
        qtbot.waitUntil(lambda: win.navigator.focused() == hnsw, timeout=60_000)
        qtbot.waitUntil(
            lambda: any(n.startswith("section:") for n in view.visible_nodes()), timeout=10_000
        )
    finally:
        read.set()
        win.runner.wait(30_000)
