"""Inline Markdown → runs: markdown-it's inline tokens (emphasis, code spans, links,
images, escapes, entities, line breaks, raw HTML) as the characters they show, each with
its report offset.

Plain text is verbatim source, so it starts where the token before it ended; the rules
that eat markup noted where they started and ended (see ``parser.markdown``). Raw HTML
is never interpreted: its tags are dropped and the words between them shown as text (an
``<img>`` shows its alt text, as a Markdown image does).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown_it.token import Token

from explorer.core.reports.parser import markdown
from explorer.core.reports.runs import Look, Offsets, Run, compact, safe_href


def inline_runs(tokens: list[Token], src: str, where: Offsets, look: Look, out: list[Run]) -> None:
    """Inline tokens → runs appended to ``out``; ``where[i]`` is the report offset of
    ``src[i]``, the inline source the tokens were parsed from."""
    _Walk(src, where, look, out).tokens(tokens)


class _Walk:
    """One walk over inline tokens: a cursor in their source, the looks opened so far."""

    def __init__(self, src: str, where: Offsets, look: Look, out: list[Run]) -> None:
        self.src, self.where, self.out = src, where, out
        self.cursor = 0
        self.looks = [look]

    def tokens(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if tok.type == "link_open" and tok.info == "auto" and i + 1 < len(tokens):
                self.autolink(tok, tokens[i], tokens[i + 1])
                i += 2
            elif (handle := _HANDLERS.get(tok.type)) is not None:
                handle(self, tok)

    def _span(self, tok: Token) -> tuple[int, int]:
        """Where a markup-eating rule noted that the token's source starts and ends."""
        start = int(tok.meta.get("start", self.cursor))
        return start, int(tok.meta.get("end", start))

    def text(self, tok: Token) -> None:
        """Plain text is verbatim source: it starts where the token before it ended. As in
        any rendered Markdown, a run of spaces shows as one (none after a shown space)."""
        content, src, where, out = tok.content, self.src, self.where, self.out
        if not content:
            return
        cursor = self.cursor
        at = cursor if src.startswith(content, cursor) else src.find(content, cursor)
        if at < 0:
            out.append(Run(content, [-1] * len(content), self.looks[-1]))
            return
        end = at + len(content)
        if out and out[-1].text.endswith(" ") and content[0] in " \t":
            at += len(content) - len(content.lstrip(" \t"))
        if "  " in content or "\t" in content:
            _html_words(src, at, end, where, self.looks[-1], out, space=" \t")
        elif at < end:
            out.append(Run(src[at:end], compact(where[at:end]), self.looks[-1]))
        self.cursor = end

    def special(self, tok: Token) -> None:
        """An escape (``\\*`` shows ``*``) or an entity (``&amp;`` shows ``&``)."""
        start, _ = self._span(tok)
        end = start + len(tok.markup)
        shown, where = tok.content, self.where
        if tok.info == "entity":
            stop = where[end - 1] + 1
            self.out.append(Run(shown, [where[start]] * len(shown), self.looks[-1], stop=stop))
        else:
            self.out.append(Run(shown, compact(where[end - len(shown) : end]), self.looks[-1]))
        self.cursor = end

    def line_break(self, tok: Token) -> None:
        """A soft break shows as a space, a hard one as a line break; both stand for the
        source's newline."""
        start, end = self._span(tok)
        newline = self.src.find("\n", start, max(end, start + 1))
        shown = " " if tok.type == "softbreak" else "\u2028"
        self.out.append(Run(shown, [self.where[newline] if newline >= 0 else -1], self.looks[-1]))
        self.cursor = end

    def code(self, tok: Token) -> None:
        """A code span: its content between the backticks, less one space each side when
        markdown-it stripped them."""
        start, end = self._span(tok)
        inner = start + len(tok.markup)
        if end - len(tok.markup) - inner == len(tok.content) + 2:
            inner += 1
        now = self.looks[-1]
        look = Look(now.strong, now.em, True, now.muted, now.href)
        self.out.append(
            Run(tok.content, compact(self.where[inner : inner + len(tok.content)]), look)
        )
        self.cursor = end

    def emphasis(self, tok: Token) -> None:
        """Past the marker; a strong or slanted look opens or closes."""
        src, markup, cursor = self.src, tok.markup, self.cursor
        found = cursor if src.startswith(markup, cursor) else src.find(markup, cursor)
        self.cursor = found + len(markup) if found >= 0 else cursor
        if tok.nesting > 0:
            now, strong = self.looks[-1], tok.type == "strong_open"
            self.looks.append(
                Look(now.strong or strong, now.em or not strong, now.code, now.muted, now.href)
            )
        elif len(self.looks) > 1:
            self.looks.pop()

    def link_open(self, tok: Token) -> None:
        now = self.looks[-1]
        href = safe_href(str(tok.attrs.get("href", "")))
        self.looks.append(Look(now.strong, now.em, now.code, now.muted, href))
        self.cursor = self._span(tok)[0] + 1

    def link_close(self, tok: Token) -> None:
        if len(self.looks) > 1:
            self.looks.pop()
        self.cursor = self._span(tok)[1] if "end" in tok.meta else self.cursor

    def autolink(self, opening: Token, text: Token, closing: Token) -> None:
        """``<https://…>``: its address, shown as the link's words."""
        start, _ = self._span(opening)
        end = int(closing.meta.get("end", start))
        now = self.looks[-1]
        look = Look(
            now.strong, now.em, now.code, now.muted, safe_href(str(opening.attrs.get("href", "")))
        )
        content, where = text.content, self.where
        if self.src.startswith(content, start + 1):
            offsets = compact(where[start + 1 : start + 1 + len(content)])
        else:
            last = max(start, end - 2)
            offsets = [where[min(start + 1 + k, last)] for k in range(len(content))]
        self.out.append(Run(content, offsets, look))
        self.cursor = end

    def image(self, tok: Token) -> None:
        """An image is never loaded: its alt text is shown, muted, as "[image: alt]", and
        its title, the caption many blogs write there, after it: "[image: alt — title]"."""
        start, end = self._span(tok)
        now, where = self.looks[-1], self.where
        muted = Look(now.strong, now.em, now.code, True, now.href)
        at = where[start] if 0 <= start < len(where) else -1
        label = slice(start + 2, start + 2 + len(tok.content))
        alt: list[Run] = []
        inline_runs(tok.children or [], self.src[label], where[label], muted, alt)
        words = any(run.text.strip() for run in alt)
        title = self._title(
            " ".join(str(tok.attrs.get("title") or "").split()), label.stop, end, muted
        )
        if title and words:
            alt.append(Run(" — ", [-1] * 3, muted, at=at, own=True))
        alt += title
        opening = "[image: " if words or title else "[image"
        self.out.append(Run(opening, [-1] * len(opening), muted, at=at, own=True))
        self.out.extend(alt)
        self.out.append(Run("]", [-1], muted, at=at, own=True))
        self.cursor = end

    def _title(self, title: str, after: int, end: int, look: Look) -> list[Run]:
        """An image's title as runs, its Markdown rendered as the alt text's is, where it is
        written as it reads; else as the app's own words."""
        if not title:
            return []
        found = self.src.find(title, after, end)
        if found < 0:
            at = self.where[after - 1] if 0 < after <= len(self.where) else -1
            return [Run(title, [-1] * len(title), look, at=at)]
        runs: list[Run] = []
        tokens = markdown().parseInline(title, {})
        where = self.where[found : found + len(title)]
        inline_runs(tokens[0].children or [] if tokens else [], title, where, look, runs)
        return runs

    def html(self, tok: Token) -> None:
        start, end = self._span(tok)
        self.out.extend(html_runs(tok.content, self.where[start:end], self.looks[-1]))
        self.cursor = end


_HANDLERS: dict[str, Callable[[_Walk, Token], None]] = {
    "text": _Walk.text,
    "text_special": _Walk.special,
    "softbreak": _Walk.line_break,
    "hardbreak": _Walk.line_break,
    "code_inline": _Walk.code,
    "strong_open": _Walk.emphasis,
    "strong_close": _Walk.emphasis,
    "em_open": _Walk.emphasis,
    "em_close": _Walk.emphasis,
    "link_open": _Walk.link_open,
    "link_close": _Walk.link_close,
    "image": _Walk.image,
    "html_inline": _Walk.html,
}


_TAG = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[?!][^>]*>"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL | re.IGNORECASE,
)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACE = re.compile(r"\s+")


def html_runs(source: str, where: Offsets, look: Look) -> list[Run]:
    """Raw HTML as text: tags, comments, scripts and styles dropped, white space runs shown
    as one space, entities decoded, an ``<img>`` shown as "[image: alt]"."""
    out: list[Run] = []
    cursor = 0
    for tag in _TAG.finditer(source):
        _html_words(source, cursor, tag.start(), where, look, out)
        if tag.group(0)[:4].lower() == "<img":
            alt = _ALT.search(tag.group(0))
            at = where[tag.start()]
            muted = Look(look.strong, look.em, look.code, True, look.href)
            if alt and alt.group(alt.lastindex or 1).strip():
                index = alt.lastindex or 1
                a, b = tag.start() + alt.start(index), tag.start() + alt.end(index)
                out.append(Run("[image: ", [-1] * 8, muted, at=at))
                _html_words(source, a, b, where, muted, out)
                out.append(Run("]", [-1], muted, at=at))
            else:
                out.append(Run("[image]", [-1] * 7, muted, at=at))
        cursor = tag.end()
    _html_words(source, cursor, len(source), where, look, out)
    while out and not out[-1].text.strip():
        out.pop()
    return out


def _html_words(
    source: str,
    start: int,
    end: int,
    where: Offsets,
    look: Look,
    out: list[Run],
    space: str = "",
) -> None:
    """The words of source[start:end], white space runs as one space (none at the start);
    with ``space``, only runs of those characters, and entities left as they are."""
    cursor = start
    gaps = re.compile(f"[{space}]+") if space else _SPACE
    marks = [(m.start(), m.end(), " ") for m in gaps.finditer(source, start, end)]
    if not space:
        marks += [(m.start(), m.end(), "") for m in _ENTITY.finditer(source, start, end)]
        marks.sort()
    for a, b, kind in marks:
        if a < cursor:
            continue
        if a > cursor:
            out.append(Run(source[cursor:a], compact(where[cursor:a]), look))
        if kind == " ":
            if out and not out[-1].text.endswith(" "):
                out.append(Run(" ", [where[a]], look))
        else:
            shown = html.unescape(source[a:b])
            out.append(Run(shown, [where[a]] * len(shown), look, stop=where[b - 1] + 1))
        cursor = b
    if end > cursor:
        out.append(Run(source[cursor:end], compact(where[cursor:end]), look))
