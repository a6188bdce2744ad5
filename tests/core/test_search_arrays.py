"""The array scorer ranks exactly as whoosh does: same matches, same scores, same pages.

Searches are scored with numpy (explorer/core/search/arrays.py) instead of whoosh's
collector; a user must not be able to tell but by the speed. These tests hold the two to
the same answer on a library of real posts kept in several index segments with deleted
passages, for the benchmark's queries and for random ones.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import collectors

from explorer.core.errors import BadQuery
from explorer.core.search.arrays import ArrayScorer
from explorer.core.search.index import SearchIndex
from explorer.core.workspace import Workspace
from tests.conftest import corpus

QUERIES = [
    "milvus",
    "vector",
    "hnsw memory",
    "milvus NOT zilliz",
    "faiss OR annoy",
    "(hnsw OR diskann) AND memory",
    "rag AND (langchain OR llamaindex)",
    '"vector database"',
    '"approximate nearest neighbor"',
    '"retrieval augmented generation"',
    '"full-text search"',
    "vector*",
    "embed*",
    "embeding~",
    "quanti?ation",
    "IVF_FLAT",
    "milvus 2.0",
    "multi-tenancy",
    "databse",
    "NOT milvus",
    "search NOT (vector OR milvus)",
    '"index index"',
]
WORDS = ["milvus", "vector", "index", "search", "data", "gpu", "memory", "cloud", "the", "zz"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty posts added in three goes, one of them re-added changed and one removed, so the
    index has several segments and deleted documents."""
    root = tmp_path_factory.mktemp("arrays")
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))[:40]
    shelf = root / "shelf"
    shelf.mkdir()
    for doc in docs:
        shutil.copy(doc, shelf / doc.name)
    ws = Workspace(root / "data")
    ws.add([shelf / d.name for d in docs[:15]])
    ws.add([shelf / d.name for d in docs[15:30]])
    ws.add([shelf / d.name for d in docs[30:]])
    changed = shelf / docs[3].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA vector index.\n", "utf-8")
    ws.add([changed])
    ws.remove(ws.reports()[5].id)
    return root / "data"


@pytest.fixture(scope="module")
def index(library: Path) -> SearchIndex:
    ws = Workspace(library)
    ws.search("milvus")
    return ws.index


def whoosh_matches(index: SearchIndex, text: str) -> list[tuple[int, float]]:
    searcher = index.searcher()
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(index._parse(searcher, text), collector)
    return sorted((docnum, score) for score, docnum in collector.results().top_n)


def array_matches(index: SearchIndex, text: str) -> list[tuple[int, float]] | None:
    searcher = index.searcher()
    found = ArrayScorer(searcher).matches(index._parse(searcher, text))
    if found is None:
        return None  # left to whoosh's collector
    return list(zip(found.ids.tolist(), found.scores.tolist(), strict=True))


def assert_same(index: SearchIndex, text: str, on_arrays: bool = True) -> None:
    ours, theirs = array_matches(index, text), whoosh_matches(index, text)
    if ours is None:
        assert not on_arrays, f"{text!r} was not scored on arrays"
        return
    assert [d for d, _ in ours] == [d for d, _ in theirs], text
    for (doc, a), (_, b) in zip(ours, theirs, strict=True):
        assert a == pytest.approx(b, rel=1e-12), (text, doc)


def test_the_library_has_segments_and_deleted_passages(index: SearchIndex) -> None:
    reader = index.searcher().reader()
    assert len(list(reader.leaf_readers())) > 1
    assert reader.doc_count() < reader.doc_count_all()


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_and_scores_as_whoosh(index: SearchIndex, text: str) -> None:
    assert_same(index, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(WORDS).map(lambda w: w[:3] + "*"),
            st.sampled_from(WORDS).map(lambda w: w + "~"),
            st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(
                lambda ws: '"' + " ".join(ws) + '"'
            ),
            st.sampled_from(["AND", "OR", "NOT", "(", ")"]),
        ),
        min_size=1,
        max_size=7,
    )
)
def test_random_queries_score_as_whoosh_does(index: SearchIndex, parts: list[str]) -> None:
    text = " ".join(parts)
    with contextlib.suppress(BadQuery):  # refused in one sentence, as test_search.py checks
        assert_same(index, text, on_arrays=False)  # broken syntax: plain words, coordinated


@pytest.mark.parametrize("text", ["milvus", "vector index", '"vector database"', "gpu OR cloud"])
@pytest.mark.parametrize(
    ("group", "report"), [(False, None), (True, None), (False, "own"), (True, "own")]
)
def test_pages_are_the_pages_whoosh_gives(
    library: Path, monkeypatch: pytest.MonkeyPatch, text: str, group: bool, report: str | None
) -> None:
    """Hits, order, snippets, totals and per-report counts, with and without the arrays."""
    ws = Workspace(library)
    owner = ws.index.search(text).hits[-1].report if report else None  # the tenth best's
    fast = ws.index.search(text, limit=30, marked=12, group=group, report=owner)
    monkeypatch.setattr(ArrayScorer, "matches", lambda self, q: None)
    slow = Workspace(library).index.search(text, limit=30, marked=12, group=group, report=owner)
    assert fast.hits and fast == slow
