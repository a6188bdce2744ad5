"""Parsing reports into sections and passages, with offsets that give back the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import RefusedFile
from explorer.core.reports.ingest import MAX_PASSAGE, parse_file, parse_text
from explorer.core.reports.models import Report
from tests.conftest import SEED, corpus

SEED_TITLES = [
    "1. Advancements in Multimodal Models",
    "2. Improved Efficiency and Scaling",
    "3. Increased Focus on Ethical AI",
    "4. Customized LLMs for Niche Applications",
    "5. Conversational AI Enhancements",
    "6. Integration with Collaborative Tools",
    "7. Open Source Models",
    "8. Data Privacy Innovations",
    "9. AI-Driven Content Creation",
    "10. Human-AI Collaboration Tools",
]


def assert_offsets(report: Report) -> None:
    for section in report.sections:
        assert report.text[section.start : section.end].strip()
        for passage in section.passages:
            assert report.text[passage.start : passage.end] == passage.text
            assert passage.text.strip() == passage.text
            assert passage.id.startswith(section.id + ".")


def test_seed_has_ten_numbered_sections() -> None:
    report = parse_file(SEED)
    assert report.id == "ai-llm-advancements-2024"
    assert report.title == "Detailed Report on Advancements in AI LLMs (2024)"
    assert [s.title for s in report.sections] == SEED_TITLES
    assert [s.id for s in report.sections] == [f"{report.id}#{n}" for n in range(1, 11)]
    efficiency = report.section(f"{report.id}#2")
    assert efficiency is not None
    assert "low-rank adaptation (LoRA)" in efficiency.passages[0].text
    assert_offsets(report)


@pytest.mark.parametrize("name", ["llm-course-report", "milvus-blog-en", "messy-mix"])
def test_offsets_round_trip_on_every_corpus_file(name: str) -> None:
    loaded = 0
    for path in sorted(corpus(name).iterdir()):
        try:
            report = parse_file(path)
        except RefusedFile as exc:
            assert name == "messy-mix", f"{path.name} was refused: {exc}"
            continue
        assert_offsets(report)
        assert all(len(p.text) <= MAX_PASSAGE for s in report.sections for p in s.passages)
        loaded += 1
    assert loaded >= {"llm-course-report": 1, "milvus-blog-en": 296, "messy-mix": 20}[name]


def test_messy_mix_files_load_or_are_refused_in_one_sentence() -> None:
    refused = {}
    for path in sorted(corpus("messy-mix").iterdir()):
        try:
            parse_file(path)
        except RefusedFile as exc:
            refused[path.name] = str(exc)
    assert set(refused) == {
        "awesome-llm--paper_list__RLHF.md",  # a bare "## "
        "awesome-llm--paper_list__moe.md",  # empty
        "haystack--themes__haystack__archetypes__default.md",  # empty TOML front matter
    }
    for name, message in refused.items():
        assert message.startswith(str(corpus("messy-mix") / name) + ": ")
        assert "\n" not in message and message.endswith(".")


def test_front_matter_gives_title_and_date_and_is_not_text() -> None:
    path = corpus("milvus-blog-en") / "blog__en__2021-09-24-diskann.md"
    report = parse_file(path)
    assert report.date == "2021-09-24"
    assert not report.title.startswith("---")
    body = " ".join(p.text for s in report.sections for p in s.passages)
    assert "cover:" not in body and "author:" not in body


def test_yaml_block_titles_and_impossible_dates() -> None:
    text = "---\ntitle: >\n  A folded\n  title\ndate: 2024-11-31\n---\nBody text here.\n"
    report = parse_text(text, "r")
    assert report.title == "A folded title"
    assert report.date == "2024-11-30"
    assert [p.text for p in report.sections[0].passages] == ["Body text here."]


def test_toml_front_matter() -> None:
    report = parse_text('+++\ntitle = "Toml"\ndate = 2023-05-01\n+++\n\n# Head\n\nWords.\n', "t")
    assert report.title == "Toml" and report.date == "2023-05-01"
    assert report.sections[0].passages[0].text == "Words."


def test_crlf_bom_and_zwj_emoji(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    text = (
        "# T\r\n\r\n## One\r\nFamily 👨\u200d👩\u200d👧 here.\r\n\r\n"
        "## Two\r\n中文内容。العربية\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = parse_file(path)
    assert report.text == text
    assert [s.title for s in report.sections] == ["One", "Two"]
    assert report.sections[0].passages[0].text == "Family 👨\u200d👩\u200d👧 here."
    assert report.sections[1].passages[0].text == "中文内容。العربية"
    assert_offsets(report)


def test_text_before_first_heading_is_its_own_section() -> None:
    report = parse_text("Intro words.\n\n## A\nAlpha.\n\n## B\nBeta.\n", "r", "My file")
    assert [s.title for s in report.sections] == ["My file", "A", "B"]
    assert report.sections[0].passages[0].text == "Intro words."


def test_file_without_headings_is_one_section() -> None:
    report = parse_text("Just a note.\n\nAnd another paragraph.\n", "plain", "notes")
    assert len(report.sections) == 1
    assert report.sections[0].title == "notes"
    assert len(report.sections[0].passages) == 2


def test_long_line_is_split_at_sentences() -> None:
    sentence = "This sentence is about vector search and ranking. "
    text = "# T\n\n" + sentence * 300 + "\n"
    report = parse_text(text, "long")
    passages = report.sections[0].passages
    assert len(passages) >= 15
    assert all(len(p.text) <= MAX_PASSAGE and p.text.endswith(".") for p in passages)
    assert_offsets(report)


def test_unbroken_cjk_line_is_split_anywhere() -> None:
    text = "字" * 5000
    report = parse_text(text, "cjk")
    assert "".join(p.text for p in report.sections[0].passages) == text


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("caf\xe9 latin-1".encode("latin-1"), "not UTF-8"),
        (b"## \n", "no text to search"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(RefusedFile, match=fragment):
        parse_file(path)


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("word " * 1000)
    with pytest.raises(RefusedFile, match="over the 0 MB limit"):
        parse_file(path, max_bytes=100)
    assert parse_file(path, max_bytes=10_000).passage_count >= 5


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RefusedFile, match="no such file"):
        parse_file(tmp_path / "nope.md")
    with pytest.raises(RefusedFile, match="is a folder"):
        parse_file(tmp_path)


markdownish = st.lists(
    st.one_of(
        st.sampled_from(["# ", "## ", "### ", "- ", "1. ", "> ", "```", "---", "+++", "|a|b|"]),
        st.text(min_size=0, max_size=40),
        st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u200d", "\ufeff", "👩\u200d💻", "中文"]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_any_text_parses_with_exact_offsets_or_is_refused(text: str) -> None:
    try:
        report = parse_text(text, "prop")
    except RefusedFile:
        return
    assert_offsets(report)
    assert all(len(p.text) <= MAX_PASSAGE for s in report.sections for p in s.passages)


def test_front_matter_with_windows_line_ends_is_read(tmp_path: Path) -> None:
    """A milvus post saved with CRLF lost its title and date: the closing --- was not seen."""
    path = tmp_path / "post.md"
    path.write_bytes(
        b"---\r\ntitle: Getting Started\r\ndate: 2024-11-25\r\n---\r\n\r\nBody text.\r\n"
    )
    report = parse_file(path)
    assert (report.title, report.date) == ("Getting Started", "2024-11-25")


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("README.md", "## Install\nRun it.\n\n## Use\nUse it.\n", "Install"),
        ("README.md", "Intro words.\n\n# Widget\nA tool.\n\n# More\nOther.\n", "Widget"),
        (
            "index.md",
            '<p align="center"><h1>The <b>Big</b> Guide</h1></p>\n\n## One\nA.\n',
            "The Big Guide",
        ),
        (
            "blog__index.md",
            "![Course banner](img/b.png)\n\n## One\nA.\n\n## Two\nB.\n",
            "Course banner",
        ),
        ("readme.markdown", "---\ntitle: Said So\n---\n## One\nA.\n", "Said So"),
        ("readme-notes.md", "## One\nA.\n", "readme-notes"),  # not a README
        ("guide.md", "## One\nA.\n\n## Two\nB.\n", "guide"),  # a name that says something
    ],
)
def test_a_file_whose_name_says_nothing_takes_its_title_from_its_opening(
    tmp_path: Path, name: str, text: str, title: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert parse_file(path).title == title


def test_the_llm_course_readme_is_titled_by_its_banner() -> None:
    report = parse_file(corpus("llm-course-report") / "README.md")
    assert report.title == "LLM Course"
    assert "📝 Notebooks" in [s.title for s in report.sections]  # still a section of its own
