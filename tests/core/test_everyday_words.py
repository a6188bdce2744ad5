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
        "You write code, manage dependencies, and handle failure modes.",
        "Skills are just code from strangers.",
        "Click the image to enlarge it; the video shows the steps.",
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
        ("We store the image embeddings beside the ids.", "image"),
        ("Convert text data into vectors first.", "text"),
        ("Unstructured data (text, images, audio) becomes vectors.", "audio"),
        ("Code embeddings find similar functions.", "code"),
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


def test_milvus_posts_that_only_write_code_do_not_mention_code(matcher: Matcher) -> None:
    """139 of the 296 posts counted as mentioning Code when any "code" did ("you write code",
    "application code"); read by meaning, it is the posts about code search, code
    generation and codebases — under a quarter of them — while "text, images and audio"
    still names all three."""
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))
    naming = [
        {concept for concept, _, _ in matcher.find_in_text(path.read_text(encoding="utf-8"))}
        for path in docs
    ]
    assert 20 < sum("code" in found for found in naming) < len(docs) // 4
    assert sum("text" in found for found in naming) < 100
