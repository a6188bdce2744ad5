"""PDF reading: pages per second for text and headings, and a 300-page PDF added end to end.

1. The docs-mix manual (36 pages) and a 324-page PDF made of it (its pages nine times, with
   pypdfium2's import_pages): text in reading order, running lines dropped, headings
   (``document.convert``, in this process). Peer: pdfium's own text of every page
   (``get_text_range``), the floor of any PDF text reading. Target: ≥ 300 pages/s.
2. `explorer add` of the 324-page PDF in a fresh process (the child that reads it, the
   index, the library). Target: a few seconds.
3. The Page view: a page drawn 1,000 pixels wide with its passage marked
   (``PrintedPages.page``), the first time and again (from its cache), against pdfium's bare
   drawing of the same page. For information: no target.

Prints figures, not a test.   python benchmarks/pdf.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from common import explorer_command, report_target  # type: ignore[import-not-found]

from explorer.core.reports.formats.pdf.document import convert
from explorer.core.reports.formats.pdf.printed import PrintedPages

ROOT = Path(__file__).resolve().parents[1]
MANUAL = ROOT.parent / "shared" / "corpora" / "docs-mix" / "docs" / "libtasn1.pdf"


def repeated(times: int) -> bytes:
    """The manual's pages ``times`` over, as one PDF."""
    source = pdfium.PdfDocument(MANUAL.read_bytes())
    made = pdfium.PdfDocument.new()
    for _ in range(times):
        made.import_pages(source)
    with tempfile.TemporaryFile() as out:
        made.save(out)
        out.seek(0)
        return out.read()


def pages_per_second(data: bytes, read: object) -> tuple[int, float]:
    best = 0.0
    pages = len(pdfium.PdfDocument(data))
    for _ in range(3):
        start = time.perf_counter()
        read(data)  # type: ignore[operator]
        best = max(best, pages / (time.perf_counter() - start))
    return pages, best


def raw_text(data: bytes) -> None:
    document = pdfium.PdfDocument(data)
    for page in document:
        page.get_textpage().get_text_range()


def main() -> None:
    big = repeated(9)
    for name, data in (("the manual", MANUAL.read_bytes()), ("324 pages", big)):
        pages, ours = pages_per_second(data, convert)
        _, peer = pages_per_second(data, raw_text)
        print(f"{name}: {pages} pages, {ours:.0f} pages/s (pdfium's text alone: {peer:.0f})")
        report_target(
            f"PDF text and headings, {name}",
            ours,
            "pages/s",
            300,
            at_least=True,
            peer=f"{ours / peer:.2f} × pdfium's get_text_range",
        )
    page_view()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "manual-x9.pdf"
        path.write_bytes(big)
        seconds, peak, _ = explorer_command(Path(folder) / "data", "add", str(path))
        print(f"explorer add of 324 pages: {seconds:.2f} s, peak {peak:.0f} MB")
        report_target("explorer add of a 324-page PDF", seconds, "s", 5)


def page_view() -> None:
    words = "Creates the DER encoding of the provided length value."
    times: dict[str, list[float]] = {"first": [], "again": [], "pdfium": []}
    for _ in range(5):
        printer = PrintedPages()
        start = time.perf_counter()
        printer.page(MANUAL, 19, 1000, "16", words)
        times["first"].append(time.perf_counter() - start)
        start = time.perf_counter()
        printer.page(MANUAL, 19, 1000, "16", words)
        times["again"].append(time.perf_counter() - start)
        printer.close()
        start = time.perf_counter()
        document = pdfium.PdfDocument(str(MANUAL))
        page = document[18]
        page.render(scale=1000 / page.get_width(), prefer_bgrx=True).close()
        page.close()
        document.close()
        times["pdfium"].append(time.perf_counter() - start)
    first, again, bare = (min(times[k]) * 1000 for k in ("first", "again", "pdfium"))
    print(
        f"Page view, one page 1,000 px wide: {first:.1f} ms the first time "
        f"({first / bare:.2f} × pdfium's bare drawing, {bare:.1f} ms), {again:.2f} ms again"
    )


if __name__ == "__main__":
    main()
