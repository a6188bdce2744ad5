"""A section as a page for the reader: its text rendered from its Markdown, with its
marks, and for every character shown, where it is in the report.

Report text is untrusted. Every character of it is escaped; the only markup is the app's
own: headings, paragraphs, lists, tables, quotes, code in a fixed font, emphasis, marks,
and links the user may open (http, https and mailto only). Images are never loaded: their
alt text is shown instead. Raw HTML is never interpreted: its tags are dropped.

The section is rendered as one text, so a long list, table or code block that ingest cut
into several passages reads as one; each passage is anchored where it starts (its id, for
scrolling to it), its marks are drawn on its characters, the blocks of the focused
passage are shown on a background, and a passage to be dimmed (boilerplate, say) is drawn
in the muted colour with a tooltip saying why.

A paged report (a PDF) shows in the margin the printed label of each page, a small muted
"p. 16" on the right before the first block of the page (and of the section): the app's
own words, so a selection across one still maps to the report.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from explorer.core.ids import concept_node
from explorer.core.reports.models import BREADCRUMB, SEARCHED, Passage, Report, Section
from explorer.core.reports.pages import Pages, find_pages, page_label
from explorer.core.reports.runs import Look, Offsets, Run
from explorer.core.reports.structure import Block, parse_blocks

Span = tuple[int, int, str]
"""start, end (in the passage's text), then a concept id, "note:<id>", or "" (a query term)."""

Piece = tuple[str, str, Offsets, int]
"""Some HTML, the characters it shows, their report offsets and the source end of the last
(-1: one past its offset)."""

NOTE_MARKER = "\u270e"

_NOTHING: Offsets = ()


@dataclass(frozen=True)
class Page:
    """A section ready to show: its HTML; the characters it shows, in order (the app's own
    words too); each one's report offset (-1 for the app's own); and, for the few that
    stand for more than one source character, where their source ends."""

    html: str
    text: str
    offsets: list[int]
    ends: dict[int, int]
    complete: bool = True
    """False for a first look at a long section: only the passages around the focus."""


def render_section(
    report: Report,
    section: Section,
    spans: Mapping[str, Sequence[Span]],
    focus: str | None,
    colours: Mapping[str, str],
    preview: int | None = None,
    dimmed: Mapping[str, str] | None = None,
) -> Page:
    """The section as a page: its title, report and id, then its text rendered from its
    Markdown, each passage anchored by its id and its spans marked; the ``focus`` passage's
    blocks are shown on a background; the passages ``dimmed`` names (passage id → why) are
    drawn in the muted colour, the why their tooltip.

    With ``preview``, a section with more than twice that many characters is rendered only
    from the focused passage (or the first) on, for about that many characters: a page to
    show at once while the whole one is made."""
    page = _Page()
    muted = colours["muted"]
    page.add(("<h2>", "", _NOTHING, -1))
    page.add((html.escape(section.title), section.title, [-1] * len(section.title), -1))
    page.add((f'</h2><p style="color:{muted}">', "", _NOTHING, -1))
    above = [s.title for s in report.trail(section.id)[:-1]]  # where it is in the outline
    about = f"{BREADCRUMB.join([report.title, *above])} · {section.id}"
    page.add((html.escape(about), about, [-1] * len(about), -1))
    page.add(("</p>", "", _NOTHING, -1))
    passages = section.passages
    if preview is not None:
        passages = _window(report.text, passages, focus, preview)
        page.complete = len(passages) == len(section.passages)
    if passages:
        lo = _line_start(report.text, passages[0].start)
        blocks = parse_blocks(report.text[lo : passages[-1].end], lo)
        marks = _Marks.of([(p.start, len(p.text), spans.get(p.id, ())) for p in passages])
        why = dimmed or {}
        quiet = _Marks([(p.start, p.end, why[p.id]) for p in passages if p.id in why])
        focused = next(((p.start, p.end) for p in passages if p.id == focus), None)
        anchors = [(p.start, p.id) for p in passages]
        writer = _Writer(colours, (marks, quiet), anchors, focused, find_pages(report.text))
        for piece in writer.section(blocks):
            page.add(piece)
    return page.done()


def shown_words(report: Report, passage: Passage) -> str:
    """A passage's words as the reader shows them, on one line: its Markdown rendered (no
    emphasis markers, backticks, link targets or fences), raw HTML as its words, images
    as "[image: alt — title]", list items after "•" (or their number), a table's cells
    apart by " · " and its rows by "; ", line breaks and runs of white space as one space.
    The block it is part of is read whole, so that a passage cut from a long code block
    reads as code and one cut through a link shows its words. For quoting a passage where
    only plain text fits: evidence, tooltips, captions."""
    section = report.section(passage.section_id)
    passages = section.passages if section is not None else ()
    index = next((i for i, p in enumerate(passages) if p.id == passage.id), None)
    if index is None:
        passages, index = (passage,), 0
    return _Blocks(report.text, passages).words(index)


def section_words(report: Report, section: Section, own: bool = True) -> list[str]:
    """``shown_words`` of each of the section's passages, in order, each block read once;
    without the app's ``own`` words ("[image: …]" shows its words alone) when False: what
    the search index holds of each passage, and so what a hit shows of it."""
    blocks = _Blocks(report.text, section.passages)
    return [blocks.words(index, own) for index in range(len(section.passages))]


class _Blocks:
    """The blocks of a section's passages, read a block at a time, for their words."""

    def __init__(self, text: str, passages: Sequence[Passage]) -> None:
        self.text, self.passages = text, passages
        self.read: tuple[int, int, list[Block]] = (-1, -1, [])

    def words(self, index: int, own: bool = True) -> str:
        """Passage ``index``'s words, read with the whole block it is part of (a passage of
        plain words, most of prose, is its words as they stand: nothing to parse)."""
        if is_plain(self.passages[index].text):
            return " ".join(self.passages[index].text.split())
        first, last, blocks = self.read
        if not first <= index <= last:
            text, passages = self.text, self.passages
            first, last = _block(text, passages, index, -1), _block(text, passages, index, 1)
            lo = _line_start(text, passages[first].start)
            blocks = parse_blocks(text[lo : passages[last].end], lo)
            self.read = (first, last, blocks)
        passage = self.passages[index]
        return " ".join(_words(blocks, "", range(passage.start, passage.end), own).split())


_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&|]|!(?=\[)|^[ \t]*(?:[-+=#~]|\d{1,9}[.)])", re.M)
"""A character that Markdown may read as markup, or a line that may open a list item: what
a passage's words differ from its text by (anything else, markdown-it passes as written)."""


def is_plain(text: str) -> bool:
    """Whether ``text`` has no character or line start that Markdown reads as markup, so
    that its words are its text with white space made single spaces."""
    return _NOT_PLAIN.search(text) is None


def _words(blocks: list[Block], within: str, kept: range, own: bool = True) -> str:
    """The words of these blocks whose source is in ``kept`` (the app's own words go with
    the source they stand beside; none of them unless ``own``)."""
    parts = []
    for block in blocks:
        if block.hi <= kept.start or block.lo >= kept.stop:
            continue
        mine = "".join(_kept(run, kept, own) for run in block.runs)
        below = _words(block.children, block.kind, kept, own)
        text = " ".join(p for p in (mine, below) if p.strip())
        if block.kind == "li" and text:
            text = f"{block.number}. {text}" if within == "ol" else f"• {text}"
        parts.append(text)
    between = {"tr": " · ", "thead": "; ", "tbody": "; ", "table": "; "}.get(within, " ")
    return between.join(p for p in parts if p)


def _kept(run: Run, kept: range, own: bool) -> str:
    """The run's characters whose source is in ``kept``; the app's own words as spaces
    unless ``own`` ("alt — title": "alt title")."""
    text, offsets = run.text if own or not run.own else " " * len(run.text), run.offsets
    if isinstance(offsets, range):  # a stretch of source: a slice of it (most runs)
        start = max(kept.start, offsets.start) - offsets.start
        return text[start : max(start, min(kept.stop, offsets.stop) - offsets.start)]
    return "".join(
        char for char, at in zip(text, offsets, strict=False) if (at if at >= 0 else run.at) in kept
    )


def _window(
    text: str, passages: tuple[Passage, ...], focus: str | None, size: int
) -> tuple[Passage, ...]:
    """The passages of a first look: from the focused one (or the first), moved back to the
    start of the block it continues, on for about ``size`` characters; all of them when
    they are not more than twice that."""
    if sum(len(p.text) for p in passages) <= 2 * size:
        return passages
    focused = next((i for i, p in enumerate(passages) if p.id == focus), 0)
    first = _block(text, passages, focused, -1)
    last, shown = focused, 0
    while last < len(passages) and shown < size:
        shown += len(passages[last].text)
        last += 1
    return passages[first:last]


def _block(text: str, passages: Sequence[Passage], index: int, step: int) -> int:
    """The index of the first (``step`` -1) or last (1) passage of the block that passage
    ``index`` is part of: a passage that follows another without a blank line continues
    its block (ingest cuts a long list, table or code block into several)."""
    for _ in range(100):
        neighbour = index + step
        if not 0 <= neighbour < len(passages):
            break
        before, after = sorted((index, neighbour))
        if text[passages[before].end : passages[after].start].replace("\r", "").count("\n") >= 2:
            break
        index = neighbour
    return index


def _first_offset(block: Block) -> int | None:
    """The report offset of the block's first shown character of the report's."""
    for run in block.runs:
        first = next((at for at in run.offsets if at >= 0), None)
        if first is not None:
            return first
    for child in block.children:
        first = _first_offset(child)
        if first is not None:
            return first
    return None


def _line_start(text: str, offset: int) -> int:
    """The start of the offset's line, when only white space lies between them."""
    start = text.rfind("\n", 0, offset) + 1
    return start if not text[start:offset].strip() else offset


class _Page:
    def __init__(self) -> None:
        self.html: list[str] = ['<html><body style="white-space:pre-wrap">']
        self.text: list[str] = []
        self.offsets: list[int] = []
        self.ends: dict[int, int] = {}
        self.complete = True
        self.span: str | None = None
        """The opening of the last piece, when it is a span of words: a piece of words in
        the same look after it joins it (a Qt document reads fewer elements)."""

    def add(self, piece: Piece) -> None:
        markup, text, offsets, stop = piece
        if markup.startswith("<span ") and markup.endswith("</span>") and markup.count("<") == 2:
            opening = markup[: markup.index(">") + 1]
            if opening == self.span:  # the span before goes on: one element, not two
                self.html[-1] = self.html[-1][: -len("</span>")]
                markup = markup[len(opening) :]
            self.span = opening
        else:
            self.span = None
        self.html.append(markup)
        if text:
            self.text.append(text)
            self.offsets.extend(offsets)
            if stop >= 0:
                self.ends[len(self.offsets) - 1] = stop

    def done(self) -> Page:
        self.html.append("</body></html>")
        text = "".join(self.text)
        return Page("".join(self.html), text, self.offsets, self.ends, self.complete)


class _Marks:
    """Spans in report offsets, in order, none overlapping another."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [s[0] for s in spans]

    @classmethod
    def of(cls, passages: list[tuple[int, int, Sequence[Span]]]) -> _Marks:
        """The passages' (start, length, spans in its text) spans. Within a passage, where
        spans overlap, the first wins: earlier, then longer, then a note before a concept."""
        kept: list[Span] = []
        for base, length, spans in passages:
            cursor = 0
            order = sorted(
                spans, key=lambda s: (s[0], -(s[1] - s[0]), not s[2].startswith("note:"))
            )
            for start, end, what in order:
                if start < cursor or end > length or start >= end:
                    continue
                kept.append((base + start, base + end, what))
                cursor = end
        return cls(kept)

    def at(self, offset: int) -> Span | None:
        k = bisect_right(self.starts, offset) - 1
        if offset >= 0 and k >= 0 and offset < self.spans[k][1]:
            return self.spans[k]
        return None

    def split(
        self, text: str, offsets: Offsets, at: int = -1
    ) -> Iterator[tuple[str, Offsets, Span | None]]:
        """The characters in stretches of one mark (or none); the app's own characters
        (offset -1) are taken to be at ``at``."""
        if not self.spans:
            yield text, offsets, None
        elif isinstance(offsets, range):
            yield from self._split_range(text, offsets)
        else:
            marks = [self.at(o if o >= 0 else at) for o in offsets]
            first = 0
            for k in range(1, len(text) + 1):
                if k == len(text) or marks[k] != marks[first]:
                    yield text[first:k], offsets[first:k], marks[first]
                    first = k

    def _split_range(self, text: str, offsets: range) -> Iterator[tuple[str, Offsets, Span | None]]:
        pos, stop, base = offsets.start, offsets.stop, offsets.start
        while pos < stop:
            mark = self.at(pos)
            if mark is not None:
                end = min(stop, mark[1])
            else:
                k = bisect_right(self.starts, pos)
                end = min(stop, self.starts[k]) if k < len(self.starts) else stop
            yield text[pos - base : end - base], range(pos, end), mark
            pos = end


class _Writer:
    """The section's blocks as pieces of a page, passages anchored where they start; the
    marks are drawn on the characters, and so are the dimmed passages (their spans: start,
    end, why)."""

    def __init__(
        self,
        colours: Mapping[str, str],
        marks: tuple[_Marks, _Marks],
        anchors: list[tuple[int, str]],
        focused: tuple[int, int] | None,
        pages: Pages | None = None,
    ) -> None:
        self.colours = colours
        self.pages = pages
        self.page: str | None = None  # the label of the page the last block shown is on
        self.marks, self.dimmed = marks
        self.anchors = anchors[::-1]  # the next passage to anchor is last
        self.focused = focused
        self.pieces: list[Piece] = []
        self.shown = 0
        self.notes: dict[Span, int] = {}  # a note's mark → the piece its marker follows
        self.openings: dict[tuple[Look, str | bool | None, str, bool], str] = {}

    def section(self, blocks: list[Block]) -> list[Piece]:
        for block in blocks:
            self.margin(block)
            self.block(block)
        if self.anchors:  # passages with nothing shown: still places to scroll to
            names = "".join(self._anchor(offset) for offset, _ in self.anchors[::-1])
            self.pieces.append((f"<p>{names}</p>", "", _NOTHING, -1))
        for note, index in sorted(self.notes.items(), key=lambda item: -item[1]):
            href = html.escape(note[2], quote=True)
            marker = f'<a href="{href}" style="text-decoration:none">&#x270E;</a>'
            self.pieces.insert(index, (marker, NOTE_MARKER, [-1], -1))
        return self.pieces

    def margin(self, block: Block) -> None:
        """Before the first block of a page, the page's label, on the right, small and
        muted; the passages that start before the block are anchored on it, so that one
        scrolled to shows its page."""
        first = _first_offset(block) if self.pages else None
        if first is None or self.pages is None:
            return
        label = self.pages.label_at(first)
        if label is None or label == self.page:
            return
        self.page = label
        words = page_label(label)
        style = f"color:{self.colours['muted']};font-size:small"
        opening = f'<p align="right" style="{style}">{self._anchor(first)}'
        self.pieces.append((opening, "", _NOTHING, -1))
        self.pieces.append((html.escape(words), words, [-1] * len(words), -1))
        self.pieces.append(("</p>", "", _NOTHING, -1))

    def _anchor(self, upto: int) -> str:
        """The anchors of the passages that start before ``upto``."""
        names = []
        while self.anchors and self.anchors[-1][0] <= upto:
            names.append(f'<a name="{html.escape(self.anchors.pop()[1], quote=True)}"></a>')
        return "".join(names)

    def _shade(self, block: Block) -> str:
        """The focused passage's background, for a block of it."""
        focused = self.focused
        if focused is None or not block.overlaps(*focused):
            return ""
        return self.colours["focus"]

    def block(self, block: Block) -> None:
        kind = block.kind
        shade = self._shade(block)
        style = f' style="background:{shade}"' if shade else ""
        if kind == "p" and block.tight:
            self.leaf("", "", block.runs)
        elif kind in ("p", "text", "html"):
            self.leaf(f"<p{style}>", "</p>", block.runs)
        elif kind.startswith("h") and kind[1:].isdigit():
            tag = "h3" if int(kind[1:]) <= 2 else "h4"
            self.leaf(f"<{tag}{style}>", f"</{tag}>", block.runs)
        elif kind == "code":
            background = shade or self.colours["code"]
            self.leaf(
                f'<pre style="white-space:pre-wrap;background:{background}">', "</pre>", block.runs
            )
        elif kind == "hr":
            self.pieces.append(("<hr>", "", _NOTHING, -1))
        elif kind == "table":
            self.table(block)
        else:
            self.container(block)

    def container(self, block: Block) -> None:
        kind = block.kind
        if kind == "ol":
            opening = f'<ol start="{block.number}">' if block.number != 1 else "<ol>"
        elif kind == "quote":
            opening = f'<blockquote style="color:{self.colours["muted"]}">'
        elif kind == "li":
            tight = [b for b in block.children[:1] if b.kind == "p" and b.tight]
            shade = self._shade(tight[0]) if tight else ""
            styles = [f"background:{shade}"] if shade else []
            first = _first_offset(block)
            if first is not None and self.dimmed.at(first) is not None:
                styles.append(f"color:{self.colours['muted']}")  # its bullet, as its words
            opening = f'<li style="{";".join(styles)}">' if styles else "<li>"
        else:
            opening = "<ul>" if kind == "ul" else "<div>"
        closing = {"ol": "</ol>", "ul": "</ul>", "li": "</li>", "quote": "</blockquote>"}
        mark, shown = len(self.pieces), self.shown
        self.pieces.append((opening, "", _NOTHING, -1))
        for child in block.children:
            self.block(child)
        if self.shown == shown:
            del self.pieces[mark:]
        else:
            self.pieces.append((closing.get(kind, "</div>"), "", _NOTHING, -1))

    def table(self, block: Block) -> None:
        rule = self.colours["rule"]
        self.pieces.append(
            (
                '<table border="1" cellspacing="0" cellpadding="4" '
                f'style="border-collapse:collapse;border-color:{rule}">',
                "",
                _NOTHING,
                -1,
            )
        )
        for part in block.children:
            tag = "th" if part.kind == "thead" else "td"
            for row in part.children:
                shade = self._shade(row)
                self.pieces.append((f'<tr bgcolor="{shade}">' if shade else "<tr>", "", (), -1))
                for cell in row.children:
                    align = cell.align if cell.align in ("left", "center", "right") else ""
                    opening = f'<{tag} align="{align}">' if align else f"<{tag}>"
                    self.pieces.append((opening, "", _NOTHING, -1))
                    self.runs(cell.runs)
                    self.pieces.append((f"</{tag}>", "", _NOTHING, -1))
                self.pieces.append(("</tr>", "", _NOTHING, -1))
        self.pieces.append(("</table>", "", _NOTHING, -1))

    def leaf(self, opening: str, closing: str, runs: list[Run]) -> None:
        mark = len(self.pieces)
        if opening:
            self.pieces.append((opening, "", _NOTHING, -1))
        if self.runs(runs):
            if closing:
                self.pieces.append((closing, "", _NOTHING, -1))
        else:
            del self.pieces[mark:]

    def runs(self, runs: list[Run]) -> int:
        """Append the runs' characters, marked, each passage anchored where it starts;
        how many characters."""
        before = self.shown
        for run in runs:
            text, offsets = run.text, run.offsets
            if not text:
                continue
            if self.anchors:
                last = max(offsets[-1], run.at)
                if last >= self.anchors[-1][0]:
                    self.pieces.append((self._anchor(last), "", _NOTHING, -1))
            done = 0
            for some, some_where, quiet in self.dimmed.split(text, offsets, run.at):
                why = quiet[2] if quiet is not None else ""
                for words, where, mark in self.marks.split(some, some_where):
                    done += len(words)
                    stop = run.stop if done == len(text) else -1
                    shown = self.words(words, run.look, mark, why)
                    self.pieces.append((shown, words, where, stop))
                    self.shown += len(words)
                    if mark is not None and mark[2].startswith("note:"):
                        self.notes[mark] = len(self.pieces)
        return self.shown - before

    def words(self, text: str, look: Look, mark: Span | None, why: str = "") -> str:
        """Some characters as HTML: escaped, in their look, marked, dimmed when there is
        a ``why``."""
        body = html.escape(text, quote=False)
        what = mark[2] if mark is not None else None
        searched = what is not None and what.startswith(SEARCHED)
        if searched:
            what = str(what)[len(SEARCHED) :]
        kind = None if what is None else "note" if what.startswith("note:") else bool(what)
        opening = self.openings.get((look, kind, why, searched))
        if opening is None:
            opening = self._opening(look, kind, why, searched)
            self.openings[(look, kind, why, searched)] = opening
        if not opening:
            return body
        if kind == "note":
            href = html.escape(str(what), quote=True)
            return f'<a href="{href}" {opening}{body}</a>'
        if kind is True:
            return (
                f'<a href="{html.escape(concept_node(str(what)), quote=True)}" {opening}{body}</a>'
            )
        if look.href:
            return f"{opening}{body}</a>"
        return f"{opening}{body}</span>"

    def _opening(
        self, look: Look, kind: str | bool | None, why: str, searched: bool = False
    ) -> str:
        """The start of the element for a look, a kind of mark (note, concept: True, query
        term: False, none: None), why it is dimmed ("": it is not) and whether a concept's
        name holds a word searched for (then it is marked as a query term is); the link of
        a note or concept is put before it. Dimmed characters are muted, links too, and
        show why as their tooltip (a link's address after it)."""
        colours = self.colours
        muted = colours["muted"]
        styles: list[str] = []
        if look.strong:
            styles.append("font-weight:600")
        if look.em:
            styles.append("font-style:italic")
        if look.code:
            styles.append(f"font-family:monospace;background:{colours['code']}")
        if kind == "note":
            colour = muted if why else "inherit"
            styles.append(f"background:{colours['note']};color:{colour};text-decoration:none")
        elif kind is True and searched:
            text = colours.get("mark_text", colours["link"])
            styles.append(f"background:{colours['mark']};color:{text};text-decoration:none")
        elif kind is True:
            styles.append(f"color:{colours['link']};text-decoration:none")
        else:
            # A searched word's mark has its own text colour when the theme gives one,
            # whatever the words' own: readable on it, in a link or a dimmed passage too.
            mark_text = colours.get("mark_text") if kind is False else None
            if kind is False:
                styles.append(
                    f"background:{colours['mark']}" + (f";color:{mark_text}" if mark_text else "")
                )
            if look.href:
                colour = "" if mark_text else f"color:{muted if why else colours['link']};"
                styles.append(f"{colour}text-decoration:underline")
            elif (look.muted or why) and not mark_text:
                styles.append(f"color:{muted}")
        style = ";".join(styles)
        title = f' title="{html.escape(why, quote=True)}"' if why else ""
        if kind == "note" or kind is True:
            return f'style="{style}"{title}>'
        if look.href:
            href = html.escape(look.href, quote=True)
            said = html.escape(f"{why}\n{look.href}", quote=True).replace("\n", "&#10;")
            return f'<a href="{href}" title="{said if why else href}" style="{style}">'
        return f'<span style="{style}"{title}>' if style else ""
