"""Keyphrases worth a concept (issue 23, item 2), on the whole Milvus blog: noun phrases,
not sentence fragments; spread over several posts, not one tutorial's sample data; not from
code; one concept for a phrase's plural. And what must stay while they are weeded: the
vocabulary's concepts, their posts per year unchanged, and the phrases a reader would name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from explorer.core.errors import RefusedFile
from explorer.core.graph.boilerplate import unmentioned
from explorer.core.graph.concepts import extract, known_names
from explorer.core.graph.variants import variant_key
from explorer.core.graph.vocabulary import Matcher, load_taxonomy
from explorer.core.reports import Report, bundled_dir, parse_file
from tests.conftest import corpus


@dataclass
class Found:
    """A concept as extraction finds it: its label, kind, and the reports counting it."""

    label: str
    kind: str
    reports: set[str] = field(default_factory=set)
    passages: set[str] = field(default_factory=set)


def reports_of(name: str) -> list[Report]:
    """The readable reports of a shared corpus (some of messy-mix are empty, on purpose)."""
    reports = []
    for path in sorted(p for p in corpus(name).rglob("*") if p.is_file()):
        try:
            reports.append(parse_file(path))
        except RefusedFile:
            continue
    return reports


def concepts_in(reports: Sequence[Report]) -> dict[str, Found]:
    """Every concept found in the reports (by id), as GraphService builds the graph."""
    taxonomy = load_taxonomy(bundled_dir("data") / "taxonomy.json")
    infos, hits = extract(reports, taxonomy, Matcher(taxonomy), unmentioned(reports))
    found = {cid: Found(info.label, info.kind) for cid, info in infos.items()}
    for hit in hits:
        found[hit.concept_id].reports.add(hit.passage_id.split("#")[0])
        found[hit.concept_id].passages.add(hit.passage_id)
    return found


def labels(found: dict[str, Found]) -> dict[str, int]:
    """Each discovered keyphrase's label (lowered), and how many reports count it."""
    return {c.label.lower(): len(c.reports) for c in found.values() if c.kind == "keyphrase"}


@pytest.fixture(scope="module")
def milvus() -> list[Report]:
    return [parse_file(p) for p in sorted(corpus("milvus-blog-en").glob("*.md"))]


@pytest.fixture(scope="module")
def milvus_concepts(milvus: list[Report]) -> dict[str, Found]:
    return concepts_in(milvus)


@pytest.fixture(scope="module")
def keyphrases(milvus_concepts: dict[str, Found]) -> dict[str, int]:
    """Each discovered keyphrase's label, and how many posts count it."""
    return labels(milvus_concepts)


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


def passages_saying(reports: Sequence[Report], words: str) -> set[str]:
    """The passages whose text has these words, as written (case and hyphens too)."""
    return {
        p.id
        for r in reports
        for s in r.sections
        for p in s.passages
        if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", p.text)
    }


@pytest.mark.parametrize(
    ("written", "concept"),
    [
        ("write-ahead logs", "write-ahead log"),  # a plural _singular leaves ("logs")
        ("delete log", "delete logs"),
        ("Query Node", "query nodes"),
        ("Query-node", "query nodes"),
        ("Sealed-segment", "sealed segments"),
    ],
)
def test_a_keyphrases_plural_case_and_hyphen_variants_are_one_concept(
    milvus: list[Report], milvus_concepts: dict[str, Found], written: str, concept: str
) -> None:
    """The posts write each of these so; where they do, it is a mention of one concept."""
    [found] = [c for c in milvus_concepts.values() if c.label.lower() == concept]
    assert passages_saying(milvus, written) & found.passages


def test_no_two_concepts_are_one_name_written_two_ways(
    milvus_concepts: dict[str, Found],
) -> None:
    taxonomy = load_taxonomy(bundled_dir("data") / "taxonomy.json")
    names = known_names(taxonomy)
    phrases = [c.label for c in milvus_concepts.values() if c.kind == "keyphrase"]
    twice = [k for k, n in Counter(map(variant_key, phrases)).items() if n > 1]
    assert not twice
    assert not [p for p in phrases if variant_key(p) in names]


def test_a_variant_of_a_vocabulary_name_is_that_concept(
    milvus: list[Report], milvus_concepts: dict[str, Found], keyphrases: dict[str, int]
) -> None:
    """The vocabulary's "Similarity metrics" are matched by their aliases (cosine
    similarity, L2 distance...); where posts write "similarity metric", they are named too."""
    assert "similarity metrics" not in keyphrases
    said = passages_saying(milvus, "similarity metric") | passages_saying(
        milvus, "similarity metrics"
    )
    assert len(said & milvus_concepts["similarity-metrics"].passages) >= 10


@pytest.mark.parametrize(
    "kept", ["object storage", "load balancing", "write-ahead log", "bloom filter", "query nodes"]
)
def test_the_concepts_a_reader_would_name_stay(keyphrases: dict[str, int], kept: str) -> None:
    assert keyphrases.get(kept, 0) >= 3, kept


MILVUS_YEARS = {
    "mcp": {"2025": 15, "2026": 10},
    "rag": {"2023": 4, "2024": 14, "2025": 56, "2026": 36},
    "agents": {"2021": 1, "2024": 2, "2025": 40, "2026": 38},
    "hybrid-search": {"2021": 4, "2022": 3, "2023": 1, "2024": 10, "2025": 19, "2026": 30},
    "bm25": {"2024": 6, "2025": 12, "2026": 14},
    "hnsw": {"2020": 1, "2021": 8, "2022": 5, "2023": 4, "2024": 5, "2025": 25, "2026": 17},
    "diskann": {"2021": 3, "2023": 2, "2024": 3, "2025": 14, "2026": 5},
    "reranking": {"2021": 1, "2024": 6, "2025": 16, "2026": 24},
    "sparse-vectors": {"2021": 1, "2024": 8, "2025": 9, "2026": 13},
}
"""Posts per year naming each, measured before keyphrases were weeded: weeding them must
leave the vocabulary's trends as they were."""


@pytest.mark.parametrize("concept", sorted(MILVUS_YEARS))
def test_the_vocabularys_trends_stay_as_they_were(
    milvus: list[Report], milvus_concepts: dict[str, Found], concept: str
) -> None:
    years = {r.id: (r.date or "")[:4] for r in milvus}
    per_year = Counter(years[r] for r in milvus_concepts[concept].reports)
    assert dict(per_year) == MILVUS_YEARS[concept]


@pytest.mark.parametrize(
    ("kept", "posts"),
    [
        ("query nodes", 30),
        ("sealed segments", 12),
        ("object storage", 35),
        ("knowledge base", 35),
        ("tiered storage", 14),
        ("primary keys", 8),
    ],
)
def test_the_keyphrases_a_reader_would_name_keep_their_posts(
    keyphrases: dict[str, int], kept: str, posts: int
) -> None:
    assert keyphrases.get(kept, 0) >= posts, kept


LLM_COURSE_TECHNIQUES = """agents anomaly-detection attention awq chain-of-thought chunking
    classical-ml clustering context-length data-augmentation data-poisoning decoding-strategies
    deduplication dimensionality-reduction distillation distributed-training dpo edge-ai
    embeddings evaluation few-shot fine-tuning flash-attention gguf gptq gradient-descent grpo
    hallucination-detection hybrid-search inference-optimization interpretability knn
    knowledge-graphs kv-cache llm-as-a-judge local-inference lora machine-translation mcp mcts
    mixed-precision mixture-of-experts model-compression model-merging multi-agent-systems
    multi-vector-retrieval neural-architectures nlp orpo peft ppo preference-alignment
    pretraining prompt-engineering prompt-injection qlora quantization query-rewriting
    question-answering rag reasoning-models red-teaming regularization reinforcement-learning
    reranking reward-modeling rlaif rlhf self-supervised-learning semantic-search
    sentiment-analysis speculative-decoding structured-output summarization
    supervised-fine-tuning synthetic-data test-time-compute text-preprocessing text-to-image
    text-to-sql tf-idf tokenization transformer vector-database vision-language-models
    zero-shot""".split()


@pytest.fixture(scope="module")
def llm_course() -> dict[str, Found]:
    return concepts_in(reports_of("llm-course-report"))


def test_the_llm_courses_techniques_stay(llm_course: dict[str, Found]) -> None:
    missing = [t for t in LLM_COURSE_TECHNIQUES if t not in llm_course]
    assert not missing


@pytest.mark.parametrize(
    "junk",
    [
        "ask questions",  # a verb and its object, once in each post
        "answer questions",
        "retrieve relevant",
        "applications spanning",
        "starting point",  # turns of phrase
        "closer look",
        "everything else",  # function words
        "orders of magnitude",  # quantities
        "release notes",  # the posts' own furniture
        "bug fixes",
        "blog post",
        "office hours session",
    ],
)
def test_what_a_reader_would_not_call_a_concept_is_none(
    milvus: list[Report], keyphrases: dict[str, int], junk: str
) -> None:
    assert sum(junk in r.text.lower() for r in milvus) >= 4  # the posts do say it
    assert junk not in keyphrases


@pytest.fixture(scope="module")
def messy() -> list[Report]:
    return reports_of("messy-mix")


@pytest.fixture(scope="module")
def messy_keyphrases(messy: list[Report]) -> dict[str, int]:
    return labels(concepts_in(messy))


@pytest.mark.parametrize(
    "junk",
    [
        "nextra-theme-docs",  # a package imported by the page's code
        "div class",  # markup: [!div class="nextstepaction"]
        "wide range",  # quantities
        "range of tasks",
    ],
)
def test_markup_names_in_code_and_quantities_are_no_concepts(
    messy: list[Report], messy_keyphrases: dict[str, int], junk: str
) -> None:
    assert sum(junk in r.text.lower() for r in messy) >= 2
    assert junk not in messy_keyphrases


def test_a_mixed_librarys_method_names_stay(messy_keyphrases: dict[str, int]) -> None:
    """Two reports name each of these once: too few to ask that they recur."""
    kept = {"iter-retgen", "stepback-prompt", "tree of clarifications", "semantic kernel"}
    assert kept <= set(messy_keyphrases)


def test_a_piece_of_writing_is_no_concept_of_the_llm_course(
    llm_course: dict[str, Found],
) -> None:
    """The course's reading lists describe each entry: "a short guide", "a visual
    introduction", "for complete beginners" name the text or its reader, not a concept."""
    found = {name.lower() for name in labels(llm_course)}
    for junk in ("blog post", "short guide", "visual introduction", "complete beginners",
                 "practical insights", "intuitive explanation", "theoretical article"):  # fmt: skip
        assert junk not in found
    assert {"linear algebra", "learning rate", "chat templates"} <= found
