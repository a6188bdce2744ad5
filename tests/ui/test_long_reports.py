"""A report of 10,000 headings (issue 22): reading one of its sections costs that section."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from PySide6.QtGui import QImage

from explorer.core.workspace import Workspace

HEADINGS = 10_000


def long_report(folder: Path) -> Path:
    """A report of 10,000 one-line sections (268,000 characters)."""
    path = folder / "long.md"
    text = "\n".join(f"# Heading {i}\n\nText {i}." for i in range(HEADINGS))
    path.write_text(text, encoding="utf-8")
    return path


def test_a_snapshot_of_one_section_parses_that_section_not_the_report(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`explorer snapshot --show` of one section of a long report, added earlier: the
    Markdown read to show it is about that section, never the whole report again (twice,
    it was: a second a time for 10,000 headings)."""
    from explorer.cli import main

    Workspace(data_dir).add([long_report(tmp_path)])
    parsed: list[int] = []  # the length of each text handed to the Markdown parser
    real_parse = MarkdownIt.parse

    def parse(md: MarkdownIt, src: str, env: object = None) -> object:
        parsed.append(len(src))
        return real_parse(md, src, env)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownIt, "parse", parse)
    out = tmp_path / "shot.png"
    args = ["snapshot", "-o", str(out), "--size", "1200x700", "--show", "long#5000"]
    assert main(args) == 0
    assert QImage(str(out)).size().toTuple() == (1200, 700)
    # the small report every library starts with (7,211 characters) is read for the graph;
    # the long one (267,779) only from the outline kept when it was added
    assert sum(parsed) < 20_000, f"{len(parsed)} texts parsed, {sum(parsed):,} characters"
