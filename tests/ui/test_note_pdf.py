"""Notes as a PDF: Qt's own writer, offscreen, loading nothing the page names."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from explorer.core.annotate import workspace_titles
from explorer.core.errors import ExplorerError
from explorer.core.exports import write_export
from explorer.core.notes.export import export_html
from explorer.core.notes.models import ConceptTarget
from explorer.core.workspace import Workspace
from explorer.ui.draw.pdf import OfflineDocument, notes_pdf, pdf_bytes
from tests.core.test_note_export import SEED, make_note, passage_note, sample_notes

PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def write_pdf(html: str, path: Path) -> None:
    """The notes' PDF, written as every export is (the test's own data folder refused)."""
    write_export(notes_pdf(html), path, Path(os.environ["EXPLORER_DATA_DIR"]))


def pages(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


def test_a_pdf_of_notes_has_a4_pages(qapp: QApplication, data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    report = ws.report(SEED)
    notes = [passage_note(report, n, n % 10, 0, 80, body=f"Note **{n}**") for n in range(1, 4)]
    path = tmp_path / "out" / "notes.pdf"
    path.parent.mkdir()
    write_pdf(export_html(notes, workspace_titles(ws), "Three notes"), path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pages(pdf) == 1
    (box,) = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert (round(float(box[0])), round(float(box[1]))) == (595, 842)  # A4 in points
    assert [p.name for p in path.parent.iterdir()] == ["notes.pdf"]  # no temp file left


def test_many_notes_flow_onto_more_pages(
    qapp: QApplication, data_dir: Path, tmp_path: Path
) -> None:
    ws = Workspace(data_dir)
    report = ws.report(SEED)
    notes = [passage_note(report, n, n % 10, 0, 300, body="Long. " * 60) for n in range(1, 40)]
    write_pdf(export_html(notes, workspace_titles(ws)), tmp_path / "many.pdf")
    assert pages((tmp_path / "many.pdf").read_bytes()) > 3


def test_hostile_notes_make_a_plain_pdf(qapp: QApplication, data_dir: Path, tmp_path: Path) -> None:
    ws = Workspace(data_dir)
    notes = sample_notes(ws.report(SEED))
    write_pdf(
        export_html(notes, workspace_titles(ws), "../../etc/passwd <script>"), tmp_path / "h.pdf"
    )
    pdf = (tmp_path / "h.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pages(pdf) >= 1
    assert b"/Subtype /Image" not in pdf


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{uri}" width="40" height="40">',
        '<img src="{path}">',
        '<table background="{uri}"><tr><td>cell</td></tr></table>',
        '<p style="background-image: url({path})">para</p>',
    ],
)
def test_the_document_loads_no_file_it_names(
    qapp: QApplication, tmp_path: Path, markup: str
) -> None:
    picture = tmp_path / "red.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture))
    html = "<p>before</p>" + markup.format(uri=picture.as_uri(), path=picture) + "<p>after</p>"
    plain = QTextDocument()  # the control: on its own, Qt does read the local file
    plain.setHtml(html)
    assert b"/Width 40" in pdf_bytes(plain)
    offline = OfflineDocument()
    offline.setHtml(html)
    assert b"/Width 40" not in pdf_bytes(offline)


def test_an_unwritable_place_gets_one_sentence(qapp: QApplication, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    note = make_note(1, ConceptTarget(concept="concept:a"), "x")
    with pytest.raises(ExplorerError, match="could not be written"):
        write_pdf(
            export_html([note], workspace_titles(Workspace(tmp_path / "d"))),
            tmp_path / "file" / "n.pdf",
        )
