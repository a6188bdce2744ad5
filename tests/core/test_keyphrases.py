"""Keyphrases worth a concept (issue 23, item 2), on the whole Milvus blog: noun phrases,
not sentence fragments; spread over several posts, not one tutorial's sample data; not from
code; one concept for a phrase's plural."""

from __future__ import annotations

import pytest

from explorer.core.graph.boilerplate import unmentioned
from explorer.core.graph.concepts import extract
from explorer.core.graph.vocabulary import Matcher, load_taxonomy
from explorer.core.reports import Report, bundled_dir, parse_file
from tests.conftest import corpus


@pytest.fixture(scope="module")
def milvus() -> list[Report]:
    return [parse_file(p) for p in sorted(corpus("milvus-blog-en").glob("*.md"))]


@pytest.fixture(scope="module")
def keyphrases(milvus: list[Report]) -> dict[str, int]:
    """Each discovered keyphrase's label, and how many posts count it."""
    taxonomy = load_taxonomy(bundled_dir("data") / "taxonomy.json")
    infos, hits = extract(milvus, taxonomy, Matcher(taxonomy), unmentioned(milvus))
    posts: dict[str, set[str]] = {}
    for hit in hits:
        posts.setdefault(hit.concept_id, set()).add(hit.passage_id.split("#")[0])
    return {
        info.label.lower(): len(posts[cid])
        for cid, info in infos.items()
        if info.kind == "keyphrase"
    }


@pytest.mark.parametrize(
    "fragment",
    [
        "collection named",  # ends with a participle
        "fall back",
        "falls back",
        "instead of scanning",
        "instead of treating",
        "fully managed",  # an adverb first
        "widely adopted",
        "semantically similar",
        "designed specifically",
        "three core",  # a number is no concept
    ],
)
def test_sentence_fragments_are_not_concepts(keyphrases: dict[str, int], fragment: str) -> None:
    assert fragment not in keyphrases


@pytest.mark.parametrize(
    "sample",
    ["wireless bluetooth headphones", "premium sound quality", "active noise cancellation"],
)
def test_one_tutorials_sample_data_is_not_a_concept(
    milvus: list[Report], keyphrases: dict[str, int], sample: str
) -> None:
    assert sum(sample in r.text.lower() for r in milvus) == 1  # one post's product catalogue
    assert sample not in keyphrases


@pytest.mark.parametrize("code", ["async def", "long string", "static final string"])
def test_code_is_no_source_of_keyphrases(keyphrases: dict[str, int], code: str) -> None:
    assert code not in keyphrases


def test_a_plural_in_es_is_the_same_concept(keyphrases: dict[str, int]) -> None:
    assert "vector index" in keyphrases and "vector indexes" not in keyphrases


@pytest.mark.parametrize(
    "kept", ["object storage", "load balancing", "write-ahead log", "bloom filter", "query nodes"]
)
def test_the_concepts_a_reader_would_name_stay(keyphrases: dict[str, int], kept: str) -> None:
    assert keyphrases.get(kept, 0) >= 3, kept
