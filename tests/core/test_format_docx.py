"""Word files as reports: heading styles as sections with their levels, lists and tables as
text, title and date from the document's properties; broken files refused in a sentence."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from explorer.core.errors import RefusedFile
from explorer.core.reports import Report, parse_file, shown_words


def words_of(report: Report) -> str:
    return "\n".join(shown_words(report, p) for s in report.sections for p in s.passages)


def saved(document: docx.document.Document, folder: Path, name: str = "report.docx") -> Path:
    path = folder / name
    document.save(str(path))
    return path


def market_report() -> docx.document.Document:
    """A small report as people write them in Word: a title, headings, lists, a table."""
    document = docx.Document()
    document.core_properties.title = "Market watch: *AI* & chips"
    document.core_properties.created = dt.datetime(2024, 3, 5, 9, 30)
    document.add_paragraph("Market watch: *AI* & chips", style="Title")
    document.add_paragraph("Prepared for the <b>board</b>.")
    document.add_heading("Overview", level=1)
    document.add_paragraph("Spending on inference grew.")
    document.add_heading("Vendors", level=2)
    document.add_paragraph("GPUs", style="List Bullet")
    document.add_paragraph("TPUs in the cloud", style="List Bullet 2")
    document.add_paragraph("Custom accelerators", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "Vendor", (0, 1): "Share", (1, 0): "Acme | Ltd", (1, 1): "40%",
    }.items():  # fmt: skip
        table.cell(row, col).text = text
    document.add_heading("Outlook", level=1)
    document.add_paragraph("1. Prices fall; # of vendors rises.")
    return document


def test_headings_lists_and_tables_read_as_written(tmp_path: Path) -> None:
    report = parse_file(saved(market_report(), tmp_path))
    assert report.title == "Market watch: *AI* & chips"
    assert report.date == "2024-03-05"
    assert [(s.title, s.level) for s in report.sections] == [
        ("Market watch: *AI* & chips", 1),  # the text before the first heading
        ("Overview", 1),
        ("Vendors", 2),
        ("Outlook", 1),
    ]
    text = words_of(report)
    assert "Prepared for the <b>board</b>." in text
    assert "• GPUs • TPUs in the cloud • Custom accelerators" in text
    assert "- GPUs\n  - TPUs in the cloud\n- Custom accelerators" in report.text
    assert "Vendor · Share; Acme | Ltd · 40%" in text
    assert "1. Prices fall; # of vendors rises." in text
    assert "Market watch" not in text  # the Title paragraph is the title, not text


def test_a_lone_heading_1_stays_a_section(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Annual review"
    document.add_paragraph("Opening words.")
    document.add_heading("Findings", level=1)
    document.add_paragraph("Costs fell.")
    document.add_heading("Details", level=2)
    document.add_paragraph("By a third.")
    report = parse_file(saved(document, tmp_path))
    assert report.title == "Annual review"
    assert [(s.title, s.level) for s in report.sections] == [
        ("Annual review", 1),
        ("Findings", 1),
        ("Details", 2),
    ]


def test_title_from_the_title_style_and_no_template_date(tmp_path: Path) -> None:
    document = docx.Document()  # python-docx's template: no title, its own 2013 stamp
    document.add_paragraph("Field notes", style="Title")
    document.add_paragraph("Nothing dated here.")
    report = parse_file(saved(document, tmp_path, "field-notes.docx"))
    assert report.title == "Field notes"
    assert report.date is None


def test_modified_date_when_no_creation_date(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.created = dt.datetime(2013, 12, 23, 23, 15)
    document.core_properties.modified = dt.datetime(2021, 6, 1, 12, 0)
    document.add_paragraph("Text.")
    assert parse_file(saved(document, tmp_path)).date == "2021-06-01"


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def without_document_xml() -> bytes:
    buffer = io.BytesIO()
    market_report().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        parts = {n: package.read(n) for n in package.namelist() if n != "word/document.xml"}
    return zipped(parts)


def styles_of_another_type() -> bytes:
    """The styles part listed with a type that is not styles': python-docx fails only when a
    paragraph's style is asked for, after the file has opened (found by fuzzing)."""
    buffer = io.BytesIO()
    market_report().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    styles = b"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    assert styles in parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(styles, b"text/plain")
    return zipped(parts)


def headings_only() -> bytes:
    document = docx.Document()
    document.add_heading("Only a heading", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (b"", "is empty"),
        (bytes(range(256)) * 16, "is not a Word file (.docx) that can be read"),
        (zipped({"hello.txt": b"hi"}), "cannot be read as a Word file"),
        (without_document_xml(), "cannot be read as a Word file"),
        (styles_of_another_type(), "cannot be read as a Word file"),
        (headings_only(), "has no text to read"),
    ],
)
def test_broken_word_files_are_refused_in_one_sentence(
    tmp_path: Path, data: bytes, sentence: str
) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(RefusedFile) as refused:
        parse_file(path)
    message = str(refused.value)
    assert sentence in message and "broken.docx" in message
    assert "\n" not in message and "Traceback" not in message
