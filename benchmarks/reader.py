"""Reader benchmark: opening a 2,000-line section in the rendered reader.

Run with ``.venv/bin/python benchmarks/reader.py [--lines N] [--runs R]``. It builds one
section of about 2,000 lines from milvus-blog-en posts (their headings made bold, so the
posts' paragraphs, lists, tables, code blocks, quotes, links and images all fall in one
section), with a concept mark every few words as the window would draw them, and times,
median of R runs, at 900×1000 (offscreen, or on the X display if ``DISPLAY`` is set):

- first look: what the window shows at once when a long section is opened, the passages
  from the focused one on (``render_section(..., preview=PREVIEW)``, on the worker in the
  app), the reader's ``show_page`` (setHtml, scroll) and the first paint (a synchronous
  viewport repaint); opened at the top and at a passage in the middle;
- whole page: the same for the whole section, which the window shows right after, in
  place of the first look;
- in the same run, two peers on the same text: ``QTextBrowser.setPlainText`` and the page
  the reader showed before it rendered Markdown (each passage escaped, in a paragraph),
  each followed by its first paint.

Target: the rendered reader opens the section (HTML + setHtml + first paint) within 100 ms.
Times are wall-clock medians; the machine may be shared, so compare within one run.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import report_target  # type: ignore[import-not-found]
from PySide6.QtWidgets import QApplication, QTextBrowser

from explorer.core.reports import Report, Section, Span, parse_text, render_section
from explorer.ui.navigator import PREVIEW
from explorer.ui.reader.view import Reader

TARGET_MS = 100.0
SIZE = (900, 1000)
POSTS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "milvus-blog-en" / "docs"
WORDS = re.compile(r"\b(?:Milvus|vector|search|index|data|model|query|embedding)s?\b", re.I)


def one_section(lines: int) -> tuple[Report, Section]:
    """About ``lines`` lines of milvus posts as one report of one section."""
    body: list[str] = []
    for post in sorted(POSTS.glob("*.md")):
        text = post.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
        text = re.sub(r"^#{1,6}[ \t]+(.+?)[ #]*$", r"**\1**", text, flags=re.M)
        body.extend(text.splitlines())
        if len(body) >= lines:
            break
    report = parse_text("# Posts\n\n" + "\n".join(body[:lines]) + "\n", "posts")
    [section] = report.sections
    return report, section


def concept_marks(section: Section) -> dict[str, list[Span]]:
    """A concept mark on each of a few common words, as the graph's matcher would give."""
    return {
        p.id: [(m.start(), m.end(), "milvus") for m in WORDS.finditer(p.text)]
        for p in section.passages
    }


def escaped_page(report: Report, section: Section) -> str:
    """The reader's page before it rendered Markdown: each passage escaped, in a paragraph."""
    parts = [f"<h2>{html.escape(section.title)}</h2><p>{html.escape(report.title)}</p>"]
    for passage in section.passages:
        body = html.escape(passage.text).replace("\n", "<br>")
        parts.append(f'<p><a name="{passage.id}"></a>{body}</p>')
    return "\n".join(parts)


def timed(work: Callable[[], object], runs: int, before: Callable[[], object] = list) -> float:
    """The median wall time of ``work``, in milliseconds (``before`` runs untimed first)."""
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    report, section = one_section(args.lines)
    marks = concept_marks(section)
    text = report.text[section.start : section.end]
    reader = Reader()
    reader.resize(*SIZE)
    reader.show()
    plain = QTextBrowser()
    plain.resize(*SIZE)
    plain.show()
    app.processEvents()
    colours = reader.colours()
    middle = section.passages[len(section.passages) // 2].id

    def opened(focus: str | None, preview: int | None) -> Callable[[], None]:
        def work() -> None:
            page = render_section(report, section, marks, focus, colours, preview)
            reader.show_page(section.id, page, focus)
            reader.viewport().repaint()

        return work

    def plain_text() -> None:
        plain.setPlainText(text)
        plain.viewport().repaint()

    old_page = escaped_page(report, section)

    def escaped() -> None:
        plain.setHtml(old_page)
        plain.viewport().repaint()

    whole = render_section(report, section, marks, None, colours)
    html_ms = timed(lambda: render_section(report, section, marks, None, colours), args.runs)
    empty = reader.show_empty_state  # as when the window opens
    first_ms = timed(opened(None, PREVIEW), args.runs, before=empty)
    first_middle_ms = timed(opened(middle, PREVIEW), args.runs, before=empty)
    # as in the window: the whole page replaces the first look
    whole_ms = timed(opened(None, None), args.runs, before=opened(None, PREVIEW))

    def show_whole() -> None:
        reader.show_page(section.id, whole)
        reader.viewport().repaint()

    gui_ms = timed(show_whole, args.runs, before=opened(None, PREVIEW))
    plain_ms = timed(plain_text, args.runs, before=plain.clear)
    escaped_ms = timed(escaped, args.runs, before=plain.clear)
    lines = text.count("\n") + 1
    print(
        f"section: {lines} lines, {len(text):,} characters, {len(section.passages)} passages, "
        f"{sum(len(m) for m in marks.values()):,} marks; page {len(whole.html):,} bytes of HTML"
    )
    print("  rendered reader (HTML + setHtml + first paint):")
    print(f"    first look, at the top:                        {first_ms:7.1f} ms")
    print(f"    first look, at a passage in the middle:        {first_middle_ms:7.1f} ms")
    print(f"    whole page, shown right after:                 {whole_ms:7.1f} ms")
    print(f"      of which HTML (render_section, on the worker): {html_ms:5.1f} ms")
    print(f"      of which setHtml + paint (on the GUI thread):  {gui_ms:5.1f} ms")
    print(f"  peer: setPlainText + first paint:                {plain_ms:7.1f} ms")
    print(f"  peer: escaped passages page + first paint:       {escaped_ms:7.1f} ms")
    print(
        f"  ratios to plain text: first look {first_ms / plain_ms:.1f}×, "
        f"whole page {whole_ms / plain_ms:.1f}×; to the escaped page: first look "
        f"{first_ms / escaped_ms:.1f}×, whole page {whole_ms / escaped_ms:.1f}×"
    )
    for name, ms in (("first look", max(first_ms, first_middle_ms)), ("whole page", whole_ms)):
        report_target(f"reader opens a 2,000-line section, {name}", ms, "ms", TARGET_MS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
