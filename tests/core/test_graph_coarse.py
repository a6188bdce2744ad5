"""A big graph (thousands of reports) is grouped and laid out by its concepts (issue 25,
item 3): each section joins the community of the concept it names most and stands among the
concepts it names; each report joins most of its sections and stands among them. Tried here
on a few posts, with the size from which a graph counts as big lowered."""

from __future__ import annotations

import math
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from explorer.core.graph import coarse
from explorer.core.ids import is_concept
from explorer.core.workspace import Workspace
from tests.conftest import corpus

POSTS = 12


@pytest.fixture
def big(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> nx.Graph:
    folder = tmp_path_factory.mktemp("posts")
    for post in sorted(corpus("milvus-blog-en").glob("*.md"))[:POSTS]:
        shutil.copy(post, folder / post.name)
    ws = Workspace(data_dir)
    ws.add([folder])
    whole = ws.graph().graph
    assert whole.number_of_nodes() > 100
    monkeypatch.setattr(coarse, "COARSE_FROM", 100)
    for derived in ("graph", "map", "mentioned"):
        shutil.rmtree(data_dir / "cache" / derived, ignore_errors=True)
    return Workspace(data_dir).graph().graph


def named(graph: nx.Graph, section: str) -> dict[str, int]:
    """The concepts a section names, and how often."""
    return {
        c: int(d["weight"])
        for c, d in graph.adj[section].items()
        if is_concept(c) and d["kind"] == "mentions"
    }


def test_each_section_joins_the_concept_it_names_most_and_each_report_its_sections(
    big: nx.Graph,
) -> None:
    sections = [n for n, k in big.nodes(data="kind") if k == "section"]
    naming = [s for s in sections if named(big, s)]
    assert len(naming) > 20
    for section in naming:
        most = max(named(big, section).values())
        joined = {big.nodes[c]["community"] for c, w in named(big, section).items() if w == most}
        assert big.nodes[section]["community"] in joined
    for report in (n for n, k in big.nodes(data="kind") if k == "report"):
        found = Counter(big.nodes[s]["community"] for s in big.adj[report])
        assert found[big.nodes[report]["community"]] == max(found.values())


def test_each_section_stands_among_the_concepts_it_names(big: nx.Graph) -> None:
    places = {n: (d["x"], d["y"]) for n, d in big.nodes(data=True)}
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in places.values())
    concepts = [n for n in big if is_concept(n)]
    spread = max(math.dist(places[a], places[b]) for a in concepts for b in concepts)
    for section in (n for n, k in big.nodes(data="kind") if k == "section"):
        found = named(big, section)
        if not found:
            continue
        total = sum(found.values())
        middle = (
            sum(places[c][0] * w for c, w in found.items()) / total,
            sum(places[c][1] * w for c, w in found.items()) / total,
        )
        assert math.dist(places[section], middle) < 0.05 * spread


def test_a_big_graph_is_the_same_each_time_it_is_built(big: nx.Graph, data_dir: Path) -> None:
    shutil.rmtree(data_dir / "cache" / "graph")
    again = Workspace(data_dir).graph().graph
    assert list(again.nodes(data=True)) == list(big.nodes(data=True))
