"""Fuzzing the Word file reader: any bytes, as a ``.docx`` file `explorer add` is given.

The file is read end to end, as ``Workspace.add`` reads it (``parse_file``: the reader's
Markdown, then ``parse_text``). The seeds are Word files written with python-docx when the
harness starts (title and dates, the Title style, headings and a style based on one, lists at
two levels, a table with merged cells and a table inside a cell, text full of Markdown's
characters), so nothing binary is kept here. A few inputs are the fuzzer's own bytes or a
seed with bytes changed (mostly refused at the zip); most change one XML part of a seed
(bytes changed, or WordprocessingML from a list spliced in) or leave a part out, and zip it
again, so that the fuzzer works on what python-docx and the reader make of the XML. The
answer is a report whose offsets give back its text, or a RefusedFile in one sentence.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from fuzzkit import (
    Draw,
    TestOneInput,
    added_file,
    changed_bytes,
    instrumented,
    mixed_text,
    scratch_folder,
)

XML = (
    "<w:p>",
    "</w:p>",
    "<w:r><w:t>",
    "</w:t></w:r>",
    '<w:r><w:t xml:space="preserve"> words * _x_ [y] </w:t></w:r>',
    "<w:pPr>",
    "</w:pPr>",
    '<w:pStyle w:val="Heading1"/>',
    '<w:pStyle w:val="Heading9"/>',
    '<w:pStyle w:val="Title"/>',
    '<w:pStyle w:val="ListBullet"/>',
    '<w:pStyle w:val="Nope"/>',
    "<w:numPr>",
    '<w:ilvl w:val="',
    '<w:numId w:val="',
    '"/>',
    "</w:numPr>",
    "0",
    "1",
    "-1",
    "99999999999999999999",
    "x",
    "<w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "</w:tc>",
    "</w:tr>",
    "</w:tbl>",
    '<w:gridSpan w:val="',
    "<w:vMerge/>",
    '<w:vMerge w:val="restart"/>',
    "<w:tblGrid><w:gridCol/></w:tblGrid>",
    "<w:br/>",
    "<w:tab/>",
    "<w:sdt><w:sdtContent>",
    "</w:sdtContent></w:sdt>",
    '<w:style w:type="paragraph" w:styleId="',
    '<w:basedOn w:val="',
    '<w:name w:val="',
    "heading 2",
    "</w:style>",
    "<dc:title>",
    "</dc:title>",
    '<dcterms:created xsi:type="dcterms:W3CDTF">',
    "</dcterms:created>",
    "2024-02-30T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "&amp;",
    "&#0;",
    "&#xFFFE;",
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>',
    "&a;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "\n",
    "\u2028",
    "Words of a paragraph. " * 40,
    "<w:tbl><w:tr><w:tc>" * 30,
)
"""WordprocessingML, core properties and XML that the reader and python-docx treat apart."""


def seeds() -> list[bytes]:
    """Word files of every kind of block the reader reads, written with python-docx."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.core_properties.title = "A *small* Word file"
    document.core_properties.created = dt.datetime(2024, 5, 1, 9, 30)
    document.add_paragraph("The title, again", style="Title")
    document.add_heading("Reading Word files", level=1)
    document.add_paragraph("Text with 3 * 4 < 13 & snake_case, `code` and [brackets].")
    document.add_heading("Lists", level=2)
    document.add_paragraph("first item", style="List Bullet")
    document.add_paragraph("nested item", style="List Bullet 2")
    document.add_paragraph("# not a heading", style="List Number")
    document.add_paragraph("1. not a list")
    own = document.styles.add_style("Chapter", WD_STYLE_TYPE.PARAGRAPH)
    own.base_style = document.styles["Heading 2"]
    document.add_paragraph("A heading of its own style", style="Chapter")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"cell {r}.{c} | pipe"
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(2, 2).add_table(rows=1, cols=2).cell(0, 1).text = "inner"
    document.add_heading("Deep", level=9)
    document.add_paragraph("The end.\tTabbed.")
    full = io.BytesIO()
    document.save(full)

    headings = docx.Document()  # refused: only a heading
    headings.add_heading("Only a heading", level=1)
    bare = io.BytesIO()
    headings.save(bare)
    return [full.getvalue(), bare.getvalue()]


def harness() -> TestOneInput:
    with instrumented("docx"):
        pass
    folder = scratch_folder()
    packages = [unzipped(seed) for seed in seeds()]
    raw_seeds = [zipped(parts, zipfile.ZIP_DEFLATED) for parts in packages]

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        added_file(folder, draw.pick(("report.docx", "REPORT.DOCX")), word_bytes(draw))

    def word_bytes(draw: Draw) -> bytes:
        mode = draw.number(0, 7)
        if mode == 0:
            return draw.rest()
        if mode == 1:
            return changed_bytes(draw.pick(raw_seeds), draw)
        parts = dict(draw.pick(packages))
        names = sorted(parts)
        name = draw.pick(names)
        if mode == 2:
            del parts[name]
        elif mode in (3, 4):
            parts[name] = changed_bytes(parts[name], draw, most=16) if parts[name] else b""
        else:  # WordprocessingML spliced into a part, most often the document itself
            if draw.flag():
                name = "word/document.xml"
            part = parts[name]
            start = draw.number(0, len(part))
            end = min(len(part), start + draw.number(0, 400))
            inserted = mixed_text(draw, XML, most=16).encode("utf-8", "surrogatepass")
            parts[name] = part[:start] + inserted + part[end:]
        method = zipfile.ZIP_STORED if draw.flag() else zipfile.ZIP_DEFLATED
        return zipped(parts, method)

    return test_one_input


def unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def zipped(parts: dict[str, bytes], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()
