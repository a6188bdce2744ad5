"""Fuzzing the search box: any text, as a query to a small real library.

At start a workspace is made in a scratch folder (it seeds itself with the bundled report)
and a tiny report is added, so the whoosh index has words to expand prefixes and fuzzy terms
to, and hostile text to snippet. Each input becomes a query, asked as the window asks it
(grouped, a few hits marked, then the other snippets and the did-you-mean), as
`explorer search` asks it, and as the reader marks it in a passage (``term_spans``).
The answer is hits, or a BadQuery in one sentence (tests/core/test_search.py).
"""

from __future__ import annotations

from fuzzkit import Draw, TestOneInput, expect, instrumented, mixed_text, scratch_folder, shown

TINY_REPORT = """---
title: Fuzz Library
date: 2024-05-01
---
# Fuzz Library

## Efficiency
Low-rank adaptation (LoRA) and quantization make fine-tuning cheap; do_bulk_insert helps.

## Privacy
Federated learning keeps privacy; user consent matters in healthcare and legal work.

## Mixed
Adapters such as Lo\u200bRA and \uff2c\uff4f\uff32\uff21 and a cafe\u0301. 中文内容。
A <script>alert("x")</script> about lemurs & <b>tags</b>, version 2.7.5 and 1e9.
"""

QUERY_TOKENS = (
    *'"()*~?:^[]{}-+ ',
    " AND ",
    " OR ",
    " NOT ",
    " ANDNOT ",
    " ANDMAYBE ",
    "privacy",
    "LoRA",
    "lora",
    "quantiz*",
    "q*",
    "*",
    "helthcare~",
    "~2",
    "~99",
    "fine-tun*",
    "do_bulk",
    "café",
    "cafe\u0301",
    "中文",
    "2.7.5",
    "section:",
    "text:",
    "report_id:",
    "[a TO z]",
    "\u200b",
    "\u202e",
    "\x00",
    "<script>",
)
"""The query language's syntax and words the tiny library has, for the fuzzer to combine."""

LIMIT = 10
MARKED = 3


def harness() -> TestOneInput:
    with instrumented("whoosh.qparser", "whoosh.query"):
        from explorer.core.errors import BadQuery
        from explorer.core.search import SearchResult, term_spans
        from explorer.core.workspace import Workspace
    folder = scratch_folder()
    (folder / "fuzz-library.md").write_text(TINY_REPORT, encoding="utf-8")
    ws = Workspace(folder / "data")
    summary = ws.add([folder / "fuzz-library.md"]).value
    expect(not summary.failed, f"the tiny report was not added: {summary.failed}")
    ws.ensure_index()
    passages = [p for s in ws.report("fuzz-library").sections for p in s.passages]

    def check(result: SearchResult, limit: int) -> None:
        expect(result.total >= 0, f"a negative total: {result.total}")
        expect(len(result.hits) <= limit, f"{len(result.hits)} hits for a limit of {limit}")
        for hit in result.hits:
            expect("<script" not in hit.snippet, f"an unescaped snippet: {shown(hit.snippet)}")

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        text = mixed_text(draw, QUERY_TOKENS) if draw.flag() else draw.text(4100)
        try:
            for passage in passages:  # the reader marks the query's words in a section
                for start, end in term_spans(passage.text, text):
                    expect(
                        0 <= start <= end <= len(passage.text),
                        f"term span {start}:{end} outside passage {passage.id}",
                    )
            shown_first = ws.search(text, LIMIT, marked=MARKED, suggest=False, group=True)
            check(shown_first, LIMIT)
            unmarked = [hit.passage_id for hit in shown_first.hits if not hit.marked]
            for snippet in ws.snippets(text, unmarked).values():
                expect("<script" not in snippet, f"an unescaped snippet: {shown(snippet)}")
            ws.suggestion(text, shown_first.total)
            check(ws.search(text, limit=5), 5)
        except BadQuery as exc:
            message = str(exc)
            expect(
                message.endswith(".") and "\n" not in message and len(message) < 200,
                f"a BadQuery that is not one sentence: {shown(message)}",
            )

    return test_one_input
