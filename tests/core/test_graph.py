"""The concept graph of the bundled report and the course report: typed, evidenced, stable."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pytest

from explorer.core.errors import NotFound
from explorer.core.graph.discovery import GENERIC, STOPWORDS
from explorer.core.graph.export import export_graph, to_json
from explorer.core.graph.metrics import EXACT_BETWEENNESS_UP_TO, add_metrics
from explorer.core.graph.metrics import SEED as METRICS_SEED
from explorer.core.graph.service import GraphService
from explorer.core.workspace import Workspace
from tests.conftest import corpus

SEED = "ai-llm-advancements-2024"

# What each section of the bundled report names, read from the report itself.
EXPECTED = {
    1: {
        "openai": "organization",
        "meta": "organization",
        "clip": "model",
        "mistral": "model",
        "multimodality": "theme",
        "image": "modality",
        "audio": "modality",
        "video": "modality",
        "marketing": "industry",
        "education": "industry",
    },
    2: {
        "sparsity": "technique",
        "distillation": "technique",
        "lora": "technique",
        "quantization": "technique",
        "efficiency": "theme",
    },
    3: {"bias-mitigation": "technique", "transparency": "theme", "ethical-ai": "theme"},
    4: {
        "healthcare": "industry",
        "legal": "industry",
        "education": "industry",
        "fine-tuning": "technique",
    },
    5: {"conversational-ai": "theme", "customer-service": "industry"},
    7: {"open-source": "theme", "hugging-face": "organization"},
    8: {
        "federated-learning": "technique",
        "differential-privacy": "technique",
        "data-privacy": "theme",
    },
    9: {"content-creation": "theme"},
    10: {"human-ai-collaboration": "theme"},
}


@pytest.fixture
def seed_ws(data_dir: Path) -> Workspace:
    return Workspace(data_dir)


@pytest.fixture
def graph(seed_ws: Workspace) -> nx.Graph:
    return seed_ws.graph().graph


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_each_section_links_the_concepts_it_names(graph: nx.Graph, number: int) -> None:
    section = f"section:{SEED}#{number}"
    linked = {
        n.split(":", 1)[1]: graph.nodes[n]["kind"]
        for n in graph.neighbors(section)
        if n.startswith("concept:")
    }
    for concept_id, kind in EXPECTED[number].items():
        assert linked.get(concept_id) == kind, f"{section} lacks {concept_id} ({kind})"
        edge = graph.edges[section, f"concept:{concept_id}"]
        assert edge["kind"] == "mentions" and edge["weight"] >= 1


def test_structure_and_attributes(graph: nx.Graph) -> None:
    assert graph.nodes[f"report:{SEED}"]["kind"] == "report"
    sections = [n for n, d in graph.nodes(data=True) if d["kind"] == "section"]
    assert len(sections) == 10
    for section in sections:
        assert graph.edges[f"report:{SEED}", section]["kind"] == "contains"
    for node, data in graph.nodes(data=True):
        assert {"kind", "label", "count", "degree", "betweenness", "community", "x", "y"} <= set(
            data
        ), node
        assert -1.0 <= data["x"] <= 1.0 and -1.0 <= data["y"] <= 1.0
    kinds = {d["kind"] for *_, d in graph.edges(data=True)}
    assert kinds == {"contains", "mentions", "co-occurs", "related"}


def test_no_junk_concepts(graph: nx.Graph) -> None:
    for node, data in graph.nodes(data=True):
        if data["kind"] in ("report", "section"):
            continue
        label = data["label"].lower()
        words = re.findall(r"[a-z0-9]+", label)
        assert label not in {"ai", "models", "llms", "large language models", "data"}, node
        assert not all(w in STOPWORDS or w in GENERIC or w.isdigit() for w in words), node
        assert not re.fullmatch(r"\d+", label)


def test_every_link_cites_passages_that_hold_its_concepts(seed_ws: Workspace) -> None:
    graph = seed_ws.graph().graph
    matcher = seed_ws.graphs.matcher()
    report = seed_ws.report(SEED)

    def holds(passage_text: str, node: str) -> bool:
        concept_id = node.split(":", 1)[1]
        if graph.nodes[node]["kind"] == "keyphrase":
            return graph.nodes[node]["label"].lower() in passage_text.lower()
        return any(cid == concept_id for cid, _, _ in matcher.find_in_text(passage_text))

    checked = 0
    for a, b, data in graph.edges(data=True):
        if data["kind"] == "contains":
            continue
        assert data["evidence"], (a, b)
        for passage_id in data["evidence"]:
            passage = report.passage(passage_id)
            assert passage is not None, passage_id
            for node in (a, b):
                if node.startswith("concept:"):
                    assert holds(passage.text, node), (node, passage_id)
                    checked += 1
    assert checked > 100


def test_course_report_graph_has_its_techniques(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    ws.add([corpus("llm-course-report")])
    graph = ws.graph().graph
    for concept_id in ("lora", "qlora", "quantization", "rag", "dpo", "rlhf", "gguf"):
        node = f"concept:{concept_id}"
        assert graph.nodes[node]["kind"] == "technique"
        sections = [n for n in graph.neighbors(node) if n.startswith("section:readme#")]
        assert sections, f"{concept_id} is linked to no section of the course"
    keyphrases = [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "keyphrase"]
    assert keyphrases and len(keyphrases) <= 40


def test_same_input_gives_identical_graph_and_positions(tmp_path: Path) -> None:
    first = Workspace(tmp_path / "one").graph().graph
    second = Workspace(tmp_path / "two").graphs.build()
    assert to_json(first) == to_json(second)


def test_graph_is_cached_by_content(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = Workspace(data_dir).graph().graph

    def refuse(self: GraphService) -> nx.Graph:
        raise AssertionError("the cached graph should have been used")

    monkeypatch.setattr(GraphService, "build", refuse)
    assert to_json(Workspace(data_dir).graph().graph) == to_json(built)


def test_a_cached_graph_cut_short_is_built_again(data_dir: Path) -> None:
    built = Workspace(data_dir).graph().graph
    [cached] = [p for p in (data_dir / "cache" / "graph").iterdir() if not p.name.startswith(".")]
    lines = cached.read_text(encoding="utf-8").splitlines(keepends=True)
    cached.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    assert to_json(Workspace(data_dir).graph().graph) == to_json(built)


def test_a_big_graph_gets_networkx_sampled_betweenness() -> None:
    """Above the exact threshold betweenness is estimated from a sample of sources: the
    numbers networkx gives for that sample, whatever computes them."""
    size = EXACT_BETWEENNESS_UP_TO + 500
    parts = nx.disjoint_union(nx.gnm_random_graph(size, 3 * size, seed=3), nx.path_graph(7))
    graph = nx.relabel_nodes(parts, {i: f"node:{i}" for i in parts})
    expected = nx.betweenness_centrality(graph, k=100, seed=METRICS_SEED, normalized=True)
    add_metrics(graph)
    assert {v: d["betweenness"] for v, d in graph.nodes(data=True)} == {
        v: round(x, 6) for v, x in expected.items()
    }
    assert max(expected.values()) > 0


def test_graph_follows_library_changes(data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    assert "concept:rag" not in ws.graph()
    doc = tmp_path / "rag.md"
    doc.write_text("# R\n\n## Retrieval\nRAG pipelines pair BM25 with reranking.\n")
    ws.add([doc])
    graph = ws.graph()
    assert "concept:rag" in graph and "section:rag#1" in graph
    assert graph.evidence("section:rag#1", "concept:rag") == ("rag#1.1",)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_round_trip(graph: nx.Graph, fmt: str) -> None:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    back = reader(io.BytesIO(export_graph(graph, fmt)))
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    lora = back.nodes["concept:lora"]
    assert lora["kind"] == "technique" and lora["label"] == "LoRA"
    edge = back.edges[f"section:{SEED}#2", "concept:lora"]
    assert edge["evidence"] == f"{SEED}#2.1" and edge["kind"] == "mentions"


def test_queries(seed_ws: Workspace) -> None:
    graph = seed_ws.graph()
    lora = graph.find_concept("low-rank adaptation")
    assert lora == "concept:lora" == graph.find_concept("LORA")
    with pytest.raises(NotFound, match="Did you mean"):
        graph.find_concept("privac")
    near = graph.neighbourhood(lora, depth=1, kinds={"technique"})
    assert near[0] == lora and "concept:quantization" in near
    assert all(graph.node(n)["kind"] == "technique" for n in near[1:])
    assert f"section:{SEED}#2" in graph.neighbourhood(lora, depth=1)
    assert len(graph.neighbourhood(lora, depth=2)) > len(graph.neighbourhood(lora, depth=1))
    top = dict(graph.top_concepts(f"{SEED}#2"))
    assert "concept:lora" in top and "concept:quantization" in top
    assert [s for s, _ in graph.sections_of("lora")] == [f"section:{SEED}#2"]
    ranked = graph.ranked_concepts("betweenness", limit=5)
    values = [graph.node(n)["betweenness"] for n in ranked]
    assert values == sorted(values, reverse=True) and len(ranked) == 5


def test_path_between_concepts_of_different_sections(seed_ws: Workspace) -> None:
    graph = seed_ws.graph()
    hops = graph.path("concept:lora", "concept:federated-learning")
    assert hops[0].source == "concept:lora" and hops[-1].target == "concept:federated-learning"
    for hop in hops:
        assert not hop.source.startswith("report:") and hop.evidence


def test_a_replaced_graph_is_freed_without_the_garbage_collector(tmp_path: Path) -> None:
    import gc
    import weakref

    from explorer.core.workspace import Workspace

    ws = Workspace(tmp_path / "data")
    first = ws.graph().graph
    assert len(first.nodes) and len(first.edges) and first.degree  # views cached on it
    gone = weakref.ref(first)
    del first
    note = tmp_path / "otters.md"
    note.write_text("# Otters\n\nSea otters use LoRA and quantization to crack shells.\n")
    ws.add([note])
    gc.disable()  # the graph is frozen out of the collector: only reference counts free it
    try:
        ws.graph()
        assert gone() is None
    finally:
        gc.enable()
