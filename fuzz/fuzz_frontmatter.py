"""Fuzzing front matter: a report that opens with ``---`` (YAML) or ``+++`` (TOML), as
``parse_text`` hands it to ``read_front_matter``.

The block between the fences is the fuzzer's own text, or YAML and TOML syntax mixed from a
list (anchors, aliases, tags, block scalars, flow collections, dates, long numbers, deep
brackets), or a real post's front matter with a few bytes changed; line ends, a byte-order
mark and the closing fence are chosen by the fuzzer too. The answer is always a FrontMatter,
never an exception (tests/core/test_frontmatter.py): its body starts inside the text, its
title is one trimmed line, its date an ISO day; front matter that was not read has no title
or date, and says why in one line.
"""

from __future__ import annotations

import datetime as dt

from fuzzkit import Draw, TestOneInput, changed_bytes, expect, instrumented, mixed_text, shown

SYNTAX = (
    "title: ",
    "date: ",
    "Title: ",
    "title = ",
    "date = ",
    "[params]\n",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "- ",
    ": ",
    " = ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a ",
    "<<: ",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "!x ",
    "|\n",
    ">\n",
    "|-\n  ",
    '"',
    "'",
    "\\",
    "#",
    "...\n",
    "---\n",
    "+++\n",
    "? ",
    "%YAML 1.1\n",
    "2024-02-30",
    "2024-05-01T10:00:00Z",
    "2024.10",
    "0x1F",
    "1e999",
    "9" * 5000,
    "[" * 2000,
    "a:\n " * 40,
    "\ufeff",
    "\x00",
    "\ud800",
)
"""YAML and TOML that the parsers and the bounds treat specially."""

SEED = (
    "---\n"
    "id: getting-started-with-hnswlib.md\n"
    "title: \n > \n Getting Started with HNSWlib \n"
    "author: Haziqa Sajid\n"
    "date: 2024-11-25\n"
    "cover: assets.zilliz.com/cover.png\n"
    "tags: [Milvus, 'Vector Database']\n"
    "recommend: false\n"
    "desc: |\n  HNSW, a graph index.\n  Fast.\n"
    "---\n"
)
"""A milvus post's front matter (the form most of the corpora's reports have)."""


def harness() -> TestOneInput:
    with instrumented("yaml", "tomllib"):
        from explorer.core.reports.frontmatter import read_front_matter

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        text = report_text(draw)
        front = read_front_matter(text)
        expect(0 <= front.end <= len(text), f"the body starts at {front.end}, outside the text")
        title = front.title
        if title is not None:
            expect(
                bool(title) and "\n" not in title and title.strip() == title,
                f"a title that is not one trimmed line: {shown(title)}",
            )
        if front.date is not None:
            expect(
                dt.date.fromisoformat(front.date).isoformat() == front.date,
                f"a date that is not an ISO day: {shown(front.date)}",
            )
        if front.problem is not None:
            expect(front.end > 0, "a problem with front matter that was not there")
            expect(
                front.title is None and front.date is None and front.date_problem is None,
                f"front matter not read, yet with fields: {shown(front)}",
            )
            expect(
                "\n" not in front.problem and "Traceback" not in front.problem,
                f"a note that is not one line: {shown(front.problem)}",
            )
            expect(len(front.problem) < 300, f"a note too long: {shown(front.problem)}")

    return test_one_input


def report_text(draw: Draw) -> str:
    """A report's text: an opening fence, a block, (usually) the closing fence, a body."""
    kind = draw.number(0, 2)
    if kind == 0:  # a real front matter, a few bytes changed
        raw = changed_bytes(SEED.encode("utf-8"), draw)
        return raw.decode("utf-8", "replace") + "# Body\n\nWords.\n"
    fence = draw.pick(("---", "+++"))
    end = draw.pick(("\n", "\r\n", "\r"))
    block = mixed_text(draw, SYNTAX, most=60) if kind == 1 else draw.text(2000, surrogates=True)
    bom = "\ufeff" if draw.number(0, 7) == 0 else ""
    closing = f"{fence}{end}" if draw.number(0, 7) else ""
    return f"{bom}{fence}{end}{block}{end}{closing}# Body{end}{end}Words.{end}"
