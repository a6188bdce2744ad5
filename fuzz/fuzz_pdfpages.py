"""Fuzzing the PDF reader's own code, without pdfium: words where the fuzzer puts them, made
into lines and reading order (``layout``) and into Markdown (``markdown``), in this process.

In the app this code runs in the reading child, which turns any exception into "is damaged
and cannot be read as a PDF": a bug here never crashes the app, it refuses a good file. So
here any exception is a failure. Each input is pages of words (on rows of a grid, or moved a
little, or anywhere; in the order a writer might put them: row by row, column by column or
shuffled), each with its label; an outline (levels, titles, pages, some off the end); and the
document's title and date. The Markdown must hold one marker per page and read through
``parse_text`` into a report whose offsets give back its text, or a RefusedFile in one
sentence (when no word of it is text).
"""

from __future__ import annotations

from fuzzkit import (
    Draw,
    TestOneInput,
    check_report,
    expect,
    instrumented,
    one_sentence,
    shown,
)

WORDS = (
    "The",
    "reader",
    "joins",
    "informa-",
    "tion",
    "inform\ufffe",
    "\ufffe",
    "ation",
    "•",
    "◦",
    "1.",
    "2)",
    "2.2",
    "Naming",
    "Chapter",
    "Page",
    "3",
    "of",
    "9",
    "xii",
    "T-1",
    "—",
    "-",
    "|",
    "*",
    "<b>",
    "`",
    "#",
    "+",
    "=",
    "\\",
    "end.",
    "said:",
    "Why?",
    ",",
    "\x01",
    "\u200b",
    "字",
    "a" * 300,
    "January",
    "31st",
    "May",
    "Sept.",
    "2024",
    "2024-02-30",
    "1899-12-31",
)
"""Words the layout and Markdown code treat apart: hyphens, bullets, page numbers, headings'
numbers, Markdown's characters, words of nothing visible, and the parts of a printed date
(read from the first page when the metadata has none)."""

LABELS = ("", "1", "xii", "T-1", "A-3", '"q"', "--->", "x--y", " ", "Page 2", "l" * 200)
TITLES = ("", "Naming", "2.2 Naming", "Chapter 3", "#", "  ", "x" * 500, "Revenue")
DATES = ("D:20240131120000Z", "D:2024", "D:202413", "D:20240230", "D:99", "", "nope")
HEIGHTS = (10.0, 10.0, 10.0, 12.0, 14.0, 18.0, 24.0, 9.9, 0.01, 1e6)
"""Type sizes: mostly body text, some headings, and the tiny and huge."""


def harness() -> TestOneInput:
    with instrumented():
        from explorer.core.errors import RefusedFile
        from explorer.core.reports import parse_text
        from explorer.core.reports.formats import PAGE_MARKER
        from explorer.core.reports.formats.pdf import layout
        from explorer.core.reports.formats.pdf.markdown import Bookmark, markdown

    def page(draw: Draw, number: int) -> layout.Page:
        width = draw.pick((595.0, 595.0, 842.0, 300.0, 0.0, 1e7))
        pieces = []
        for _ in range(draw.number(0, 40)):
            text = draw.pick(WORDS) if draw.number(0, 7) else draw.text(12)
            text = "".join(layout._WORD.findall(text))  # a word as pdfium's text is cut
            if not text:
                continue
            height = draw.pick(HEIGHTS)
            where = draw.number(0, 2)
            if where == 0:  # on the grid: rows 14 apart, two columns
                left = draw.pick((40.0, 90.0, 140.0, 310.0, 360.0, 520.0))
                bottom = 800.0 - 14.0 * draw.number(0, 55)
            elif where == 1:  # near it
                left = 40.0 + draw.number(0, 5000) / 10
                bottom = 800.0 - 14.0 * draw.number(0, 55) + draw.number(-40, 40) / 10
            else:  # anywhere, the huge too
                left, bottom = float(draw.big_number(4)), float(draw.big_number(4))
            right = left + max(len(text), 1) * height * draw.number(1, 8) / 10
            pieces.append(layout._Piece(text, left, right, bottom, bottom + height))
        order = draw.number(0, 2)
        if order == 1:  # column by column
            pieces.sort(key=lambda p: (p.left > width / 2, -p.bottom, p.left))
        elif order == 2:  # as the fuzzer says
            pieces = [pieces[draw.number(0, len(pieces) - 1)] for _ in pieces]
        lines = tuple(layout._reading_order(layout._lines(pieces), width))
        return layout.Page(number, draw.pick(LABELS) or str(number), width, lines)

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        pages = [page(draw, n) for n in range(1, draw.number(1, 6) + 1)]
        if not any(p.lines for p in pages):
            return  # a scan: the reader never makes Markdown of it
        outline = [
            Bookmark(draw.number(0, 8), draw.pick(TITLES), draw.number(-1, len(pages)))
            for _ in range(draw.number(0, 8) if draw.flag() else 0)
        ]
        metadata = {
            "Title": draw.pick(TITLES),
            "CreationDate": draw.pick(DATES),
            "ModDate": draw.pick(DATES),
        }
        text = markdown(metadata, outline, pages)
        markers = PAGE_MARKER.findall(text)
        expect(len(markers) == len(pages), f"{len(markers)} markers for {len(pages)} pages")
        try:
            report = parse_text(text, "fuzz-pdf", "fuzz")
        except RefusedFile as exc:
            one_sentence(str(exc))
            return
        check_report(report)
        labels = {label for _, label in markers}
        for section in report.sections:
            for passage in section.passages:
                expect(
                    passage.page is None or passage.page in labels,
                    f"passage {passage.id} on a page no marker names: {shown(passage.page)}",
                )

    return test_one_input
