"""Fuzzing the PDF reader: any bytes, as a ``.pdf`` file `explorer add` is given.

The file is read end to end, as ``Workspace.add`` reads it (``parse_file``: pdfium in a child
process with a time and memory limit, the reader's Markdown, then ``parse_text``), so each
input costs a process: runs are fewer than for the other formats (see run.py's RUNS_SHARE),
and the layout and Markdown code have a faster target of their own (fuzz_pdfpages.py).

Most inputs are PDFs written by this harness from the fuzzer's choices: pages of text runs
(where, how large, through what text matrix, spacing and scaling, hidden or not, soft
hyphens, bullets, page numbers, columns), an outline of one or two levels, page labels and the
document's title and date. Some of those have bytes changed after (pdfium repairs what it
can); others are the shared corpus's manual (libtasn1.pdf) with bytes changed, or the
fuzzer's own bytes.

The answer is a report whose offsets give back its text, or a RefusedFile in one sentence;
the reading child is gone after each input (``fuzzkit.added_file``), and no input takes
longer than the reader's own time limit (``child.time_limit``, plus a few seconds to start
the child). A PDF written here that pdfium opens is never "damaged": when one is refused so,
it is read again in this process to show what raised (the child turns any exception of the
layout or Markdown code into that refusal).
"""

from __future__ import annotations

from pathlib import Path

from fuzzkit import (
    Draw,
    TestOneInput,
    added_file,
    changed_bytes,
    expect,
    instrumented,
    scratch_folder,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "docs-mix" / "docs"
"""The shared corpus with a real PDF (a manual with an outline and page labels)."""
START_SECONDS = 10.0
"""What starting the child may add to the reader's own time limit."""

WORDS = (
    "The",
    "reader",
    "lines",
    "informa-",
    "tion",
    "inform\ufffe",
    "ation",
    "•",
    "◦ item",
    "1.",
    "2.2 Naming",
    "Naming",
    "Chapter 1",
    "Page 3",
    "page 3 of 9",
    "xii",
    "T-1",
    "—",
    "*",
    "<b>",
    "`code`",
    "# hash",
    "- dash",
    "|",
    "\\",
    "(",
    ")",
    "Running header",
    "libtasn1 manual",
    "end.",
    "A long line of words that goes on and on across the page.",
    "\t",
    "\u00a0",
    "caf\xe9",
    "\xad",
)
"""Text the layout and Markdown code treat apart (as Latin-1, the font's encoding)."""

NUMBERS = (
    "0",
    "-1",
    "0.001",
    "1",
    "12",
    "72",
    "300",
    "595",
    "842",
    "-842",
    "32767",
    "99999",
    "3.4e38",
    "340282346638528859811704183484516925440",
    "99999999999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999999999",
    ".",
    "-",
    "1e",
    "nan",
)
"""Numbers for positions, sizes and matrices: the page's, tiny, huge, and not numbers."""

LABEL_STYLES = ("/D", "/r", "/R", "/a", "/A", "", "/Q")
DATES = ("D:20240131120000Z", "D:2024", "D:202413", "D:20240230", "D:19991231", "nope", "")


def harness() -> TestOneInput:
    with instrumented("pypdfium2"):
        from explorer.core.reports.formats.pdf import document
        from explorer.core.reports.formats.pdf.child import time_limit
    folder = scratch_folder()
    seeds = manual_seeds()

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        raw, built = chosen_pdf(draw, seeds)
        seconds = time_limit(len(raw)) + START_SECONDS
        got = added_file(folder, draw.pick(("report.pdf", "REPORT.PDF")), raw, seconds)
        if built and isinstance(got, str) and "damaged" in got:
            document.convert(raw)  # in this process: what raised in the child raises here
            expect(False, f"a PDF written here was refused as damaged: {got}")

    return test_one_input


def manual_seeds() -> list[bytes]:
    """The shared corpus's manual, when it is there, for inputs made by changing it."""
    manual = CORPUS / "libtasn1.pdf"
    return [manual.read_bytes()] if manual.is_file() else []


def chosen_pdf(draw: Draw, seeds: list[bytes]) -> tuple[bytes, bool]:
    """The fuzzer's bytes, a seed with bytes changed, or a PDF written here (with bytes
    changed now and then); and whether it is a PDF written here as it was written."""
    mode = draw.number(0, 7)
    if mode == 0:
        return draw.rest(), False
    if mode == 1 and seeds:
        return changed_bytes(seeds[0], draw, most=16), False
    raw = written_pdf(draw)
    if mode == 2:
        return changed_bytes(raw, draw, most=8), False
    return raw, True


def written_pdf(draw: Draw) -> bytes:
    """A PDF of the fuzzer's pages, outline, labels and metadata (a valid file, xref and all)."""
    pages = [page_content(draw) for _ in range(draw.number(1, 5))]
    first_page = 6
    objects: dict[int, bytes] = {}
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    objects[4] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    width = draw.pick(("595", "842", "300", "0", "-595", "99999"))
    for i, content in enumerate(pages):
        number = first_page + 2 * i
        objects[number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} 842] "
            f"/Resources << /Font << /F1 4 0 R >> >> /Contents {number + 1} 0 R >>"
        ).encode()
        objects[number + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    info = b"<< /Title %s /CreationDate %s >>" % (
        pdf_string(draw.pick(("", "A PDF Title", "(parens) \\ back", "x" * 400, *WORDS))),
        pdf_string(draw.pick(DATES)),
    )
    objects[5] = info
    next_number = first_page + 2 * len(pages)
    outline, next_number = outline_objects(draw, objects, len(pages), next_number, first_page)
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if outline:
        catalog += b" /Outlines 3 0 R"
    if draw.flag():
        catalog += b" /PageLabels << /Nums [%s] >>" % page_labels(draw, len(pages))
    objects[1] = catalog + b" >>"
    if not outline:
        objects[3] = b"null"
    return serialized(objects)


def page_content(draw: Draw) -> bytes:
    """A page's content stream: text runs where and as the fuzzer says."""
    ops = [b"BT"]
    for _ in range(draw.number(0, 24)):
        size = draw.pick(("10", "10", "10", "12", "18", "24", "6", *NUMBERS))
        ops.append(b"/F1 %s Tf" % size.encode())
        if draw.number(0, 3) == 0:
            matrix = " ".join(
                draw.pick(("1", "0", "0.5", "-1", *NUMBERS)) if draw.flag() else default
                for default in ("1", "0", "0", "1")
            )
            x, y = draw.pick(NUMBERS), draw.pick(NUMBERS)
            ops.append(f"{matrix} {x} {y} Tm".encode())
        else:
            x = str(draw.pick((72, 72, 100, 310, 320, 500)) + draw.number(0, 3))
            y = str(draw.number(0, 80) * 10)
            ops.append(f"1 0 0 1 {x} {y} Tm".encode())
        if draw.number(0, 5) == 0:
            ops.append(b"%s Tc %s Tz" % (draw.pick(NUMBERS).encode(), draw.pick(NUMBERS).encode()))
        if draw.number(0, 7) == 0:
            ops.append(b"%d Tr" % draw.number(0, 7))
        text = " ".join(draw.pick(WORDS) for _ in range(draw.number(1, 8)))
        ops.append(b"%s Tj" % pdf_string(text))
    ops.append(b"ET")
    return b"\n".join(ops)


def outline_objects(
    draw: Draw, objects: dict[int, bytes], pages: int, number: int, first_page: int
) -> tuple[bool, int]:
    """An outline of up to six bookmarks, each under the top or under the one before it."""
    count = draw.number(0, 6)
    if count == 0:
        return False, number
    items = list(range(number, number + count))
    parents: dict[int, int] = {}
    for i, item in enumerate(items):
        parents[item] = items[i - 1] if i and parents.get(items[i - 1]) == 3 and draw.flag() else 3
    for item in items:
        siblings = [other for other in items if parents[other] == parents[item]]
        at = siblings.index(item)
        children = [other for other in items if parents[other] == item]
        page = draw.number(-1, pages)  # one off the end too
        target = first_page + 2 * page if 0 <= page < pages else 0
        fields = [
            b"/Title " + pdf_string(draw.pick(("", "Naming", "2.2 Naming", *WORDS))),
            b"/Parent %d 0 R" % parents[item],
            b"/Dest [%d 0 R /XYZ 0 842 0]" % target,
        ]
        if at:
            fields.append(b"/Prev %d 0 R" % siblings[at - 1])
        if at + 1 < len(siblings):
            fields.append(b"/Next %d 0 R" % siblings[at + 1])
        if children:
            fields.append(
                b"/First %d 0 R /Last %d 0 R /Count %d" % (children[0], children[-1], len(children))
            )
        objects[item] = b"<< " + b" ".join(fields) + b" >>"
    top = [item for item in items if parents[item] == 3]
    objects[3] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
        top[0],
        top[-1],
        len(items),
    )
    return True, number + count


def page_labels(draw: Draw, pages: int) -> bytes:
    """A number tree of page label ranges: styles, prefixes (quotes and dashes too), starts."""
    ranges = []
    start = 0
    for _ in range(draw.number(1, 3)):
        style = draw.pick(LABEL_STYLES)
        prefix = draw.pick(("", "A-", '"q"', "--->", "x--y", " ", "\n", "T-", "long " * 30))
        entry = b"<< %s /P %s /St %d >>" % (
            f"/S {style}".encode() if style else b"",
            pdf_string(prefix),
            draw.number(-2, 4000),
        )
        ranges.append(b"%d %s" % (start, entry))
        start = min(pages, start + draw.number(0, 2))
    return b" ".join(ranges)


def pdf_string(text: str) -> bytes:
    """A PDF literal string of Latin-1 text (what the font's encoding shows)."""
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def serialized(objects: dict[int, bytes]) -> bytes:
    """The objects as a PDF file: header, bodies, a cross-reference table and the trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    top = max(objects)
    offsets = {}
    for number in range(1, top + 1):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects.get(number, b"null"))
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (top + 1)
    for number in range(1, top + 1):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        top + 1,
        xref,
    )
    return bytes(out)
