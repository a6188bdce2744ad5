"""A passage of plain words (no character Markdown reads as markup, no line opening a list)
is its words as written: the search index and the quotes take them without parsing, and
they are the very words markdown-it's reading gives, on every corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.reports import parse_file, section_words
from explorer.core.reports import render as render_module
from explorer.core.reports.render import is_plain
from tests.conftest import corpus

SEED = Path(__file__).resolve().parents[2] / "seeds" / "ai-llm-advancements-2024.md"


def _files() -> list[Path]:
    milvus = sorted(corpus("milvus-blog-en").glob("*.md"))
    return [
        SEED,
        *sorted(corpus("llm-course-report").iterdir()),
        *sorted(p for p in corpus("messy-mix").iterdir() if p.suffix in (".md", ".txt")),
        *milvus[::5],
    ]


def test_plain_is_only_words_and_the_punctuation_of_prose() -> None:
    assert is_plain("Vector indexes trade recall for speed (mostly), don’t they?\nYes—80%!")
    assert is_plain("x = 1 + 2 → 3 {ok} $5 ~ 👉 \u00a0a-b state-of-the-art")
    for markup in ("a *b*", "a_b", "[a](b)", "![a](b)", "<b>", "a `b`", "a &amp; b", "a \\* b"):
        assert not is_plain(markup), markup
    for line in ("- item", "text\n  + item", "1. first", "2) second", "# title", "a\n===", "~~~"):
        assert not is_plain(line), line
    assert not is_plain("a | b")


def test_plain_passages_read_as_markdown_would_read_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = every = 0
    for path in _files():
        try:
            report = parse_file(path)
        except Exception:  # a file the corpus holds to be refused (empty, binary)
            continue
        for section in report.sections:
            fast = section_words(report, section, own=False)
            with monkeypatch.context() as parsing:
                parsing.setattr(render_module, "is_plain", lambda _text: False)
                parsed = section_words(report, section, own=False)
            for passage, quick, slow in zip(section.passages, fast, parsed, strict=True):
                every += 1
                if is_plain(passage.text):
                    plain += 1
                    assert quick == slow, (passage.id, passage.text)
    assert plain > every / 4  # much of prose is plain: the fast way is a usual one
