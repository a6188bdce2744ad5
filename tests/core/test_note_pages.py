"""Notes keep their page (issue 24, item 4): a note on words of a PDF cites the label printed
on the page they start on in every export; a note on a Markdown report cites none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer.core.annotate import workspace_titles
from explorer.core.notes.anchoring import target_for
from explorer.core.notes.export import (
    export_html,
    export_markdown,
    from_web_annotation,
    to_web_annotation,
)
from explorer.core.notes.models import Note, PassageTarget
from explorer.core.reports.models import Report
from explorer.core.workspace import Workspace
from tests.conftest import corpus
from tests.core.test_note_export import make_note

WORDS = {"16": "Creates the DER encoding", "i": "Table of Contents"}


@pytest.fixture
def ws(data_dir: Path, tmp_path: Path) -> Workspace:
    plain = tmp_path / "plain.md"
    plain.write_text("# Plain\n\n## Words\n\nSome plain words of a Markdown report.\n", "utf-8")
    workspace = Workspace(data_dir)
    workspace.add([corpus("docs-mix") / "libtasn1.pdf", plain])
    return workspace


def on_words(report: Report, number: int, words: str) -> Note:
    at = report.text.index(words)
    return make_note(number, target_for(report, at, at + len(words)), body=f"Note {number}.")


def notes(ws: Workspace) -> list[Note]:
    manual = ws.report("libtasn1")
    return [
        on_words(manual, 1, WORDS["16"]),
        on_words(manual, 2, WORDS["i"]),
        on_words(ws.report("plain"), 3, "plain words"),
    ]


def test_the_words_noted_are_on_the_pages_cited() -> None:
    """The pages the tests expect are those the manual prints the words on."""
    from explorer.core.reports import parse_file

    manual = parse_file(corpus("docs-mix") / "libtasn1.pdf")
    for label, words in WORDS.items():
        at = manual.text.index(words)
        passage = next(p for s in manual.sections for p in s.passages if p.start <= at < p.end)
        assert passage.page == label


def test_markdown_cites_the_page_of_a_pdf_note_and_none_for_markdown(ws: Workspace) -> None:
    md = export_markdown(notes(ws), workspace_titles(ws))
    lines = md.split("\n")
    meta = {
        n: next(line for line in lines[lines.index(f"Note {n}.") :] if "[Open in" in line)
        for n in "123"
    }
    assert meta["1"].startswith("p. 16 · [Open in Trend Explorer]")
    assert meta["2"].startswith("p. i · [Open in Trend Explorer]")
    assert "p. " not in meta["3"]


def test_html_cites_the_page_of_a_pdf_note_and_none_for_markdown(ws: Workspace) -> None:
    page = export_html(notes(ws), workspace_titles(ws))
    divs = {n: d for d in page.split('<div class="note">')[1:] for n in "123" if f"Note {n}." in d}
    assert '<p class="meta"><span class="page">p. 16</span> · <a href=' in divs["1"]
    assert '<span class="page">p. i</span>' in divs["2"]
    assert "p. " not in re.sub(r"<[^>]*>", "", divs["3"])


def test_json_carries_the_page_and_reads_back_the_same_notes(ws: Workspace) -> None:
    written = notes(ws)
    doc = to_web_annotation(written, workspace_titles(ws))
    pages = {item["body"][0]["value"]: item["target"]["te:page"] for item in doc["first"]["items"]}
    assert pages == {"Note 1.": "16", "Note 2.": "i", "Note 3.": None}
    assert from_web_annotation(json.dumps(doc)) == written


def test_words_no_longer_found_cite_no_page(ws: Workspace) -> None:
    note = notes(ws)[0]
    assert isinstance(note.target, PassageTarget)
    lost = note.model_copy(update={"target": note.target.model_copy(update={"orphaned": True})})
    md = export_markdown([lost], workspace_titles(ws))
    assert "p. 16" not in md and "not found in the report’s current text" in md
