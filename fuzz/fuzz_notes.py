"""Fuzzing notes to import: any bytes, as the file `explorer notes import` or the window's
import is given (``notes_in_file``).

A quarter of the inputs are the fuzzer's own bytes, a quarter its bytes after
``{"@context": `` (as in tests/core/test_fuzz.py). The rest start from good files of the two
kinds an import reads, each with a note on a passage, a concept, a link and a report: the
app's own notes file (with its checksum) and a W3C Web Annotation export. Either some bytes
are changed, or some JSON values replaced, removed or added. The answer is a list of notes,
or an ExplorerError in one sentence (tests/core/test_fuzz.py); notes that were read must also
come back the same through an export and an import (tests/core/test_web_annotation.py).
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
        from explorer.core.errors import ExplorerError
        from explorer.core.notes import notes_in_file, to_json
        from explorer.core.userfile import checksum
    notes_file, annotations = good_files()
    seeds = (notes_file, annotations)

    def written(payload: Any) -> bytes:
        if isinstance(payload, dict) and "schema_version" in payload:
            payload = {**payload, "checksum": checksum(payload)}
        return (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    def notes_bytes(draw: Draw) -> bytes:
        mode = draw.number(0, 3)
        if mode == 0:
            return draw.rest()
        if mode == 1:
            return b'{"@context": ' + draw.rest()
        seed = draw.pick(seeds)
        if mode == 2:
            return changed_bytes(written(seed), draw)
        doc = changed_json(seed, draw)
        if isinstance(doc, dict) and "schema_version" in doc and draw.flag():
            doc["checksum"] = checksum({k: v for k, v in doc.items() if k != "checksum"})
        return as_json_bytes(doc, draw)

    def test_one_input(data: bytes) -> None:
        raw = notes_bytes(Draw(data))
        before = peak_memory()
        try:
            notes = notes_in_file(raw)
        except ExplorerError as exc:
            one_sentence(str(exc))
            return
        finally:
            within_memory(raw, before)
        exported = to_json(notes).encode("utf-8")
        expect(notes_in_file(exported) == notes, f"notes changed on the way back: {shown(raw)}")

    return test_one_input


def good_files() -> tuple[dict[str, Any], Any]:
    """A notes file and a Web Annotation export, as JSON, of the same four notes."""
    from explorer.core.notes import (
        ConceptTarget,
        EdgeTarget,
        Note,
        PassageTarget,
        ReportTarget,
        to_json,
    )
    from explorer.core.notes.models import NotesFile, TextPosition, TextQuote, TrashedNote

    when = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    later = dt.datetime(2024, 6, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    passage = PassageTarget(
        report="ai-llm-advancements-2024",
        section="ai-llm-advancements-2024#2",
        passage="ai-llm-advancements-2024#2.1",
        quote=TextQuote(exact="low-rank adaptation", prefix="such as ", suffix=" (LoRA)"),
        position=TextPosition(start=120, end=139),
    )
    notes = [
        Note(id="note0001", created=when, updated=later, body="Cheap *tuning*.", target=passage),
        Note(
            id="note0002",
            created=when,
            updated=when,
            tags=("lora", "data-privacy"),
            target=ConceptTarget(concept="concept:lora"),
        ),
        Note(
            id="note0003",
            created=later,
            updated=later,
            body="<script>alert(1)</script>",
            target=EdgeTarget(source="concept:lora", target="concept:quantization"),
        ),
        Note(id="note0004", created=when, updated=when, target=ReportTarget(report="r")),
    ]
    trash = [TrashedNote(note=notes[3].model_copy(update={"id": "note0005"}), deleted=later)]
    notes_file: dict[str, Any] = NotesFile(notes=notes, trash=trash).model_dump(mode="json")
    return notes_file, json.loads(to_json(notes))
