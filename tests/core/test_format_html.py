"""Web pages as reports: the main text, its headings as sections, its title and date;
navigation, scripts and hidden parts left out; nothing loaded; bad pages refused in a
sentence."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from explorer.core.errors import RefusedFile
from explorer.core.reports import Report, parse_file, shown_words
from tests.conftest import corpus

DOCS = corpus("docs-mix")


def words_of(report: Report) -> str:
    """Every passage as the reader shows it, one after another."""
    return "\n".join(shown_words(report, p) for s in report.sections for p in s.passages)


def page(tmp_path: Path, markup: str | bytes, name: str = "page.html") -> Report:
    path = tmp_path / name
    path.write_bytes(markup.encode() if isinstance(markup, str) else markup)
    return parse_file(path)


def test_texinfo_page_keeps_its_text_and_drops_its_navigation_bars() -> None:
    report = parse_file(DOCS / "libffi-the-basics.html")
    text = words_of(report)
    assert report.title == "The Basics (libffi: the portable foreign function interface library)"
    assert [s.title for s in report.sections] == ["2.1 The Basics"]
    assert "ffi_prep_cif (ffi_cif *cif, ffi_abi abi" in text  # escaped, shown as written
    assert "Next:" not in text and "Up:" not in text  # the bars above and below
    assert "¶" not in text  # the permalink anchors
    assert "Permission is hereby granted" not in text  # a comment in the head


def test_docbook_page_gives_its_chapters_as_sections() -> None:
    report = parse_file(DOCS / "users-and-groups.html")
    titles = [s.title for s in report.sections]
    assert report.title == "Users and Groups in the Debian System"
    assert "Chapter 1. Introduction" in titles
    assert any(s.level > 1 for s in report.sections)  # its h2/h3 nest under the chapters
    text = words_of(report)
    assert "CUPS (Common Un*x Printing System)" in text
    assert "Table of Contents" not in text  # the contents list is navigation


def test_code_listing_stays_a_listing() -> None:
    report = parse_file(DOCS / "zlib_how.html")
    assert report.title == "zlib Usage Example"
    assert "```\n/* zpipe.c: example of proper use of zlib's inflate() and deflate()" in (
        report.text
    )
    assert "ret = def(stdin, stdout, Z_DEFAULT_COMPRESSION);" in words_of(report)


def test_main_text_only_and_the_article_preferred(tmp_path: Path) -> None:
    report = page(
        tmp_path,
        """<html><head><title>Agents in 2025</title>
        <style>p { color: red }</style><script>document.write('tracking')</script></head>
        <body><header><a href="/">Home</a> Site banner</header>
        <nav><ul><li>About us</li></ul></nav>
        <aside>Related posts</aside>
        <article><header><h1>Agents in 2025</h1></header>
          <p>Tool use made <b>agents</b> practical.</p>
          <h2>Costs <a class="headerlink" href="#costs">¶</a></h2>
          <p>Inference costs fell.</p>
          <div hidden>secret draft</div><p style="display: none">also hidden</p>
          <form><input value="search"><button>Go</button></form>
          <noscript>enable scripts</noscript>
        </article>
        <p>Outside the article</p>
        <footer>Copyright footer</footer></body></html>""",
    )
    text = words_of(report)
    assert report.title == "Agents in 2025"
    assert [s.title for s in report.sections] == ["Agents in 2025", "Costs"]
    assert "Tool use made agents practical." in text and "Inference costs fell." in text
    for gone in (
        "tracking", "color", "Site banner", "About us", "Related posts", "secret draft",
        "also hidden", "Go", "enable scripts", "Outside the article", "Copyright footer", "¶",
    ):  # fmt: skip
        assert gone not in text, gone


def test_lists_tables_and_headings_become_markdown(tmp_path: Path) -> None:
    report = page(
        tmp_path,
        """<title>T</title><h1>One</h1><p>Intro.</p><h2>Two</h2>
        <ul><li>first<ul><li>inner</li></ul></li><li>second</li></ul>
        <table><tr><th>Model</th><th>Share</th></tr>
        <tr><td>A<table><tr><td>nested</td></tr></table></td><td>40%</td></tr></table>
        <h3>Three</h3><p>End.</p>""",
    )
    assert [(s.title, s.level) for s in report.sections] == [
        ("One", 1),
        ("Two", 2),
        ("Three", 3),
    ]
    assert "- first\n  - inner\n- second" in report.text
    assert "| Model | Share |" in report.text and "| A nested | 40% |" in report.text


def test_dates_from_metadata_first_then_time(tmp_path: Path) -> None:
    meta = page(
        tmp_path,
        '<meta property="article:published_time" content="2024-03-05T10:00:00+02:00">'
        '<time datetime="2020-01-01">then</time><p>Text.</p>',
    )
    dublin = page(tmp_path, '<meta name="DC.date" content="2023-07-09"><p>Text.</p>')
    timed = page(tmp_path, '<p>On <time datetime="2022-11-30T08:00Z">a day</time>.</p>')
    wrong = page(tmp_path, '<meta name="dc.date" content="2024-02-30"><p>Text.</p>')
    assert (meta.date, dublin.date, timed.date) == ("2024-03-05", "2023-07-09", "2022-11-30")
    assert wrong.date is None  # an impossible date is no date


def test_page_text_is_shown_as_written_not_as_markup(tmp_path: Path) -> None:
    report = page(
        tmp_path,
        "<title>a: b # [c]</title><p>x &lt;b&gt;bold&lt;/b&gt; *star* &amp;amp; `tick`</p>"
        "<p>1. not a list</p><p># not a heading</p><p>- not an item</p>",
    )
    text = words_of(report)
    assert report.title == "a: b # [c]"  # YAML-safe front matter
    assert "x <b>bold</b> *star* &amp; `tick`" in text
    assert "1. not a list" in text and "# not a heading" in text and "- not an item" in text
    assert len(report.sections) == 1


def test_nothing_remote_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = page(
        tmp_path,
        '<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd">'
        '<link rel="stylesheet" href="http://example.invalid/s.css">'
        '<img src="http://example.invalid/pixel.png" alt="pixel">'
        '<iframe src="http://example.invalid/frame"></iframe>'
        '<script src="http://example.invalid/s.js"></script><p>Only this.</p>',
    )
    assert words_of(report) == "Only this."


def test_encodings_declared_or_not(tmp_path: Path) -> None:
    latin = page(tmp_path, '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1"))
    utf8 = page(tmp_path, "<p>naïve — ok</p>")
    undeclared = page(tmp_path, "<p>caf\xe9 cr\xe8me</p>".encode("cp1252"))
    assert words_of(latin) == "café"
    assert words_of(utf8) == "naïve — ok"
    assert words_of(undeclared) == "café crème"


def test_broken_and_huge_markup_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    broken = page(tmp_path, "<p>one<p>two<table><tr><td>x<td>y</table><li>item</b></i>")
    huge = page(
        tmp_path,
        '<p>before</p><img src="data:image/png;base64,' + "A" * 11_000_000 + '"><p>after</p>',
    )
    deep = page(tmp_path, "<div>" * 1500 + "deep words" + "</div>" * 1500)
    assert words_of(broken).split("\n") == ["one", "two", "x · y", "item"]
    assert words_of(huge) == "before\nafter"  # a picture of 11 MB inline is no reason to stop
    assert "deep words" in words_of(deep)


@pytest.mark.parametrize(
    ("markup", "sentence"),
    [
        (b"", "is empty"),
        (b"<html><head><title>T</title></head><body></body></html>", "has no text to read"),
        (b"<body><script>x()</script><nav>menu</nav></body>", "has no text to read"),
        (bytes(range(256)) * 4, "looks like a binary file"),
    ],
)
def test_pages_without_text_are_refused_in_one_sentence(
    tmp_path: Path, markup: bytes, sentence: str
) -> None:
    with pytest.raises(RefusedFile) as refused:
        page(tmp_path, markup, "empty.htm")
    message = str(refused.value)
    assert sentence in message and "empty.htm" in message
    assert "\n" not in message and "Traceback" not in message
