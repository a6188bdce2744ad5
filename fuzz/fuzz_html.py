"""Fuzzing the web page reader: any bytes, as a ``.html`` or ``.htm`` file `explorer add` is given.

The file is read end to end, as ``Workspace.add`` reads it (``parse_file``: the reader's
Markdown, then ``parse_text``). A quarter of the inputs are the fuzzer's own bytes; the rest
start from real pages (the saved pages of the shared docs-mix corpus, and a small page with
every element the reader treats apart) with bytes changed, or markup from a list spliced in,
or are markup mixed from that list and encoded as UTF-8, UTF-16 or Windows-1252. The answer
is a report whose offsets give back its text, or a RefusedFile in one sentence.
"""

from __future__ import annotations

from pathlib import Path

from fuzzkit import (
    Draw,
    TestOneInput,
    added_file,
    changed_bytes,
    instrumented,
    mixed_text,
    scratch_folder,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "docs-mix" / "docs"
"""Real saved pages (the tests read them too); the harness still runs without them."""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A small page</title>
<meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>
<body><nav class="menu"><a href="/">Home</a></nav>
<header>Site header</header>
<main><article><header><h1>Reading <em>pages</em></h1><time datetime="2024-05-02">May</time>
</header>
<p>Text with <b>bold</b>, a <a href="#x">link</a>, 3 * 4 &lt; 13 &amp; snake_case.</p>
<h2>Lists<a class="headerlink" href="#l">¶</a></h2>
<ul><li>one<ul><li>nested <i>item</i></li></ul></li><li>two</li></ul>
<ol><li>1. first</li></ol>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><table><tr><td>in</td></tr></table>
</td></tr></table>
<pre><code>def f():
    return "```"</code></pre>
<div style="display:none">hidden</div><p hidden>also hidden</p>
<blockquote># not a heading</blockquote><script>var x = "<p>";</script>
</article></main><footer>Footer</footer></body></html>
"""
"""A page with each kind of element the reader keeps, drops or reads apart."""

MARKUP = (
    "<html>",
    "<head>",
    "<body>",
    "</body>",
    "<title>",
    "</title>",
    '<meta charset="',
    '<meta http-equiv="Content-Type" content="text/html; charset=',
    "utf-8",
    "shift_jis",
    "utf-16",
    "iso-2022-jp",
    '">',
    '<meta name="dc.date" content="',
    "2024-02-30",
    "0999-01-01",
    '<time datetime="',
    "<main>",
    "</main>",
    "<article>",
    "</article>",
    "<header>",
    "<nav>",
    "<h1>",
    "</h1>",
    "<h3>",
    "<h6>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<br>",
    "<ul>",
    "<ol>",
    "<li>",
    "</li>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td>",
    "<th>",
    "</table>",
    "<pre>",
    "</pre>",
    "<code>",
    "```",
    "<script>",
    "</script>",
    "<style>",
    "<svg>",
    "<math>",
    "<template>",
    '<div hidden="">',
    '<p style="display: none">',
    '<a class="headerlink">¶</a>',
    '<span aria-hidden="true">',
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x10FFFF;",
    "&#xD800;",
    "&nbsp;",
    "&unknown;",
    "# ",
    "- ",
    "1. ",
    "* ",
    "|",
    "\\",
    '<!-- page 1 label="x" -->',
    "---\n",
    "\n",
    "\r",
    "\u2028",
    "\ufeff",
    "\x00",
    "Words of a paragraph. " * 60,
    "<div>" * 200,
    "<ul><li>" * 20,
    "<table><tr><td>" * 20,
    "<b>" * 300,
)
"""Markup the reader treats apart, encodings, entities, and nesting deep enough to matter."""


def seeds() -> list[bytes]:
    """The real pages, and the small one."""
    found = sorted(CORPUS.glob("*.htm*")) if CORPUS.is_dir() else []
    return [path.read_bytes() for path in found] + [PAGE.encode("utf-8")]


def harness() -> TestOneInput:
    with instrumented("lxml"):
        pass
    folder = scratch_folder()
    pages = seeds()

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        name = draw.pick(("page.html", "page.htm", "PAGE.HTML"))
        added_file(folder, name, page_bytes(draw, pages))

    return test_one_input


def page_bytes(draw: Draw, pages: list[bytes]) -> bytes:
    """The file's bytes: the fuzzer's own, a real page changed, or mixed markup."""
    mode = draw.number(0, 3)
    if mode == 0:
        return draw.rest()
    if mode == 1:
        return changed_bytes(draw.pick(pages), draw, most=16)
    if mode == 2:  # a real page with a piece cut out and markup put in its place
        page = draw.pick(pages)
        start = draw.number(0, len(page))
        end = min(len(page), start + draw.number(0, 4000))
        inserted = mixed_text(draw, MARKUP, most=12).encode("utf-8", "surrogatepass")
        return page[:start] + inserted + page[end:]
    text = mixed_text(draw, MARKUP, most=60)
    encoding = draw.pick(("utf-8", "utf-16", "windows-1252", "utf-8-sig"))
    return text.encode(encoding, "replace" if encoding == "windows-1252" else "surrogatepass")
