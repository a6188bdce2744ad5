"""The user's vocabulary in the core: edits kept like notes and tours, applied on top of the
built graph so that every view reads them (the graph, the map, the search facet, trends),
undone and redone, read from and written to other tools' files, and merges proposed."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from explorer.core.changes import Changes
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.graph import EditsDamaged, EditsStore, apply_edits
from explorer.core.graph.curation.models import (
    ConceptRef,
    Hide,
    Merge,
    Rename,
    SimpleEdit,
    Unhide,
)
from explorer.core.graph.curation.proposals import acronym_of, initials, proposals
from explorer.core.graph.curation.thesaurus import Rule, read_thesaurus
from explorer.core.graph.variants import variant_key
from explorer.core.workspace import Workspace
from tests.core.test_notes_store import FakeClock

SEED = "ai-llm-advancements-2024"


def ref(slug: str, label: str = "") -> ConceptRef:
    return ConceptRef(id=f"concept:{slug}", label=label or slug)


def small_graph() -> nx.Graph:
    """Two sections; LoRA and QLoRA both in passage 1.1, QLoRA alone in 2.1."""
    g = nx.Graph()
    for n, (x, y) in (("lora", (0.5, 0.5)), ("qlora", (-0.5, 0.1)), ("rag", (0.0, -0.7))):
        g.add_node(f"concept:{n}", kind="technique", label=n.upper(), count=0, aliases=[], x=x, y=y)
    for s in ("r#1", "r#2"):
        g.add_node(f"section:{s}", kind="section", label=s, count=1, x=0.0, y=0.0)
    g.nodes["concept:lora"]["label"] = "LoRA"

    def mention(section: str, concept: str, passages: list[str]) -> None:
        g.add_edge(f"section:{section}", f"concept:{concept}", kind="mentions",
                   weight=len(passages), evidence=passages)  # fmt: skip
        g.nodes[f"concept:{concept}"]["count"] += len(passages)

    mention("r#1", "lora", ["r#1.1"])
    mention("r#1", "qlora", ["r#1.1"])
    mention("r#2", "qlora", ["r#2.1"])
    mention("r#2", "rag", ["r#2.1", "r#2.2"])
    g.add_edge("concept:lora", "concept:qlora", kind="co-occurs", weight=1, evidence=["r#1.1"])
    g.add_edge("concept:qlora", "concept:rag", kind="co-occurs", weight=1, evidence=["r#2.1"])
    g.add_edge("section:r#1", "section:r#2", kind="related", weight=1, evidence=["r#1.1"],
               concepts=["qlora"])  # fmt: skip
    return g


AT = FakeClock()()


# ---- applying ----------------------------------------------------------------------------


def test_a_merge_folds_the_sources_into_the_target_and_leaves_the_built_graph_alone() -> None:
    base = small_graph()
    before = nx.node_link_data(base, edges="links")
    graph = apply_edits(base, [Merge(made=AT, sources=(ref("qlora", "QLORA"),), into=ref("lora"))])
    assert nx.node_link_data(base, edges="links") == before, "the built graph is untouched"
    assert "concept:qlora" not in graph
    lora = graph.nodes["concept:lora"]
    assert (lora["label"], lora["count"], lora["x"], lora["y"]) == ("LoRA", 3, 0.5, 0.5)
    assert lora["aliases"] == ["QLORA"], "the source's name still finds the target"
    first = graph.edges["section:r#1", "concept:lora"]
    assert (first["weight"], first["evidence"]) == (2, ["r#1.1"]), "mentions summed"
    assert graph.edges["section:r#2", "concept:lora"]["evidence"] == ["r#2.1"]
    assert graph.edges["concept:lora", "concept:rag"]["kind"] == "co-occurs"
    assert graph.edges["section:r#1", "section:r#2"]["concepts"] == ["lora"]
    assert graph.nodes["concept:lora"]["degree"] == 3


def test_hide_unhide_and_rename_fold_whatever_their_order() -> None:
    base = small_graph()
    edits: list[SimpleEdit] = [
        Hide(made=AT, concepts=(ref("qlora"), ref("rag"))),
        Rename(made=AT, concept=ref("lora", "LoRA"), label="Low-rank adaptation"),
        Unhide(made=AT, concepts=(ref("rag"),)),
    ]
    graph = apply_edits(base, edits)
    assert "concept:qlora" not in graph and "concept:rag" in graph
    assert not graph.has_edge("section:r#1", "section:r#2"), "it shared only a hidden concept"
    lora = graph.nodes["concept:lora"]
    assert lora["label"] == "Low-rank adaptation" and lora["aliases"] == ["LoRA"]


def test_a_merge_into_a_concept_no_report_mentions_keeps_its_name() -> None:
    """The target went with a report; the sources still show, under the target's id."""
    graph = apply_edits(
        small_graph(), [Merge(made=AT, sources=(ref("qlora"),), into=ref("peft", "PEFT"))]
    )
    assert "concept:qlora" not in graph
    assert graph.nodes["concept:peft"]["label"] == "PEFT"
    assert graph.nodes["concept:peft"]["count"] == 2


# ---- through the workspace: every view reads the edits -----------------------------------


def groups(community: dict[str, int]) -> set[frozenset[str]]:
    """The concepts that share a community, whatever its number."""
    members: dict[int, set[str]] = {}
    for concept, n in community.items():
        members.setdefault(n, set()).add(concept)
    return {frozenset(m) for m in members.values()}


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    return Workspace(data_dir)


def test_every_edit_returns_the_concepts_it_touched(ws: Workspace) -> None:
    edits = ws.concept_edits()
    assert edits.hide(["LoRA"]).changes == Changes(concepts=frozenset({"concept:lora"}))
    merged = edits.merge(["education"], into="healthcare")
    assert merged.changes == Changes(
        concepts=frozenset({"concept:education", "concept:healthcare"})
    )
    assert merged.changes.vocabulary_changed and not merged.changes.text_changed
    assert edits.undo().changes.concepts == {"concept:education", "concept:healthcare"}


def test_hidden_concepts_leave_the_map_the_search_facet_and_trends(ws: Workspace) -> None:
    graph = ws.graph()
    section, _ = graph.sections_of("concept:lora")[0]
    passages = graph.evidence("concept:lora", section)
    assert "concept:lora" in ws.graphs.concepts_in(passages)
    built = ws.graphs.concept_map(100)
    assert "concept:lora" in built.concepts
    ws.concept_edits().hide(["lora"])
    ready = ws.graphs.ready()
    assert ready is not None and "concept:lora" not in ready, "ready when the edit returns"
    assert "concept:lora" not in ws.graphs.concepts_in(passages)
    edited = ws.graphs.concept_map(100)
    assert "concept:lora" not in edited.concepts
    kept = {c: n for c, n in built.community.items() if c != "concept:lora"}
    assert groups(edited.community) == groups(kept), "one edit does not move the communities"
    assert len(list((ws.cache / "map").glob("*.json"))) == 1, "the built graph's map stays"
    assert "concept:lora" not in {c.id for c in ws.timeline().concepts}
    with pytest.raises(NotFound, match="No concept is called 'LoRA'"):
        ws.graph().find_concept("LoRA")
    assert "concept:lora" in ws.graphs.base(), "the built graph still has it, for unhide"


def test_an_added_concept_is_found_in_the_text_without_indexing(ws: Workspace) -> None:
    index = ws.index_folder.stat().st_mtime_ns
    node = ws.concept_edits().add("medical jargon", "theme", ["clinical jargon"]).value.concept
    graph = ws.graph()
    assert graph.sections_of(node.id) == [(f"section:{SEED}#4", 1)]
    [passage] = graph.evidence(node.id, f"section:{SEED}#4")
    assert "medical jargon" in ws.passage(passage)[2].text
    assert "concept:healthcare" in graph.graph[node.id], "it co-occurs with its neighbours"
    assert ws.index_folder.stat().st_mtime_ns == index
    found = list((ws.cache / "curation").glob("*.json"))
    assert len(found) == 1, "what was found is kept, so the next start does not read again"


def test_a_damaged_edits_file_is_kept_and_the_graph_goes_on_without_it(
    ws: Workspace, data_dir: Path
) -> None:
    ws.concept_edits().hide(["lora"])
    path = data_dir / "vocabulary" / "edits.json"
    path.write_bytes(path.read_bytes()[:-40])
    fresh = Workspace(data_dir)
    assert "concept:lora" in fresh.graph(), "shown as the reports make it"
    assert any("explorer concepts recover" in w for w in fresh.warnings)
    with pytest.raises(EditsDamaged, match="could not be read"):
        fresh.concept_edits()
    assert len(list((data_dir / "recovery").glob("edits-*.json"))) == 1
    done = EditsStore(data_dir).recover()
    assert done.changes == Changes(all_concepts=True)


# ---- the store ---------------------------------------------------------------------------


def test_undo_moves_an_edit_to_redo_and_a_new_edit_forgets_redo(data_dir: Path) -> None:
    store = EditsStore(data_dir, clock=FakeClock())
    store.load()
    store.record(Hide(made=AT, concepts=(ref("lora"),)))
    store.record(Hide(made=AT, concepts=(ref("rag"),)))
    store.undo()
    assert [e.concepts[0].id for e in store.undone()] == ["concept:rag"]  # type: ignore[union-attr]
    again = EditsStore(data_dir)
    again.load()
    assert len(again.edits()) == 1 and len(again.undone()) == 1, "undo is kept on disk"
    store.record(Hide(made=AT, concepts=(ref("qlora"),)))
    assert store.undone() == []
    store.undo()
    store.undo()
    with pytest.raises(ExplorerError, match="no concept edit to undo"):
        store.undo()
    raw = json.loads(store.path.read_text())
    assert raw["schema_version"] == 1 and raw["checksum"].startswith("sha256:")


def test_a_hand_edited_file_with_a_wrong_edit_names_it() -> None:
    from explorer.core.graph import parse_edits_file

    bad = {"schema_version": 1, "edits": [{"op": "shrink", "made": "2024-01-01T00:00:00Z"}]}
    with pytest.raises(ValueError, match=r"at edits\.0") as refused:
        parse_edits_file(json.dumps(bad).encode())
    assert "\n" not in str(refused.value)


# ---- other tools' files, and proposals ----------------------------------------------------


def test_a_vosviewer_thesaurus_and_citespace_lines_become_rules() -> None:
    vos = "\ufefflabel\treplace by\r\nLLMs\tLLM\r\nlarge language model\tLLM\r\nstuff\t\r\n"
    thesaurus = read_thesaurus(vos.encode(), "t.txt")
    assert thesaurus.format == "VOSviewer thesaurus"
    assert thesaurus.rules == (
        Rule(("LLMs", "large language model"), "LLM"),
        Rule(("stuff",), None),
    )
    cite = read_thesaurus(b"LLM#LLMs\nLLM#large language model\n", "citespace.alias")
    assert cite.rules == (Rule(("LLMs", "large language model"), "LLM"),)
    with pytest.raises(ExplorerError, match="neither a VOSviewer thesaurus"):
        read_thesaurus(b"just some words\n", "notes.txt")


def test_proposals_pair_variants_and_acronyms() -> None:
    assert variant_key("Vector Databases") == variant_key("vector-database")
    assert acronym_of("LLMs") == "LLM" and acronym_of("Llama") is None
    assert initials("retrieval-augmented generation") == "RAG"
    concepts = {
        "concept:llm": {"label": "LLM", "count": 9, "aliases": []},
        "concept:large-language-models": {"label": "large language models", "count": 4},
        "concept:vector-index": {"label": "vector index", "count": 5},
        "concept:vector-indexes": {"label": "Vector Indexes", "count": 2},
        "concept:hr": {"label": "Human resources", "count": 3, "aliases": ["HR"]},
        "concept:hybrid-retrieval": {"label": "hybrid retrieval", "count": 8},
    }
    found = {(p.sources, p.into, p.reason) for p in proposals(concepts)}
    assert found == {
        (("concept:large-language-models",), "concept:llm", "acronym"),
        (("concept:vector-indexes",), "concept:vector-index", "variants"),
    }


def test_the_reader_marks_words_as_the_edits_read_them(ws: Workspace) -> None:
    from explorer.core.marks import section_marks

    section = f"{SEED}#4"
    edits = ws.concept_edits()
    edits.merge(["education"], into="healthcare")
    edits.add("medical jargon", "theme")
    edits.hide(["LoRA"])
    marks = section_marks(ws, section, graph=ws.graph())
    text = {p.id: p.text for p in ws.section(section)[1].passages}
    marked = {(text[p][s:e].lower(), c) for p, found in marks.items() for s, e, c in found}
    assert ("education", "healthcare") in marked, "a merged concept's words mark its target"
    assert ("medical jargon", "medical-jargon") in marked
    assert not any(c in ("education", "lora") for _, c in marked)


def test_a_renamed_concept_hidden_is_listed_and_found_by_either_name(ws: Workspace) -> None:
    edits = ws.concept_edits()
    edits.rename("lora", "Low-rank adaptation")
    edits.hide(["low-rank adaptation"])
    assert [r.label for r in edits.hidden()] == ["Low-rank adaptation"]
    with pytest.raises(NotFound, match="hidden: “Low-rank adaptation”"):
        edits.unhide(["QLoRA"])
    edits.unhide(["LoRA"])
    assert ws.graph().find_concept("LoRA") == "concept:lora"
