"""Fuzzing tour files: any bytes, as tours/tours.json or a tours backup to read.

A third of the inputs are the fuzzer's own bytes. The rest start from a good tours file,
written as the store writes it (indented JSON with its checksum last): some bytes changed,
or some JSON values replaced, removed or added (then the checksum is made to match, dropped
or left stale), so that most inputs get past the JSON syntax to the validation.
``parse_tours_file`` answers with a tours file whose tours all have names, or a ValueError in
one sentence (tests/core/test_fuzz.py). A tours file that reads is also written back as the
store writes it, and must read back the same.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fuzzkit import (
    Draw,
    TestOneInput,
    as_json_bytes,
    changed_bytes,
    changed_json,
    expect,
    instrumented,
    one_sentence,
    peak_memory,
    shown,
    within_memory,
)


def harness() -> TestOneInput:
    with instrumented():
        from explorer.core.tours import ToursFile, parse_tours_file
        from explorer.core.userfile import checksum
    good = good_tours()

    def written(payload: dict[str, Any]) -> bytes:
        """As the store writes a user file: indented JSON, its checksum last."""
        payload = {**payload, "checksum": checksum(payload)}
        return (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    def tours_bytes(draw: Draw) -> bytes:
        mode = draw.number(0, 2)
        if mode == 0:
            return draw.rest()
        if mode == 1:
            return changed_bytes(written(good), draw)
        doc = changed_json(good, draw)
        if isinstance(doc, dict):
            doc.pop("checksum", None)
            seal = draw.number(0, 2)
            if seal == 0:
                doc["checksum"] = checksum(doc)
            elif seal == 1:
                doc["checksum"] = checksum(good)
        return as_json_bytes(doc, draw)

    def test_one_input(data: bytes) -> None:
        raw = tours_bytes(Draw(data))
        before = peak_memory()
        try:
            parsed, _migrated = parse_tours_file(raw)
        except ValueError as exc:
            one_sentence(str(exc))
            return
        finally:
            within_memory(raw, before)
        expect(isinstance(parsed, ToursFile), f"not a tours file: {shown(parsed)}")
        expect(all(t.name.strip() for t in parsed.tours), "a tour without a name was taken")
        again, _ = parse_tours_file(written(parsed.model_dump(mode="json")))
        expect(again == parsed, f"a tours file read back differently: {shown(raw)}")

    return test_one_input


def good_tours() -> dict[str, Any]:
    """A good tours file as JSON: the one of tests/core/test_fuzz.py, with a stop that uses
    every field and a tour in the trash."""
    from explorer.core.tours import Camera, Stop, Tour, ToursFile, TrashedTour

    when = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    later = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    stops = (
        Stop(id="s001", title="LoRA", view="local", focus="concept:lora", caption="Low rank."),
        Stop(
            id="s002", title="2024", view="trends", period="2024", camera=Camera(x=0, y=0, zoom=2)
        ),
        Stop(
            id="s003",
            title="Every field",
            view="graph",
            focus="section:ai-llm-advancements-2024#2",
            path=("concept:lora", "concept:quantization"),
            depth=3,
            kinds=("concept", "section"),
            camera=Camera(x=-1.5, y=99.0, zoom=0.5),
            evidence="ai-llm-advancements-2024#2.1",
            notes=("note0001",),
            speaker_notes="Say *this*.",
        ),
    )
    tour = Tour(id="tour1234", name="A tour", created=when, updated=later, stops=stops)
    gone = Tour(id="tour5678", name="Gone", created=when, updated=when)
    data = ToursFile(tours=[tour], trash=[TrashedTour(tour=gone, deleted=later)])
    dumped: dict[str, Any] = data.model_dump(mode="json")
    return dumped
