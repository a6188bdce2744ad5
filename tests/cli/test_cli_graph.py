"""The graph verbs: export formats, a concept's card, paths between concepts."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from explorer.cli import main

SEED = "ai-llm-advancements-2024"


def test_graph_json_is_typed_and_evidenced(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    graph = nx.node_link_graph(data, edges="links")
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert {"report", "section", "technique", "industry", "organization", "model"} <= kinds
    for a, b, d in graph.edges(data=True):
        if d["kind"] in ("mentions", "co-occurs"):
            assert d["evidence"] and all(p.startswith(f"{SEED}#") for p in d["evidence"]), (a, b)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_open_in_networkx(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", "--format", fmt, "-o", str(out)]) == 0
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert graph.nodes["concept:quantization"]["kind"] == "technique"


def test_graph_of_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "other.md"
    doc.write_text("# O\n\n## Retrieval\nRAG with BM25 and LoRA adapters.\n")
    assert main(["add", str(doc)]) == 0
    capsys.readouterr()
    assert main(["graph", "--report", "other"]) == 0
    graph = nx.node_link_graph(json.loads(capsys.readouterr().out), edges="links")
    assert "report:other" in graph and f"report:{SEED}" not in graph
    assert "concept:lora" in graph and "concept:quantization" not in graph
    for _, _, d in graph.edges(data=True):
        assert all(p.startswith("other#") for p in d["evidence"])


def test_concept_lora_shows_the_efficiency_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concept", "LoRA"]) == 0
    out = capsys.readouterr().out
    assert "LoRA  (technique" in out
    assert f"2. Improved Efficiency and Scaling  [{SEED}#2" in out
    assert f"[{SEED}#2.1]" in out and "«LoRA»" in out
    assert main(["concept", "lora", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["id"] == "concept:lora" and card["sections"][0]["section_id"] == f"{SEED}#2"
    assert "<mark>LoRA</mark>" in card["evidence"][0]["snippet"]


def test_path_between_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "healthcare", "CLIP", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["source"] == "concept:healthcare" and answer["target"] == "concept:clip"
    assert answer["hops"] and all(hop["evidence"] for hop in answer["hops"])
    assert main(["path", "LoRA", "federated learning"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. LoRA —") and "Federated learning" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["concept", "nonsense"], "No concept is called 'nonsense'."),
        (["path", "LoRA", "nonsense"], "No concept is called 'nonsense'."),
        (["graph", "--report", "nope"], "There is no report 'nope'"),
        (["graph", "--format", "dot"], "invalid choice"),
    ],
)
def test_graph_verbs_bad_input(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and message in err and len(err.splitlines()) == 1


def test_graph_output_to_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
