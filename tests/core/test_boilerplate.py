"""Boilerplate is not evidence (issue 23, item 1): the call to action the Milvus blog ends its
posts with ("Have questions or want a deep dive…? Join our Discord channel or file issues on
GitHub… Milvus Office Hours") is found, with its small changes from post to post, and counts
as no mention; what the posts are about still does."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.graph.boilerplate import closing, unmentioned
from explorer.core.graph.concepts import extract
from explorer.core.graph.vocabulary import Matcher, load_taxonomy
from explorer.core.reports import Report, bundled_dir, parse_file
from tests.conftest import corpus

FOOTER = "want a deep dive"


@pytest.fixture(scope="module")
def posts() -> list[Report]:
    """The Milvus posts that end with the call to action (23 of them)."""
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))
    return [parse_file(p) for p in docs if FOOTER in p.read_text(encoding="utf-8")]


def reports_mentioning(posts: list[Report], skip: frozenset[str] | None) -> dict[str, int]:
    taxonomy = load_taxonomy(bundled_dir("data") / "taxonomy.json")
    found = unmentioned(posts) if skip is None else skip
    _, hits = extract(posts, taxonomy, Matcher(taxonomy), found)
    reports: dict[str, set[str]] = {}
    for hit in hits:
        reports.setdefault(hit.concept_id, set()).add(hit.passage_id.split("#")[0])
    return {concept: len(ids) for concept, ids in reports.items()}


def test_the_call_to_action_is_boilerplate_wherever_its_words_vary(posts: list[Report]) -> None:
    assert len(posts) >= 20
    found = unmentioned(posts)
    footers = [
        p.id
        for r in posts
        for s in r.sections
        for p in s.passages
        if FOOTER in p.text and "Discord" in p.text
    ]
    assert len(footers) >= 20
    assert all(f in found.boilerplate for f in footers)
    ordinary = [p for r in posts for s in r.sections for p in s.passages if p.id not in found]
    assert len(ordinary) > 10 * len(found.boilerplate)  # most of each post is its own


def test_the_footers_words_are_no_longer_concepts_of_every_post(posts: list[Report]) -> None:
    before = reports_mentioning(posts, frozenset())  # no passage skipped
    after = reports_mentioning(posts, None)
    for junk, words in (("discord-channel", "discord channel"), ("deep-dive", "deep dive")):
        assert sum(words in r.text.lower() for r in posts) == len(posts)  # every post says it
        assert after.get(junk, 0) <= len(posts) // 4, junk  # only where a post means it
    for kept in ("milvus", "vector-search", "embeddings", "rag", "full-text-search"):
        assert after[kept] == before[kept], kept  # what the posts are about is untouched


def test_a_reading_list_is_a_reference_list_not_mentions(tmp_path: Path) -> None:
    text = (
        "# Further reading\n\n## Papers\n\n"
        "- [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)\n"
        "- [QLoRA: Efficient Finetuning](https://arxiv.org/abs/2305.14314)\n\n"
        "We tuned the model with [LoRA](https://arxiv.org/abs/2106.09685) on our own data, "
        "and it cost a tenth of a full fine-tune.\n"
    )
    path = tmp_path / "reading.md"
    path.write_text(text, encoding="utf-8")
    report = parse_file(path)
    found = unmentioned([report])
    passages = [p for s in report.sections for p in s.passages]
    listed = [p.id for p in passages if p.text.startswith("- [")]
    told = [p.id for p in passages if p.text.startswith("We tuned")]
    assert listed and all(p in found.references for p in listed)
    assert told and not any(p in found for p in told)  # one link in a sentence is a mention


def test_a_call_to_action_written_anew_each_time_is_a_sign_off() -> None:
    """ "Book a free 20-minute Milvus Office Hours session…", "feel free to join our Discord
    community": new words in every post, but always at its close."""
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))
    posts = [parse_file(p) for p in docs if "office hours" in p.read_text("utf-8").lower()]
    assert len(posts) >= 60
    mentioned = reports_mentioning(posts, None)
    assert mentioned.get("office-hour", 0) <= len(posts) // 5  # where a post is about them
    taxonomy = load_taxonomy(bundled_dir("data") / "taxonomy.json")
    _, hits = extract(posts, taxonomy, Matcher(taxonomy), unmentioned(posts))
    assert all(h.passage_id not in closing(posts) for h in hits if h.concept_id == "office-hour")
    for kept in ("milvus", "vector-search", "rag", "embeddings"):
        assert mentioned[kept] >= len(posts) // 4, kept  # what posts are about is not signed off


def test_an_image_alone_is_not_a_reference_list() -> None:
    """A passage that is only an image has no words to count, and lists no references: the
    reader would otherwise dim a post's diagrams as "mostly links"."""
    post = corpus("milvus-blog-en") / (
        "blog__en__unlock-geo-vector-search-with-geometry-fields-and-rtree-index-in-milvus.md"
    )
    report = parse_file(post)
    passages = [p for s in report.sections for p in s.passages]
    images = [p.id for p in passages if p.text.startswith("![")]
    listed = [p.id for p in passages if p.text.startswith("- [")]
    found = unmentioned([report])
    assert images and not any(p in found for p in images)
    assert listed and all(p in found.references for p in listed)  # its reading list still is
