"""Web pages (.html, .htm, saved pages) → Markdown: the main text only.

Read with lxml's HTML parser (libxml2), which python-docx brings anyway: it never loads
anything (no network, no external entities, no scripts, no images) and repairs broken markup
as browsers do. Navigation, headers and footers, asides, scripts, styles, forms, embedded
frames and pictures, hidden elements and "¶" permalinks are dropped; ``<main>`` or
``<article>`` is read alone when the page has one. The title comes from ``<title>`` (else the
first ``<h1>``), the date from the page's metadata (``article:published_time``, ``dc.date``)
or its first ``<time datetime>``.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from explorer.core.errors import Cancel, RefusedFile
from explorer.core.reports.formats import compose

DROPPED_TAGS = frozenset(
    "nav footer aside script style noscript form svg math iframe frame frameset object embed "
    "template canvas video audio picture img map button select input textarea dialog head "
    "title meta link base".split()
)
"""Elements whose text is never part of a page's main text."""

NAVIGATION_MARKS = frozenset(
    "nav navbar navigation menu breadcrumb breadcrumbs sidebar header footer toc skip-link "
    "skiplink banner contentinfo complementary search copiable-anchor headerlink "
    "anchor-link permalink".split()
)
"""class, id or role words that mark navigation or furniture rather than text."""

_PERMALINK_TEXT = frozenset({"¶", "#", "§", "🔗", "link"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    "p div section article main blockquote address center figure figcaption details summary "
    "dl dt dd li fieldset hgroup header hr body html".split()
)
_APART = _BLOCKS | frozenset(_HEADINGS) | frozenset("br table tr td th caption ul ol pre".split())
"""Elements whose text is a word apart from the text around them."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_DATES = ("article:published_time", "dc.date", "dcterms.date", "dc.date.issued", "date")
MAX_DEPTH = 150
"""Elements nested deeper than this are read as plain text (no recursion without end)."""


def read(data: bytes, where: str, cancelled: Cancel | None = None) -> str:
    """The Markdown of a web page (see the module's docstring). It is read in this process
    in a moment, so ``cancelled`` is not asked (the add asks it before the next file)."""
    root = _parse(data, where)
    title = _title(root)
    date = _date(root)
    blocks = _Blocks()
    blocks.element(_main(root), 0)
    blocks.flush()
    if not any(b for b in blocks.out if not b.startswith("#")):
        raise RefusedFile(
            f"{where}: has no text to read outside its navigation, scripts and hidden parts."
        )
    return compose.document(title, date, blocks.out)


def _parse(data: bytes, where: str) -> lxml_html.HtmlElement:
    if not data.strip():
        raise RefusedFile(f"{where}: is empty; there is no text to add.")
    if b"\0" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RefusedFile(f"{where}: looks like a binary file, not a web page.")
    # huge_tree: a saved page may carry a picture of megabytes in one attribute, which
    # libxml2 would otherwise stop at, losing the rest of the text; the file's size is
    # bounded before it comes here, and HTML has no entities of its own to expand
    parser = lxml_html.HTMLParser(
        encoding=_encoding(data),
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise RefusedFile(f"{where}: cannot be read as a web page ({exc}).") from None
    return root


def _encoding(data: bytes) -> str | None:
    """The page's encoding when its bytes say nothing lxml would find: UTF-8 if they
    decode as UTF-8, else Windows-1252; None leaves lxml to read the page's own charset."""
    head = data[:2048].lower()
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"charset" in head:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _title(root: lxml_html.HtmlElement) -> str | None:
    for path in ("//title", "//h1"):
        for element in root.xpath(path):
            text = compose.words(element.text_content())
            if text:
                return text
    return None


def _date(root: lxml_html.HtmlElement) -> str | None:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content") or ""
    candidates = [metas.get(key) for key in _META_DATES]
    candidates += [t.get("datetime") for t in root.iter("time")]
    for value in candidates:
        found = compose.day(value) if value else None
        if found:
            return found
    return None


def _main(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """``<main>``, else ``<article>`` (the first with text), else the body."""
    for tag in ("main", "article"):
        for element in root.iter(tag):
            if not _dropped(element) and compose.words(element.text_content()):
                return element
    body = root.find("body")
    return body if body is not None else root


def _dropped(element: lxml_html.HtmlElement) -> bool:
    """Whether an element is furniture, hidden or a permalink rather than text."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or tag.lower() in DROPPED_TAGS:
        return True
    if tag.lower() == "header" and not _inside_article(element):
        return True
    attrs = element.attrib
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    marks = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}"
    if NAVIGATION_MARKS.intersection(marks.lower().split()):
        return True
    return tag.lower() == "a" and compose.words(element.text_content()) in _PERMALINK_TEXT


def _inside_article(element: lxml_html.HtmlElement) -> bool:
    """An article's own header holds its heading and byline: that is its text."""
    return any(a.tag in ("article", "main") for a in element.iterancestors())


class _Blocks:
    """One walk over a page's elements, gathering Markdown blocks in document order."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.line: list[str] = []

    def flush(self) -> None:
        """End the paragraph being gathered (text outside any block element counts too)."""
        text = compose.words("".join(self.line))
        self.line = []
        if text:
            self.out.append(compose.escape(text))

    def inline(self, text: str | None) -> None:
        if text:
            self.line.append(text)

    def element(self, element: lxml_html.HtmlElement, depth: int) -> None:
        if _dropped(element):
            return
        tag = str(element.tag).lower()
        if depth > MAX_DEPTH:
            self.inline(_text(element))
        elif tag in _HEADINGS:
            self.flush()
            text = compose.words(_text(element))
            if text:
                self.out.append(compose.heading(_HEADINGS[tag], text))
        elif tag == "pre":
            self.flush()
            self.out.append(compose.code(_text(element)))
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            self.out.append("\n".join(_items(element, 0)))
        elif tag == "table":
            self.flush()
            self.out.append(compose.table(_rows(element)))
        elif tag == "br":
            self.inline(" ")
        else:
            block = tag in _BLOCKS
            if block:
                self.flush()
            self.children(element, depth)
            if block:
                self.flush()

    def children(self, element: lxml_html.HtmlElement, depth: int) -> None:
        self.inline(element.text)
        for child in element:
            self.element(child, depth + 1)
            self.inline(child.tail)


def _text(element: lxml_html.HtmlElement, skip: frozenset[str] = frozenset()) -> str:
    """The text of an element without what is dropped (and without ``skip`` elements).

    A walk, not a recursion: markup may nest thousands of elements deep."""
    parts: list[str] = []
    left_out = 0  # inside how many elements whose text is left out
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if left_out or (
                node is not element and (_dropped(node) or str(node.tag).lower() in skip)
            ):
                left_out += 1
            else:
                apart = node is not element and str(node.tag).lower() in _APART
                parts.append(" " if apart else "")
                parts.append(node.text or "")
            continue
        if left_out:
            left_out -= 1
        if not left_out and node is not element:
            parts.append(" " if str(node.tag).lower() in _APART else "")
            parts.append(node.tail or "")
    return "".join(parts)


def _items(listing: lxml_html.HtmlElement, depth: int) -> list[str]:
    """A list's items as ``- `` lines, nested lists indented below their item (lists nested
    deeper than eight are read as their item's text)."""
    lines: list[str] = []
    nested = depth < 8
    for item in listing.iter("li"):
        if _owner(item) is not listing or _dropped(item):
            continue
        text = compose.words(_text(item, frozenset({"ul", "ol"}) if nested else frozenset()))
        if text:
            lines.append(compose.list_item(text, depth))
        for inner in item.iter("ul", "ol") if nested else ():
            if inner is not item and _owner(inner) is item and not _dropped(inner):
                lines.extend(_items(inner, depth + 1))
    return lines


def _owner(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The nearest list or list item above an element."""
    for ancestor in element.iterancestors("li", "ul", "ol"):
        return ancestor
    return None


def _rows(table: lxml_html.HtmlElement) -> list[list[str]]:
    """A table's rows of cell texts; a table inside a cell is read as that cell's text."""
    rows: list[list[str]] = []
    for row in table.iter("tr"):
        if next(row.iterancestors("table"), None) is not table or _dropped(row):
            continue
        cells = [c for c in row if str(c.tag).lower() in ("td", "th") and not _dropped(c)]
        rows.append([compose.words(_text(c)) for c in cells])
    return rows
