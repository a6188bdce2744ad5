"""Inline Markdown → runs: markdown-it's inline tokens (emphasis, code spans, links,
images, escapes, entities, line breaks, raw HTML) as the characters they show, each with
its report offset.

Plain text is verbatim source, so it starts where the token before it ended; the rules
that eat markup noted where they started and ended (see ``structure.markdown``). Raw HTML
is never interpreted: its tags are dropped and the words between them shown as text (an
``<img>`` shows its alt text, as a Markdown image does).
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from explorer.core.reports.runs import Look, Offsets, Run, compact, safe_href


def inline_runs(tokens: list[Token], src: str, where: Offsets, look: Look, out: list[Run]) -> None:
    """Inline tokens → runs appended to ``out``; ``where[i]`` is the report offset of
    ``src[i]``, the inline source the tokens were parsed from."""
    cursor = 0
    looks = [look]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        now = looks[-1]
        start = int(tok.meta.get("start", cursor))
        end = int(tok.meta.get("end", start))
        kind = tok.type
        if kind == "text":
            cursor = _text(tok.content, src, where, cursor, now, out)
        elif kind == "text_special":
            cursor = _special(tok, start, where, now, out)
        elif kind in ("softbreak", "hardbreak"):
            newline = src.find("\n", start, max(end, start + 1))
            shown = " " if kind == "softbreak" else "\u2028"
            out.append(Run(shown, [where[newline] if newline >= 0 else -1], now))
            cursor = end
        elif kind == "code_inline":
            cursor = _code(tok, start, end, where, now, out)
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            cursor = _skip(tok.markup, src, cursor)
            bold, italic = kind.startswith("strong"), kind.startswith("em")
            if kind.endswith("open"):
                looks.append(
                    Look(now.strong or bold, now.em or italic, now.code, now.muted, now.href)
                )
            elif len(looks) > 1:
                looks.pop()
        elif kind == "link_open" and tok.info == "auto" and i + 1 < len(tokens):
            href = safe_href(str(tok.attrs.get("href", "")))
            close = int(tokens[i + 1].meta.get("end", start))
            _autolink(
                tokens[i].content,
                src,
                where,
                start,
                close,
                Look(now.strong, now.em, now.code, now.muted, href),
                out,
            )
            cursor, i = close, i + 2
        elif kind == "link_open":
            looks.append(
                Look(
                    now.strong,
                    now.em,
                    now.code,
                    now.muted,
                    safe_href(str(tok.attrs.get("href", ""))),
                )
            )
            cursor = start + 1
        elif kind == "link_close":
            if len(looks) > 1:
                looks.pop()
            cursor = end if "end" in tok.meta else cursor
        elif kind == "image":
            _image(tok, src, where, start, now, out)
            cursor = end
        elif kind == "html_inline":
            out.extend(html_runs(tok.content, where[start:end], now))
            cursor = end


def _text(content: str, src: str, where: Offsets, cursor: int, look: Look, out: list[Run]) -> int:
    """Plain text is verbatim source: it starts where the token before it ended. As in any
    rendered Markdown, a run of spaces shows as one (none after a space already shown)."""
    if not content:
        return cursor
    at = cursor if src.startswith(content, cursor) else src.find(content, cursor)
    if at < 0:
        out.append(Run(content, [-1] * len(content), look))
        return cursor
    end = at + len(content)
    if out and out[-1].text.endswith(" ") and content[0] in " \t":
        at += len(content) - len(content.lstrip(" \t"))
    if "  " in content or "\t" in content:
        _html_words(src, at, end, where, look, out, space=" \t")
    elif at < end:
        out.append(Run(src[at:end], compact(where[at:end]), look))
    return end


def _special(tok: Token, start: int, where: Offsets, look: Look, out: list[Run]) -> int:
    """An escape (``\\*`` shows ``*``) or an entity (``&amp;`` shows ``&``)."""
    end = start + len(tok.markup)
    shown = tok.content
    if tok.info == "entity":
        out.append(Run(shown, [where[start]] * len(shown), look, stop=where[end - 1] + 1))
    else:
        out.append(Run(shown, compact(where[end - len(shown) : end]), look))
    return end


def _code(tok: Token, start: int, end: int, where: Offsets, look: Look, out: list[Run]) -> int:
    """A code span: its content between the backticks, less one space each side when
    markdown-it stripped them."""
    inner = start + len(tok.markup)
    length = end - len(tok.markup) - inner
    if length == len(tok.content) + 2:
        inner += 1
    offsets = compact(where[inner : inner + len(tok.content)])
    out.append(Run(tok.content, offsets, Look(look.strong, look.em, True, look.muted, look.href)))
    return end


def _autolink(
    content: str, src: str, where: Offsets, start: int, end: int, look: Look, out: list[Run]
) -> None:
    """``<https://…>``: its address, shown as the link's words."""
    if src.startswith(content, start + 1):
        out.append(Run(content, compact(where[start + 1 : start + 1 + len(content)]), look))
    else:
        last = max(start, end - 2)
        out.append(
            Run(content, [where[min(start + 1 + k, last)] for k in range(len(content))], look)
        )


def _image(tok: Token, src: str, where: Offsets, start: int, look: Look, out: list[Run]) -> None:
    """An image is never loaded: its alt text is shown, muted, as "[image: alt]"."""
    muted = Look(look.strong, look.em, look.code, True, look.href)
    at = where[start] if 0 <= start < len(where) else -1
    label = start + 2
    alt: list[Run] = []
    inline_runs(
        tok.children or [],
        src[label : label + len(tok.content)],
        where[label : label + len(tok.content)],
        muted,
        alt,
    )
    words = any(run.text.strip() for run in alt)
    out.append(Run("[image: " if words else "[image", [-1] * (8 if words else 6), muted, at=at))
    out.extend(alt)
    out.append(Run("]", [-1], muted, at=at))


def _skip(markup: str, src: str, cursor: int) -> int:
    """Past an emphasis marker at the cursor."""
    if src.startswith(markup, cursor):
        return cursor + len(markup)
    found = src.find(markup, cursor)
    return found + len(markup) if found >= 0 else cursor


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
