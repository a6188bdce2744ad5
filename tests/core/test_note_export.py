"""Exports of notes: Markdown, HTML and Web Annotation JSON, safe with hostile text."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from explorer.core.annotate import workspace_titles
from explorer.core.errors import ExplorerError
from explorer.core.exports import write_export
from explorer.core.notes.anchoring import target_for
from explorer.core.notes.export import (
    export_html,
    export_markdown,
    export_path,
    safe_filename,
)
from explorer.core.notes.grouping import IdTitles
from explorer.core.notes.models import (
    ConceptTarget,
    EdgeTarget,
    Note,
    PassageTarget,
    ReportTarget,
    TextPosition,
    TextQuote,
)
from explorer.core.reports.models import Report
from explorer.core.workspace import Workspace

SEED = "ai-llm-advancements-2024"
WHEN = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
HOSTILE = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![](http://evil/x.png)",
]
HOSTILE_TEXT = " ".join(HOSTILE)
RTL = "שלום עולם · مرحبا بالعالم 🚀"
SAFE_TAGS = {
    "a", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "span", "strong", "ul",
}  # fmt: skip


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    return Workspace(data_dir)


@pytest.fixture
def report(ws: Workspace) -> Report:
    return ws.report(SEED)


def make_note(number: int, target: object, body: str = "", tags: tuple[str, ...] = ()) -> Note:
    return Note.model_validate(
        {
            "id": f"note{number:04d}",
            "created": WHEN,
            "updated": WHEN + dt.timedelta(hours=number),
            "body": body,
            "tags": tags,
            "target": target,
        }
    )


def passage_note(report: Report, number: int, section: int, at: int, length: int, **kw) -> Note:
    passage = report.sections[section].passages[0]
    target = target_for(report, passage.start + at, passage.start + at + length)
    return make_note(number, target, **kw)


def sample_notes(report: Report) -> list[Note]:
    """Every kind of target, normal and hostile text, in a deliberately jumbled order."""
    gone = PassageTarget(
        report="gone-report",
        section="gone-report#2",
        quote=TextQuote(exact=f"{HOSTILE[1]} *quoted*\n- not a list"),
        position=TextPosition(start=5, end=40),
        orphaned=True,
    )
    return [
        passage_note(report, 1, 2, 10, 60, body="Third section, **bold**.", tags=("ethics",)),
        passage_note(report, 2, 0, 100, 40),
        passage_note(report, 3, 0, 0, 50, body=HOSTILE_TEXT, tags=("<b>x</b>", "2024", "déjà vu")),
        make_note(4, ConceptTarget(concept="concept:multimodality"), body=RTL, tags=("רעיון",)),
        make_note(5, EdgeTarget(source="concept:multimodality", target="concept:video"), "Why?"),
        make_note(6, ReportTarget(report=SEED), body="```html\n<script>x</script>\n```\n<b>y</b>"),
        make_note(7, gone, body="On a removed report " + HOSTILE[0]),
        make_note(8, ConceptTarget(concept="concept:no-such-thing"), body="open fence\n```\n<i>"),
    ]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            self._in_style = False


def parse_tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def raw_html_tokens(markdown: str) -> list[str]:
    """What CommonMark with HTML allowed would pass through as raw HTML."""

    def walk(tokens: list[Token]) -> list[str]:
        found = []
        for token in tokens:
            if token.type in ("html_block", "html_inline"):
                found.append(token.content)
            found += walk(token.children or [])
        return found

    return walk(MarkdownIt("commonmark", {"html": True}).parse(markdown))


def without_front_matter(markdown: str) -> str:
    return markdown.split("\n---\n", 1)[1]


def front_matter(markdown: str) -> dict[str, object]:
    """A tiny reader for our front matter: `key: value` lines, values in JSON syntax
    (our YAML strings are double-quoted scalars that are also JSON strings)."""
    lines = markdown.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    fields = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(": ")
        assert sep and re.fullmatch(r"[a-z]+", key), line
        fields[key] = json.loads(value)
    return fields


# ---- Markdown -----------------------------------------------------------------------------


def test_markdown_reads_in_report_and_section_order_with_links_back(report: Report, ws) -> None:
    md = export_markdown(sample_notes(report), workspace_titles(ws), "My notes", now=WHEN)
    headings = [line for line in md.split("\n") if line.startswith("#") and " " in line[:4]]
    assert headings == [
        "# My notes",
        "## (removed report gone-report)",
        "### (removed section gone-report\\#2)",
        "## Detailed Report on Advancements in AI LLMs (2024)",
        "### 1. Advancements in Multimodal Models",
        "### 3. Increased Focus on Ethical AI",
        "## Concepts",
        "### Multimodality",
        "### no-such-thing",
        "## Links between concepts",
        "### Multimodality ↔ Video",
        "## Whole reports",
        "### Detailed Report on Advancements in AI LLMs (2024)",
    ]
    first = report.sections[0].passages[0].start
    link = (
        f"[Open in Trend Explorer](explorer://open?report={SEED}"
        f"&section={SEED}%231&start={first}&end={first + 50})"
    )
    assert link in md
    assert md.index(f"start={first}&") < md.index(f"start={first + 100}&")  # by position
    assert "> " + report.text[first : first + 50] in md
    assert "> \\<img src\\=x onerror\\=alert(1)\\> \\*quoted\\*\\\n> \\- not a list\n" in md
    assert "#ethics" in md and "#tag/2024" in md and "#deja-vu" in md and "#b-x-/b" in md


def test_markdown_front_matter_parses_back_for_any_title(report: Report) -> None:
    title = 'A "quoted" title: \\ with #hash, newline\nand tab\t, NEL\x85, RTL ' + RTL
    md = export_markdown(sample_notes(report), IdTitles(), title, now=WHEN)
    fields = front_matter(md)
    assert fields["title"] == title
    assert fields["count"] == 8
    assert dt.datetime.fromisoformat(str(fields["exported"])) == WHEN
    assert fields["tags"] == ["ethics", "b-x-/b", "tag/2024", "deja-vu"]


def test_markdown_has_no_raw_html_even_from_hostile_notes(report: Report, ws) -> None:
    titles = workspace_titles(ws)
    md = export_markdown(sample_notes(report), titles, "../../etc/passwd " + HOSTILE[0])
    assert raw_html_tokens(md) == []
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    tags = parse_tags(rendered).tags
    assert {tag for tag, _ in tags} <= SAFE_TAGS | {"img"}
    # the one image is the body's own Markdown image, kept as the user wrote it
    assert [a for tag, a in tags if tag == "img"] == [{"src": "http://evil/x.png", "alt": ""}]
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in rendered  # still readable


def test_markdown_bodies_stay_markdown_but_lose_html(report: Report) -> None:
    body = (
        "**bold** and `a < b` and ``x `<y>` z``\n\n"
        "```\n<kept>\n```\n\n"
        "<div>gone</div> \\<already> \\\\<b>after backslash"
    )
    md = export_markdown([passage_note(report, 1, 0, 0, 20, body=body)], IdTitles())
    assert "**bold** and `a < b` and ``x `<y>` z``" in md
    assert "```\n<kept>\n```" in md
    assert "\\<div>gone\\</div> \\<already> \\\\\\<b>after backslash" in md
    assert raw_html_tokens(md) == []


def test_markdown_html_behind_an_apparent_code_span_is_still_escaped() -> None:
    """A backtick pair across a block boundary is no code span: the <b> must be escaped."""
    for body in ("`a\n# <b>x</b>`", "`a\n- <b>x</b>`", "> `a\n\n<b>x</b>`"):
        md = export_markdown([make_note(1, ConceptTarget(concept="concept:a"), body)], IdTitles())
        assert raw_html_tokens(md) == [], body
        assert "\\<b>x\\</b>" in md


def test_an_unclosed_code_fence_does_not_swallow_the_next_notes(report: Report) -> None:
    notes = [
        make_note(1, ConceptTarget(concept="concept:a"), body="~~~~\n<i>in code"),
        make_note(2, ConceptTarget(concept="concept:b"), body="after"),
    ]
    tokens = MarkdownIt("commonmark").parse(
        without_front_matter(export_markdown(notes, IdTitles()))
    )
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Notes", "Concepts", "a", "b"]


class HostileTitles:
    def report_title(self, report_id: str) -> str:
        return "# [x](javascript:alert(1)) <b>*b*</b> $x$ %%c%% ==h== [[w]]\n- y"

    def section_title(self, section_id: str) -> str:
        return "1. `code` ![i](http://evil/x.png) &amp; ~~s~~"

    def concept_label(self, node_id: str) -> str:
        return node_id

    def page(self, target: PassageTarget) -> str | None:
        return None


def test_titles_from_reports_are_plain_text_in_headings(report: Report) -> None:
    md = export_markdown([passage_note(report, 1, 0, 0, 20)], HostileTitles())
    tokens = MarkdownIt("commonmark").parse(without_front_matter(md))
    inlines = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    titles = HostileTitles()
    texts = ["".join(c.content for c in t.children or []) for t in inlines[1:]]
    assert texts == [" ".join(titles.report_title("").split()), titles.section_title("")]
    assert {c.type for t in inlines for c in t.children or []} == {"text"}


def test_markdown_of_any_body_has_no_raw_html() -> None:
    alphabet = st.sampled_from(
        [*"<>`~\\\n !a/-*[]()&#;:=\"'\t", "<b>", "```", "<!--", "\n# ", "\n- ", "\n> "]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def check(body: str) -> None:
        note = make_note(1, ConceptTarget(concept="concept:a"), body=body)
        assert raw_html_tokens(export_markdown([note], IdTitles())) == []

    check()


# ---- HTML -----------------------------------------------------------------------------------


def test_html_is_inert_and_pinned_by_its_content_security_policy(report: Report, ws) -> None:
    html = export_html(sample_notes(report), workspace_titles(ws), HOSTILE[0] + " " + RTL)
    page = parse_tags(html)
    names = [tag for tag, _ in page.tags]
    assert set(names) <= SAFE_TAGS | {"html", "head", "meta", "title", "style", "body"}
    assert "<script" not in html and names.count("style") == 1
    attributes = [(name, value) for _, attrs in page.tags for name, value in attrs.items()]
    assert not [a for a in attributes if a[0].startswith("on") or a[0] in ("src", "style")]
    hrefs = [value for name, value in attributes if name == "href"]
    assert hrefs and all(h.startswith(("explorer:", "http:", "https:", "mailto:")) for h in hrefs)
    assert all(attrs.get("rel") == "noopener noreferrer" for tag, attrs in page.tags if tag == "a")
    (style,) = page.styles
    assert "url(" not in style and "@import" not in style
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    (csp,) = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp.startswith(f"default-src 'none'; style-src 'sha256-{digest}'")
    assert '<meta charset="utf-8">' in html
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in html  # as text
    assert "[image: http://evil/x.png]" in html and RTL in html


def test_html_links_keep_only_safe_schemes() -> None:
    body = "\n".join(
        [
            "[ok](https://example.org/a) [plain](http://example.org) [m](mailto:a@example.org)",
            "[app](explorer://open?report=r) <https://auto.example> <javascript:alert(1)>",
            "[j](javascript:alert(1)) [J](JaVaScRiPt:alert(1)) [e](java&#x73;cript:alert(1))",
            "[d](data:text/html,<script>alert(1)</script>) [f](file:///etc/passwd)",
            "[v](vbscript:msgbox(1)) [rel](notes.html) [r][ref] ![img](data:image/png;base64,AA==)",
            "",
            "[ref]: javascript:alert(1)",
        ]
    )
    html = export_html([make_note(1, ConceptTarget(concept="concept:a"), body)], IdTitles())
    hrefs = [a["href"] for tag, a in parse_tags(html).tags if tag == "a" and "href" in a]
    assert [h for h in hrefs if not h.startswith("explorer://open?concept")] == [
        "https://example.org/a",
        "http://example.org",
        "mailto:a@example.org",
        "explorer://open?report=r",
        "https://auto.example",
    ]
    assert "[j](javascript:alert(1))" in html  # shown to the reader as the text they wrote


@pytest.mark.parametrize("body", ["![]()", "[]()", "[words]()", "![alt]( )"])
def test_a_link_or_image_with_no_address_is_text_not_a_link(body: str) -> None:
    """Hypothesis found "![]()": it was exported as a link with an empty href."""
    html = export_html([make_note(1, ConceptTarget(concept="concept:a"), body)], IdTitles())
    hrefs = [a.get("href") for tag, a in parse_tags(html).tags if tag == "a"]
    assert all(h and h.startswith("explorer://open?concept") for h in hrefs), hrefs


def test_html_of_any_body_makes_only_safe_tags() -> None:
    alphabet = st.sampled_from(
        [*"<>`\\\n !a/-*[]()&#;:=\"'", "<b>", "javascript:", "http://x", "![", "<!--"]
    )

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(alphabet, max_size=40).map("".join))
    def check(body: str) -> None:
        html = export_html([make_note(1, ConceptTarget(concept="concept:a"), body)], IdTitles())
        for tag, attrs in parse_tags(html).tags:
            assert tag in SAFE_TAGS | {"html", "head", "meta", "title", "style", "body"}
            assert not any(name.startswith("on") or name == "src" for name in attrs)
            assert attrs.get("href", "https:").startswith(("explorer:", "http", "mailto:"))

    check()


# ---- titles, file names, writing --------------------------------------------------------------


def test_workspace_titles_fall_back_and_never_raise(ws: Workspace) -> None:
    titles = workspace_titles(ws)
    assert titles.report_title(SEED) == "Detailed Report on Advancements in AI LLMs (2024)"
    assert titles.section_title(f"{SEED}#3") == "3. Increased Focus on Ethical AI"
    assert titles.concept_label("concept:multimodality") == "Multimodality"
    assert titles.concept_label("concept:no-such-thing") == "no-such-thing"
    assert titles.section_title(f"{SEED}#99") == f"(removed section {SEED}#99)"
    ws.remove(SEED)
    assert titles.report_title(SEED) == f"(removed report {SEED})"
    assert titles.section_title(f"{SEED}#3") == f"(removed section {SEED}#3)"
    assert titles.report_title("") == "(removed report )"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc passwd.md"),
        ("..\\..\\Windows\\win.ini", "Windows win.ini.md"),
        ("", "notes.md"),
        ("...", "notes.md"),
        ("   \n\t", "notes.md"),
        (".hidden", "hidden.md"),
        ("CON", "_CON.md"),
        ("nul.txt", "_nul.txt.md"),
        ("Com1 ", "_Com1.md"),
        ('a<b>c:d"e|f?g*h', "a b c d e f g h.md"),
        ("bell\x07\x00 and \u202egnp.exe", "bell and gnp.exe.md"),
        ("Réunion 🚀 日本語 notes", "Réunion 🚀 日本語 notes.md"),
        ("trailing dots...", "trailing dots.md"),
    ],
)
def test_safe_filename(title: str, expected: str) -> None:
    assert safe_filename(title, ".md") == expected


def test_safe_filename_is_short_enough_for_any_file_system() -> None:
    name = safe_filename("🚀" * 500, "html")
    assert name.endswith(".html") and len(name.encode("utf-8")) < 255 and len(name) <= 85
    assert len(safe_filename("x" * 500, ".md")) == 83


def test_export_path_stays_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = export_path(folder, "../../etc/passwd", "md")
    assert path == folder.resolve() / "etc passwd.md"
    assert export_path(folder, "x", "pdf").suffix == ".pdf"
    with pytest.raises(ExplorerError, match="not an export format"):
        export_path(folder, "x", "exe")
    os.symlink(tmp_path / "elsewhere.md", folder / "linked.md")
    with pytest.raises(ExplorerError, match="leads outside"):
        export_path(folder, "linked", "md")


def test_write_export_is_whole_or_one_sentence(tmp_path: Path, data_dir: Path) -> None:
    target = tmp_path / "notes.md"
    write_export("héllo", target, data_dir)
    write_export(b"%PDF-", tmp_path / "n.pdf", data_dir)
    assert target.read_text(encoding="utf-8") == "héllo"
    assert (tmp_path / "n.pdf").read_bytes() == b"%PDF-"
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(ExplorerError, match=r"could not be written to .*choose another folder"):
        write_export("x", tmp_path / "file" / "notes.md", data_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "n.pdf", "notes.md"]
