"""Fuzzing library files: any bytes, as library.json, one of its backups, or the file given
to `explorer library recover --backup` is read (``parse_library``).

A third of the inputs are the fuzzer's own bytes. The rest start from a good library file of
two reports (one with a date the user set) and a remembered date of a removed report: some
bytes changed, or some JSON values replaced, removed or added, now and then a list made far
longer than a real one. ``parse_library`` answers with a library file or a ValueError in one
sentence, in memory bounded by the file's size (fuzzkit.within_memory). A library file that
reads is also written back as the library writes it, and must read back the same.
"""

from __future__ import annotations

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
        from explorer.core.library import LibraryFile, parse_library
    good = good_library()

    def library_bytes(draw: Draw) -> bytes:
        mode = draw.number(0, 2)
        if mode == 0:
            return draw.rest()
        if mode == 1:
            return changed_bytes(json.dumps(good, indent=2).encode("utf-8"), draw)
        return as_json_bytes(changed_json(good, draw), draw)

    def test_one_input(data: bytes) -> None:
        raw = library_bytes(Draw(data))
        before = peak_memory()
        try:
            parsed = parse_library(raw)
        except ValueError as exc:
            one_sentence(str(exc))
            return
        finally:
            within_memory(raw, before)
        expect(isinstance(parsed, LibraryFile), f"not a library file: {shown(parsed)}")
        again = parse_library(parsed.model_dump_json(indent=2).encode("utf-8"))
        expect(again == parsed, f"a library file read back differently: {shown(raw[:300])}")

    return test_one_input


def good_library() -> dict[str, Any]:
    """A library file as JSON: two reports, one dated by the user, and a removed one's date."""
    from explorer.core.library import LibraryFile
    from explorer.core.reports import ReportEntry

    seed = ReportEntry(
        id="ai-llm-advancements-2024",
        title="Detailed Report on Advancements in AI LLMs (2024)",
        path="/home/user/reports/ai-llm-advancements-2024.txt",
        date="2024-01-01",
        content_hash="a" * 64,
        sections=10,
        passages=48,
        added="2026-12-07T10:00:00+00:00",
    )
    post = seed.model_copy(
        update={
            "id": "milvus-post",
            "title": "A post",
            "path": "C:\\Users\\u\\posts\\post.md",
            "date": None,
            "user_date": "2023-05",
            "cut": 2,
        }
    )
    data = LibraryFile(reports=[seed, post], removed_dates={"/tmp/readme.md": "2023-05-06"})
    dumped: dict[str, Any] = data.model_dump(mode="json")
    return dumped
