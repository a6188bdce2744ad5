"""Notes as one self-contained HTML page: readable anywhere, inert everywhere.

Safety, in layers: every report or user string is escaped; note bodies are rendered by
markdown-it with raw HTML off, links only to explorer:, http:, https: and mailto: (others stay
plain text) and images shown as links, never loaded; and a Content-Security-Policy that
allows nothing but the page's one inline style, pinned by its hash. No scripts, no remote
resources. The same page is what the PDF writer lays out, so the style keeps to what Qt's
rich text understands as well: px margins, pt font sizes, simple selectors, and the
@media rule last (Qt's CSS parser skips what follows one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from explorer.core.notes.grouping import Group, Titles, group_notes, note_page, open_link
from explorer.core.notes.models import Note, PassageTarget
from explorer.core.reports import page_label
from explorer.core.webpage import page_head

ALLOWED_SCHEMES = ("explorer:", "http:", "https:", "mailto:")
LINK_REL = "noopener noreferrer"

STYLE = """
body { margin: 32px auto; max-width: 46em; padding: 0 20px; color: #1f2328;
  background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "Helvetica Neue", Arial, sans-serif; font-size: 11pt; line-height: 150%; }
h1 { font-size: 20pt; margin: 0 0 4px 0; line-height: 125%; }
h2 { font-size: 15pt; margin: 30px 0 8px 0; padding-bottom: 4px;
  border-bottom: 1px solid #d0d7de; }
h3 { font-size: 12pt; margin: 22px 0 6px 0; color: #424a53; }
p { margin: 6px 0; }
a { color: #0b5cad; }
.summary { color: #59636e; margin: 0 0 18px 0; }
.note { margin: 0 0 14px 0; padding: 0; border-bottom: 1px solid #e6e9ed; }
.quote { margin: 8px 0; padding: 6px 12px; white-space: pre-wrap; color: #3d444d;
  background-color: #fff8e1; border-left: 3px solid #d4a72c; font-style: italic; }
.body { margin: 6px 0; }
.body blockquote { margin: 6px 0; padding-left: 12px; border-left: 3px solid #d0d7de;
  color: #59636e; }
code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono",
  monospace; font-size: 9.5pt; background-color: #f3f4f6; }
pre { padding: 8px; white-space: pre-wrap; }
.meta { font-size: 9pt; color: #59636e; margin: 8px 0 16px 0; }
.tag { color: #0b5cad; }
.orphaned { font-size: 9.5pt; color: #9a3412; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; }
  h2 { border-bottom-color: #30363d; }
  h3 { color: #c9d1d9; }
  a, .tag { color: #58a6ff; }
  .summary, .meta, .body blockquote { color: #9198a1; }
  .note { border-bottom-color: #21262d; }
  .quote { color: #e6edf3; background-color: #2b2410; border-left-color: #9e7a1e; }
  code, pre { background-color: #161b22; }
  .orphaned { color: #f0883e; }
}
"""


def export_html(
    notes: Sequence[Note], titles: Titles, title: str = "Notes", *, now: dt.datetime | None = None
) -> str:
    """One self-contained, script-free HTML page of the notes, grouped as the app shows them."""
    when = now or dt.datetime.now(dt.UTC)
    exported = f"{when:%Y-%m-%d %H:%M} {when.tzname() or ''}".strip()
    count = f"{len(notes)} note{'s' if len(notes) != 1 else ''}"
    head = [
        *page_head(title, STYLE),
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{count} · exported {escape(exported)}</p>',
    ]
    body = [line for group in group_notes(notes, titles) for line in _group(group, titles)]
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _group(group: Group, titles: Titles) -> list[str]:
    lines = [f'<h2 dir="auto">{escape(group.heading)}</h2>']
    for part in group.parts:
        lines.append(f'<h3 dir="auto">{escape(part.heading)}</h3>')
        lines += [_note(note, note_page(note, titles)) for note in part.notes]
    return lines


def _note(note: Note, page: str | None = None) -> str:
    pieces = ['<div class="note">']
    target = note.target
    if isinstance(target, PassageTarget):
        pieces.append(
            f'<blockquote class="quote" dir="auto">{escape(target.quote.exact)}</blockquote>'
        )
        if target.orphaned:
            pieces.append(
                '<p class="orphaned">These words were not found in the report’s current text.</p>'
            )
    if note.body.strip():
        pieces.append(f'<div class="body" dir="auto">{render_body(note.body)}</div>')
    meta = [f'<span class="tag" dir="auto">#{escape(tag)}</span>' for tag in note.tags]
    if page is not None:
        meta.append(f'<span class="page">{escape(page_label(page))}</span>')
    meta.append(f'<a href="{escape(open_link(note))}" rel="{LINK_REL}">Open in Trend Explorer</a>')
    meta.append(f"{'Highlight' if note.is_highlight else 'Note'}, {note.created.date()}")
    pieces += [f'<p class="meta">{" · ".join(meta)}</p>', "</div>"]
    return "\n".join(pieces)


def render_body(body: str) -> str:
    """A note's Markdown as HTML with raw HTML escaped and only safe links kept."""
    # markdown-it ends code blocks with a newline that Qt (for the PDF) shows as a blank line
    return str(_renderer().render(body)).replace("\n</code></pre>", "</code></pre>")


class _SafeMarkdown(MarkdownIt):
    """CommonMark without raw HTML, whose links must use one of ALLOWED_SCHEMES.

    markdown-it calls validateLink on every link, autolink, image and reference
    definition; a refused one is left as the plain text the user typed."""

    def validateLink(self, url: str) -> bool:
        return url.strip().lower().startswith(ALLOWED_SCHEMES)


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if not str(token.attrGet("href") or "").strip():
        token.attrs.pop("href", None)  # "[words]()": no address, so the words stay text
        token.tag = "span"
        closing = next(
            (t for t in tokens[idx + 1 :] if t.type == "link_close" and t.level == token.level),
            None,
        )
        if closing is not None:
            closing.tag = "span"
        return self.renderToken(tokens, idx, options, env)
    token.attrSet("rel", LINK_REL)
    return self.renderToken(tokens, idx, options, env)


def _image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An image becomes a link to it: an export never loads anything."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "").strip()
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    if not src:
        return f"[image: {escape(alt)}]"  # no address: nothing to link to
    return f'<a href="{escape(src)}" rel="{LINK_REL}">[image: {escape(alt)}]</a>'


@cache
def _renderer() -> MarkdownIt:
    options: dict[str, Any] = {"html": False, "linkify": False, "typographer": False}
    md = _SafeMarkdown("commonmark", options)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    return md
