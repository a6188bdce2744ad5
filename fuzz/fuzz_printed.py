"""Fuzzing the Page view's drawing: a PDF the reader took (its text read whole in the
reader's child) drawn in this process, as the Page view draws it, with a passage marked.

The app opens a PDF in its own process only after the reader's child read the same bytes
(``PrintedPages`` checks the file's digest), so here too only inputs the reader took are
drawn: the fuzz_pdf harness's inputs (the fuzzer's bytes, the shared manual with bytes
changed, or PDFs written from the fuzzer's choices). Each of up to three pages is drawn at a
width the fuzzer picks, with the words of one of the report's passages; the answer is a
picture of that width whose marks lie inside it, or one sentence. A fault in pdfium's
drawing ends the fuzzer's process: that is what this harness looks for.
"""

from __future__ import annotations

from fuzz_pdf import START_SECONDS, chosen_pdf, manual_seeds
from fuzzkit import (
    Draw,
    TestOneInput,
    added_file,
    expect,
    instrumented,
    one_sentence,
    scratch_folder,
)

WIDTHS = (1, 199, 420, 1000, 4001)


def harness() -> TestOneInput:
    with instrumented("pypdfium2"):
        from explorer.core.errors import ExplorerError
        from explorer.core.reports import Report
        from explorer.core.reports.formats.pdf.child import time_limit
        from explorer.core.reports.formats.pdf.printed import PrintedPages
    folder = scratch_folder()
    seeds = manual_seeds()

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        raw, _built = chosen_pdf(draw, seeds)
        report = added_file(folder, "report.pdf", raw, time_limit(len(raw)) + START_SECONDS)
        if not isinstance(report, Report):
            return  # refused: the app never opens it
        passages = [p for s in report.sections for p in s.passages]
        path = folder / "drawn.pdf"
        path.write_bytes(raw)
        printer = PrintedPages()
        try:
            for _ in range(draw.number(1, 3)):
                words = draw.pick(passages).text if passages else ""
                width = draw.pick(WIDTHS)
                try:
                    page = printer.page(path, draw.number(1, 4), width, "1", words)
                except ExplorerError as exc:
                    one_sentence(str(exc))
                    continue
                picture = page.picture
                bound = max(200, min(4000, width)) + 1  # pdfium rounds up a pixel
                expect(picture.width <= bound, f"drawn {picture.width} wide, asked {width}")
                expect(picture.width * picture.height <= 16_000_000 * 1.01, "a huge picture")
                expect(len(picture.pixels) == picture.stride * picture.height, "short picture")
                for x, y, w, h in page.marks:
                    inside = x + w >= 0 and x <= picture.width and y <= picture.height
                    expect(inside and w >= 0 and h >= 0, f"a mark off the page: {(x, y, w, h)}")
        finally:
            printer.close()
            path.unlink()

    return test_one_input
