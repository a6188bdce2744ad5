"""Adding a report again (issue 24, item 5): an unchanged PDF, web page or Word file costs
nothing (it is not read again); a changed PDF is read again and its notes follow their
words, as a Markdown report's do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QPainter

from explorer.core.notes.anchoring import target_for
from explorer.core.notes.models import PassageTarget
from explorer.core.reports import formats
from explorer.core.workspace import Workspace
from tests.conftest import corpus
from tests.core.test_format_pdf import Draw, _write
from tests.core.test_format_pdf import _pdf as pdf_of


def _pdf(pages: list[list[str]]) -> bytes:
    """A PDF of pages of lines (11 pt, one line every 16 points)."""

    def page(lines: list[str]) -> Draw:
        def draw(painter: QPainter) -> None:
            for row, line in enumerate(lines):
                _write(painter, 72, 100 + 16 * row, line, 11)

        return draw

    return pdf_of([page(lines) for lines in pages])


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the format readers are asked to read, from now on."""
    read: list[str] = []
    real = formats.to_markdown

    def counted(path: Path, *args: object, **kwargs: object) -> str:
        read.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "to_markdown", counted)
    return read


def test_unchanged_files_of_every_format_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("libtasn1.pdf", "zlib_how.html"):
        shutil.copyfile(corpus("docs-mix") / name, folder / name)
    ws = Workspace(tmp_path / "data")
    first = ws.add([folder]).value
    assert len(first.added) == 2
    read = _reads(monkeypatch)
    again = ws.add([folder]).value
    assert read == [] and sorted(again.unchanged) == sorted(e.id for e in first.added)

    page = folder / "zlib_how.html"
    page.write_bytes(page.read_bytes().replace(b"zlib", b"Zlib", 1))
    changed = ws.add([folder]).value
    assert read == ["zlib_how.html"] and len(changed.updated) == 1


def test_a_file_read_by_an_older_reader_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "manual.pdf"
    shutil.copyfile(corpus("docs-mix") / "libtasn1.pdf", pdf)
    ws = Workspace(tmp_path / "data")
    ws.add([pdf])
    monkeypatch.setattr(formats, "READERS_VERSION", formats.READERS_VERSION + 1)
    read = _reads(monkeypatch)
    assert ws.add([pdf]).value.unchanged == ["manual"] and read == ["manual.pdf"]
    assert ws.entry("manual").source == formats.source_digest(pdf)  # kept for next time
    assert ws.add([pdf]).value.unchanged == ["manual"] and read == ["manual.pdf"]


def test_a_changed_pdf_is_read_again_and_its_notes_follow_their_words(
    qapp: object, tmp_path: Path
) -> None:
    pdf = tmp_path / "brief.pdf"
    kept = "Vector indexes trade recall for speed in most systems."
    pdf.write_bytes(_pdf([["Summary of the brief on search."], [kept]]))
    ws = Workspace(tmp_path / "data")
    ws.add([pdf])
    report = ws.report("brief")
    start = report.text.index(kept)
    ws.notes().add(target_for(report, start, start + len(kept)), "recall against speed")

    pdf.write_bytes(_pdf([["Summary of the brief on search."], ["A new first line.", kept]]))
    summary = ws.add([pdf]).value
    assert summary.updated and summary.reanchored == 1
    [note] = ws.notes().notes()
    text = ws.report("brief").text
    assert isinstance(note.target, PassageTarget)
    assert text[note.target.position.start : note.target.position.end] == kept
    assert note.target.passage is not None
    assert ws.passage(note.target.passage)[2].page == "2"
