"""The library map: the heaviest concepts, links above a weight, communities that are regions
and named by their members, unfolding around a focus, its cache; and labels that never overlap."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.graph import (
    ConceptMap,
    MapSettings,
    first_settings,
    map_graph,
    place_labels,
    wants_map,
)
from explorer.core.graph.concept_map.build import arranged, build_concept_map, concept_weights
from explorer.core.graph.concept_map.store import MapStore
from explorer.core.workspace import Workspace

TOPICS = {"a": ["Alpha", "Apple", "Anchor", "Arch", "Atlas", "Aura"],
          "b": ["Beta", "Bread", "Bridge", "Bison", "Bloom", "Bolt"]}  # fmt: skip


def library(reports: int = 8) -> nx.Graph:
    """A graph shaped like the app's: reports, their sections, and two topics of concepts that
    the even and the odd reports are about. Section s of a report names the first 6 - 2s
    concepts of its topic, so the first of each topic weighs most; one section names both."""
    graph = nx.Graph()
    for labels in TOPICS.values():
        for label in labels:
            graph.add_node(f"concept:{label.lower()}", kind="technique", label=label, count=1)
    named: dict[str, list[str]] = {}
    for r in range(reports):
        report = f"report:r{r}"
        graph.add_node(report, kind="report", label=f"Report {r}", count=3)
        topic = "a" if r % 2 == 0 else "b"
        for s in range(3):
            section = f"section:r{r}#{s + 1}"
            graph.add_node(
                section, kind="section", label=f"Part {s + 1}", report=f"r{r}", number=s + 1
            )
            graph.add_edge(report, section, kind="contains", weight=1, evidence=[])
            concepts = [f"concept:{c.lower()}" for c in TOPICS[topic][: 6 - 2 * s]]
            if r == 0 and s == 0:
                concepts.append("concept:beta")
            named[section] = concepts
            for concept in concepts:
                graph.add_edge(
                    section, concept, kind="mentions", weight=2, evidence=[f"r{r}#{s + 1}.1"]
                )
    links: Counter[tuple[str, str]] = Counter()
    for concepts in named.values():
        links.update(itertools.combinations(sorted(concepts), 2))
    for (a, b), weight in links.items():
        graph.add_edge(a, b, kind="co-occurs", weight=weight, evidence=["r0#1.1"])
    return graph


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    return library()


@pytest.fixture(scope="module")
def cmap(graph: nx.Graph) -> ConceptMap:
    return build_concept_map(graph, top=12)


def kinds(drawn: nx.Graph) -> set[str]:
    return {kind for _, kind in drawn.nodes(data="kind")}


def test_concepts_weigh_by_the_sections_that_name_them(graph: nx.Graph, cmap: ConceptMap) -> None:
    weights = concept_weights(graph)
    assert weights["concept:alpha"] == 12 and weights["concept:aura"] == 4
    assert weights["concept:beta"] == 13  # its own 12 and the section of report 0
    assert cmap.concepts[0] == "concept:beta" and cmap.concepts[1] == "concept:alpha"


def test_the_map_shows_the_heaviest_concepts_and_no_reports_or_sections(
    graph: nx.Graph, cmap: ConceptMap
) -> None:
    drawn = map_graph(graph, cmap, MapSettings(top=4, min_weight=1))
    assert set(drawn.nodes) == set(cmap.concepts[:4])
    assert kinds(drawn) == {"technique"}
    more = map_graph(graph, cmap, MapSettings(top=4, min_weight=1).more(total=12))
    assert set(more.nodes) == set(cmap.concepts) and len(more) == 12


def test_a_minimum_weight_removes_the_weaker_links(graph: nx.Graph, cmap: ConceptMap) -> None:
    every = map_graph(graph, cmap, MapSettings(top=12, min_weight=1))
    strong = map_graph(graph, cmap, MapSettings(top=12, min_weight=3))
    assert every.has_edge("concept:alpha", "concept:beta")  # named together once
    assert not strong.has_edge("concept:alpha", "concept:beta")
    assert 0 < strong.number_of_edges() < every.number_of_edges()
    assert all(w >= 3 for *_, w in strong.edges(data="weight"))
    assert set(strong.nodes) == set(every.nodes)  # the concepts stay; only links go


def test_the_first_view_keeps_about_three_links_a_concept() -> None:
    dense = library()
    concepts = [n for n, kind in dense.nodes(data="kind") if kind == "technique"]
    for i, j in itertools.combinations(range(len(concepts)), 2):  # 66 links, weights 1 to 7
        dense.add_edge(concepts[i], concepts[j], kind="co-occurs", weight=(i + j) % 7 + 1)
    cmap = build_concept_map(dense, top=12)
    first = first_settings(dense, cmap, top=12)
    assert map_graph(dense, cmap, first).number_of_edges() <= 3 * 12
    looser = MapSettings(top=12, min_weight=first.min_weight - 1)
    assert map_graph(dense, cmap, looser).number_of_edges() > 3 * 12


def test_topics_are_communities_named_by_their_concepts_and_are_regions(
    cmap: ConceptMap,
) -> None:
    a = {cmap.community[f"concept:{c.lower()}"] for c in TOPICS["a"]}
    b = {cmap.community[f"concept:{c.lower()}"] for c in TOPICS["b"]}
    assert len(a) == len(b) == 1 and a != b
    names = {cmap.names[a.pop()], cmap.names[b.pop()]}
    assert any("Alpha" in n and "Beta" not in n for n in names)
    assert any("Beta" in n and "Alpha" not in n for n in names)

    centres = {}
    for group in set(cmap.community.values()):
        members = [cmap.positions[c] for c in cmap.concepts if cmap.community[c] == group]
        centres[group] = (sum(x for x, _ in members) / 6, sum(y for _, y in members) / 6)
    for concept, (x, y) in cmap.positions.items():  # each concept in its community's region
        nearest = min(centres, key=lambda g: math.hypot(centres[g][0] - x, centres[g][1] - y))
        assert nearest == cmap.community[concept], concept
    assert all(-1 <= v <= 1 for xy in cmap.positions.values() for v in xy)


def test_a_community_is_named_by_its_vocabulary_before_its_keyphrases() -> None:
    """Alpha and Apple, the heaviest of their topic, are phrases found in the text (say "long
    term" and "entry point"): the topic is named by the vocabulary's Anchor, Arch and Atlas."""
    graph = library()
    for label in ("Alpha", "Apple"):
        graph.nodes[f"concept:{label.lower()}"]["kind"] = "keyphrase"
    cmap = build_concept_map(graph, top=12)
    name = cmap.names[cmap.community["concept:anchor"]]
    assert name.split(" · ") == ["Anchor", "Arch", "Atlas"]


def test_the_map_is_the_same_every_time(graph: nx.Graph, cmap: ConceptMap) -> None:
    assert build_concept_map(library(), top=12) == cmap
    assert arranged(graph, cmap, 12) is cmap
    smaller = arranged(graph, cmap, 5)
    assert smaller.laid_out == 5 and set(smaller.positions) == set(cmap.concepts[:5])


def test_a_focused_concept_unfolds_its_sections_and_their_reports(
    graph: nx.Graph, cmap: ConceptMap
) -> None:
    drawn = map_graph(
        graph, cmap, MapSettings(top=12, min_weight=1), focus="concept:aura", ring=0.1
    )
    unfolded = set(drawn.graph["unfolded"])
    sections = {n for n in unfolded if n.startswith("section:")}
    assert sections == {f"section:r{r}#1" for r in (0, 2, 4, 6)}  # the sections naming it
    assert {n for n in unfolded if n.startswith("report:")} == {
        f"report:r{r}" for r in (0, 2, 4, 6)
    }
    assert all(drawn.has_edge("concept:aura", s) for s in sections)
    x, y = drawn.nodes["concept:aura"]["x"], drawn.nodes["concept:aura"]["y"]
    for section in sections:
        d = math.hypot(drawn.nodes[section]["x"] - x, drawn.nodes[section]["y"] - y)
        assert d == pytest.approx(0.1, abs=1e-6)
    folded = map_graph(graph, cmap, MapSettings(top=12, min_weight=1))
    assert kinds(folded) == {"technique"}


def test_a_focused_section_or_lighter_concept_is_drawn_too(
    graph: nx.Graph, cmap: ConceptMap
) -> None:
    top4 = MapSettings(top=4, min_weight=1)
    section = map_graph(graph, cmap, top4, focus="section:r1#2")
    assert {"section:r1#2", "report:r1"} <= set(section.nodes)
    assert section.has_edge("section:r1#2", "concept:beta")
    report = map_graph(graph, cmap, top4, focus="report:r3")
    assert {"report:r3", "section:r3#1", "section:r3#2", "section:r3#3"} <= set(report.nodes)
    light = map_graph(graph, cmap, top4, focus="concept:bolt")
    assert "concept:bolt" in light and light.number_of_nodes() > 5


def test_big_libraries_are_maps_and_small_ones_are_not(graph: nx.Graph, tmp_path: Path) -> None:
    assert not wants_map(graph)  # eight short reports: 44 nodes read well as they are
    assert wants_map(library(reports=80))  # 332 nodes
    bundled = Workspace(tmp_path / "data").graph().graph
    assert not wants_map(bundled)


def test_more_and_fewer_go_by_steps_within_the_library() -> None:
    start = MapSettings(top=100, min_weight=5)
    assert start.more(total=544).top == 200 and start.more(total=130).top == 130
    assert MapSettings(top=130, min_weight=5).fewer().top == 100
    assert start.fewer().top == 50 and MapSettings(top=50, min_weight=5).fewer().top == 50
    assert start.links(0).min_weight == 1


def test_the_map_is_cached_by_the_graph_key_and_rebuilt_when_damaged(
    cmap: ConceptMap, tmp_path: Path
) -> None:
    store = MapStore(tmp_path / "map")
    store.save("k1", cmap)
    assert store.load("k1") == cmap
    store.save("k2", cmap)
    assert store.load("k1") is None  # the old key's map is gone
    path = next((tmp_path / "map").glob("k2*.json"))
    path.write_text('{"version": 1, "concepts": [["x", 1, 7]], "names": [], "positions": []}')
    assert store.load("k2") is None
    path.write_text("{not json")
    assert store.load("k2") is None


def test_the_workspace_keeps_its_map_beside_the_graph(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "data")
    cmap = ws.graphs.concept_map(20)
    assert cmap.laid_out == 20 and len(cmap.concepts) == len(ws.graph().concepts())
    assert list((ws.cache / "map").glob("*.json"))
    again = Workspace(tmp_path / "data").graphs.concept_map(20)
    assert again == cmap


rects = st.lists(
    st.tuples(
        st.floats(0, 600), st.floats(0, 400), st.floats(4, 30), st.floats(10, 160), st.floats(8, 30)
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rects)
def test_labels_never_overlap_each_other_or_what_is_reserved(
    nodes: list[tuple[float, ...]],
) -> None:
    import numpy as np

    screen = np.array([(x, y) for x, y, *_ in nodes], dtype=np.float64)
    radii = np.array([r for _, _, r, _, _ in nodes], dtype=np.float64)
    legend = (0.0, 0.0, 200.0, 120.0)
    placed = place_labels(
        screen, radii, list(range(len(nodes))), 0, lambda i: (nodes[i][3], nodes[i][4]),
        (0.0, 0.0, 600.0, 400.0), reserved=[legend],
    )  # fmt: skip
    boxes = [
        (p.rect[0] + screen[p.node, 0], p.rect[1] + screen[p.node, 1],
         p.rect[2] + screen[p.node, 0], p.rect[3] + screen[p.node, 1])
        for p in placed
    ]  # fmt: skip
    for a, b in itertools.combinations([*boxes, legend], 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert all(x0 >= 0 and y0 >= 0 and x1 <= 600 and y1 <= 400 for x0, y0, x1, y1 in boxes)
