"""The tour a library offers: the bundled report's trends and key concepts, a dated
library's periods in order, each stop quoting a passage that is its evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.core.ids import section_of
from explorer.core.tours.default import is_prose
from explorer.core.workspace import Workspace
from tests.conftest import corpus, dated_docs

SEED = "ai-llm-advancements-2024"


def test_the_bundled_report_tours_its_ten_trends_then_five_key_concepts(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    tour = ws.default_tour()
    assert tour.id == "default"
    assert tour.name == "Tour of Detailed Report on Advancements in AI LLMs (2024)"
    sections, concepts = tour.stops[:10], tour.stops[10:]
    assert [s.focus for s in sections] == [f"section:{SEED}#{n}" for n in range(1, 11)]
    assert sections[1].title == "2. Improved Efficiency and Scaling"
    assert "LoRA" in sections[1].caption and "Quantization" in sections[1].caption
    for stop in sections:  # each quotes a passage of its own section
        assert stop.view == "local" and stop.evidence is not None
        assert f"section:{section_of(stop.evidence)}" == stop.focus
        assert stop.kinds is not None and "report" not in stop.kinds
    assert len(concepts) == 5 and all(s.title.startswith("Key concept: ") for s in concepts)
    graph = ws.graph().graph
    for stop in concepts:  # a key concept quotes a passage its links cite, if one is left
        assert stop.focus is not None
        cited = {
            p for n in graph.neighbors(stop.focus) for p in graph.edges[stop.focus, n]["evidence"]
        }
        assert stop.evidence is None or stop.evidence in cited
    quoted = [s.evidence for s in tour.stops if s.evidence]
    assert len(quoted) == len(set(quoted)) >= 10  # no passage is quoted twice


def test_a_period_of_few_reports_says_so_and_names_nothing(data_dir: Path, tmp_path: Path) -> None:

    docs = dated_docs(tmp_path)
    ws = Workspace(data_dir)
    ws.add([docs], sample=True)  # the sample stays: 2024
    tour = ws.default_tour()
    assert tour.name == "Tour of the library"
    assert tour.stops[0].view == "map" and tour.stops[0].title == "The library, 2020–2024"
    periods = tour.stops[1:]
    assert [s.period for s in periods] == ["2020", "2021", "2022", "2023", "2024"]
    assert all(s.view == "trends" and s.title == s.period for s in periods)
    y2021 = periods[1]  # one report cannot say what stands out in a year
    assert y2021.caption == "1 report: too few to say what stands out."
    assert y2021.focus is None and y2021.evidence is None


def test_a_library_whose_periods_are_reports_with_long_names_has_a_tour(
    data_dir: Path,
) -> None:
    """Two Milvus posts a month apart: each report is a period, named by its id, which is
    longer than the 40 characters a stop's period could hold (the tour failed to load)."""
    posts = sorted(corpus("milvus-blog-en").glob("*.md"))[:2]
    ws = Workspace(data_dir)
    ws.remove(SEED)
    ws.add(posts)
    ids = sorted(e.id for e in ws.reports())
    assert ws.timeline().by == "report" and max(len(i) for i in ids) > 40
    tour = ws.default_tour()
    assert sorted(str(s.period) for s in tour.stops[1:]) == ids


def test_a_quote_is_prose_not_a_list_of_links_or_a_table() -> None:
    assert is_prose(
        "In 2024, conversational AI capabilities have been significantly upgraded to "
        "establish more contextually aware interactions."
    )
    links = "- [One](https://a.example/one)\n- [Two](https://a.example/two)\n- [Three](x)\n"
    assert not is_prose(links)
    assert not is_prose("| a | b |\n| --- | --- |\n| KV cache | vectors in databases |\n")
    assert not is_prose("Too short.")


@pytest.fixture(scope="module")
def milvus(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("milvus") / "data")
    ws.add([corpus("milvus-blog-en")])
    return ws


def test_milvus_years_name_what_rose_then(milvus: Workspace) -> None:
    """Read from the posts: ChatGPT and RAG arrive in 2023; 2024 is RAG and hybrid search with
    sparse vectors and BM25; 2025 is the year of AI agents. Not the customers a 2025 post
    lists (Salesforce), nor what was there all along."""
    tour = milvus.default_tour()
    said = {s.period: s.caption for s in tour.stops if s.period}
    assert "ChatGPT" in said["2023"] and "Retrieval-augmented generation" in said["2023"]
    assert "Retrieval-augmented generation" in said["2024"]
    assert "Sparse vectors" in said["2024"] or "BM25" in said["2024"]
    assert "AI agents" in said["2025"]
    for caption in said.values():
        assert "Salesforce" not in caption and "Milvus" not in caption


def test_milvus_stops_quote_distinct_passages_naming_their_focus(milvus: Workspace) -> None:
    from explorer.core.explain import passage_line

    tour = milvus.default_tour()
    graph = milvus.graph().graph
    quoted = [s.evidence for s in tour.stops if s.evidence]
    assert len(quoted) == len(set(quoted)) == len(tour.stops) - 1  # all but the overview
    for stop in tour.stops[1:]:
        assert stop.focus is not None and stop.evidence is not None
        words = passage_line(milvus, stop.evidence, 320, [stop.focus]).lower()
        words = re.sub(r"[\u2010\u2011\u2012\u2013]", "-", words)  # hyphens of every kind
        data = graph.nodes[stop.focus]
        names = [str(data["label"]), *data.get("aliases", ())]
        assert any(name.lower() in words for name in names), (stop.title, words)
