"""Markdown → blocks of shown characters, each knowing its offset in the report text.

markdown-it-py finds the structure (headings, paragraphs, lists, quotes, tables, code,
rules, raw HTML). This module keeps, for every character that will be shown, where it sits
in the report, so that marks and notes made on the source land on what is shown and a
selection of what is shown maps back to the exact source.

A block's line range (``token.map``) places each line of its content: markdown-it drops
only indentation and container markers (``>``, ``-``) from the start of a line, so a
content line is the end of its source line. Within the content, the inline rules that eat
markup note where they started and ended, for ``inline.inline_runs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from explorer.core.reports.inline import html_runs, inline_runs
from explorer.core.reports.parser import markdown
from explorer.core.reports.runs import PLAIN, Offsets, Run, compact

NESTING = 16
"""Blocks nested deeper than this are shown as their plain text (markdown-it stops at 20,
dropping the rest; Python's own recursion would not last 1,000 levels either)."""


@dataclass(slots=True)
class Block:
    """A heading, paragraph, list, item, quote, code block, table part, rule, raw HTML
    block or (too deeply nested to show as such) plain text; ``lo``–``hi`` are the report
    offsets of its lines."""

    kind: str  # p h1..h6 ul ol li quote code html hr text table thead tbody tr th td group
    lo: int
    hi: int
    runs: list[Run] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    tight: bool = False  # a paragraph of a tight list item: shown without a paragraph break
    number: int = 1  # an ordered list's or item's number
    align: str = ""  # a table cell's alignment

    def overlaps(self, lo: int, hi: int) -> bool:
        return self.lo < hi and self.hi > lo


def parse_blocks(text: str, base: int) -> list[Block]:
    """The top-level blocks of ``text``, a stretch of a report starting at offset ``base``."""
    norm, where = _normalised(text, base)
    tokens = markdown().parse(norm, {})
    return _Builder(_Lines(norm, where)).build(tokens)


def _normalised(text: str, base: int) -> tuple[str, Offsets]:
    """The text with \\r\\n and \\r as \\n (as markdown-it sees it), and each character's
    report offset."""
    if "\r" not in text:
        return text, range(base, base + len(text))
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        chars.append("\n" if text[i] == "\r" else text[i])
        where.append(base + i)
        i += 2 if text.startswith("\r\n", i) else 1
    return "".join(chars), where


class _Lines:
    """The parsed text by lines, to place a block's content on its source lines."""

    def __init__(self, text: str, where: Offsets) -> None:
        self.text = text
        self.where = where
        self.starts = [0, *(m.end() for m in re.finditer("\n", text)), len(text) + 1]

    def count(self) -> int:
        return len(self.starts) - 1

    def bounds(self, line: int) -> tuple[int, int]:
        """Index of the line's first character and of its end (its newline, or the end)."""
        line = min(max(line, 0), self.count() - 1)
        return self.starts[line], self.starts[line + 1] - 1

    def span(self, lines: list[int] | None) -> tuple[int, int]:
        """Report offsets from the start of the first line to the start of the one after."""
        if not lines:
            return -1, -1
        first, _ = self.bounds(lines[0])
        after = self.starts[min(lines[1], self.count())]
        return self._at(first), self._at(min(after, len(self.text)))

    def _at(self, index: int) -> int:
        if index < len(self.where):
            return self.where[index]
        return (self.where[-1] + 1) if len(self.where) else 0

    def content(self, content: str, first: int) -> Offsets:
        """Report offsets of each character of a block's content, whose lines start at
        source line ``first``; -1 where a character is not in the source (a tab markdown-it
        turned into spaces)."""
        if "\n" not in content and first < self.count():
            return self._place(first, content)
        out: list[int] = []
        for i, piece in enumerate(content.split("\n")):
            line = first + i
            if i:
                _, end = self.bounds(line - 1)
                out.append(self.where[end] if end < len(self.text) else -1)
            if line >= self.count():
                out.extend([-1] * len(piece))
            else:
                out.extend(self._place(line, piece))
        return out

    def _place(self, line: int, piece: str) -> Offsets:
        start, end = self.bounds(line)
        source = self.text[start:end]
        if source.endswith(piece):
            at = end - len(piece)
        elif source.rstrip().endswith(piece):
            at = start + len(source.rstrip()) - len(piece)
        elif (found := source.rfind(piece)) >= 0:
            at = start + found
        else:
            return self._align(start, source, piece)
        return self.where[at : at + len(piece)]

    def _align(self, start: int, source: str, piece: str) -> list[int]:
        """Each character of the piece matched from the right with one of the source line."""
        out = [-1] * len(piece)
        j = len(source) - 1
        for i in range(len(piece) - 1, -1, -1):
            while j >= 0 and source[j] != piece[i]:
                j -= 1
            if j < 0:
                break
            out[i] = self.where[start + j]
            j -= 1
        return out


_KINDS = {
    "paragraph_open": "p",
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "list_item_open": "li",
    "blockquote_open": "quote",
    "table_open": "table",
    "thead_open": "thead",
    "tbody_open": "tbody",
    "tr_open": "tr",
    "th_open": "th",
    "td_open": "td",
}


class _Builder:
    """Block tokens → a tree of blocks, their inline tokens → runs."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.row_cursor = 0  # where the next table cell's source is looked for
        self.row_end = 0
        self.row = (-1, -1)  # the report offsets of the table row being built

    def build(self, tokens: list[Token]) -> list[Block]:
        root = Block("root", 0, 0)
        stack = [root]
        deep: set[int] = set()
        for tok in tokens:
            if tok.level >= NESTING:
                deep.add(len(root.children) - 1)
            if tok.nesting == 1:
                block = self._open(tok)
                stack[-1].children.append(block)
                stack.append(block)
            elif tok.nesting == -1:
                if len(stack) > 1:
                    stack.pop()
            else:
                self._leaf(tok, stack[-1])
        blocks = root.children
        for index in deep:
            if index >= 0:
                blocks[index] = self._plain(blocks[index])
        return blocks

    def _open(self, tok: Token) -> Block:
        kind = _KINDS.get(tok.type) or (tok.tag if tok.type == "heading_open" else "group")
        lo, hi = self.lines.span(tok.map) if tok.map else self.row
        block = Block(kind, lo, hi, tight=bool(tok.hidden))
        if kind == "ol":
            block.number = _number(str(tok.attrs.get("start", "1")))
        elif kind == "li":
            block.number = _number(tok.info)
        elif kind in ("th", "td"):
            style = str(tok.attrs.get("style", ""))
            block.align = style.removeprefix("text-align:")
        elif kind == "tr" and tok.map:
            self.row_cursor, self.row_end = self.lines.bounds(tok.map[0])
            self.row = lo, hi
        return block

    def _leaf(self, tok: Token, parent: Block) -> None:
        if tok.type == "inline":
            if parent.kind in ("th", "td"):
                parent.runs.extend(self._cell(tok.content))
            elif tok.map:
                where = self.lines.content(tok.content, tok.map[0])
                inline_runs(tok.children or [], tok.content, where, PLAIN, parent.runs)
            return
        lo, hi = self.lines.span(tok.map)
        if tok.type in ("fence", "code_block") and tok.map:
            content = tok.content.rstrip("\n")  # a last newline is no line of code
            first = tok.map[0] + (1 if tok.type == "fence" else 0)
            where = compact(self.lines.content(content, first))
            parent.children.append(Block("code", lo, hi, [Run(content, where)]))
        elif tok.type == "html_block" and tok.map:
            where = self.lines.content(tok.content, tok.map[0])
            parent.children.append(Block("html", lo, hi, html_runs(tok.content, where, PLAIN)))
        elif tok.type == "hr":
            parent.children.append(Block("hr", lo, hi))

    def _cell(self, content: str) -> list[Run]:
        """A table cell's runs, parsed again from its own source so offsets stay exact
        (markdown-it hands cells over with their escaped pipes unescaped)."""
        if not content:
            return []
        source = content.replace("|", "\\|")
        text = self.lines.text
        at = text.find(source, self.row_cursor, self.row_end)
        runs: list[Run] = []
        if at < 0:
            return [Run(content, [-1] * len(content))]
        self.row_cursor = at + len(source)
        [line] = markdown().parseInline(source, {})
        where = self.lines.where[at : at + len(source)]
        inline_runs(line.children or [], source, where, PLAIN, runs)
        return runs

    def _plain(self, block: Block) -> Block:
        """A block too deeply nested to show as structure: its source lines as they are."""
        lines = self.lines
        where = lines.where
        first = _index(where, block.lo)
        last = _index(where, block.hi) if block.hi > block.lo else len(lines.text)
        text = lines.text[first:last].rstrip("\n")
        return Block("text", block.lo, block.hi, [Run(text, where[first : first + len(text)])])


def _index(where: Offsets, offset: int) -> int:
    """The index of a report offset in ``where`` (which increases)."""
    if isinstance(where, range):
        return min(max(offset - where.start, 0), len(where))
    from bisect import bisect_left

    return bisect_left(where, offset)


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else 1
