"""Fuzzing the report parser: any bytes, as a report file that `explorer add` is given.

The bytes go into a file named ``<stem>.md``, ``.markdown`` or ``.txt`` (stem and suffix
chosen by the fuzzer, the stem possibly not UTF-8, as a Linux file name may be), which is
parsed as ``Workspace.add`` parses it (``parse_file``). The same bytes, decoded leniently, go
through ``parse_text`` too. Either a report comes back whose offsets give back its text
(the checks of tests/core/test_ingest.py), or a RefusedFile in one sentence.
"""

from __future__ import annotations

import codecs
import os

from fuzzkit import (
    Draw,
    TestOneInput,
    expect,
    instrumented,
    mixed_text,
    one_sentence,
    scratch_folder,
    shown,
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
        from explorer.core.reports import Report, parse_file, parse_text
        from explorer.core.reports.ingest import MAX_PASSAGE
    folder = scratch_folder()

    def check(report: Report) -> None:
        """The offsets give back the text (tests/core/test_ingest.py, assert_offsets)."""
        expect(report.passage_count > 0, "a report without passages was not refused")
        for section in report.sections:
            expect(
                bool(report.text[section.start : section.end].strip()),
                f"section {section.id} spans no text",
            )
            for passage in section.passages:
                where = f"passage {passage.id}"
                expect(isinstance(passage.text, str), f"{where}: text is not a str")
                expect(
                    report.text[passage.start : passage.end] == passage.text,
                    f"{where}: text[{passage.start}:{passage.end}] is not its text "
                    f"{shown(passage.text)}",
                )
                expect(passage.text.strip() == passage.text, f"{where}: not trimmed")
                expect(passage.id.startswith(section.id + "."), f"{where}: not in {section.id}")
                expect(len(passage.text) <= MAX_PASSAGE, f"{where}: {len(passage.text)} chars")

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        suffix = draw.pick(REPORT_SUFFIXES)
        stem = file_stem(draw.raw(40))
        body = report_bytes(draw)
        path = folder / f"{stem}{suffix}"
        path.write_bytes(body)
        try:
            report = parse_file(path)
        except RefusedFile as exc:
            one_sentence(str(exc))
        else:
            check(report)
        finally:
            path.unlink()
        text = body.decode("utf-8", "replace")
        try:
            report = parse_text(text, "fuzz-report", stem)
        except RefusedFile as exc:
            one_sentence(str(exc))
        else:
            expect(report.text == text, "parse_text did not keep the text")
            check(report)

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
