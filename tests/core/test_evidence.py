"""Evidence reads as text and shows the concept it is evidence for (issue 23).

Milvus blog posts link their words ([Milvus](https://…)), put raw HTML in their prose
(<a href>, <code>, <br>), caption images in their titles and write **bold** and `code`;
a concept's evidence quotes the passage as a reader sees it, cut around the concept's name.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from explorer.core.explain import concept_card, cut, path_answer
from explorer.core.trends import cards
from explorer.core.workspace import Workspace
from tests.conftest import corpus

POSTS = (
    "blog__en__2019-12-25-managing-metadata-in-milvus-1.md",  # <code> in prose
    "blog__en__2021-04-23-Making-with-Milvus-Detecting-Android-Viruses-in-Real-Time-for-"
    "Trend-Micro.md",  # [links](…), ![images](… "captions")
    "blog__en__2021-05-20-inside-milvus-1.1.0.md",  # links, <br>
    "blog__en__2021-11-19-run-milvus-2.0-on-windows.md",  # <a href='…'>
    "blog__en__how-to-deploy-open-source-milvus-vector-database-on-amazon-eks.md",  # ** and `
)
MARKUP = ("](", "![", "<a ", "<img", "<code", "<br>", "<br/", "<br ", "</", "**", "`")
"""What a reader never sees of Markdown and HTML (but in code, which is shown as written)."""
CONCEPTS = ("Zilliz", "Trend Micro", "GitHub", "Elasticsearch", "Milvus")


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    workspace = Workspace(data_dir)
    workspace.add([corpus("milvus-blog-en") / name for name in POSTS])
    return workspace


def shown(snippet: str) -> str:
    """A snippet's words as a user reads them: marks drawn, not written."""
    return html.unescape(re.sub(r"</?mark>", "", snippet))


def markup(ws: Workspace, passage_id: str, words: str) -> list[str]:
    """The markup in an excerpt of a passage; a code block may show backticks."""
    code = ws.passage(passage_id)[2].text.startswith(("```", "~~~"))
    return [m for m in MARKUP if m in words and not (code and m == "`")]


def names(ws: Workspace, node: str) -> list[str]:
    data = ws.graph().node(node)
    return [str(n).lower() for n in (data["label"], *data.get("aliases", ()))]


@pytest.mark.parametrize("name", CONCEPTS)
def test_a_concepts_evidence_reads_as_text_around_its_name(ws: Workspace, name: str) -> None:
    card = concept_card(ws, name, evidence_limit=40)
    assert card.evidence
    called = names(ws, card.id)
    for item in card.evidence:
        words = shown(item.snippet)
        assert not markup(ws, item.passage_id, words), (item.passage_id, words)
        assert any(n in words.lower() for n in called), (item.passage_id, called, words)
        assert "<mark>" in item.snippet, (item.passage_id, item.snippet)


def test_a_links_evidence_names_its_ends(ws: Workspace) -> None:
    answer = path_answer(ws, "Trend Micro", "Zilliz", evidence_limit=10)
    assert answer.hops
    both = 0
    for hop in answer.hops:
        ends = [n for n in (hop.source, hop.target) if n.startswith("concept:")]
        for item in hop.evidence:
            words = shown(item.snippet).lower()
            assert not markup(ws, item.passage_id, words), (item.passage_id, words)
            named = [e for e in ends if any(n in words for n in names(ws, e))]
            assert named, (hop.source, hop.target, item.passage_id, words)
            both += len(named) == len(ends) == 2
    assert both, "no excerpt of a link between two concepts shows both"


def test_an_excerpt_is_cut_around_a_late_mention(ws: Workspace) -> None:
    """Trend Micro is named 300 characters into this passage: the excerpt starts later,
    with "…", and ends where the passage does not."""
    card = concept_card(ws, "Trend Micro", evidence_limit=40)
    late = next(e for e in card.evidence if e.passage_id.endswith("#1.1"))
    words = shown(late.snippet)
    assert words.startswith("…") and "Trend Micro is a global leader" in words
    assert "[Trend Micro]" not in words and "trendmicro.com" not in words


def test_a_reports_trend_cards_quote_sentences_as_text(ws: Workspace) -> None:
    report = ws.report(
        "blog-en-2021-04-23-making-with-milvus-detecting-android-viruses-in-real-time-for"
    )
    quoted = [c.sentence for c in cards(ws.graph().graph, report) if c.sentence]
    assert len(quoted) >= 8
    for sentence in quoted:
        assert not [m for m in MARKUP if m in sentence], sentence


WORDS = " ".join(f"w{i}" for i in range(200))  # "w0 w1 … w199": 889 characters


def span(word: str, node: str) -> tuple[int, int, str]:
    start = WORDS.index(f" {word} ") + 1
    return start, start + len(word), node


def test_an_excerpt_is_centred_on_the_first_mention_and_cut_at_words() -> None:
    found = cut(WORDS, [span("w120", "a"), span("w150", "a")], 60)
    assert found.text.startswith("…w") and found.text.endswith("…")
    assert not found.text[1:-1].startswith(" ") and len(found.text) <= 62
    before, after = found.text[1:-1].split("w120")
    assert abs(len(before) - len(after)) <= 8  # in the middle, give or take a word
    assert [found.text[s:e] for s, e in found.marks] == ["w120"]
    assert "<mark>w120</mark>" in found.html()


def test_a_links_excerpt_holds_both_ends_when_they_fit() -> None:
    both = cut(WORDS, [span("w20", "a"), span("w190", "a"), span("w30", "b")], 80)
    assert "w20" in both.text and "w30" in both.text
    assert [both.text[s:e] for s, e in both.marks] == ["w20", "w30"]
    apart = cut(WORDS, [span("w20", "a"), span("w190", "b")], 80)
    assert "w20" in apart.text and "w190" not in apart.text


def test_a_short_text_or_no_mention_is_quoted_from_its_start() -> None:
    assert cut("Short words <b> & all.", [], 60).text == "Short words <b> & all."
    assert cut("Short words <b> & all.", [], 60).html() == "Short words &lt;b&gt; &amp; all."
    assert cut(WORDS, [], 30).text == "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9…"
