"""Emoji in report text are drawn with a font that has them, never as empty boxes: the
bundled Noto Emoji stands in where the system has no emoji font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.core.reports.ingest import parse_file
from explorer.ui.application import make_app
from tests.conftest import corpus


def drawn_with(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of each run the text is drawn with; glyph 0 is the box."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


@pytest.mark.parametrize("text", ["📝 Notebooks", "🧑‍🔬 The LLM Scientist", "✅ ⚡ 🚀 🤗"])
def test_emoji_are_drawn_from_a_font_that_has_them(qapp: QApplication, text: str) -> None:
    make_app()
    runs = drawn_with(text, QApplication.font())
    assert all(0 not in glyphs for _, glyphs in runs)
    emoji = [family for family, _ in runs if family == "Noto Emoji"]
    assert emoji, runs
    # The scientist is one glyph (person, zero-width joiner, microscope), not three.
    if "🧑" in text:
        assert sum(len(g) for f, g in runs if f == "Noto Emoji") == 1


def test_the_llm_course_headings_are_drawn_whole(qtbot: QtBot, qapp: QApplication) -> None:
    make_app()
    report = parse_file(corpus("llm-course-report") / "README.md")
    titles = [s.title for s in report.sections if any(ord(c) > 0x2000 for c in s.title)]
    assert len(titles) >= 3
    for title in titles:
        runs = drawn_with(title, QApplication.font())
        assert all(0 not in glyphs for _, glyphs in runs), (title, runs)
