"""The rendered reader, driven with real clicks and keys: Markdown shown as a document,
marks and links clickable, nothing loaded, and a selection mapped to its exact source."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QFont, QFontMetrics, QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.core.errors import RefusedFile
from explorer.core.notes.models import PassageTarget
from explorer.core.reports import (
    Report,
    Span,
    document_positions,
    parse_file,
    parse_text,
    render_section,
)
from explorer.ui.main_window import MainWindow
from explorer.ui.reader.view import Reader
from tests.conftest import corpus
from tests.ui.conftest import ask, do, noted, opened

DOC = """# Guide

## Setup

Some **bold words** and *slanted words*, then see [the docs](https://milvus.io/docs) and
more words after it. Never [this one](javascript:alert(1)) though.

- first item with **strong text** inside
- second item
  - a nested item

> a quoted remark

| Name | Value |
|------|-------|
| alpha `beta` | gamma |
| delta | epsilon |

```python
x = compute(**kwargs)
```

![a diagram](https://example.com/diagram.png) and <img src="http://example.com/p.gif">.
"""


class SpyReader(Reader):
    """A reader that records every resource the document asks it for, and every web link
    it would open."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        super().__init__()
        self.opened: list[str] = []
        self.open_url = lambda url: self.opened.append(url.toString())

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        self.asked.append(name.toString() if isinstance(name, QUrl) else str(name))
        return super().loadResource(kind, name)


def show(
    qtbot: QtBot, text: str, spans: dict[str, list[Span]] | None = None
) -> tuple[SpyReader, Report]:
    report = parse_text(text, "doc")
    reader = SpyReader()
    qtbot.addWidget(reader)
    reader.resize(900, 1200)
    reader.show()
    qtbot.waitExposed(reader)
    with qtbot.waitSignal(reader.section_shown, timeout=5_000):
        reader.show_section(report, report.sections[0], spans or {})
    return reader, report


def cursor_at(reader: Reader, words: str, offset: int = 0) -> QTextCursor:
    found = reader.document().find(words)
    assert not found.isNull(), f"{words!r} is not shown"
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart() + offset)
    return cursor


def point(reader: Reader, words: str, offset: int = 0) -> QPoint:
    """Where, on screen, the middle of a shown character is."""
    here = reader.cursorRect(cursor_at(reader, words, offset))
    after = reader.cursorRect(cursor_at(reader, words, offset + 1))
    x = (here.left() + after.left()) // 2 if after.top() == here.top() else here.left() + 2
    return QPoint(x, here.center().y())


def click(reader: Reader, where: QPoint) -> None:
    QTest.mouseClick(
        reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
    )


def select_by_keys(reader: Reader, words: str) -> None:
    """Click just before the words, then Shift+Right over them."""
    start = reader.cursorRect(cursor_at(reader, words))
    click(reader, QPoint(start.left() + 1, start.center().y()))
    reader.setFocus()
    for _ in words:
        QTest.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.textCursor().selectedText() == words


def select_by_mouse(reader: Reader, words: str) -> None:
    """Press before the first character, drag to after the last, release."""
    first = reader.cursorRect(cursor_at(reader, words))
    last = reader.cursorRect(cursor_at(reader, words, len(words)))
    start = QPoint(first.left() + 1, first.center().y())
    end = QPoint(last.left() + 1, last.center().y())
    viewport = reader.viewport()
    none = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, none, start)
    QTest.mouseMove(viewport, QPoint((start.x() + end.x()) // 2, end.y()))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, none, end)
    assert reader.textCursor().selectedText() == words


def monospaced(font: QFont) -> bool:
    """Whether every letter of ``font`` takes the same width, as a reader sees code set
    (fontconfig does not call every monospace font fixed-pitch: Noto Sans Mono is not)."""
    metrics = QFontMetrics(font)
    return metrics.horizontalAdvance("iiiiiiii") == metrics.horizontalAdvance("MMMMMMMM")


def test_markdown_is_shown_as_a_document(qtbot: QtBot) -> None:
    reader, _report = show(qtbot, DOC)
    text = reader.toPlainText()
    for marker in ("**", "](", "```", "### ", "> ", "|", "- first"):
        assert marker not in text.replace("compute(**kwargs)", ""), marker
    assert "see the docs and\u0020more words" in text.replace("\n", " ")
    assert "[image: a diagram] and [image]." in text
    heading = cursor_at(reader, "Setup").block()  # a sub-heading is a section of its own
    assert heading.blockFormat().headingLevel() > 0
    assert cursor_at(reader, "first item").block().textList() is not None
    assert cursor_at(reader, "a nested item").block().textList().format().indent() == 2
    assert cursor_at(reader, "gamma").currentTable() is not None
    assert cursor_at(reader, "Name").currentTable() is cursor_at(reader, "epsilon").currentTable()
    assert cursor_at(reader, "a quoted remark").blockFormat().leftMargin() > 0
    code = cursor_at(reader, "compute", 1)
    assert monospaced(code.charFormat().font())
    assert monospaced(cursor_at(reader, "beta", 1).charFormat().font())
    assert not monospaced(cursor_at(reader, "gamma", 1).charFormat().font())
    assert cursor_at(reader, "bold words", 1).charFormat().fontWeight() >= 600
    assert cursor_at(reader, "slanted", 1).charFormat().fontItalic()
    assert reader.asked == []  # the image links were never loaded


def test_only_a_click_on_a_web_link_opens_it(qtbot: QtBot) -> None:
    reader, _report = show(qtbot, DOC)
    assert reader.opened == []  # showing the page opened nothing
    click(reader, point(reader, "this one", 2))  # a javascript: link is only words
    click(reader, point(reader, "[image: a diagram]", 3))
    assert reader.opened == []
    with qtbot.waitSignal(reader.anchorClicked, timeout=2_000):
        click(reader, point(reader, "the docs", 2))
    assert reader.opened == ["https://milvus.io/docs"]


def test_marks_concepts_and_note_markers_stay_clickable(qtbot: QtBot) -> None:
    report = parse_text(DOC, "doc")
    [first, *_rest] = report.sections[0].passages
    at = first.text.index
    spans = {
        first.id: [
            (at("bold words"), at("bold words") + 10, "bold-words"),
            (at("slanted"), at("slanted") + 7, ""),
            (at("the docs"), at("the docs") + 8, "note:n1"),
        ]
    }
    reader, _report = show(qtbot, DOC, spans)
    with qtbot.waitSignal(reader.concept_clicked, timeout=2_000) as concept:
        click(reader, point(reader, "bold words", 3))
    assert concept.args == ["concept:bold-words"]
    marked = cursor_at(reader, "slanted", 1).charFormat()
    assert marked.background().color().name() == reader.colours()["mark"]
    with qtbot.waitSignal(reader.note_clicked, timeout=2_000) as note:
        click(reader, point(reader, "\u270e"))
    assert note.args == ["n1"]
    with qtbot.waitSignal(reader.note_clicked, timeout=2_000) as note:
        click(reader, point(reader, "the docs", 4))  # the noted words themselves
    assert note.args == ["n1"]


@pytest.mark.parametrize(
    ("words", "source", "how"),
    [
        ("strong text inside", "strong text** inside", "keys"),  # in a list item
        ("alpha beta", "alpha `beta", "mouse"),  # in a table cell
        ("docs and more words", "docs](https://milvus.io/docs) and\nmore words", "mouse"),
        ("and more words", "and\nmore words", "keys"),  # after a link
        ("second item", "second item", "mouse"),
        ("Some bold words and", "Some **bold words** and", "mouse"),
    ],
)
def test_a_selection_maps_to_its_exact_source(
    qtbot: QtBot, words: str, source: str, how: str
) -> None:
    reader, report = show(qtbot, DOC)
    assert words in reader.toPlainText()
    (select_by_keys if how == "keys" else select_by_mouse)(reader, words)
    span = reader.selected_span()
    assert span is not None
    assert report.text[span[0] : span[1]] == source


def test_hostile_markdown_loads_and_runs_nothing(qtbot: QtBot) -> None:
    hostile = (
        "# Hostile\n\n## Part\n\n<script>alert('x')</script>\n\n"
        'Words <script>alert(1)</script> and <iframe src="http://evil.org/f"></iframe> end.\n\n'
        "[click](javascript:alert(document.cookie)) ![remote](http://evil.org/track.png)\n\n"
        '<img src="http://evil.org/pixel.gif" alt="pixel"> <img src=file:///etc/passwd>\n\n'
        "<style>p{background:url(http://evil.org/x)}</style>\n\n"
        + "".join("  " * i + "- level\n" for i in range(1000))
        + "\n"
        + "| "
        + " | ".join(f"h{i}" for i in range(40))
        + " |\n|"
        + "---|" * 40
        + "\n"
        + "".join("| " + " | ".join(f"c{r}.{i}" for i in range(40)) + " |\n" for r in range(300))
    )
    reader, _report = show(qtbot, hostile)
    click(reader, point(reader, "click", 2))
    click(reader, point(reader, "[image: remote]", 3))
    text = reader.toPlainText()
    assert "Words alert(1) and end." in text and "c299.39" in text and "level" in text
    assert reader.asked == [] and reader.opened == []
    block = reader.document().begin()
    while block.isValid():
        fragment = block.begin()
        while not fragment.atEnd():
            assert not fragment.fragment().charFormat().isImageFormat()
            fragment += 1
        block = block.next()
    html = reader.toHtml().lower()
    for tag in ("<img", "<iframe", "<script", "javascript:", "evil.org"):
        assert tag not in html, tag


MILVUS_POSTS = [
    "blog__en__2021-03-15-Milvus-Data-Migration-Tool.md",
    "blog__en__2021-06-15-building-a-milvus-cluster-based-on-juicefs.md",
    "blog__en__2021-11-19-run-milvus-2.0-on-windows.md",
    "blog__en__2021-12-31-get-started-with-milvus-cli.md",
    "blog__en__2022-03-10-manage-your-milvus-vector-database-with-one-click-simplicity.md",
]


@pytest.mark.parametrize("name", MILVUS_POSTS)
def test_milvus_posts_show_no_markdown_markers(qtbot: QtBot, name: str) -> None:
    path = corpus("milvus-blog-en") / name
    source = path.read_text(encoding="utf-8")
    assert all(marker in source for marker in ("](", "**", "```"))
    report = parse_file(path)
    reader = SpyReader()
    qtbot.addWidget(reader)
    shown = []
    for section in report.sections:
        with qtbot.waitSignal(reader.section_shown, timeout=5_000):
            reader.show_section(report, section, {})
        shown.append(reader.toPlainText())
    text = "\n".join(shown)
    for marker in ("](", "**", "```"):
        assert marker not in text, marker
    assert reader.asked == []


def test_a_note_on_words_in_a_list_item_keeps_their_exact_source(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    doc = tmp_path / "lists.md"
    doc.write_text(
        "# Lists\n\n## Tools\n\nWe compare:\n\n- **Milvus** with `HNSW` indexes\n"
        "- [Faiss](https://faiss.ai) as a *library*\n",
        encoding="utf-8",
    )
    do(qtbot, window, lambda ws: ws.add([doc]))
    with opened(qtbot, window, "lists#1"):
        window.navigator.open_section("lists#1")
    reader = window.reader
    opened_urls: list[QUrl] = []
    reader.open_url = opened_urls.append
    select_by_mouse(reader, "Faiss as a library")  # starts on a link: a drag, not a click
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with noted(qtbot, window), opened(qtbot, window):
        QTest.keyClick(reader, Qt.Key.Key_N, both)
    [note] = ask(qtbot, window, lambda ws: ws.notes().notes())
    assert isinstance(note.target, PassageTarget)
    report = ask(qtbot, window, lambda ws: ws.report("lists"))
    start, end = note.target.position.start, note.target.position.end
    assert report.text[start:end] == "Faiss](https://faiss.ai) as a *library"
    assert note.target.quote.exact == report.text[start:end]
    with qtbot.waitSignal(reader.note_clicked, timeout=2_000):
        click(reader, point(reader, "\u270e"))
    assert opened_urls == []


def test_a_long_section_opens_at_its_passage_and_is_then_shown_whole(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    doc = tmp_path / "long.md"
    paragraphs = "".join(f"Paragraph number {i}: {'words ' * 60}\n\n" for i in range(300))
    doc.write_text(f"# Long\n\n## All of it\n\n{paragraphs}", encoding="utf-8")
    do(qtbot, window, lambda ws: ws.add([doc]))
    _report, section = ask(qtbot, window, lambda ws: ws.section("long#1"))
    target = section.passages[200]
    with opened(qtbot, window, "long#1"):
        window.navigator.open_section("long#1", target.id)
    reader = window.reader
    text = reader.toPlainText()
    assert "Paragraph number 0:" in text and "Paragraph number 299:" in text
    top = reader.cursorForPosition(QPoint(10, 10)).block().text()
    assert top.startswith("Paragraph number 200:")


def test_every_character_of_the_corpora_is_found_in_the_laid_out_page(qtbot: QtBot) -> None:
    """The selection map lines the document Qt lays out with the page's characters: for
    every section of the shared corpora, each character is found, in order."""
    reader = SpyReader()
    qtbot.addWidget(reader)
    files = [*corpus("milvus-blog-en").glob("*.md"), *corpus("llm-course-report").glob("*.md")]
    files += corpus("messy-mix").glob("*.md")
    sections = 0
    for path in sorted(files):
        try:
            report = parse_file(path)
        except RefusedFile:
            continue
        for section in report.sections:
            page = render_section(report, section, {}, None, reader.colours())
            reader.show_page(section.id, page)
            positions = document_positions(page, reader.document().toRawText())
            found = [index for index in positions if index >= 0]  # twice: beyond U+FFFF
            assert list(dict.fromkeys(found)) == list(range(len(page.text))), section.id
            sections += 1
    assert sections > 2000 and reader.asked == []
