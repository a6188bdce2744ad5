"""Exporting notes: Markdown for Obsidian and friends, HTML, W3C Web Annotation JSON, files.

This module is the one place to import exports from; the HTML page lives in ``note_html``,
the Web Annotation JSON in ``web_annotation``, and what they share in ``note_grouping``.

Markdown: report titles and quoted words are untrusted plain text, so every character that
Markdown (or Obsidian: ``$ % = ^ [[…]]``) gives a meaning is backslash-escaped. Note bodies
are the user's own Markdown and are kept as written, with one change: a ``<`` outside code
gets a backslash (``\\<``), which CommonMark renders as a plain ``<`` and never as the start
of an HTML tag, comment or autolink. The result is parsed again; if any raw HTML survived
(an unusual nesting of code spans and blocks), every ``<`` in the body is escaped instead.
An unclosed code fence in a body is closed, so it cannot swallow the notes after it.
Markdown links and images in a body stay as the user wrote them (the HTML export is the
one that limits link schemes and never loads an image).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from explorer.core.errors import ExplorerError
from explorer.core.exports import formats_of
from explorer.core.notes.grouping import IdTitles, Titles, group_notes, note_page, open_link
from explorer.core.notes.html import export_html
from explorer.core.notes.models import Note, PassageTarget
from explorer.core.notes.web_annotation import from_web_annotation, to_json, to_web_annotation
from explorer.core.reports import page_label

__all__ = [
    "FORMATS",
    "IdTitles",
    "Titles",
    "export_html",
    "export_markdown",
    "export_path",
    "export_text",
    "from_web_annotation",
    "safe_filename",
    "to_json",
    "to_web_annotation",
]

FORMATS = {f.name: f.suffix for f in formats_of("notes")}
MAX_NAME_CHARS = 80
MAX_NAME_BYTES = 180  # well under the 255-byte limit of common file systems, with a suffix


# ---- Markdown --------------------------------------------------------------------------------


def export_markdown(
    notes: Sequence[Note], titles: Titles, title: str = "Notes", *, now: dt.datetime | None = None
) -> str:
    """Markdown with YAML front matter (title, exported, count, tags), grouped as in the app."""
    exported = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    tags = dict.fromkeys(t for n in notes for tag in n.tags if (t := markdown_tag(tag)))
    lines = [
        "---",
        f"title: {yaml_string(title)}",
        f"exported: {yaml_string(exported)}",
        f"count: {len(notes)}",
        f"tags: [{', '.join(yaml_string(t) for t in tags)}]",
        "---",
        "",
        f"# {markdown_text(title)}",
        "",
    ]
    for group in group_notes(notes, titles):
        lines += [f"## {markdown_text(group.heading)}", ""]
        for part in group.parts:
            lines += [f"### {markdown_text(part.heading)}", ""]
            for number, note in enumerate(part.notes):
                lines += ["---", ""] if number else []
                lines += _markdown_note(note, note_page(note, titles))
    return "\n".join(lines)


def _markdown_note(note: Note, page: str | None = None) -> list[str]:
    lines: list[str] = []
    target = note.target
    if isinstance(target, PassageTarget):
        quoted = [
            markdown_text(line.strip(), line_start=True)
            for line in _lines(target.quote.exact.strip())
        ]
        lines += _blockquote(quoted)
        if target.orphaned:
            lines += ["*These words were not found in the report’s current text.*", ""]
    if note.body.strip():
        lines += [defang_body(note.body), ""]
    meta = [f"#{t}" if (t := markdown_tag(tag)) else markdown_text(tag) for tag in note.tags]
    if page is not None:
        meta.append(markdown_text(page_label(page)))
    meta.append(f"[Open in Trend Explorer]({open_link(note)})")
    meta.append(f"{'Highlight' if note.is_highlight else 'Note'}, {note.created.date()}")
    return [*lines, " · ".join(meta), ""]


def _blockquote(lines: list[str]) -> list[str]:
    """Quoted lines that keep their line breaks (a trailing backslash is a hard break)."""
    out = []
    for number, line in enumerate(lines):
        if not line:
            out.append(">")  # a paragraph break inside the quote
        elif number + 1 < len(lines) and lines[number + 1]:
            out.append(f"> {line}\\")
        else:
            out.append(f"> {line}")
    return [*out, ""]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$%=^])")


def markdown_text(text: str, line_start: bool = False) -> str:
    """Plain text as Markdown that shows exactly that text.

    As a heading (the default) newlines become spaces; with ``line_start`` the text is one
    line of a block, whose "- ", "+ ", "1." or "1)" would otherwise start a list."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text if line_start else " ".join(text.split()))
    if line_start:
        escaped = re.sub(r"^([-+:])", r"\\\1", escaped)
        escaped = re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)
    return escaped


def markdown_tag(tag: str) -> str:
    """An Obsidian-friendly tag: letters (accents dropped), digits, _ / -; "" if none remain.

    A tag of digits only is not a tag in Obsidian, so it gets a ``tag/`` parent."""
    folded = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_/-]+", "-", folded)
    cleaned = re.sub(r"/{2,}", "/", cleaned).strip("-/")
    if cleaned and not re.search(r"[A-Za-z_]", cleaned):
        return f"tag/{cleaned}"
    return cleaned


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that is also a JSON string: safe for any text.

    ``< > &`` are written as escapes too, so that a renderer that does not know front
    matter (and shows it as text) finds no HTML in it either."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in "<>&":
            out.append(f"\\u{code:04x}")
        elif char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _yaml_printable(code):
            out.append(char)
        else:
            out.append(f"\\u{code:04x}")  # every non-printable is in the BMP
    out.append('"')
    return "".join(out)


def _yaml_printable(code: int) -> bool:
    """YAML's printable set, less the characters YAML 1.1 reads as line breaks."""
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


# ---- note bodies: the user's Markdown, without raw HTML ----------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_UNESCAPED_LT = re.compile(r"(?<!\\)((?:\\\\)*)<")
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")


def defang_body(body: str) -> str:
    """The body as written, but with no way to produce raw HTML (see the module docstring)."""
    lines, fence = _escape_outside_code(_lines(body))
    if fence:
        lines.append(fence)
    text = "\n".join(lines)
    if has_raw_html(text):
        lines = [_UNESCAPED_LT.sub(r"\1\\<", line) for line in _lines(body)]
        text = "\n".join([*lines, fence] if fence else lines)
    return text


def _escape_outside_code(lines: list[str]) -> tuple[list[str], str]:
    """Lines with ``<`` escaped outside fenced code; also the fence left open, if any."""
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in lines:
        if fence:
            out.append(line)
            if re.match(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$", line):
                fence = ""
            continue
        opening = _FENCE.match(line)
        if opening and not (opening[1][0] == "`" and "`" in opening[2]):
            out += _escape_prose(prose)
            prose, fence = [], opening[1]
            out.append(line)
            continue
        prose.append(line)
    return out + _escape_prose(prose), fence


def _escape_prose(lines: list[str]) -> list[str]:
    if not lines:
        return []
    blocks = _BLANK_LINE.split("\n".join(lines))  # code spans never cross a blank line
    return "".join(_escape_outside_spans(block) for block in blocks).split("\n")


def _escape_outside_spans(text: str) -> str:
    out, pos = [], 0
    while (run := _TICKS.search(text, pos)) is not None:
        start, ticks = run.start(), run[0]
        if _escaped(text, start):  # "\`": the first backtick is literal
            start += 1
            ticks = ticks[1:]
            if not ticks:
                out.append(_UNESCAPED_LT.sub(r"\1\\<", text[pos : run.end()]))
                pos = run.end()
                continue
        closer = re.compile(rf"(?<!`){ticks}(?!`)").search(text, start + len(ticks))
        end = closer.end() if closer else start + len(ticks)
        out += [_UNESCAPED_LT.sub(r"\1\\<", text[pos:start]), text[start:end]]
        pos = end
    out.append(_UNESCAPED_LT.sub(r"\1\\<", text[pos:]))
    return "".join(out)


def _escaped(text: str, at: int) -> bool:
    backslashes = len(text[:at]) - len(text[:at].rstrip("\\"))
    return backslashes % 2 == 1


def has_raw_html(markdown: str) -> bool:
    """Whether CommonMark (with HTML allowed) would pass any raw HTML through."""
    return any(_is_html(token) for token in _html_parser().parse(markdown))


def _is_html(token: Token) -> bool:
    if token.type in ("html_block", "html_inline"):
        return True
    return any(_is_html(child) for child in token.children or [])


@cache
def _html_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


# ---- files --------------------------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{name}{n}" for name in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]]
)
_NOT_IN_NAMES = frozenset('<>:"/\\|?*')


def safe_filename(title: str, suffix: str) -> str:
    """A file name from a title, safe on every common system: no path separators, ``..``,
    control or bidi characters, leading dots or reserved Windows names; unicode letters kept;
    at most ~80 characters; never empty ("notes")."""
    ext = "." + suffix.lstrip(".").lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", ext):
        raise ValueError(f"not a file suffix: {suffix!r}")
    chars = (
        " " if c in _NOT_IN_NAMES or _invisible(c) else c
        for c in unicodedata.normalize("NFC", title)
    )
    name = re.sub(r"\.{2,}", ".", " ".join("".join(chars).split())).strip(" .")
    while len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(" .") or "notes"
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name + ext


def _invisible(char: str) -> bool:
    """Control, format (bidi overrides …) and separator characters; a zero-width joiner stays,
    since emoji sequences are made with it."""
    return char != "\u200d" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def export_path(folder: Path, title: str, fmt: str) -> Path:
    """Where to write an export of this title and format: always a file directly in folder."""
    suffix = FORMATS.get(fmt)
    if suffix is None:
        raise ExplorerError(f"{fmt!r} is not an export format; choose one of {', '.join(FORMATS)}.")
    base = folder.expanduser().resolve()
    path = base / safe_filename(title, suffix)
    if path.resolve().parent != base:  # e.g. an existing link by that name pointing elsewhere
        raise ExplorerError(f"{path} leads outside {base}; choose another name or folder.")
    return path


_TEXT_EXPORTS: dict[str, Callable[[Sequence[Note], Titles], str]] = {
    "md": export_markdown,
    "html": export_html,
    "json": to_json,
}
"""The notes formats of the registry (explorer.core.exports) that are text, by name."""


def export_text(notes: Sequence[Note], titles: Titles, fmt: str) -> str:
    """The notes in one of the formats the core writes itself (md, html, json); the PDF is
    drawn by Qt from export_html (explorer.ui.draw.render_export)."""
    make = _TEXT_EXPORTS.get(fmt)
    if make is None:
        raise ValueError(f"the core does not make notes as {fmt!r}")
    return make(notes, titles)
