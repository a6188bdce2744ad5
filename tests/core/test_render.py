"""Sections rendered from their Markdown for the reader, every shown character knowing its
source: structure shown, markup hidden, nothing of the report interpreted as HTML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import RefusedFile
from explorer.core.reports import (
    Page,
    Report,
    document_positions,
    parse_file,
    parse_text,
    render_section,
    shown_words,
    source_span,
)
from tests.conftest import corpus

COLOURS = {
    "mark": "#fff2a8",
    "focus": "#eef4ff",
    "link": "#0b5cad",
    "muted": "#5f6368",
    "note": "#ffe0b2",
    "code": "#f3f4f6",
    "rule": "#c9ccd1",
}
BREAKS = "\u2029\u2028\ufdd0\ufdd1"


def pages(report: Report) -> list[Page]:
    return [render_section(report, s, {}, None, COLOURS) for s in report.sections]


def assert_shown_from_source(report: Report, page: Page) -> None:
    """Each shown report character is the character at its offset (a line break may show
    as a space, an entity as what it stands for), in document order."""
    last = -1
    for index, (char, offset) in enumerate(zip(page.text, page.offsets, strict=True)):
        if offset < 0:
            continue
        source = report.text[offset]
        if index in page.ends:  # an entity: &amp; shows &
            assert source == "&", (char, report.text[offset : page.ends[index]])
        elif source.isspace():  # a line break or a run of spaces shows as one space
            assert char.isspace(), (char, offset)
        else:
            assert char == source, (char, offset, report.text[offset - 20 : offset + 20])
        assert offset > last or index in page.ends or index - 1 in page.ends
        last = offset


def report_of(text: str) -> Report:
    return parse_text(text, "doc")


def test_every_shown_character_of_the_corpora_is_its_own_source() -> None:
    files = sorted(corpus("milvus-blog-en").glob("*.md"))
    files += sorted(corpus("llm-course-report").glob("*.md"))
    files += sorted(corpus("messy-mix").glob("*.md"))
    checked = 0
    for path in files:
        try:
            report = parse_file(path)
        except RefusedFile:
            continue
        for page in pages(report):
            assert_shown_from_source(report, page)
            checked += 1
    assert checked > 2000


MARKDOWN = """# Title

## Part

Some **bold**, *slanted*, `code()` and [the docs](https://milvus.io/docs "Docs") words.
A line\\* with an escape &amp; an entity, and ![a diagram](https://x.org/d.png) here.

- first item
- second item with [a link](https://a.org)
  - nested item

3. third
4. fourth

> quoted words

| Name | Value |
|------|:-----:|
| alpha | `1` |
| beta | 2 |

```python
x = **kwargs
```
"""


def test_structure_is_rendered_and_markers_are_not_shown() -> None:
    report = report_of(MARKDOWN)
    [page] = pages(report)
    for words in (
        "Some bold, slanted, code() and the docs words.",
        "A line* with an escape & an entity, and [image: a diagram] here.",
        "first item",
        "second item with a link",
        "quoted words",
        "x = **kwargs",  # code is shown as written
    ):
        assert words in page.text
    prose = page.text.replace("x = **kwargs", "")
    for marker in ("**", "](", "```", "# ", "> ", "|", "- ", "&amp;", "\\*"):
        assert marker not in prose, marker
    html = page.html
    assert "<h2>Part</h2>" in html  # a sub-heading would be a section of its own
    assert html.count("<li") == 5 and '<ol start="3">' in html
    assert "<table" in html and "</a>Name</th>" in html and '<td align="center">' in html
    assert "<blockquote" in html and "<pre" in html
    assert 'style="font-weight:600">bold<' in html and "font-style:italic" in html
    assert "font-family:monospace" in html
    assert '<a href="https://milvus.io/docs" title="https://milvus.io/docs"' in html


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
        "/blog/relative.md",
        "#anchor",
        "ftp://example.com/x",
    ],
)
def test_only_web_links_can_be_opened(link: str) -> None:
    report = report_of(f"# T\n\n## P\n\nSee [the words]({link}) and <{link}> here.\n")
    [page] = pages(report)
    assert "See the words and" in page.text
    assert "href=" not in page.html  # shown as words; nothing to click


def test_web_links_and_mail_can_be_opened() -> None:
    text = "# T\n\n## P\n\n[site](https://a.org/x?y=1&z=2), <http://b.org> and <me@c.org>.\n"
    [page] = pages(report_of(text))
    assert 'href="https://a.org/x?y=1&amp;z=2"' in page.html
    assert 'href="http://b.org"' in page.html and 'href="mailto:me@c.org"' in page.html
    assert "site, http://b.org and me@c.org." in page.text


HOSTILE = (
    "# Hostile\n\n## Part\n\n"
    "<script>alert('x')</script>\n\n"
    'Words <script>alert(1)</script> and <iframe src="http://evil.org"></iframe> end.\n\n'
    "[click](javascript:alert(document.cookie)) ![remote](http://evil.org/track.png)\n\n"
    '<img src="http://evil.org/pixel.gif" alt="pixel"> <img src=file:///etc/passwd>\n\n'
    "<style>body{background:url(http://evil.org/x)}</style>\n\n"
    '<object data="http://evil.org/x.swf"></object><embed src="http://evil.org/e">\n\n'
    + "".join("  " * i + "- level\n" for i in range(1000))
    + "\n"
    + "> " * 500
    + "deep quote\n\n"
    + "| "
    + " | ".join(f"h{i}" for i in range(60))
    + " |\n|"
    + "---|" * 60
    + "\n"
    + "".join("| " + " | ".join(f"c{r}.{i}" for i in range(60)) + " |\n" for r in range(300))
)


def test_hostile_markdown_is_never_interpreted() -> None:
    report = report_of(HOSTILE)
    shown = "".join(page.text for page in pages(report))
    html = "".join(page.html for page in pages(report))
    for tag in ("<img", "<iframe", "<script", "<style", "<object", "<embed", "src="):
        assert tag not in html.lower(), tag
    for scheme in ("javascript:", "file:", "http://evil"):
        assert scheme not in html.lower(), scheme
    assert "Words alert(1) and end." in shown  # tags dropped, their words kept
    assert "click [image: remote]" in shown and "[image: pixel] [image]" in shown
    assert "level" in shown and "deep quote" in shown and "c299.59" in shown
    for page in pages(report):
        assert_shown_from_source(report, page)


def test_marks_fall_on_the_characters_they_mark() -> None:
    text = "# T\n\n## P\n\nWe use **LoRA** and [QLoRA](https://q.org) for `tuning` models.\n"
    report = report_of(text)
    [section] = report.sections
    [passage] = section.passages
    at = passage.text.index
    spans = {
        passage.id: [
            (at("LoRA"), at("LoRA") + 4, "lora"),
            (at("QLoRA"), at("QLoRA") + 5, ""),
            (at("LoRA** and"), at("QLoRA") + 5, "note:n1"),  # wins: a note before a concept
            (at("tuning"), at("tuning") + 6, "tuning"),
        ]
    }
    page = render_section(report, section, spans, passage.id, COLOURS)
    html = page.html
    assert '<a href="note:n1" style="font-weight:600;background:#ffe0b2' in html
    assert "LoRA</a>" in html and 'href="concept:lora"' not in html  # the note won there
    assert re.search(r'<a href="note:n1" style="[^"]*">QLoRA</a><a href="note:n1"', html)
    assert '<a href="concept:tuning" style="font-family:monospace' in html
    assert "We use LoRA and QLoRA\u270e for tuning models." in page.text
    assert "background:#eef4ff" in html  # the focused passage


def test_a_dimmed_passage_is_muted_and_says_why_its_query_words_still_marked() -> None:
    text = (
        "# T\n\n## P\n\nWe tuned **LoRA** models.\n\n"
        "Join our [Discord](https://discord.com/x) & <b>say hi</b>!\n\nMore of our own.\n"
    )
    report = report_of(text)
    [section] = report.sections
    _own, footer, _after = section.passages
    at = footer.text.index("Join")
    why = 'Repeated <across> "reports": not counted.'
    spans = {footer.id: [(at, at + 4, "")]}
    page = render_section(report, section, spans, None, COLOURS, dimmed={footer.id: why})
    html, said = page.html, 'title="Repeated &lt;across&gt; &quot;reports&quot;: not counted."'
    assert f'<span style="background:#fff2a8;color:#5f6368" {said}>Join</span>' in html
    assert f'<span style="color:#5f6368" {said}> our </span>' in html
    link = 'title="Repeated &lt;across&gt; &quot;reports&quot;: not counted.&#10;https://discord'
    assert link in html and "text-decoration:underline" in html
    # Join, " our ", and " & say hi!" (the raw tag's words between: one span of one look)
    assert f'<span style="color:#5f6368" {said}> &amp; say hi!</span>' in html
    assert html.count(said) == 3
    assert "We tuned LoRA models." in page.text and "More of our own." in page.text
    assert html.count("title=") == 4  # and the link's: none on the passages around it
    assert_shown_from_source(report, page)


def test_a_dimmed_list_items_bullets_are_muted_with_their_words() -> None:
    text = "# T\n\n## P\n\n- [One post](https://a.io/1)\n- [Another](https://a.io/2)\n\nOurs.\n"
    report = report_of(text)
    [section] = report.sections
    links, _ours = section.passages
    page = render_section(report, section, {}, None, COLOURS, dimmed={links.id: "Links."})
    assert page.html.count('<li style="color:#5f6368">') == page.html.count("<li") == 2
    assert '<span style="color:#5f6368" title="Links.">' not in page.html.split("Another")[1]


def test_an_images_title_is_shown_as_its_caption_and_marked() -> None:
    """Blogs caption their figures in the image's title; a concept named there is marked."""
    text = '# T\n\n## P\n\n![1.png](https://x/1.png "Diagram of an Elasticsearch plug-in.") ok\n'
    report = report_of(text)
    [section] = report.sections
    [passage] = section.passages
    at = passage.text.index("Elasticsearch")
    spans = {passage.id: [(at, at + 13, "elastic")]}
    page = render_section(report, section, spans, None, COLOURS)
    assert "[image: 1.png — Diagram of an Elasticsearch plug-in.] ok" in page.text
    assert 'href="concept:elastic"' in page.html and "https://x" not in page.html
    assert_shown_from_source(report, page)


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        (
            "We use **[Milvus](https://milvus.io/)** for `hybrid` search.",
            "We use Milvus for hybrid search.",
        ),
        (
            "Set <code>backend_url</code> <br/> and <a href='https://x'>Goproxy</a>.",
            "Set backend_url and Goproxy.",
        ),
        ('![1.png](https://x/1.png "The architecture.")', "[image: 1.png — The architecture.]"),
        ("- **One**\n- Two\n\n3. Three", "• One • Two 3. Three"),
        ("| A | B |\n|---|---|\n| 1 | 2 |", "A · B; 1 · 2"),
        ("```python\nx = f(*args*)\n```", "x = f(*args*)"),
    ],
)
def test_shown_words_are_a_passages_text_on_one_line(markdown: str, words: str) -> None:
    report = report_of(f"# T\n\n## P\n\n{markdown}\n")
    [section] = report.sections
    assert " ".join(shown_words(report, p) for p in section.passages) == words


def test_a_passage_cut_from_a_code_block_reads_as_code() -> None:
    code = "".join(
        f"value_{i} = call(*args_{i}*)  # a comment to make it long\n" for i in range(80)
    )
    report = report_of(f"# T\n\n## P\n\n```python\n{code}```\n")
    [section] = report.sections
    assert len(section.passages) > 2  # ingest cut the block
    for passage in section.passages:
        words = shown_words(report, passage)
        assert "```" not in words and "(*args_" in words, words  # not taken for emphasis


def test_a_long_list_table_and_code_block_stay_whole_across_passages() -> None:
    rows = "".join(f"| row {i} | {'word ' * 12}|\n" for i in range(60))
    code = "".join(f"line_{i} = {i} ** 2  # a comment to make the block long\n" for i in range(60))
    items = "".join(f"- item {i} {'text ' * 12}\n" for i in range(60))
    text = f"# T\n\n## P\n\n| A | B |\n|---|---|\n{rows}\n```python\n{code}```\n\n{items}"
    report = report_of(text)
    [section] = report.sections
    assert len(section.passages) > 6  # ingest cut them
    [page] = pages(report)
    html = page.html
    assert html.count("<table") == 1 and html.count("<pre") == 1 and html.count("<ul>") == 1
    assert all(f'<a name="{p.id}"></a>' in html for p in section.passages)
    assert "```" not in page.text and "|" not in page.text.replace("| A", "")


def test_a_first_look_at_a_long_section_starts_at_the_focused_passage() -> None:
    text = "# T\n\n## P\n\n" + "".join(f"Paragraph {i} {'words ' * 80}\n\n" for i in range(200))
    report = report_of(text)
    [section] = report.sections
    focus = section.passages[120]
    look = render_section(report, section, {}, focus.id, COLOURS, preview=8000)
    whole = render_section(report, section, {}, focus.id, COLOURS)
    assert not look.complete and whole.complete
    assert f'<a name="{focus.id}">' in look.html and "Paragraph 120 " in look.text
    assert "Paragraph 119 " not in look.text and 8000 <= len(look.text) < 12000
    small = report_of("# T\n\n## P\n\nJust a few words.\n")
    assert render_section(small, small.sections[0], {}, None, COLOURS, preview=8000).complete


def test_a_first_look_inside_a_long_table_starts_with_the_table() -> None:
    rows = "".join(f"| row {i} | {'word ' * 30}|\n" for i in range(400))
    report = report_of(f"# T\n\n## P\n\nBefore.\n\n| Name | Words |\n|---|---|\n{rows}")
    [section] = report.sections
    focus = section.passages[-3]
    look = render_section(report, section, {}, focus.id, COLOURS, preview=8000)
    assert not look.complete and "Before." not in look.text
    assert look.html.count("<table") == 1 and "Name" in look.text and "|" not in look.text
    assert f'<a name="{focus.id}">' in look.html


PIECES = st.sampled_from(
    [
        "word",
        " ",
        "\n",
        "\n\n",
        "**",
        "*",
        "_",
        "`",
        "```\n",
        "[",
        "](",
        ")",
        "![",
        "<b>",
        "</b>",
        "<http://x.org>",
        "&amp;",
        "&#35;",
        "\\*",
        "\\",
        "# ",
        "> ",
        "- ",
        "1. ",
        "| a | b |\n|---|---|\n",
        "|",
        "    ",
        "\t",
        "\r\n",
        "é",
        "😀",
        "https://y.org",
        '"t"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=60))
def test_any_markdown_renders_from_its_source(pieces: list[str]) -> None:
    text = "# T\n\n## P\n\nStart " + "".join(pieces) + " end\n"
    try:
        report = report_of(text)
    except RefusedFile:
        return
    for page in pages(report):
        assert_shown_from_source(report, page)
        assert "<img" not in page.html and "<b>" not in page.html


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_selection_of_the_laid_out_page_maps_to_its_source(data: st.DataObject) -> None:
    """The window's document is the page's text with breaks between blocks; wherever they
    fall, a stretch of it maps back to the source of the characters in it."""
    report = report_of(MARKDOWN)
    [page] = pages(report)
    shown: list[str] = []
    where: list[int] = []  # the page character at each document position
    for index, char in enumerate(page.text):
        if data.draw(st.integers(0, 9), label="break") == 0:
            shown.append(data.draw(st.sampled_from(BREAKS)))
            where.append(-1)
        shown.append("\u2029" if char == "\n" else char)
        where.extend([index, index] if ord(char) > 0xFFFF else [index])
    positions = document_positions(page, "".join(shown))
    assert positions == where
    start = data.draw(st.integers(0, len(where) - 1))
    end = data.draw(st.integers(start + 1, len(where)))
    inside = [where[p] for p in range(start, end) if where[p] >= 0 and page.offsets[where[p]] >= 0]
    span = source_span(page, positions, start, end)
    if not inside:
        assert span is None
    else:
        last = inside[-1]
        assert span == (page.offsets[inside[0]], page.ends.get(last, page.offsets[last] + 1))


def test_the_llm_course_readme_reads_as_a_document() -> None:
    """The llm-course README (tables of links and badges, raw HTML) reads as a document."""
    report = parse_file(corpus("llm-course-report") / "README.md")
    text = "".join(page.text for page in pages(report))
    assert "[image: Open In Colab]" in text and "<a href" not in text
    assert "](" not in text and "**" not in text and "```" not in text


def labels_shown(page: Page) -> list[tuple[int, str]]:
    """The page labels in the margin: where each stands in the page's text, and its words
    (the app's own, so with no report offsets)."""
    found = []
    for match in re.finditer(r"p\. ", page.text):
        at = match.start()
        end = at
        while end < len(page.text) and page.offsets[end] < 0:
            end += 1
        found.append((at, page.text[at:end]))
    return [(at, words) for at, words in found if page.offsets[at] < 0]


def test_a_pdf_shows_the_printed_label_of_each_page_in_the_margin() -> None:
    report = parse_file(corpus("docs-mix") / "libtasn1.pdf")
    section = report.section("libtasn1#16")
    assert section is not None
    page = render_section(report, section, {}, None, COLOURS)
    labels = labels_shown(page)
    assert [words for _, words in labels] == [f"p. {n}" for n in range(15, 23)]
    for passage in section.passages:  # each passage shown after the label of its page
        first = next(i for i, at in enumerate(page.offsets) if passage.start <= at < passage.end)
        assert [words for at, words in labels if at < first][-1] == f"p. {passage.page}"
    small = '<p align="right" style="color:#5f6368;font-size:small">'
    assert page.html.count(small) == len(labels)
    assert f'{small}<a name="libtasn1#16.1"></a>p. 15</p>' in page.html  # scrolled to: seen
    for page in pages(report):
        assert_shown_from_source(report, page)


def test_a_page_label_is_text_and_markdown_has_none() -> None:
    text = (
        '# T\n\n## P\n\n<!-- page 1 label="<b>iv</b>" -->\n\nWords on one page.\n\n'
        '<!-- page 2 label="2" -->\n\nWords on the next.\n'
    )
    [page] = pages(report_of(text))
    assert [words for _, words in labels_shown(page)] == ["p. <b>iv</b>", "p. 2"]
    assert "<b>" not in page.html and "p. &lt;b&gt;iv&lt;/b&gt;</p>" in page.html
    [page] = pages(report_of(MARKDOWN))
    assert labels_shown(page) == [] and 'align="right"' not in page.html
