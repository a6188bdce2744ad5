"""The Markdown the readers write shows a source's text exactly as written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.reports import parse_text, shown_words
from explorer.core.reports.formats import compose

MARKUP_HEAVY = st.text(
    alphabet=st.sampled_from(list("ab1 _*`#-+=>~<!&|[]()\\.:;'\"é\u00a0")), min_size=1
)


@given(MARKUP_HEAVY)
@settings(max_examples=300, deadline=None)
def test_escaped_text_reads_as_written(text: str) -> None:
    line = compose.words(text)
    if not line:
        return
    report = parse_text(f"{compose.escape(line)}\n", "r")
    [section] = report.sections
    assert [shown_words(report, p) for p in section.passages] == [line]


@given(MARKUP_HEAVY)
@settings(max_examples=200, deadline=None)
def test_headings_and_titles_read_as_written(text: str) -> None:
    line = compose.words(text)
    if not line.strip("#"):
        return
    markdown = compose.document(line, "2024-01-31", [compose.heading(2, line), "Body."])
    report = parse_text(markdown, "r")
    assert report.title == line[: compose.MAX_TITLE] and report.date == "2024-01-31"
    assert report.sections[0].title == line.strip(" #")  # ingest trims a heading's #s
