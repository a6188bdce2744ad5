"""One registry per list: concept kinds and report suffixes live in kinds.py, export formats in
explorer.core.exports."""

from __future__ import annotations

from explorer.core.exports import formats_of
from explorer.core.graph.vocabulary import load_taxonomy
from explorer.core.kinds import (
    CONCEPT_KIND_NAMES,
    NODE_KINDS,
    REPORT_SUFFIXES,
    VOCABULARY_KIND_NAMES,
    kind_colours,
    report_file_filter,
)
from explorer.core.reports.formats import READERS
from tests.conftest import ROOT


def test_the_vocabulary_uses_the_registered_kinds() -> None:
    used = {c.kind for c in load_taxonomy().concepts}
    assert used == set(VOCABULARY_KIND_NAMES)
    assert set(VOCABULARY_KIND_NAMES) < set(CONCEPT_KIND_NAMES)
    assert len(set(kind_colours().values())) == len(NODE_KINDS), "each kind its own colour"
    assert len(set(kind_colours(dark=True).values())) == len(NODE_KINDS)


def test_formats_and_suffixes_are_complete() -> None:
    notes = formats_of("notes")
    assert [f.name for f in notes] == ["md", "html", "json", "pdf"]
    assert all(f.suffix == f".{f.name}" and f.suffix in f.file_filter for f in notes)
    assert report_file_filter().startswith(
        "Reports (*.md *.markdown *.txt *.html *.htm *.docx *.pdf"
    )
    assert set(READERS) <= set(REPORT_SUFFIXES), "a format read but never offered"


REGISTRIES = ("explorer/core/kinds.py", "explorer/core/exports/formats.py")


def test_no_module_but_kinds_writes_these_lists_again() -> None:
    repeated = ['"technique", "industry"', '".markdown"', '"graphml", "gexf"', '"Markdown (*.md)"']
    found = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in sorted((ROOT / "explorer").rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in REGISTRIES
        for needle in repeated
        if needle in path.read_text(encoding="utf-8")
    ]
    assert found == []
