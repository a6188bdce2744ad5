"""The graph view as a user meets it: clicks, hovers, filters, labels and what ends up on screen."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import networkx as nx
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from explorer.ui.graph.labels import LABEL_CAP, LabelItem, edge_tooltip
from explorer.ui.graph.style import ACCENT, KIND_COLOURS, GraphLegend, Theme
from explorer.ui.graph.view import GraphView

KINDS = list(KIND_COLOURS)
BOLD = "<b>x</b>"


def make_graph(n: int = 30, radius: float = 0.33, seed: int = 4) -> nx.Graph:
    """A small concept graph with every attribute the app's graph carries."""
    raw = nx.random_geometric_graph(n, radius, seed=seed)
    between = nx.betweenness_centrality(raw)
    graph = nx.Graph()
    for v, data in raw.nodes(data=True):
        x, y = data["pos"]
        graph.add_node(
            f"concept:c{v}",
            kind=KINDS[v % len(KINDS)],
            label=BOLD if v == 0 else f"Concept {v}",
            count=1 + (v * 7) % 40,
            x=2 * x - 1,
            y=2 * y - 1,
            betweenness=between[v],
            degree=raw.degree(v),
            community=v % 4,
        )
    for u, v in raw.edges:
        weight = 1 + (u + v) % 6
        evidence = [f"report-{u}#1.{i}" for i in range(weight + 5)]
        graph.add_edge(
            f"concept:c{u}", f"concept:c{v}", kind="co-occurs", weight=weight, evidence=evidence
        )
    return graph


@pytest.fixture
def graph() -> nx.Graph:
    return make_graph()


@pytest.fixture
def view(qtbot, graph: nx.Graph) -> GraphView:
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_graph(graph)
    return widget


def legend(view: GraphView) -> list[str]:
    """The names the legend lists, top to bottom."""
    overlay = view.findChild(GraphLegend)
    assert overlay is not None and overlay.isVisible()
    return overlay.entries()


def point(view: GraphView, node: str) -> QPoint:
    return view.node_position(node).toPoint()


def loneliest(view: GraphView, graph: nx.Graph) -> str:
    """The node farthest, on screen, from every other node: unambiguous to click."""

    def room(node: str) -> float:
        here = view.node_position(node)
        return min(
            math.dist((here.x(), here.y()), (p.x(), p.y()))
            for p in (view.node_position(m) for m in graph.nodes if m != node)
        )

    return str(max(graph.nodes, key=room))


def label_rects(view: GraphView) -> dict[str, QRectF]:
    """The on-screen rectangle of every visible label, in viewport pixels."""
    canvas = view.findChild(pg.GraphicsView)
    assert canvas is not None
    items = [i for i in canvas.scene().items() if isinstance(i, LabelItem) and i.isVisible()]
    return {
        item.text(): item.deviceTransform(canvas.viewportTransform()).mapRect(item.boundingRect())
        for item in items
    }


def wait_for_labels(qtbot, view: GraphView) -> None:
    if view.labels_due():  # a placement follows the last change: wait for it
        with qtbot.waitSignal(view.labels_placed, timeout=2000):
            pass
    assert view.shown_labels()


def test_set_graph_shows_every_node_and_only_the_kinds_present(view, graph) -> None:
    assert view.visible_nodes() == set(graph.nodes)
    sparse = make_graph()
    sparse.remove_nodes_from([n for n, k in sparse.nodes(data="kind") if k == "theme"])
    view.set_graph(sparse)
    assert "theme" not in legend(view)
    assert legend(view) == [k for k in KINDS if k != "theme"]


def test_clicking_a_node_asks_for_it_and_show_focus_draws_it(qtbot, view, graph) -> None:
    """The view draws what it is told: a click is a request, and draws nothing by itself."""
    node = loneliest(view, graph)
    with qtbot.waitSignal(view.node_clicked, timeout=1000) as clicked:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point(view, node))
    assert clicked.args == [node]
    assert view.shown_focus() is None
    view.show_focus(node)
    assert view.shown_focus() == node
    qtbot.waitUntil(lambda: node in view.shown_labels(), timeout=2000)


def test_escape_and_a_click_on_empty_space_ask_to_clear_the_focus(qtbot, view, graph) -> None:
    node = next(iter(graph.nodes))
    view.show_focus(node)
    view.setFocus()
    with qtbot.waitSignal(view.escape_pressed, timeout=1000):
        QTest.keyClick(view, Qt.Key.Key_Escape)
    with qtbot.waitSignal(view.background_clicked, timeout=1000):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 690))
    assert view.shown_focus() == node  # only asked: the focus is the navigator's to clear
    view.show_focus(None)
    assert view.shown_focus() is None


def test_focus_of_an_unknown_node_is_refused(view) -> None:
    with pytest.raises(KeyError):
        view.show_focus("concept:nowhere")


def test_a_new_graph_keeps_the_focus_drawn_only_if_it_holds_the_node(qtbot, view, graph) -> None:
    """A kept view (a map redrawn) keeps drawing a focus it still holds; a new graph, or one
    without the node, draws none, and graph_shown says which happened."""
    node = next(iter(graph.nodes))
    view.show_focus(node)
    with qtbot.waitSignal(view.graph_shown, timeout=1000) as shown:
        view.set_graph(make_graph(), keep_view=True)
    assert shown.args == [True] and view.shown_focus() == node
    smaller = make_graph()
    smaller.remove_node(node)
    with qtbot.waitSignal(view.graph_shown, timeout=1000):
        view.set_graph(smaller, keep_view=True)
    assert view.shown_focus() is None
    view.set_graph(make_graph())
    view.show_focus(node)
    with qtbot.waitSignal(view.graph_shown, timeout=1000) as shown:
        view.set_graph(make_graph())
    assert shown.args == [False] and view.shown_focus() is None


def test_visible_kinds_hide_the_other_kinds(view, graph) -> None:
    view.set_visible_kinds({"technique", "model"})
    expected = {n for n, k in graph.nodes(data="kind") if k in {"technique", "model"}}
    assert expected and view.visible_nodes() == expected
    view.set_visible_kinds(None)
    assert view.visible_nodes() == set(graph.nodes)


def test_local_graph_shows_the_node_and_the_nodes_it_is_given(view, graph) -> None:
    node = max(graph.nodes, key=graph.degree)
    view.set_local(node, graph.neighbors(node))
    assert view.visible_nodes() == {node, *graph.neighbors(node)}
    view.set_visible_kinds({"section"})
    assert view.visible_nodes() == {node} | {
        n for n in graph.neighbors(node) if graph.nodes[n]["kind"] == "section"
    }
    view.set_visible_kinds(None)
    view.set_local(None)
    assert view.visible_nodes() == set(graph.nodes)


def test_highlight_is_reported_back_and_labelled(qtbot, view, graph) -> None:
    hits = sorted(graph.nodes, key=lambda n: graph.nodes[n]["betweenness"])[:3]
    view.highlight([*hits, "concept:not-in-graph"])
    assert view.highlighted() == set(hits)
    assert view.shown_focus() is None
    qtbot.waitUntil(lambda: set(hits) <= set(view.shown_labels()), timeout=2000)


def test_labels_never_overlap(qtbot, view) -> None:
    wait_for_labels(qtbot, view)
    rects = label_rects(view)
    assert len(rects) == len(view.shown_labels()) >= 5
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), f"labels {a!r} and {b!r} overlap"
    frame = QRectF(view.viewport().rect())
    assert all(frame.contains(r) for r in rects.values()), "a label is cut off"


def test_labels_stay_apart_and_capped_in_a_crowded_graph(qtbot) -> None:
    crowded = make_graph(n=900, radius=0.05, seed=9)
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.resize(2400, 1800)
    widget.show()
    widget.set_graph(crowded)
    wait_for_labels(qtbot, widget)
    rects = list(label_rects(widget).values())
    assert len(rects) == LABEL_CAP
    for ra, rb in itertools.combinations(rects, 2):
        assert not ra.intersects(rb)


def test_a_focused_node_is_labelled_even_where_crowded(qtbot, view, graph) -> None:
    wait_for_labels(qtbot, view)
    unlabelled = [n for n in graph.nodes if n not in view.shown_labels()]
    assert unlabelled
    view.show_focus(unlabelled[0])
    qtbot.waitUntil(lambda: unlabelled[0] in view.shown_labels(), timeout=2000)


def test_labels_are_plain_text(qtbot, view) -> None:
    view.show_focus("concept:c0")
    qtbot.waitUntil(lambda: "concept:c0" in view.shown_labels(), timeout=2000)
    assert view.shown_labels()["concept:c0"] == BOLD
    assert BOLD in label_rects(view)
    tip = edge_tooltip(BOLD, "y", {"kind": "related", "weight": 2, "evidence": ["<i>p</i>"]})
    assert "<b>" not in tip and "&lt;b&gt;x&lt;/b&gt;" in tip and "&lt;i&gt;" in tip


def edge_midpoint(view: GraphView, graph: nx.Graph) -> tuple[tuple[str, str], QPoint]:
    """An edge whose midpoint lies well away from every node and every other edge."""
    pos = {n: view.node_position(n) for n in graph.nodes}

    def gap(p: QPointF, a: QPointF, b: QPointF) -> float:
        ab, ap = b - a, p - a
        t = max(0.0, min(1.0, QPointF.dotProduct(ap, ab) / max(QPointF.dotProduct(ab, ab), 1e-9)))
        return math.dist((p.x(), p.y()), (a.x() + t * ab.x(), a.y() + t * ab.y()))

    def room(edge: tuple[str, str]) -> float:
        middle = (pos[edge[0]] + pos[edge[1]]) / 2
        nodes = min(math.dist((middle.x(), middle.y()), (p.x(), p.y())) for p in pos.values())
        others = [gap(middle, pos[u], pos[v]) for u, v in graph.edges if {u, v} != set(edge)]
        return min([nodes, *others])

    edge = max(graph.edges, key=room)
    assert room(edge) > 12
    return edge, ((pos[edge[0]] + pos[edge[1]]) / 2).toPoint()


def test_hovering_an_edge_tells_its_evidence(qtbot, view, graph) -> None:
    (u, v), middle = edge_midpoint(view, graph)
    with qtbot.waitSignal(view.edge_hovered, timeout=1000) as hovered:
        QTest.mouseMove(view.viewport(), middle)
    assert set(hovered.args) == {u, v}
    text = QToolTip.text()
    evidence = graph.edges[u, v]["evidence"]
    assert "co-occurs" in text and f"weight {graph.edges[u, v]['weight']}" in text
    assert all(p in text for p in evidence[:8]) and evidence[8] not in text


def test_clicking_an_edge_says_which(qtbot, view, graph) -> None:
    (u, v), middle = edge_midpoint(view, graph)
    with qtbot.waitSignal(view.edge_clicked, timeout=1000) as clicked:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert set(clicked.args) == {u, v}


def test_a_path_is_drawn_in_the_accent_colour(qtbot, view, graph) -> None:
    (u, v), middle = edge_midpoint(view, graph)
    before = view.grab().toImage().pixelColor(middle)
    view.show_path([u, v])
    after = view.grab().toImage().pixelColor(middle)
    assert before != QColor(ACCENT) and after == QColor(ACCENT)


def test_keys_zoom_pan_and_fit(qtbot, view, graph) -> None:
    a, b = sorted(graph.nodes)[:2]

    def spread() -> float:
        pa, pb = view.node_position(a), view.node_position(b)
        return math.dist((pa.x(), pa.y()), (pb.x(), pb.y()))

    start, x = spread(), view.node_position(a).x()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert spread() > start * 1.1
    QTest.keyClick(view, Qt.Key.Key_0)
    assert spread() == pytest.approx(start, rel=0.01)
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.node_position(a).x() < x - 20
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert spread() < start


def test_colour_by_community(view) -> None:
    view.set_color_mode("community")
    assert legend(view) == [f"community {c}" for c in range(4)]
    with pytest.raises(ValueError):
        view.set_color_mode("rainbow")


def painted(view: GraphView, path: Path) -> QImage:
    view.grab().save(str(path))
    image = QImage(str(path))
    assert not image.isNull()
    return image


def test_the_graph_is_painted(qtbot, view, tmp_path) -> None:
    wait_for_labels(qtbot, view)
    image = painted(view, tmp_path / "graph.png")
    background = image.pixelColor(image.width() - 2, image.height() - 2)
    node = view.node_position("concept:c1").toPoint()
    assert image.pixelColor(node) != background
    assert image.pixelColor(node) == QColor(KIND_COLOURS[KINDS[1]])


def test_a_dark_palette_gives_a_dark_graph_with_light_labels(qtbot, view, tmp_path) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    view.setPalette(dark)
    wait_for_labels(qtbot, view)
    image = painted(view, tmp_path / "dark.png")
    assert image.pixelColor(image.width() - 2, image.height() - 2).lightnessF() < 0.2
    text, rect = next(iter(label_rects(view).items()))
    inside = rect.toRect().adjusted(2, 2, -2, -2)
    lightest = max(
        image.pixelColor(x, y).lightnessF()
        for x in range(inside.left(), inside.right())
        for y in range(inside.top(), inside.bottom())
    )
    assert lightest > 0.7, f"label {text!r} is not light on dark"


def test_colours_keep_contrast_on_light_and_dark() -> None:
    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for background in ("#ffffff", "#1e1e1e"):
        back = luminance(QColor(background))
        for kind, colour in KIND_COLOURS.items():
            ours = luminance(QColor(colour))
            ratio = (max(ours, back) + 0.05) / (min(ours, back) + 0.05)
            assert ratio >= 3.0, f"{kind} on {background}: {ratio:.2f}"
    theme = Theme(QColor("#ffffff"), QColor("#000000"), QColor("#000000"))
    assert theme.over("#000000", 0.5).lightness() == pytest.approx(128, abs=2)


def test_empty_and_bare_graphs_are_shown_without_fuss(qtbot) -> None:
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    widget.set_graph(nx.Graph())
    widget.fit()
    assert widget.visible_nodes() == set() and not widget.grab().isNull()
    bare = nx.Graph()
    bare.add_edge("a", "b")  # no attributes at all
    widget.set_graph(bare)
    widget.show_focus("a")
    assert widget.visible_nodes() == {"a", "b"}
    qtbot.waitUntil(lambda: widget.shown_labels().get("a") == "a", timeout=2000)
    widget.set_graph(make_graph())
    assert widget.shown_focus() is None


def test_focus_moves_the_camera_to_the_neighbourhood_and_faded_nodes_lose_their_labels(
    qtbot, view, graph
) -> None:
    wait_for_labels(qtbot, view)
    node = max(graph.nodes, key=lambda n: (0 < graph.degree(n) < 6, graph.degree(n)))
    near = {node, *graph.neighbors(node)}
    before = view.view_range()
    with qtbot.waitSignal(view.camera_arrived, timeout=3000):
        view.show_focus(node)
        view.ease_to_neighbourhood(node)
    x0, x1, y0, y1 = view.view_range()
    assert (x1 - x0) < (before[1] - before[0])  # closer: the neighbourhood fills the view
    for n in near:
        x, y = graph.nodes[n]["x"], graph.nodes[n]["y"]
        assert x0 < x < x1 and y0 < y < y1
    # Once placed for the new view, only the lit nodes have labels: a faded one says nothing.
    qtbot.waitUntil(lambda: node in view.shown_labels(), timeout=2000)
    qtbot.waitUntil(lambda: set(view.shown_labels()) <= near, timeout=2000)
    view.ease_to_neighbourhood(node)
    assert view.camera_moving()
    view.fit()  # the whole graph again, at once: a move under way stops
    assert not view.camera_moving()
    (a0, a1, b0, b1), (c0, c1, d0, d1) = view.view_range(), view.fit_range()
    assert a0 <= c0 + 1e-9 and a1 >= c1 - 1e-9 and b0 <= d0 + 1e-9 and b1 >= d1 - 1e-9


def test_a_long_label_is_elided_and_its_tooltip_has_it_whole(qtbot, view, graph) -> None:
    long = "A section title that goes on and on about everything the report covers at length"
    nx.set_node_attributes(graph, {"concept:c1": long}, "label")
    view.set_graph(graph)
    view.show_focus("concept:c1")
    qtbot.waitUntil(lambda: "concept:c1" in view.shown_labels(), timeout=2000)
    shown = view.shown_labels()["concept:c1"]
    assert shown.endswith("…") and long.startswith(shown[:-1]) and len(shown) < len(long)
    [item] = [i for i in view._labels._items if i.isVisible() and i.text() == shown]
    assert long in item.toolTip()
