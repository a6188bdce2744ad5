"""Each report in the library names the format it came in, also in libraries written before
formats were kept."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.core.workspace import Workspace
from tests.conftest import corpus


def test_each_report_names_its_format(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Plain words about agents.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\nMarked-up words.\n", encoding="utf-8")
    Workspace(data_dir).add(
        [tmp_path / "notes.txt", tmp_path / "notes.md", corpus("docs-mix") / "zlib_how.html"]
    )
    formats = {e.id: e.format for e in Workspace(data_dir).reports()}
    assert sorted(formats.values()) == ["html", "markdown", "text"]
    assert formats["zlib-how"] == "html"


def test_a_library_from_before_formats_still_loads(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text("<title>Old page</title><p>Kept words.</p>", encoding="utf-8")
    Workspace(data_dir).add([page])
    library = next(data_dir.rglob("library.json"))
    old = json.loads(library.read_text(encoding="utf-8"))
    for entry in old["reports"]:
        del entry["format"]
    assert old["reports"], "the page was added"
    library.write_text(json.dumps(old), encoding="utf-8")
    reopened = Workspace(data_dir)
    assert {e.id: e.format for e in reopened.reports()} == {"page": "html"}
    assert reopened.library.damaged is None
