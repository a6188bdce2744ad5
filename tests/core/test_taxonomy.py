"""The concept vocabulary and the matcher: what a reader sees tagged in the bundled report."""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.graph.vocabulary import (
    Concept,
    Matcher,
    Mention,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
)
from explorer.core.reports.ingest import parse_file, parse_text
from explorer.core.reports.models import Report
from tests.conftest import corpus

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "ai-llm-advancements-2024.md"
LLM_COURSE = corpus("llm-course-report") / "README.md"
_BREAKS = re.compile(r"[\s\-\u2010\u2011\u2013]+")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def matcher(taxonomy: Taxonomy) -> Matcher:
    return Matcher(taxonomy)


@pytest.fixture(scope="module")
def seed() -> Report:
    return parse_file(SEED)


def concepts_in(matcher: Matcher, text: str) -> list[str]:
    return [concept_id for concept_id, _, _ in matcher.find_in_text(text)]


def section_concepts(matcher: Matcher, report: Report, section_id: str) -> set[str]:
    return {m.concept_id for m in matcher.find(report) if m.passage_id.startswith(section_id + ".")}


def names_an_alias(concept: Concept, surface: str) -> bool:
    """Whether the matched text is one of the concept's aliases (or its plural), ignoring
    word breaks; case is ignored except for case-sensitive aliases."""
    text = _BREAKS.sub("", surface)
    forms = {text, text.removesuffix("s"), text.removesuffix("es")}
    if text.endswith("ies"):
        forms.add(text[:-3] + "y")
    folded = {_BREAKS.sub("", a).lower() for a in concept.aliases}
    exact = {_BREAKS.sub("", a) for a in concept.case_sensitive_aliases}
    return any(f.lower() in folded or f in exact for f in forms)


# --- the vocabulary file -------------------------------------------------------------------


def test_bundled_vocabulary_validates(taxonomy: Taxonomy) -> None:
    raw = (ROOT / "data" / "taxonomy.json").read_text(encoding="utf-8")
    assert Taxonomy.model_validate_json(raw) == taxonomy
    assert json.loads(raw)["schema_version"] == 1


def test_vocabulary_is_big_enough_in_every_kind(taxonomy: Taxonomy) -> None:
    kinds = Counter(c.kind for c in taxonomy.concepts)
    assert len(taxonomy.concepts) >= 150
    assert kinds["technique"] >= 60
    assert kinds["industry"] >= 25
    assert kinds["organization"] >= 30
    assert kinds["model"] >= 30
    assert set(kinds) == {"technique", "industry", "organization", "model", "modality", "theme"}


def test_vocabulary_has_no_generic_words(taxonomy: Taxonomy) -> None:
    generic = {"ai", "models", "model", "large language models", "llm", "llms", "data"}
    for concept in taxonomy.concepts:
        names = {a.lower() for a in (*concept.aliases, *concept.case_sensitive_aliases)}
        assert not names & generic, concept.id


def test_vocabulary_covers_the_named_concepts(taxonomy: Taxonomy) -> None:
    ids = {c.id for c in taxonomy.concepts}
    wanted = {
        "lora", "qlora", "quantization", "distillation", "pruning", "sparsity",
        "mixture-of-experts", "rag", "rlhf", "dpo", "ppo", "instruction-tuning",
        "prompt-engineering", "chain-of-thought", "in-context-learning", "few-shot",
        "embeddings", "vector-search", "hnsw", "ivf", "product-quantization", "ann", "bm25",
        "reranking", "tokenization", "attention", "transformer", "flash-attention",
        "kv-cache", "speculative-decoding", "federated-learning", "differential-privacy",
        "homomorphic-encryption", "bias-mitigation", "red-teaming", "watermarking", "agents",
        "tool-use", "function-calling", "multimodal-learning", "contrastive-learning",
        "diffusion", "gans", "knowledge-graphs", "semantic-search", "hybrid-search",
        "chunking", "fine-tuning", "transfer-learning", "model-merging", "gguf",
        "continual-pretraining", "synthetic-data", "evaluation", "hallucination-detection",
        "guardrails", "healthcare", "legal", "education", "finance", "marketing",
        "customer-service", "e-commerce", "manufacturing", "openai", "meta", "google",
        "google-deepmind", "anthropic", "microsoft", "mistral-ai", "hugging-face", "nvidia",
        "zilliz", "eleutherai", "gpt-4", "gpt-4o", "gpt-3-5", "chatgpt", "clip", "dall-e",
        "whisper", "bert", "t5", "llama-2", "llama-3", "mistral", "mistral-7b", "mixtral",
        "gemini", "claude", "palm", "falcon", "phi", "qwen", "deepseek", "stable-diffusion",
        "text", "image", "audio", "video", "code", "speech", "ethical-ai", "data-privacy",
        "open-source", "transparency", "accountability", "regulation", "conversational-ai",
        "human-ai-collaboration", "content-creation", "collaborative-tools", "scalability",
        "efficiency", "multimodality",
    }  # fmt: skip
    assert wanted <= ids, sorted(wanted - ids)


def _entry(**changes: Any) -> dict[str, Any]:
    concept = {"id": "lora", "label": "LoRA", "kind": "technique", "aliases": ["LoRA"]}
    return {**concept, "description": "Low-rank adaptation.", **changes}


@pytest.mark.parametrize(
    ("concepts", "complaint"),
    [
        ([_entry(), _entry(label="Again")], "used more than once"),
        ([_entry(aliases=[])], "at least 1"),
        ([_entry(aliases=["  "])], "must be words"),
        ([_entry(kind="product")], "kind"),
        ([_entry(id="Lo RA")], "pattern"),
        ([_entry(colour="blue")], "colour"),
        ([_entry(), _entry(id="qlora", aliases=["lora"])], "belongs to both"),
        ([_entry(), _entry(id="q", aliases=["Q"], case_sensitive_aliases=["LORA"])], "both"),
        ([_entry(aliases=["fine-tuning"]), _entry(id="ft", aliases=["fine tuning"])], "both"),
    ],
)
def test_bad_vocabulary_is_refused(concepts: list[dict[str, Any]], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        Taxonomy.model_validate({"schema_version": 1, "concepts": concepts})


def test_unknown_schema_version_is_refused() -> None:
    with pytest.raises(ValueError, match="schema_version"):
        Taxonomy.model_validate({"schema_version": 2, "concepts": [_entry()]})


def test_load_reports_a_broken_file_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text('{"schema_version": 1, "concepts": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"is not a valid concept vocabulary \(concepts\.0"):
        load_taxonomy(path)
    with pytest.raises(TaxonomyError, match="cannot be read"):
        load_taxonomy(tmp_path / "missing.json")


def test_load_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps({"schema_version": 1, "concepts": [_entry()]}), encoding="utf-8")
    first = load_taxonomy(path)
    assert load_taxonomy(path) is first
    path.write_text(json.dumps({"schema_version": 1, "concepts": []}), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert load_taxonomy(path).concepts == ()


# --- the bundled report --------------------------------------------------------------------


def test_efficiency_section_names_its_techniques(matcher: Matcher, seed: Report) -> None:
    found = section_concepts(matcher, seed, "ai-llm-advancements-2024#2")
    assert {"sparsity", "distillation", "lora", "quantization"} <= found


def test_multimodal_section_names_companies_and_models(matcher: Matcher, seed: Report) -> None:
    found = section_concepts(matcher, seed, "ai-llm-advancements-2024#1")
    assert {"openai", "clip", "meta", "mistral", "multimodality"} <= found
    assert {"text", "image", "audio", "video", "marketing", "education"} <= found


def test_niche_section_names_industries_and_fine_tuning(matcher: Matcher, seed: Report) -> None:
    found = section_concepts(matcher, seed, "ai-llm-advancements-2024#4")
    assert {"healthcare", "legal", "education", "fine-tuning"} <= found


def test_curly_possessives_give_the_bare_name(matcher: Matcher, seed: Report) -> None:
    """The report writes "OpenAI’s CLIP and Meta’s Mistral"; the ’s is not part of a name."""
    by_text = {(m.concept_id, m.text) for m in matcher.find(seed)}
    assert {("openai", "OpenAI"), ("clip", "CLIP"), ("meta", "Meta"), ("mistral", "Mistral")} <= (
        by_text
    )


@pytest.mark.parametrize("source", [SEED, LLM_COURSE], ids=["seed", "llm-course"])
def test_every_mention_quotes_an_alias_of_its_concept(
    taxonomy: Taxonomy, matcher: Matcher, source: Path
) -> None:
    report = parse_file(source)
    mentions = matcher.find(report)
    assert len(mentions) > 50
    for m in mentions:
        concept = taxonomy.concept(m.concept_id)
        assert concept is not None
        assert report.text[m.start : m.end] == m.text
        passage = report.passage(m.passage_id)
        assert passage is not None and passage.start <= m.start < m.end <= passage.end
        assert names_an_alias(concept, m.text), (m.concept_id, m.text)


@pytest.mark.parametrize("source", [SEED, LLM_COURSE], ids=["seed", "llm-course"])
def test_mentions_do_not_overlap_and_come_in_order(matcher: Matcher, source: Path) -> None:
    mentions = matcher.find(parse_file(source))
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start


# --- the traps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("She dragged a rag doll along.", "rag"),
        ("Cheap object storage for backups.", None),
        ("Napalm was banned.", "palm"),
        ("Fronds of a palm tree.", "palm"),
        ("We felt the mistral wind in Provence.", "mistral"),
        ("DRAG the slider, then press ENTER.", "rag"),
        ("Metaverse and Metamorphosis.", "meta"),
        ("Transformational change.", "transformer"),
        ("Set config.Meta and visit openai.com today.", None),
        ("import utils.quantization as q", None),
        ("The metadata table lists every segment.", None),
        ("A meta-analysis of studies.", "meta"),
        ("Build it with llama.cpp today.", "llama"),
        ("Read https://example.com/LoRA-guide for more.", None),
        ("See [the guide](/docs/RAG-intro) first.", None),
        ('<img src="x.png" alt="LoRA diagram"> and <a href="/docs/RAG">', None),
    ],
)
def test_traps_do_not_match(matcher: Matcher, text: str, absent: str | None) -> None:
    found = concepts_in(matcher, text)
    if absent is None:
        assert found == []
    else:
        assert absent not in found


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_possessive_covers_only_the_name(matcher: Matcher, apostrophe: str) -> None:
    text = f"OpenAI{apostrophe}s new model"
    assert matcher.find_in_text(text) == [("openai", 0, 6)]


@pytest.mark.parametrize(
    ("text", "concept_id", "surface"),
    [
        ("We rely on RAG here.", "rag", "RAG"),
        ("Two RAGs compared.", "rag", "RAGs"),
        ("Retrieval-Augmented Generation works.", "rag", "Retrieval-Augmented Generation"),
        ("Fine tuning is cheap.", "fine-tuning", "Fine tuning"),
        ("After finetuning, it improved.", "fine-tuning", "finetuning"),
        ("A fine‑tuned model.", "fine-tuning", "fine‑tuned"),
        ("Store the embeddings.", "embeddings", "embeddings"),
        ("Compare quantizations.", "quantization", "quantizations"),
        ("Hallucinations persist.", "hallucination-detection", "Hallucinations"),
        ("Ontologies and KNOWLEDGE GRAPHS.", "knowledge-graphs", "KNOWLEDGE GRAPHS"),
        ("Meet Llama 3 today.", "llama-3", "Llama 3"),
        ("Meet Llama3 today.", "llama-3", "Llama3"),
        ("Meet Llama today.", "llama", "Llama"),
        ("Google DeepMind released it.", "google-deepmind", "Google DeepMind"),
        ("Mistral AI raised money.", "mistral-ai", "Mistral AI"),
        ("GPT-4o answers.", "gpt-4o", "GPT-4o"),
        ("gpt4 answers.", "gpt-4", "gpt4"),
        ("Try GPT-4.5 soon.", "gpt-4", "GPT-4.5"),
        ("The Claude 3.5 Sonnet model.", "claude", "Claude 3.5 Sonnet"),
        ("An HNSW index.", "hnsw", "HNSW"),
        ("Use IVF_FLAT first.", "ivf", "IVF_FLAT"),
        ("Use PaLM 2 now.", "palm", "PaLM 2"),
        ("Watch [CLIP](https://openai.com/research/clip).", "clip", "CLIP"),
    ],
)
def test_variants_match_with_exact_offsets(
    matcher: Matcher, text: str, concept_id: str, surface: str
) -> None:
    found = matcher.find_in_text(text)
    start = text.index(surface)
    assert (concept_id, start, start + len(surface)) in found, found


def test_offsets_survive_letters_that_lower_to_two(matcher: Matcher) -> None:
    text = "İSTANBUL teams use LoRA and İzmir ones use RAG."
    found = [(c, text[a:b]) for c, a, b in matcher.find_in_text(text)]
    assert found == [("lora", "LoRA"), ("rag", "RAG")]


def test_longest_alias_wins_and_the_shorter_is_not_reported(matcher: Matcher) -> None:
    assert concepts_in(matcher, "Google DeepMind and Google") == ["google-deepmind", "google"]
    assert concepts_in(matcher, "Stable Diffusion") == ["stable-diffusion"]
    assert concepts_in(matcher, "Meta AI") == ["meta"]


def test_longer_case_sensitive_alias_beats_an_overlapping_folded_one() -> None:
    taxonomy = Taxonomy(
        schema_version=1,
        concepts=(
            Concept(**_entry(id="open-source", aliases=["open source"])),
            Concept(
                **_entry(
                    id="escrow", aliases=["escrow"], case_sensitive_aliases=["Source Code Escrow"]
                )
            ),
        ),
    )
    text = "An open Source Code Escrow deal."
    assert Matcher(taxonomy).find_in_text(text) == [("escrow", 8, 26)]


def test_find_gives_report_offsets_and_passage_ids(matcher: Matcher) -> None:
    report = parse_text("# T\n\n## One\n\nIntro words.\n\nWe tried LoRA and RAG.\n", "r")
    mentions = matcher.find(report)
    assert [(m.concept_id, m.text) for m in mentions] == [("lora", "LoRA"), ("rag", "RAG")]
    assert all(m.passage_id == "r#1.2" for m in mentions)
    assert all(report.text[m.start : m.end] == m.text for m in mentions)
    with pytest.raises(ValueError):
        mentions[0].start = 0  # type: ignore[misc]
    assert mentions[0] == Mention(concept_id="lora", passage_id="r#1.2", **_span(report, "LoRA"))


def _span(report: Report, surface: str) -> dict[str, Any]:
    start = report.text.index(surface)
    return {"start": start, "end": start + len(surface), "text": surface}


def test_empty_vocabulary_matches_nothing() -> None:
    matcher = Matcher(Taxonomy(schema_version=1, concepts=()))
    assert matcher.find_in_text("LoRA, RAG and OpenAI") == []


# --- another corpus ------------------------------------------------------------------------


def test_llm_course_names_its_fine_tuning_and_retrieval_methods(matcher: Matcher) -> None:
    """The course spells them "LoRA", "QLoRA", "quantization"/"Quantize", "RAG" or
    "Retrieval Augmented Generation", and "DPO" or "Direct Preference Optimization"."""
    report = parse_file(LLM_COURSE)
    surfaces: dict[str, set[str]] = {}
    for m in matcher.find(report):
        surfaces.setdefault(m.concept_id, set()).add(m.text)
    assert {"LoRA"} <= surfaces["lora"]
    assert {"QLoRA"} <= surfaces["qlora"]
    assert {"quantization", "Quantization", "Quantize"} <= surfaces["quantization"]
    assert {"RAG", "Retrieval Augmented Generation"} <= surfaces["rag"]
    assert {"DPO", "Direct Preference Optimization"} <= surfaces["dpo"]
    assert "LoRA" not in surfaces["qlora"] and "QLoRA" not in surfaces["lora"]


@pytest.mark.parametrize(
    "written",
    [
        "\uff2c\uff4f\uff32\uff21",  # fullwidth, as typed with an East Asian keyboard
        "Lo\u200bRA",  # a zero-width space inside the word
        "Lo\u00adRA",  # a soft hyphen
    ],
)
def test_concepts_are_matched_as_people_type_them(matcher: Matcher, written: str) -> None:
    """Text as people type it: the mention is found, and its offsets are the written ones."""
    text = f"We fine-tuned with {written} and quanti\u00adzation on a café\u0301 laptop."
    found = {cid: (start, end) for cid, start, end in matcher.find_in_text(text)}
    assert "lora" in found
    start, end = found["lora"]
    assert text[start:end] == written
    q_start, q_end = found["quantization"]
    assert text[q_start:q_end] == "quanti\u00adzation"


def test_reader_marks_fold_like_search(tmp_path: Path) -> None:
    from explorer.core.search.index import term_spans

    text = "Adapters such as Lo\u200bRA and \uff2c\uff4f\uff32\uff21 and a cafe\u0301."
    spans = [text[a:b] for a, b in term_spans(text, "lora café")]
    assert spans == ["Lo\u200bRA", "\uff2c\uff4f\uff32\uff21", "cafe\u0301"]


# ---- a matcher for a few texts ------------------------------------------------------------

_JOINS = ("", " ", "-", "\u2011", "  ", "\n", "\u2013")


def _written(alias: str, join: str, case: str) -> str:
    """An alias as a writer might type it: its words joined another way, in another case."""
    words = _BREAKS.split(alias)
    text = join.join(words)
    return {"upper": text.upper(), "lower": text.lower(), "as is": text}[case]


@st.composite
def _prose(draw: st.DrawFn, aliases: list[str]) -> str:
    """Aliases written every which way between words, links and tags."""
    parts = draw(
        st.lists(
            st.one_of(
                st.builds(
                    _written,
                    st.sampled_from(aliases),
                    st.sampled_from(_JOINS),
                    st.sampled_from(("upper", "lower", "as is")),
                ),
                st.sampled_from(("the", "of", "https://milvus.io/x", "<code>", "(#lora)", ".")),
                st.text(alphabet="ａｂﬁ\u200bİıLoRA -.'s", max_size=6),
            ),
            max_size=12,
        )
    )
    return draw(st.sampled_from((" ", "", "-"))).join(parts)


def test_a_matcher_for_a_few_texts_finds_in_them_what_the_whole_vocabulary_does(
    taxonomy: Taxonomy, matcher: Matcher
) -> None:
    """Concept details mark their evidence with a matcher made for those passages only."""
    reports = [parse_file(SEED), parse_file(LLM_COURSE)]
    reports += [parse_file(p) for p in sorted(corpus("milvus-blog-en").glob("*.md"))[::20]]
    texts = [p.text for r in reports for s in r.sections for p in s.passages]
    for start in range(0, len(texts), 10):
        few = texts[start : start + 10]
        within = Matcher(taxonomy, within=few)
        for text in few:
            assert within.find_in_text(text) == matcher.find_in_text(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_matcher_for_one_text_finds_every_way_an_alias_is_written(
    taxonomy: Taxonomy, matcher: Matcher, data: st.DataObject
) -> None:
    aliases = [a for c in taxonomy.concepts for a in (*c.aliases, *c.case_sensitive_aliases)]
    text = data.draw(_prose(aliases))
    assert Matcher(taxonomy, within=[text]).find_in_text(text) == matcher.find_in_text(text)
