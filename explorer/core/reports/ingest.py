"""Markdown and plain text → Report → Section → Passage, keeping character offsets.

Block structure comes from markdown-it-py; every passage is a slice of the decoded text,
so ``report.text[p.start:p.end] == p.text`` always holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from explorer.core import ids
from explorer.core.collector import let_go
from explorer.core.errors import Cancel, RefusedFile
from explorer.core.reports.frontmatter import (
    FrontMatter,
    date_in_name,
    read_front_matter,
    year_in_title,
)
from explorer.core.reports.models import Passage, Report, Section
from explorer.core.reports.pages import Pages, find_pages
from explorer.core.reports.textfile import decode_report_bytes, slugify
from explorer.core.storage import read_regular_file

MAX_PASSAGE = 1000
"""Passages longer than this are split at sentence boundaries (or, failing that, spaces)."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*\s+")
_BLOCK_OPENERS = {"paragraph_open", "fence", "code_block", "html_block", "table_open"}
_INLINE_MARKUP = re.compile(r"[`*_\[\]<>!&\\]")
_CONTAINER_OPENERS = {"bullet_list_open", "ordered_list_open", "blockquote_open"}
_CONTAINER_CLOSERS = {"bullet_list_close", "ordered_list_close", "blockquote_close"}


@dataclass(frozen=True)
class _Heading:
    level: int
    title: str
    start: int  # offset of the heading line
    body: int  # offset just after the heading line


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]  # list items or table rows that may be grouped


def parse_file(
    path: Path,
    report_id: str | None = None,
    max_bytes: int = 50_000_000,
    cancelled: Cancel | None = None,
) -> Report:
    """Read and parse one report file; refuse binary, empty, undecodable or oversized files,
    and anything that is not a regular file (pipes and devices are never read). A reader
    that takes long (PDF) raises Cancelled when ``cancelled()`` turns true."""
    from explorer.core.reports import formats

    data = read_regular_file(path, max_bytes)
    if formats.reads(path):
        text = formats.to_markdown(path, data, cancelled)
    else:
        text = decode_report_bytes(data, str(path))
    return parse_text(text, report_id or slugify(path.stem), path.stem, where=str(path))


def parse_text(text: str, report_id: str, fallback_title: str = "", where: str = "") -> Report:
    """Parse decoded report text into sections and passages."""
    where = where or report_id
    if not text.strip():
        raise RefusedFile(f"{where}: is empty; there is no text to add.")
    front = read_front_matter(text)
    line_starts = _line_starts(text)
    body_line = _line_of(line_starts, front.end)
    body = text[front.end :]
    # markdown-it's own normalising (regular expressions over the whole text) is switched
    # off: over a 50 MB text it held the interpreter, and so the window, for 0.1 s
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in body:
        body = body.replace("\0", "\ufffd")
    tokens = _markdown_block().parse(body)
    headings, blocks = _collect(tokens, line_starts, body_line, text)
    let_go(tokens)
    pages = find_pages(text)
    if pages.starts:  # a page marker is no text: no passage is made of one
        blocks = [b for b in blocks if not pages.is_marker(b.start)]
    title, headings = _choose_title(front, headings, fallback_title or report_id, text)
    sections = tuple(_sections(report_id, title, text, front.end, headings, blocks, pages))
    if not any(s.passages for s in sections):
        raise RefusedFile(f"{where}: contains no text to search (only headings or front matter).")
    date, note = _date(front, fallback_title, title, where)
    if front.problem and not note:  # said once, as a date note is: the body is still read
        note = f"{where}: {front.problem}"
    return Report(
        id=report_id, title=title, date=date, date_note=note, text=text, sections=sections
    )


def _date(front: FrontMatter, name: str, title: str, where: str) -> tuple[str | None, str | None]:
    """The report's date: its front matter's, else an ISO date in its file name, else a year in
    its title; and a warning when the date written was impossible."""
    named, name_problem = date_in_name(name)
    for date, problem, source in (
        (front.date, front.date_problem, "front matter"),
        (named, name_problem, "file name"),
    ):
        if problem:
            used = f"{date} is used instead" if date else "it is not used"
            return (
                date or None
            ), f"{where}: the date {problem!r} in its {source} does not exist; {used}."
        if date:
            return date, None
    return year_in_title(title), None


@functools.cache
def _markdown_block() -> MarkdownIt:
    """Block structure only: inline parsing costs three times as much and is not needed."""
    md = MarkdownIt("commonmark").enable("table")
    md.disable(["inline", "text_join", "normalize"])  # parse_text normalises (faster)
    return md


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    starts.append(len(text))
    return starts


def _line_of(line_starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(line_starts, offset) - 1)


def _span(text: str, line_starts: list[int], first: int, last: int) -> tuple[int, int]:
    """Character span of lines [first, last), with surrounding white space trimmed."""
    start = line_starts[min(first, len(line_starts) - 1)]
    end = line_starts[min(last, len(line_starts) - 1)]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _collect(
    tokens: list[Token], line_starts: list[int], base: int, text: str
) -> tuple[list[_Heading], list[_Block]]:
    """Headings and top-level text blocks (paragraphs, lists, quotes, tables, code, HTML).

    A list or quote is one block whose pieces are its children (items, paragraphs), so
    that long ones are packed into passages along their own seams.
    """
    headings: list[_Heading] = []
    blocks: list[_Block] = []
    container: tuple[int, int] | None = None
    pieces: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.map is None or tok.nesting < 0:
            if tok.type in _CONTAINER_CLOSERS and tok.level == 0 and container:
                blocks.append(_group(text, line_starts, container, pieces))
                container = None
            continue
        first, last = tok.map[0] + base, tok.map[1] + base
        if tok.level == 1 and container is not None:
            pieces.append((first, last))
        elif tok.level != 0:
            continue
        elif tok.type in _CONTAINER_OPENERS:
            container, pieces = (first, last), []
        elif tok.type == "heading_open":
            title = _plain(tokens[i + 1]) if i + 1 < len(tokens) else ""
            start, _ = _span(text, line_starts, first, last)
            headings.append(_Heading(int(tok.tag[1:]), title, start, line_starts[last]))
        elif tok.type in _BLOCK_OPENERS:
            rows = range(first, last) if tok.type == "table_open" else range(0)
            row_spans = tuple(_span(text, line_starts, r, r + 1) for r in rows)
            start, end = _span(text, line_starts, first, last)
            if end > start:
                blocks.append(_Block(start, end, row_spans))
    return headings, blocks


def _plain(inline: Token) -> str:
    """A heading's words without markup: link and image text kept, URLs and HTML tags
    dropped."""
    if not _INLINE_MARKUP.search(inline.content):
        return " ".join(inline.content.split()).strip(" #")  # most headings: no inline parse
    children = _markdown_inline().parseInline(inline.content)[0].children or []
    parts = [
        child.content
        for child in children
        if child.type in ("text", "code_inline") and child.content  # raw HTML tags: markup
    ]
    words = " ".join("".join(parts).split()) if parts else " ".join(inline.content.split())
    return words.strip(" #")


@functools.cache
def _markdown_inline() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _group(
    text: str, line_starts: list[int], span: tuple[int, int], items: list[tuple[int, int]]
) -> _Block:
    start, end = _span(text, line_starts, *span)
    pieces = tuple(p for p in (_span(text, line_starts, a, b) for a, b in items) if p[1] > p[0])
    return _Block(start, end, pieces)


def _choose_title(
    front: FrontMatter, headings: list[_Heading], fallback: str, text: str
) -> tuple[str, list[_Heading]]:
    """The report title, and the headings that remain section headings.

    A lone level-1 heading that opens the document is the report's title, not a section. A
    file whose name says nothing of it (README.md, index.html, blog__index.md) is titled,
    when its front matter has no title, by its first level-1 heading, else the words of a
    banner that opens it (an ``<h1>`` or an image's alt text, as READMEs open), else its
    first heading.
    """
    level1 = [h for h in headings if h.level == 1]
    if headings and headings[0].level == 1 and len(level1) == 1:
        title = front.title or headings[0].title or fallback
        return title, headings[1:]
    if not front.title and _GENERIC_NAME.fullmatch(fallback) and headings:
        opening = text[: headings[0].start]
        named = next((h.title for h in level1 if h.title), None) or banner_words(opening)
        return named or next((h.title for h in headings if h.title), fallback), headings
    return front.title or fallback, headings


_GENERIC_NAME = re.compile(r"(?i)(?:.*[-_. ])?(?:readme|index|default|home|untitled|document)")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]{2,200})\]\(")


def banner_words(opening: str) -> str | None:
    """The words a document's opening shows as its name: the first ``<h1>``'s text, else the
    first image's alt text (HTML or Markdown), else None."""
    from html.parser import HTMLParser

    class Banner(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.h1: list[str] | None = None
            self.heading = ""
            self.alt = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "h1" and self.h1 is None and not self.heading:
                self.h1 = []
            elif tag == "img" and not self.alt:
                self.alt = " ".join((dict(attrs).get("alt") or "").split())

        def handle_endtag(self, tag: str) -> None:
            if tag == "h1" and self.h1 is not None:
                self.heading, self.h1 = " ".join("".join(self.h1).split()), None

        def handle_data(self, data: str) -> None:
            if self.h1 is not None:
                self.h1.append(data)

    banner = Banner()
    banner.feed(opening[:20_000])
    banner.close()
    image = _MARKDOWN_IMAGE.search(opening[:20_000])
    alt = banner.alt or (" ".join(image.group(1).split()) if image else "")
    return (banner.heading or alt)[:200] or None


def _sections(
    report_id: str,
    title: str,
    text: str,
    body_start: int,
    headings: list[_Heading],
    blocks: list[_Block],
    pages: Pages,
) -> Iterator[Section]:
    """Every heading opens a section; its passages are its own text, up to the next heading
    of any level. Text before the first heading is a section titled as the report.

    One sweep over headings and blocks (both in document order): linear in their number.
    """
    first = headings[0].start if headings else len(text)
    outline: list[tuple[str, int, int, int, int, int | None]] = []  # title, depth, …, parent
    if not headings or (blocks and blocks[0].start < first):
        outline.append((title, 1, body_start, body_start, first, None))
    open_heads: list[tuple[int, int, int]] = []  # (heading level, index in outline, depth)
    for i, head in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        while open_heads and open_heads[-1][0] >= head.level:
            open_heads.pop()
        parent = open_heads[-1] if open_heads else None
        depth = parent[2] + 1 if parent else 1
        parent_index = parent[1] if parent else None
        outline.append((head.title or title, depth, head.start, head.body, end, parent_index))
        open_heads.append((head.level, len(outline) - 1, depth))
    next_block = 0
    for index, (sec_title, depth, sec_start, body, sec_end, parent_index) in enumerate(outline):
        number = index + 1
        section_id = ids.section_id(report_id, number)
        while next_block < len(blocks) and blocks[next_block].start < body:
            next_block += 1
        inside = []
        while next_block < len(blocks) and blocks[next_block].start < sec_end:
            inside.append(blocks[next_block])
            next_block += 1
        passages = tuple(  # built from checked values: pydantic need not validate them again
            Passage.model_construct(
                id=f"{section_id}.{m}",
                section_id=section_id,
                start=a,
                end=b,
                text=text[a:b],
                page=pages.label_at(a),
            )
            for m, (a, b) in enumerate(_split_blocks(text, inside), start=1)
        )
        yield Section.model_construct(
            id=section_id,
            number=number,
            title=sec_title,
            level=depth,
            parent=None if parent_index is None else ids.section_id(report_id, parent_index + 1),
            start=sec_start,
            end=_rstrip_end(text, sec_start, sec_end),
            passages=passages,
        )


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _split_blocks(text: str, blocks: Iterable[_Block]) -> Iterator[tuple[int, int]]:
    for block in blocks:
        start, end = block.start, _rstrip_end(text, block.start, block.end)
        while start < end and text[start].isspace():
            start += 1
        if end <= start:
            continue
        if end - start <= MAX_PASSAGE:
            yield start, end
        elif block.pieces:
            yield from _pack(text, block.pieces)
        else:
            yield from split_long(text, start, end)


def _pack(text: str, pieces: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
    """Group consecutive list items or table rows into passages of at most MAX_PASSAGE."""
    group_start: int | None = None
    group_end = 0
    for a, b in pieces:
        if group_start is not None and b - group_start > MAX_PASSAGE:
            yield group_start, group_end
            group_start = None
        if group_start is None:
            group_start = a
        group_end = b
        if b - group_start > MAX_PASSAGE:
            yield from split_long(text, group_start, b)
            group_start = None
    if group_start is not None:
        yield group_start, group_end


def split_long(
    text: str, start: int, end: int, limit: int = MAX_PASSAGE
) -> Iterator[tuple[int, int]]:
    """Split text[start:end] into spans ≤ limit: at sentence ends, else spaces, else anywhere."""
    while end - start > limit:
        cut = _cut_point(text, start, start + limit)
        left = _rstrip_end(text, start, cut)
        if left > start:
            yield start, left
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _cut_point(text: str, start: int, stop: int) -> int:
    window = text[start:stop]
    floor = len(window) // 3  # never make a sliver of a passage
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() > floor]
    if ends:
        return start + ends[-1]
    space = window.rfind(" ", floor)
    if space > 0:
        return start + space + 1
    cut = stop
    # keep surrogate-free code points together with their joiners and combining marks
    while cut > start + floor and (text[cut] in "\u200d\ufe0f" or text[cut - 1] == "\u200d"):
        cut -= 1
    return cut
