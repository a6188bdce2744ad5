"""The reader's marks, computed in the core: concepts, query terms, notes."""

from __future__ import annotations

from pathlib import Path

from explorer.core.annotate import resolve_target
from explorer.core.marks import dimmed, section_marks
from explorer.core.workspace import Workspace
from tests.conftest import corpus

SEED = "ai-llm-advancements-2024"
POSTS = (
    "blog__en__json-shredding-in-milvus-faster-json-filtering-with-flexibility.md",
    "blog__en__milvus-rbac-explained-secure-your-vector-database-with-role-based-access-control.md",
    "blog__en__unlock-geo-vector-search-with-geometry-fields-and-rtree-index-in-milvus.md",
    "blog__en__phrase-match-with-slop-in-milvus-2-6-how-to-improve-phrase-level-full-text-search-accuracy.md",
)
"""Four Milvus posts that end with the same call to action ("Have questions or want a deep
dive…"): boilerplate in a library of them."""
SHREDDING = "blog-en-json-shredding-in-milvus-faster-json-filtering-with-flexibility"
GEO = "blog-en-unlock-geo-vector-search-with-geometry-fields-and-rtree-index-in-milvus"


def test_concepts_query_words_and_notes_are_marked(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    section_id = f"{SEED}#8"
    _report, section = ws.section(section_id)
    passage = section.passages[0]
    assert section_marks(ws, section_id)[passage.id] == []  # no graph, no query, no notes
    note = ws.notes().add(resolve_target(ws, section_id, "federated learning"), body="local").value
    marks = section_marks(ws, section_id, "privacy", ws.graph())[passage.id]
    words = {(passage.text[s:e], kind) for s, e, kind in marks}
    assert ("federated learning", "federated-learning") in words
    assert ("federated learning", f"note:{note.id}") in words
    # A concept named by the word searched for stays a link, marked as searched.
    assert ("differential privacy", "searched:differential-privacy") in words
    assert ("privacy", "searched:data-privacy") in words
    searched = [(s, e) for s, e, k in marks if k == "" or k.startswith("searched:")]
    assert searched and all("privac" in passage.text[s:e].lower() for s, e in searched)
    assert ("federated learning", "searched:federated-learning") not in words


def test_boilerplate_is_dimmed_and_names_no_concept(data_dir: Path) -> None:
    """The call to action four Milvus posts end with counts as no mention: the reader
    dims it, saying why, and marks no concept in it; the post's own words keep theirs."""
    ws = Workspace(data_dir)
    ws.add([corpus("milvus-blog-en") / name for name in POSTS])
    graph = ws.graph()
    _report, section = ws.section(f"{SHREDDING}#10")
    own, _doc, footer = section.passages
    why = dimmed(section, graph)
    assert list(why) == [footer.id] and why[footer.id].startswith("Repeated across")
    marks = section_marks(ws, section.id, "milvus", graph)
    assert "Milvus" in footer.text and {k for *_, k in marks[footer.id]} == {""}  # the query's
    assert "concept:milvus" in graph  # named elsewhere in the posts, and marked there
    assert {k for *_, k in marks[own.id]} == {"smart-cities", "time-series"}  # IoT sensor data
