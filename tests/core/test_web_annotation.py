"""Notes as W3C Web Annotation JSON: the required fields, an exact way back, clear errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.annotate import workspace_titles
from explorer.core.errors import ExplorerError
from explorer.core.notes.export import (
    from_web_annotation,
    to_json,
    to_web_annotation,
)
from explorer.core.notes.models import (
    ConceptTarget,
    EdgeTarget,
    Note,
    PassageTarget,
    ReportTarget,
    TextPosition,
    TextQuote,
)
from explorer.core.reports.models import Report
from explorer.core.workspace import Workspace
from tests.core.test_note_export import HOSTILE_TEXT, SEED, WHEN, make_note, sample_notes


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    return Workspace(data_dir)


@pytest.fixture
def report(ws: Workspace) -> Report:
    return ws.report(SEED)


def test_web_annotation_has_the_w3c_fields(report: Report, ws) -> None:
    notes = sample_notes(report)
    doc = to_web_annotation(notes, workspace_titles(ws))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(notes)
    items = doc["first"]["items"]
    assert doc["first"]["type"] == "AnnotationPage" and len(items) == len(notes)
    by_id = {item["id"]: item for item in items}
    hostile = by_id["urn:trend-explorer:note:note0003"]
    assert hostile["type"] == "Annotation" and hostile["motivation"] == "commenting"
    assert hostile["created"] == "2024-05-01T09:30:00+00:00"
    assert hostile["body"][0] == {
        "type": "TextualBody",
        "value": HOSTILE_TEXT,
        "format": "text/markdown",
    }
    assert {"type": "TextualBody", "purpose": "tagging", "value": "déjà-vu"} in hostile["body"]
    target = hostile["target"]
    assert target["source"] == f"explorer://report/{SEED}"
    start = report.sections[0].passages[0].start
    assert target["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": report.text[start : start + 50],
            "prefix": report.text[start - 32 : start],
            "suffix": report.text[start + 50 : start + 82],
        },
        {"type": "TextPositionSelector", "start": start, "end": start + 50},
    ]
    assert target["te:section"] == f"{SEED}#1" and target["te:orphaned"] is False
    highlight = by_id["urn:trend-explorer:note:note0002"]
    assert highlight["motivation"] == "highlighting" and "body" not in highlight
    concept = by_id["urn:trend-explorer:note:note0004"]["target"]
    assert concept["source"] == "explorer://concept/multimodality"
    assert concept["te:label"] == "Multimodality"


def test_every_kind_of_note_comes_back_exactly(report: Report) -> None:
    notes = sample_notes(report)
    assert from_web_annotation(to_json(notes)) == notes
    assert from_web_annotation(to_json(notes).encode("utf-8")) == notes


def _clean(tag: str) -> str:
    return " ".join(tag.split()).lstrip("#")


texts = st.text(max_size=30)
offsets = st.builds(
    dt.timezone,
    # ISO 8601 offsets are whole minutes; finer ones are kept in UTC by the model
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60).map(lambda m: dt.timedelta(minutes=m)),
)
datetimes = st.datetimes(timezones=st.none() | st.just(dt.UTC) | offsets)
quotes = st.builds(TextQuote, exact=st.text(min_size=1, max_size=60), prefix=texts, suffix=texts)
positions = st.builds(TextPosition, start=st.integers(0, 10**9), end=st.integers(0, 10**9))
targets = st.one_of(
    st.builds(
        PassageTarget,
        report=texts,
        section=texts,
        passage=st.none() | texts,
        quote=quotes,
        position=positions,
        orphaned=st.booleans(),
    ),
    st.builds(ConceptTarget, concept=texts),
    st.builds(EdgeTarget, source=texts, target=texts),
    st.builds(ReportTarget, report=texts),
)
tags = st.lists(texts, max_size=12)
notes_strategy = st.lists(
    st.builds(
        Note,
        id=st.from_regex(r"[A-Za-z0-9_-]{4,64}", fullmatch=True),
        created=datetimes,
        updated=datetimes,
        body=st.text(max_size=200) | st.just(""),
        tags=tags.map(tuple),
        target=targets,
    ),
    max_size=5,
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_strategy)
def test_any_notes_survive_the_json_round_trip(notes: list[Note]) -> None:
    assert from_web_annotation(to_json(notes)) == notes


def test_tag_cleaning_is_idempotent() -> None:
    once = make_note(1, ConceptTarget(concept="concept:a"), tags=("# a",))
    assert make_note(1, ConceptTarget(concept="concept:a"), tags=once.tags) == once


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("not json", "not valid JSON: Expecting value at line 1, column 1"),
        (b"\xff\xfe\x00", "not UTF-8"),
        ('{"type": "Something"}', "no list of annotations"),
        ("[1]", "Annotation 1 in the file is not a JSON object"),
        (
            '[{"type": "Annotation", "id": "x"}]',
            "Annotation 1 in the file has no Trend Explorer id",
        ),
    ],
)
def test_bad_files_get_one_sentence(data: str | bytes, words: str) -> None:
    with pytest.raises(ExplorerError, match=re.escape(words)):
        from_web_annotation(data)


def test_a_bad_annotation_is_named_by_its_number(report: Report) -> None:
    doc = to_web_annotation(sample_notes(report))
    items = doc["first"]["items"]
    items[1]["id"] = "urn:trend-explorer:note:no"  # too short for a note id
    items[2]["created"] = "yesterday"
    with pytest.raises(ExplorerError) as raised:
        from_web_annotation(json.dumps(doc))
    message = str(raised.value)
    assert (
        message.startswith("Annotation 2 in the file is not a valid note:") and " at id" in message
    )
    items[1]["id"] = "urn:trend-explorer:note:note0002"
    with pytest.raises(ExplorerError, match=r"^Annotation 3 .*ISO 8601 date in \"created\""):
        from_web_annotation(json.dumps(doc))
    del items[2]["target"]["selector"]
    items[2]["created"] = WHEN.isoformat()
    with pytest.raises(ExplorerError, match=r"Annotation 3 .* without a TextQuoteSelector"):
        from_web_annotation(json.dumps(doc))


def test_an_offset_finer_than_minutes_is_kept_in_utc_and_survives_export() -> None:
    odd = dt.timezone(dt.timedelta(microseconds=1))
    when = dt.datetime(2000, 1, 1, tzinfo=odd)
    note = Note(id="0000", created=when, updated=when, target=ConceptTarget(concept="concept:lora"))
    assert note.created == when and note.created.utcoffset() == dt.timedelta(0)
    assert from_web_annotation(to_json([note])) == [note]
