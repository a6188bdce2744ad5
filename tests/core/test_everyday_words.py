"""Everyday words of the vocabulary (issue 23, item 2): "Code", "Image" and "Text" are
concepts where the text means them (image search, multimodal text), not in "the code below"
or "an image of", nor inside an HTML tag."""

from __future__ import annotations

import pytest

from explorer.core.graph.vocabulary import Matcher, load_taxonomy
from explorer.core.reports import bundled_dir
from tests.conftest import corpus


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_taxonomy(bundled_dir("data") / "taxonomy.json"))


def named(matcher: Matcher, text: str) -> list[str]:
    return [concept for concept, _, _ in matcher.find_in_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Run the code below.",
        "We load an image of a shoe.",
        "Paste the text into the box, then the code.",
        "wrap it in <code>x</code> tags",
        "x</code>",
    ],
)
def test_an_everyday_word_used_in_passing_is_no_mention(matcher: Matcher, text: str) -> None:
    assert not {"code", "image", "text"} & set(named(matcher, text))


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Image search finds similar photos.", "image"),
        ("It embeds multimodal text and pictures.", "text"),
        ("Search code repositories by meaning.", "code"),
        ("LoRA on a large codebase", "code"),
    ],
)
def test_an_everyday_word_meant_as_the_concept_counts(
    matcher: Matcher, text: str, concept: str
) -> None:
    assert concept in named(matcher, text)


def test_code_on_milvus_counts_where_posts_mean_it(matcher: Matcher) -> None:
    """Posts say "the code below" and write "</code>" hundreds of times; those are not
    mentions, while "source code" and "generated code" are."""
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))
    passing = meant = 0
    for path in docs:
        text = path.read_text(encoding="utf-8")
        for concept, start, end in matcher.find_in_text(text):
            if concept != "code":
                continue
            before, after = text[max(0, start - 4) : start].lower(), text[end : end + 6].lower()
            if before.endswith(("the ", "</")) and after.startswith((" below", " above", ">")):
                passing += 1  # "the code below", "</code>"
            meant += before.endswith(("rce ", "ted ")) or "codebase" in text[start:end].lower()
    assert passing == 0
    assert meant > 20
