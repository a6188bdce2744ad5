"""Evidence in the window reads as text around the concepts it is evidence for (issue 23):
a link's tooltip, the passages behind a point of the trends chart, a tour's quotes. The
Milvus blog posts behind them are full of links, raw HTML, emphasis and code spans."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.core.test_evidence import MARKUP, POSTS, markup
from tests.ui.conftest import ask, do, settle


@pytest.fixture
def milvus(qtbot: QtBot, window: MainWindow) -> MainWindow:
    do(qtbot, window, lambda ws: ws.add([corpus("milvus-blog-en") / name for name in POSTS]))
    qtbot.waitUntil(
        lambda: (
            (graph := window.navigator.concept_graph) is not None
            and "concept:zilliz" in graph.graph
        ),
        timeout=60_000,
    )
    settle(qtbot, window)
    return window


def plain(words: str) -> bool:
    return not [m for m in MARKUP if m in words]


def test_a_link_tooltip_quotes_its_evidence_around_both_ends(
    qtbot: QtBot, milvus: MainWindow
) -> None:
    graph = milvus.navigator.concept_graph
    assert graph is not None
    evidence = graph.graph.edges["concept:milvus", "concept:zilliz"]["evidence"]
    with qtbot.waitSignal(milvus.navigator.passages_described, timeout=10_000):
        milvus.graph_view.edge_hovered.emit("concept:milvus", "concept:zilliz")
    describe = milvus.graph_view.describe
    assert describe is not None
    section, words = describe(evidence[0]).split(" — “", 1)
    assert section and plain(words), words
    assert "zilliz" in words.lower() and "milvus" in words.lower(), words


def test_the_passages_behind_a_trend_point_read_as_text(qtbot: QtBot, milvus: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: (
            (line := milvus.trends.line) is not None
            and any(c.id == "concept:zilliz" for c in line.concepts)
        ),
        timeout=30_000,
    )
    line = milvus.trends.line
    assert line is not None
    zilliz = line.concept("concept:zilliz")
    period = next(p.id for p in line.periods if zilliz.reports[p.id] >= 2)
    view = milvus.trends.view
    milvus.middle_tabs.setCurrentWidget(view)
    view.select_concepts(["concept:zilliz"])
    rows = view.evidence.list
    view.point_selected.emit("concept:zilliz", period)  # what a click on the point sends
    qtbot.waitUntil(lambda: rows.count() > 0, timeout=10_000)
    for i in range(rows.count()):
        _title, words = rows.item(i).text().split("\n", 1)
        assert plain(words) and "zilliz" in words.lower(), words


def test_a_tours_quotes_read_as_text_around_their_focus(qtbot: QtBot, milvus: MainWindow) -> None:
    """A stop on each concept these posts mention, quoting a passage its mention cites (a
    handful of posts is too few for the default tour's periods to quote anything)."""
    import datetime as dt

    from explorer.core.ids import is_concept, node_kind
    from explorer.core.tours import Stop, Tour
    from explorer.ui.present.scenes import prepare

    def quotes(ws: object) -> list[tuple[list[str], str, list[str]]]:
        from explorer.core.workspace import Workspace

        assert isinstance(ws, Workspace)
        graph = ws.graph()
        stops: list[Stop] = []
        for a, b, data in sorted(graph.graph.edges(data=True)):
            concept, section = (a, b) if is_concept(a) else (b, a)
            if node_kind(section) == "section" and is_concept(concept) and data["evidence"]:
                stops.append(
                    Stop(
                        id=f"s{len(stops):03d}",
                        title=concept,
                        view="local",
                        focus=concept,
                        evidence=data["evidence"][0],
                    )
                )
        now = dt.datetime.now(dt.UTC)
        tour = Tour(id="quotes", name="Quotes", created=now, updated=now, stops=tuple(stops))
        found = []
        for scene in prepare(ws, tour).scenes:
            if scene.quote and scene.focus and scene.focus.startswith("concept:"):
                node = graph.node(scene.focus)  # its label or another of its names
                names = [str(node["label"]), *map(str, node.get("aliases", ()))]
                shown = markup(ws, str(scene.stop.evidence), scene.quote)
                found.append((names, scene.quote, shown))
        return found

    quoted = ask(qtbot, milvus, quotes)
    assert len(quoted) >= 20
    for names, quote, shown in quoted:
        said = quote.lower()  # a plural keyphrase may be quoted in the singular
        assert not shown and any(n.lower().rstrip("s") in said for n in names), (names, quote)
