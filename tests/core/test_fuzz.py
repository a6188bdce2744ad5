"""Fuzzing where a user's words and files come in that the other fuzz tests leave out:
explorer:// links, tour files and notes to import. Whatever comes in, the answer is a value
or one ExplorerError/ValueError sentence, never another exception."""

from __future__ import annotations

import json
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.links import parse_open_link
from explorer.core.notes import notes_in_file
from explorer.core.tours import Camera, Stop, Tour, ToursFile, parse_tours_file

EXAMPLES = int(os.environ.get("EXPLORER_FUZZ_EXAMPLES", "300"))
"""Cases per test; a longer campaign: EXPLORER_FUZZ_EXAMPLES=20000 pytest tests/core/test_fuzz.py"""
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["report", "section", "start", "end", "concept", "source", "target", "quote", "x"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["%00", "%ZZ", "%C2%B2", "..%2F..%2Fetc", "ai-llm-advancements-2024#2"]),
)


def one_sentence(message: str) -> None:
    assert message and "Traceback" not in message and len(message) < 2000


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=6), st.text(max_size=20))
def test_any_link_parses_or_is_refused_in_one_sentence(
    pairs: list[tuple[str, str]], junk: str
) -> None:
    query = "&".join(f"{k}={v}" for k, v in pairs)
    for link in (f"explorer://open?{query}", f"explorer://open?{query}{junk}", junk):
        try:
            parsed = parse_open_link(link)
        except ExplorerError as exc:
            one_sentence(str(exc))
        else:
            assert parsed.report or parsed.section or parsed.concept or parsed.source


def _good_tours() -> bytes:
    import datetime as dt

    when = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    stops = (
        Stop(id="s001", title="LoRA", view="local", focus="concept:lora", caption="Low rank."),
        Stop(
            id="s002", title="2024", view="trends", period="2024", camera=Camera(x=0, y=0, zoom=2)
        ),
    )
    tour = Tour(id="tour1234", name="A tour", created=when, updated=when, stops=stops)
    return ToursFile(tours=[tour]).model_dump_json(indent=1).encode()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_tour_file_with_any_bytes_changed_reads_or_is_refused(
    changes: list[tuple[int, int]],
) -> None:
    raw = bytearray(_good_tours())
    for at, value in changes:
        raw[at % len(raw)] = value
    try:
        parsed, _ = parse_tours_file(bytes(raw))
    except ValueError as exc:
        one_sentence(str(exc))
    else:
        assert all(t.name.strip() for t in parsed.tours)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)


@FUZZ
@given(JSONISH)
def test_any_json_as_a_tour_file_or_notes_to_import_is_refused_in_one_sentence(
    data: object,
) -> None:
    raw = json.dumps(data, allow_nan=True).encode()
    try:
        parse_tours_file(raw)
    except ValueError as exc:
        one_sentence(str(exc))
    try:
        notes_in_file(raw)
    except ExplorerError as exc:
        one_sentence(str(exc))


@FUZZ
@given(st.binary(max_size=400), st.randoms(use_true_random=False))
def test_any_bytes_as_notes_to_import_are_refused_in_one_sentence(
    raw: bytes, rng: random.Random
) -> None:
    for candidate in (raw, b'{"@context": ' + raw[: rng.randrange(len(raw) + 1)]):
        try:
            notes_in_file(candidate)
        except ExplorerError as exc:
            one_sentence(str(exc))


LONG_KEY = "x" * 2000 + "\nsecond line"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"schema_version": 1, "tours": [], ' + json.dumps(LONG_KEY).encode() + b": 1}",
        b'{"schema_version": 1, "notes": [], ' + json.dumps(LONG_KEY).encode() + b": 1}",
        b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", '
        b'"first": {"items": [{' + json.dumps(LONG_KEY).encode() + b": 1}]}}",
    ],
    ids=["tours", "notes", "web annotation"],
)
def test_an_odd_unknown_key_is_named_in_one_short_line(raw: bytes) -> None:
    """A file with a 2,000-character key holding a line break: one line, not the key."""
    with pytest.raises((ExplorerError, ValueError)) as caught:
        if b'"tours"' in raw:
            parse_tours_file(raw)
        else:
            notes_in_file(raw)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300, message
