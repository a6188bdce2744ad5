"""The tour a library offers: the bundled report's trends and key concepts, a dated
library's periods in order, each stop quoting a passage that is its evidence."""

from __future__ import annotations

from pathlib import Path

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
    for stop in concepts:  # a key concept quotes a passage its links cite
        assert stop.focus is not None and stop.evidence is not None
        cited = {
            p for n in graph.neighbors(stop.focus) for p in graph.edges[stop.focus, n]["evidence"]
        }
        assert stop.evidence in cited


def test_a_dated_library_tours_its_periods_in_order(data_dir: Path, tmp_path: Path) -> None:
    docs = dated_docs(tmp_path)
    ws = Workspace(data_dir)
    ws.add([docs], sample=True)  # the sample stays: 2024
    tour = ws.default_tour()
    assert tour.name == "Tour of the library"
    assert tour.stops[0].view == "map" and tour.stops[0].title == "The library, 2020–2024"
    periods = tour.stops[1:]
    assert [s.period for s in periods] == ["2020", "2021", "2022", "2023", "2024"]
    assert all(s.view == "trends" and s.title == s.period for s in periods)
    y2021 = periods[1]
    assert y2021.caption.startswith("1 report; standing out: ")
    assert y2021.focus == "concept:fine-tuning"  # named that year alone: it stands out most
    assert "Fine-tuning" in y2021.caption
    assert y2021.evidence == "y2021#1.1"


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
