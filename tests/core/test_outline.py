"""Every heading level is a section of the report's outline, with its level and parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from explorer.core.errors import RefusedFile
from explorer.core.notes import PassageTarget, target_for
from explorer.core.reports import CUT
from explorer.core.reports.ingest import parse_file, parse_text
from explorer.core.reports.models import Report
from explorer.core.workspace import Workspace
from tests.conftest import corpus

LLM_COURSE = corpus("llm-course-report") / "README.md"


def outline(report: Report) -> list[tuple[int, str, str | None]]:
    """(level, title, parent title) of every section, in document order."""
    titles = {s.id: s.title for s in report.sections}
    return [(s.level, s.title, titles.get(s.parent or "")) for s in report.sections]


def test_the_llm_course_keeps_its_chapters_under_their_parts() -> None:
    report = parse_file(LLM_COURSE)
    rows = outline(report)
    scientist = "🧑\u200d🔬 The LLM Scientist"
    assert (1, scientist, None) in rows
    chapters = [title for level, title, parent in rows if parent == scientist]
    assert chapters == [
        "1. The LLM Architecture",
        "2. Pre-Training Models",
        "3. Post-Training Datasets",
        "4. Supervised Fine-Tuning",
        "5. Preference Alignment",
        "6. Evaluation",
        "7. Quantization",
        "8. New Trends",
    ]
    assert all(level == 2 for level, _, parent in rows if parent == scientist)
    tops = [title for level, title, parent in rows if level == 1]
    assert tops[1:] == [
        "📝 Notebooks",
        "🧩 LLM Fundamentals",
        scientist,
        "👷 The LLM Engineer",
        "Acknowledgements",
    ]
    sft = next(s for s in report.sections if s.title == "4. Supervised Fine-Tuning")
    assert report.breadcrumb(sft.id) == f"{scientist} › 4. Supervised Fine-Tuning"
    words = " ".join(p.text for p in sft.passages)
    assert "Supervised Fine-Tuning" not in words.split("\n")[0]  # the heading is its title
    assert "SFT" in words and "Preference Alignment" not in words


def test_a_part_holds_only_its_own_text_up_to_its_first_chapter() -> None:
    report = parse_text(
        "# Title\n\nIntro words.\n\n## Part\n\nPart words.\n\n### Chapter\n\nChapter words.\n"
        "\n#### Deep\n\nDeep words.\n\n## Next part\n\nMore.\n",
        "r",
    )
    assert outline(report) == [
        (1, "Title", None),
        (1, "Part", None),
        (2, "Chapter", "Part"),
        (3, "Deep", "Chapter"),
        (1, "Next part", None),
    ]
    assert [[p.text for p in s.passages] for s in report.sections] == [
        ["Intro words."],
        ["Part words."],
        ["Chapter words."],
        ["Deep words."],
        ["More."],
    ]
    assert [s.id for s in report.sections] == [f"r#{n}" for n in range(1, 6)]


def test_a_skipped_heading_level_hangs_under_the_nearest_heading_above() -> None:
    report = parse_text("## A\n\na\n\n#### B\n\nb\n\n### C\n\nc\n\n# D\n\nd\n", "r")
    assert outline(report) == [(1, "A", None), (2, "B", "A"), (2, "C", "A"), (1, "D", None)]


def test_a_heading_with_nothing_under_it_is_a_section_without_passages() -> None:
    report = parse_text("## Part\n\n### Chapter\n\nwords\n", "r")
    part, chapter = report.sections
    assert (part.passages, chapter.parent) == ((), part.id)
    assert report.text[part.start : part.end] == "## Part"


def _markdown_headings(text: str) -> list[int]:
    """The level of every heading markdown-it finds, in order: the oracle for the outline."""
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    return [int(t.tag[1:]) for t in tokens if t.type == "heading_open" and t.level == 0]


def _expected_depths(levels: list[int]) -> list[tuple[int, int | None]]:
    """(depth, index of parent) for headings of these Markdown levels, by a plain stack."""
    out: list[tuple[int, int | None]] = []
    stack: list[int] = []
    for i, level in enumerate(levels):
        while stack and levels[stack[-1]] >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        out.append((out[parent][0] + 1 if parent is not None else 1, parent))
        stack.append(i)
    return out


@pytest.mark.parametrize(
    "path",
    [*sorted(corpus("messy-mix").iterdir()), LLM_COURSE],
    ids=lambda p: p.name[:40],
)
def test_outline_levels_and_parents_follow_the_headings(path: Path) -> None:
    try:
        report = parse_file(path)
    except RefusedFile:
        return  # refused files are covered by test_ingest's one-sentence check
    levels = _markdown_headings(report.text[_body_start(report) :])
    if levels and levels[0] == 1 and levels.count(1) == 1:
        levels = levels[1:]  # a lone opening level-1 heading is the report's title
    sections = list(report.sections)
    assert len(sections) - len(levels) in (0, 1), path.name  # and perhaps text before them
    heading_sections = sections[len(sections) - len(levels) :]
    for section, (depth, parent) in zip(heading_sections, _expected_depths(levels), strict=True):
        assert section.level == depth, (path.name, section.title)
        want = heading_sections[parent].id if parent is not None else None
        assert section.parent == want, (path.name, section.title)
    _assert_offsets_round_trip(report)


def _body_start(report: Report) -> int:
    """Where the text after any front matter starts (the first section's start bounds it)."""
    text = report.text
    if text.startswith("---"):
        return min(s.start for s in report.sections)
    return 0


def _assert_offsets_round_trip(report: Report) -> None:
    """Passages give back the text, lie inside their section, in order, and together with
    the heading lines and rules hold every word of the report's body."""
    text = report.text
    covered = bytearray(len(text))
    last_end = -1
    for number, section in enumerate(report.sections, start=1):
        assert section.number == number and section.id == f"{report.id}#{number}"
        assert section.level >= 1
        if section.parent:
            parent = report.section(section.parent)
            assert parent is not None and parent.number < number
            assert section.level == parent.level + 1
        for passage in section.passages:
            assert text[passage.start : passage.end] == passage.text
            assert section.start <= passage.start and passage.end <= section.end
            assert passage.start >= last_end
            last_end = passage.end
            covered[passage.start : passage.end] = b"\1" * (passage.end - passage.start)
    body = _body_start(report)
    for start, end in _heading_and_rule_lines(text, body):
        covered[start:end] = b"\1" * (end - start)
    missed = [
        i
        for i in range(body, len(text))
        if not covered[i] and not text[i].isspace() and not _empty_quote_line(text, i)
    ]
    assert not missed, (report.id, text[missed[0] : missed[0] + 40])


def _empty_quote_line(text: str, i: int) -> bool:
    """The character is on a line of quote markers only ("> "): markup between two pieces."""
    start = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1
    end = text.find("\n", i)
    line = text[start : end if end >= 0 else len(text)]
    return set(line.strip()) <= {">", " "}


def _heading_and_rule_lines(text: str, body: int) -> list[tuple[int, int]]:
    """Character spans of the lines markdown-it reads as headings or thematic breaks."""
    starts = [body]
    for i in range(body, len(text)):
        if text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n"):
            starts.append(i + 1)
    starts.append(len(text))
    tokens = (
        MarkdownIt("commonmark")
        .enable("table")
        .parse(text[body:].replace("\r\n", "\n").replace("\r", "\n"))
    )
    return [
        (starts[t.map[0]], starts[min(t.map[1], len(starts) - 1)])
        for t in tokens
        if t.type in ("heading_open", "hr") and t.map and t.level == 0
    ]


def test_offsets_round_trip_on_every_llm_course_section() -> None:
    _assert_offsets_round_trip(parse_file(LLM_COURSE))


def test_notes_made_on_the_old_cut_are_found_on_the_new_one(data_dir: Path) -> None:
    """A note made when "The LLM Scientist" was one section moves to its chapter's id."""
    ws = Workspace(data_dir)
    ws.add([LLM_COURSE])
    report = ws.report("readme")
    sft = next(s for s in report.sections if s.title == "4. Supervised Fine-Tuning")
    words = "Supervised Fine-Tuning"
    start = report.text.index("SFT", sft.passages[0].start)
    note = ws.notes().add(_target(ws, start, start + 3), body="read later").value
    # what the parser of cut 1 had written: the whole part is one section, readme#4
    notes_file = data_dir / "notes" / "notes.json"
    data = json.loads(notes_file.read_text(encoding="utf-8"))
    data["notes"][0]["target"]["section"] = "readme#4"
    data["notes"][0]["target"]["passage"] = "readme#4.9"
    del data["checksum"]  # that app wrote no checksum
    notes_file.write_text(json.dumps(data), encoding="utf-8")
    library_file = data_dir / "library.json"
    library = json.loads(library_file.read_text(encoding="utf-8"))
    for entry in library["reports"]:
        entry["cut"], entry["sections"] = 1, 6
    library_file.write_text(json.dumps(library), encoding="utf-8")

    fresh = Workspace(data_dir)
    moved = fresh.notes().get(note.id).target
    assert moved.section == sft.id  # type: ignore[union-attr]
    passage = fresh.report("readme").passage(moved.passage or "")  # type: ignore[union-attr]
    assert passage is not None and "SFT" in passage.text
    assert fresh.entry("readme").cut == CUT
    assert fresh.entry("readme").sections == len(report.sections)
    assert words in fresh.report("readme").breadcrumb(sft.id)


def _target(ws: Workspace, start: int, end: int) -> PassageTarget:
    return target_for(ws.report("readme"), start, end)


def test_a_heading_s_raw_html_is_not_part_of_its_title() -> None:
    """A milvus post's heading "1. <code>index_file_size</code>" read as its markup."""
    report = parse_text("## 1. <code>index_file_size</code> & <b>more</b>\n\nwords\n", "r")
    assert report.sections[0].title == "1. index_file_size & more"
