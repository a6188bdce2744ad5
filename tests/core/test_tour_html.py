"""A tour as one HTML page of slides: every picture inside it, nothing run, nothing loaded."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

from explorer.core.tours import Slide, tour_html
from explorer.core.tours.html import png_size

VOID = {"meta", "img", "br", "hr", "link", "input", "source"}
HOSTILE_TITLE = "</style><script>alert(1)</script>"
HOSTILE_QUOTE = '<img src=http://x onerror="alert(2)"> & "quoted" \'too\''


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (core tests draw without Qt)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(row * height)),
            chunk(b"IEND", b""),
        ]
    )


def slides(count: int = 3) -> list[Slide]:
    colours = [(200, 40, 40), (40, 160, 60), (40, 80, 200), (230, 180, 20)]
    return [
        Slide(
            number=n,
            title=f"Stop {n}: LoRA and friends",
            caption=f"Caption of stop {n}.\nA second line.",
            quote=f"Passage quoted at stop {n}.",
            source=f"Report {n} › Section · report-{n}#2.3",
            png=png(32 + n, 18, colours[(n - 1) % len(colours)]),
        )
        for n in range(1, count + 1)
    ]


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(
                    child.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()
                ):
                    found.append(child)
                found += child.all(tag, **attrs)
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        (node,) = self.all(tag, **attrs)
        return node


class Tree(HTMLParser):
    """The page as a tree of elements, text unescaped (as a browser would show it)."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], "every element is closed"
    return tree.root


def test_each_slide_is_a_section_with_its_own_picture_inside_the_page() -> None:
    made = slides(3)
    page = parse(tour_html("LoRA tour", made))
    sections = page.all("section")
    assert [s.attrs["id"] for s in sections] == ["slide-1", "slide-2", "slide-3"]
    for section, slide in zip(sections, made, strict=True):
        (img,) = section.all("img")
        scheme, data = img.attrs["src"].split(",", 1)
        assert scheme == "data:image/png;base64"
        assert base64.b64decode(data, validate=True) == slide.png
        width, height = png_size(slide.png)
        assert (img.attrs["width"], img.attrs["height"]) == (str(width), str(height))
        assert img.attrs["alt"] == f"Slide {slide.number} of 3: {slide.title}"
        assert section.one("h2").text() == slide.title
        assert section.one("p", class_="caption").text() == slide.caption
        evidence = section.one("figure", class_="evidence")
        assert evidence.one("blockquote").text() == slide.quote
        assert evidence.one("figcaption").text() == slide.source
    assert len(page.all("img")) == 3
    assert page.one("title").text() == "LoRA tour"


def test_previous_and_next_lead_through_the_slides_and_stop_at_the_ends() -> None:
    page = parse(tour_html("Tour", slides(3)))
    steps = []
    for section in page.all("section"):
        nav = section.one("nav", class_="steps")
        links = {a.attrs.get("rel", a.text()): a.attrs["href"] for a in nav.all("a")}
        steps.append((links, re.sub(r"\s+", " ", nav.text())))
    assert steps == [
        ({"next": "#slide-2", "contents": "#contents"}, "1 / 3 · next › · contents"),
        (
            {"prev": "#slide-1", "next": "#slide-3", "contents": "#contents"},
            "‹ previous · 2 / 3 · next › · contents",
        ),
        ({"prev": "#slide-2", "contents": "#contents"}, "‹ previous · 3 / 3 · contents"),
    ]
    contents = page.one("nav", id="contents")
    assert [(a.attrs["href"], a.text()) for a in contents.all("a")] == [
        (f"#slide-{n}", f"Stop {n}: LoRA and friends") for n in (1, 2, 3)
    ]
    ids = [node.attrs["id"] for node in page.all() if "id" in node.attrs]
    hrefs = {a.attrs["href"] for a in page.all("a")}
    assert len(ids) == len(set(ids)) and {h.removeprefix("#") for h in hrefs} <= set(ids)


def test_a_single_slide_has_neither_previous_nor_next() -> None:
    page = parse(tour_html("One", slides(1)))
    nav = page.one("nav", class_="steps")
    assert [a.text() for a in nav.all("a")] == ["contents"]
    assert "1 / 1" in nav.text()


def test_the_page_snaps_slide_by_slide_and_prints_one_slide_a_page() -> None:
    style = parse(tour_html("Tour", slides(2))).one("style").text()
    assert "scroll-snap-type: y mandatory" in style
    assert re.search(r"\.slide \{[^}]*height: 100vh", style)
    assert "scroll-snap-align: start" in style and "object-fit: contain" in style
    printed = style[style.index("@media print") :]
    assert "break-after: page" in printed and "scroll-snap-type: none" in printed


def test_the_page_runs_nothing_and_loads_nothing() -> None:
    html = tour_html("Tour", slides(3))
    page = parse(html)
    assert "<script" not in html.lower() and not page.all("script")
    assert {n.tag for n in page.all()} <= {
        *("html", "head", "meta", "title", "style", "body", "nav", "h1", "p", "ol", "li"),
        *("a", "section", "figure", "img", "div", "h2", "blockquote", "figcaption", "span"),
    }
    attributes = [(k, v) for node in page.all() for k, v in node.attrs.items()]
    assert not [k for k, _ in attributes if k.startswith("on") or k == "style"]
    assert all(v.startswith("#") for k, v in attributes if k == "href")
    assert all(v.startswith("data:image/png;base64,") for k, v in attributes if k == "src")
    assert not [k for k, _ in attributes if k in ("srcset", "action", "formaction", "poster")]
    assert not re.search(r"\b(https?|file|ftp|javascript):", html)
    style = page.one("style").text()
    assert "url(" not in style and "@import" not in style


def test_the_content_security_policy_allows_the_one_style_and_data_images() -> None:
    page = parse(tour_html("Tour", slides(2)))
    style = page.one("style").text()
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = page.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert csp == (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    assert page.one("meta", name="referrer").attrs["content"] == "no-referrer"
    assert page.one("meta", charset="utf-8")


def test_hostile_titles_and_quotes_come_out_as_text() -> None:
    hostile = [
        Slide(
            1,
            HOSTILE_TITLE,
            "<b>bold?</b> & <a href='https://x'>",
            HOSTILE_QUOTE,
            "",
            png(8, 8, (0, 0, 0)),
        ),
        Slide(2, 'A "title" with &amp; in it', "", "", "<i>source</i>", png(8, 8, (9, 9, 9))),
    ]
    html = tour_html(f"{HOSTILE_TITLE} tour", hostile)
    page = parse(html)
    assert not page.all("script") and not page.all("b") and not page.all("i")
    assert len(page.all("img")) == 2 and len(page.all("style")) == 1
    assert page.one("title").text() == f"{HOSTILE_TITLE} tour"
    assert page.one("h1").text() == f"{HOSTILE_TITLE} tour"
    first, second = page.all("section")
    assert first.one("h2").text() == HOSTILE_TITLE
    assert first.one("blockquote").text() == HOSTILE_QUOTE.strip()
    assert first.one("p", class_="caption").text() == "<b>bold?</b> & <a href='https://x'>"
    assert first.one("img").attrs["alt"] == f"Slide 1 of 2: {HOSTILE_TITLE}"
    assert second.one("h2").text() == 'A "title" with &amp; in it'
    assert not second.all("blockquote") and not second.all("p", class_="caption")
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [a.attrs["href"] for a in page.all("a")] == [
        "#slide-1",
        "#slide-2",
        "#slide-2",
        "#contents",
        "#slide-1",
        "#contents",
    ]


def test_a_picture_that_is_not_a_png_gets_no_size() -> None:
    assert png_size(png(1920, 2, (1, 2, 3))) == (1920, 2)
    assert png_size(b"GIF89a" + bytes(30)) == (0, 0)
    page = parse(tour_html("Tour", [Slide(1, "t", "", "", "", b"not a png")]))
    assert "width" not in page.one("img").attrs
