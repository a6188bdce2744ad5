"""Notes find their words again when a report's text changes; lost words orphan, never drop."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.annotate import resolve_target
from explorer.core.notes.anchoring import reanchor, target_for
from explorer.core.notes.models import PassageTarget
from explorer.core.reports.ingest import parse_text
from explorer.core.workspace import Workspace

ORIGINAL = """# Field notes

## Otters
Sea otters hold hands while they sleep so that they do not drift apart.

## Beavers
Beavers build dams from branches, mud and stones across slow streams.
"""


@pytest.fixture
def setup(data_dir: Path, tmp_path: Path) -> tuple[Workspace, Path]:
    doc = tmp_path / "field.md"
    doc.write_text(ORIGINAL)
    ws = Workspace(data_dir)
    ws.add([doc])
    return ws, doc


def passage_target(ws: Workspace, words: str) -> PassageTarget:
    report = ws.report("field")
    start = report.text.index(words)
    return target_for(report, start, start + len(words))


def test_quote_and_position_round_trip(setup: tuple[Workspace, Path]) -> None:
    ws, _ = setup
    target = passage_target(ws, "hold hands")
    assert target.quote.exact == "hold hands"
    assert target.quote.prefix.endswith("Sea otters ") and target.quote.suffix.startswith(" while")
    assert target.section == "field#1" and target.passage == "field#1.1"


def test_text_inserted_before_moves_the_note(setup: tuple[Workspace, Path]) -> None:
    ws, doc = setup
    note = ws.notes().add(passage_target(ws, "build dams"), body="engineering").value
    doc.write_text(ORIGINAL.replace("## Otters", "## Intro\nA new opening paragraph.\n\n## Otters"))
    summary = ws.add([doc]).value
    assert summary.updated and summary.reanchored == 1 and summary.orphaned == 0
    moved = ws.notes().get(note.id).target
    assert isinstance(moved, PassageTarget) and not moved.orphaned
    text = ws.report("field").text
    assert text[moved.position.start : moved.position.end] == "build dams"
    assert moved.section == "field#3"


def test_edited_words_are_found_fuzzily(setup: tuple[Workspace, Path]) -> None:
    ws, doc = setup
    words = "Sea otters hold hands while they sleep"
    note = ws.notes().add(passage_target(ws, words)).value
    doc.write_text(ORIGINAL.replace("hold hands while they sleep", "hold paws while they sleep"))
    ws.add([doc])
    moved = ws.notes().get(note.id).target
    assert isinstance(moved, PassageTarget) and not moved.orphaned
    assert moved.quote.exact.startswith("Sea otters hold paws")


def test_repeated_words_keep_their_context(data_dir: Path) -> None:
    text = "# T\n\nThe cat sat. The dog ran. The cat ate.\n"
    report = parse_text(text, "t")
    start = text.index("cat ate") - 0
    target = target_for(report, start, start + 3)  # the second "cat"
    edited = parse_text("# T\n\nIntro. The cat sat. The dog ran. The cat ate.\n", "t")
    moved = reanchor(target, edited)
    assert edited.text[moved.position.start : moved.position.end + 4] == "cat ate"


def test_deleted_words_orphan_the_note_but_keep_it(setup: tuple[Workspace, Path]) -> None:
    ws, doc = setup
    note = ws.notes().add(passage_target(ws, "branches, mud and stones"), body="keep me").value
    doc.write_text(ORIGINAL.split("## Beavers")[0])
    summary = ws.add([doc]).value
    assert summary.orphaned == 1
    kept = ws.notes().get(note.id)
    assert kept.body == "keep me"
    assert isinstance(kept.target, PassageTarget) and kept.target.orphaned
    assert kept.target.quote.exact == "branches, mud and stones"


def test_removing_or_moving_a_report_keeps_its_notes(setup: tuple[Workspace, Path]) -> None:
    ws, doc = setup
    note = ws.notes().add(passage_target(ws, "hold hands"), body="still here").value
    moved_doc = doc.with_name("moved.md")
    doc.rename(moved_doc)
    assert ws.add([moved_doc]).value.unchanged == ["field"]  # same text, same report
    ws.remove("field")
    assert ws.notes().get(note.id).body == "still here"


def test_resolve_target_from_ids(setup: tuple[Workspace, Path]) -> None:
    ws, _ = setup
    by_quote = resolve_target(ws, "field#2", quote="mud and stones")
    assert isinstance(by_quote, PassageTarget) and by_quote.quote.exact == "mud and stones"
    whole = resolve_target(ws, "field#1.1")
    assert isinstance(whole, PassageTarget) and whole.quote.exact.startswith("Sea otters")
