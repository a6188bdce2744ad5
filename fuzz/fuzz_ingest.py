"""Fuzzing the report parser: any bytes, as a report file that `explorer add` is given.

The bytes go into a file named ``<stem>.md``, ``.markdown`` or ``.txt`` (stem and suffix
chosen by the fuzzer, the stem possibly not UTF-8, as a Linux file name may be), which is
parsed as ``Workspace.add`` parses it (``parse_file``). The same bytes, decoded leniently, go
through ``parse_text`` too. Either a report comes back whose offsets give back its text
(the checks of tests/core/test_ingest.py), or a RefusedFile in one sentence. Web pages, Word
files and PDFs have targets of their own (fuzz_html.py, fuzz_docx.py, fuzz_pdf.py).
"""

from __future__ import annotations

import codecs
import os

from fuzzkit import (
    Draw,
    TestOneInput,
    check_report,
    expect,
    instrumented,
    mixed_text,
    one_sentence,
    scratch_folder,
)

MARKDOWN = (
    "# ",
    "## ",
    "### ",
    "#",
    "- ",
    "* ",
    "1. ",
    "> ",
    "```",
    "~~~",
    "    ",
    "\t",
    "---\n",
    "+++\n",
    "title: ",
    "title = ",
    "date: ",
    "date = ",
    "2024-02-30",
    "2024-05-01",
    "|a|b|\n|-|-|\n",
    "| x | y |\n",
    "<div>",
    "</div>",
    "<h2>",
    "[link](http://x)",
    "![img](y.png)",
    "**",
    "`",
    ". ",
    "。",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\u200d",
    "\ufe0f",
    "\ufeff",
    "\u00ad",
    "👩\u200d💻",
    "中文",
    "Lorem ipsum dolor sit amet. " * 40,
    "字" * 1100,
    "a" * 1100,
    "- a list item of some words\n" * 60,
    "| a | table row of words |\n" * 60,
)
"""Markdown, front matter and text that the parser treats specially: headings, lists, fences,
tables, dates, line breaks, joiners, and runs long enough to be split into passages."""


def harness() -> TestOneInput:
    with instrumented("markdown_it"):
        from explorer.core.errors import RefusedFile
        from explorer.core.kinds import REPORT_SUFFIXES
        from explorer.core.reports import formats, parse_file, parse_text
    folder = scratch_folder()
    suffixes = [s for s in REPORT_SUFFIXES if s not in formats.READERS]  # the others: their own

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        suffix = draw.pick(suffixes)
        stem = file_stem(draw.raw(40))
        body = report_bytes(draw)
        path = folder / f"{stem}{suffix}"
        path.write_bytes(body)
        try:
            report = parse_file(path)
        except RefusedFile as exc:
            one_sentence(str(exc))
        else:
            check_report(report)
        finally:
            path.unlink()
        text = body.decode("utf-8", "replace")
        try:
            report = parse_text(text, "fuzz-report", stem)
        except RefusedFile as exc:
            one_sentence(str(exc))
        else:
            expect(report.text == text, "parse_text did not keep the text")
            check_report(report)

    return test_one_input


def file_stem(raw: bytes) -> str:
    """A file name's stem from bytes, as the system hands it to Python (undecodable bytes
    escaped); without slashes and NULs, which no file name can hold."""
    cleaned = raw.replace(b"/", b"").replace(b"\x00", b"")
    return os.fsdecode(cleaned) or "report"


def report_bytes(draw: Draw) -> bytes:
    """The file's bytes: the fuzzer's own, or markdown mixed from MARKDOWN and encoded as
    UTF-8, UTF-8 with a byte-order mark, or UTF-16 (which carries one)."""
    if draw.flag():
        return draw.rest()
    text = mixed_text(draw, MARKDOWN)
    encoding = draw.number(0, 2)
    if encoding == 1:
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == 2:
        return text.encode("utf-16")
    return text.encode("utf-8")
