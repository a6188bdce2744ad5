"""Front matter: the title and date it gives, and files whose front matter is not read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import RefusedFile
from explorer.core.reports.frontmatter import (
    MAX_DEPTH,
    MAX_FRONT_MATTER,
    FrontMatter,
    read_front_matter,
)
from explorer.core.reports.ingest import parse_file, parse_text
from tests.conftest import corpus

BODY = "# Heading\n\nBody words.\n"


def assert_unread(front: FrontMatter, text: str, *fragments: str) -> None:
    """Front matter seen (the body starts after it) but not read, with one line saying why."""
    assert (front.title, front.date, front.date_problem) == (None, None, None)
    assert text[front.end :] == "\n" + BODY  # the body starts at the closing line's end
    assert front.problem is not None
    assert "\n" not in front.problem and len(front.problem) < 300
    assert front.problem.endswith(".")
    for fragment in fragments:
        assert fragment in front.problem


def test_yaml_title_date_and_the_body_after_it() -> None:
    text = "---\ntitle: 'It''s: quoted'\ndate: \"2024-05-01\"\ntags: [a, b]\n---\n" + BODY
    front = read_front_matter(text)
    assert (front.title, front.date, front.problem) == ("It's: quoted", "2024-05-01", None)
    assert text[front.end :] == "\n" + BODY  # the body starts at the closing line's end


@pytest.mark.parametrize(
    ("written", "date", "problem"),
    [
        ("2021-09-24", "2021-09-24", None),
        ("2019-12-05T08:33:04.230Z", "2019-12-05", None),
        ("2026-06-18 00:00:00 +00:00", "2026-06-18", None),
        ("2022-1-25", "2022-01-25", None),
        ("2024.10", "2024-10-01", None),  # not the float 2024.1
        ("2024-11-31", "2024-11-30", "2024-11-31"),  # impossible: reported, not a crash
        ("2024-13-01", None, "2024-13-01"),
        ("'2024-02-30'", "2024-02-29", "2024-02-30"),
        ("soon", None, None),
    ],
)
def test_yaml_dates_read_as_written(written: str, date: str | None, problem: str | None) -> None:
    front = read_front_matter(f"---\ndate: {written}\n---\n{BODY}")
    assert (front.date, front.date_problem, front.problem) == (date, problem, None)


def test_scalars_stay_text_as_written() -> None:
    front = read_front_matter("---\nTitle: yes\n---\n" + BODY)
    assert front.title == "yes"
    assert read_front_matter("---\ntitle: 3.10\n---\n" + BODY).title == "3.10"
    assert read_front_matter("---\ntitle: 2024-05-01\n---\n" + BODY).title == "2024-05-01"


def test_block_scalar_titles_are_one_line() -> None:
    folded = read_front_matter("---\ntitle: >\n  A folded\n  title\ndate: 2024-11-30\n---\n" + BODY)
    assert (folded.title, folded.date) == ("A folded title", "2024-11-30")
    literal = read_front_matter("---\ntitle: |\n  Two\n  lines\n---\n" + BODY)
    assert literal.title == "Two lines"
    # a milvus post: the title under `title:`, as a folded block one line down
    below = read_front_matter(
        "---\ntitle: \n > \n Ingesting Chaos: The MLOps \nid: x\n---\n" + BODY
    )
    assert below.title == "Ingesting Chaos: The MLOps"


def test_windows_line_ends() -> None:
    text = "---\r\ntitle: Getting Started\r\ndate: 2024-11-25\r\n---\r\n" + BODY
    front = read_front_matter(text)
    assert (front.title, front.date, front.problem) == ("Getting Started", "2024-11-25", None)
    assert text[front.end :] == "\n" + BODY


def test_no_front_matter_or_an_unclosed_one_is_none() -> None:
    assert read_front_matter(BODY) == FrontMatter()
    assert read_front_matter("---\ntitle: open\n" + BODY) == FrontMatter()
    assert read_front_matter("---\n---\n" + BODY) == FrontMatter(end=7)


@pytest.mark.parametrize(
    ("name", "file", "title", "date"),
    [
        (  # CRLF, an unquoted YAML date
            "messy-mix",
            "haystack--content__release-notes__2.25.1.md",
            "Haystack 2.25.1",
            "2026-02-27",
        ),
        (  # CRLF
            "milvus-blog-en",
            "blog__en__getting-started-with-hnswlib.md",
            "Getting Started with HNSWlib",
            "2024-11-25",
        ),
        (  # a datetime with a time zone
            "messy-mix",
            "milvus--localization__blog__ar__when-ai-agents-do-the-work-what-do-we-lose.md",
            None,
            "2026-06-18",
        ),
        (  # the title is a folded block one line below `title:`
            "milvus-blog-en",
            "blog__en__conversational-memory-in-langchain.md",
            "Conversational Memory in LangChain",
            "2023-06-06",
        ),
    ],
)
def test_real_files_title_and_date(name: str, file: str, title: str | None, date: str) -> None:
    report = parse_file(corpus(name) / file)
    assert (report.date, report.date_note) == (date, None)
    if title is not None:
        assert report.title == title


def test_real_file_with_an_impossible_date_is_noted_in_one_line() -> None:
    path = corpus("milvus-blog-en") / (
        "blog__en__how-to-contribute-to-milvus-a-quick-start-for-developers.md"
    )
    report = parse_file(path)
    assert report.title == "How to Contribute to Milvus: A Quick Start for Developers"
    assert report.date == "2024-11-30"
    assert report.date_note == (
        f"{path}: the date '2024-11-31' in its front matter does not exist; "
        "2024-11-30 is used instead."
    )


@pytest.mark.timeout(20)
def test_many_block_scalars_take_linear_time() -> None:
    """Each `key: |` line used to copy the rest of the block: 130 s for 2 MB."""
    lines = "".join(f"k{i}: |\n  line {i}\n" for i in range(120_000))
    text = f"---\ntitle: Big\n{lines}---\n{BODY}"
    assert len(text) > 2_000_000
    assert_unread(read_front_matter(text), text, "YAML", "over 64 KB")
    fits = "".join(f"k{i}: |\n  line {i}\n" for i in range(3_000))
    assert len(fits) < MAX_FRONT_MATTER
    front = read_front_matter(f"---\ntitle: Fits\n{fits}date: 2020-01-02\n---\n{BODY}")
    assert (front.title, front.date, front.problem) == ("Fits", "2020-01-02", None)


@pytest.mark.timeout(20)
def test_billion_laughs_is_refused() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        rows.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + prev] * 9)}]")
    text = "---\ntitle: Laughs\n" + "\n".join(rows) + "\n---\n" + BODY
    assert_unread(read_front_matter(text), text, "anchors and aliases")


def test_an_anchor_alone_or_a_merge_key_is_refused() -> None:
    text = "---\nbase: &b {title: T}\ntitle: Mine\n---\n" + BODY
    assert_unread(read_front_matter(text), text, "anchors")
    text = "---\nbase: {title: T}\n<<: *b\n---\n" + BODY
    assert_unread(read_front_matter(text), text, "aliases")


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!!set", "!custom"])
def test_tags_beyond_text_lists_and_mappings_are_refused(tag: str) -> None:
    text = f"---\ntitle: T\nx: {tag} aGk=\n---\n" + BODY
    assert_unread(read_front_matter(text), text, "YAML tag")
    assert read_front_matter("---\ntitle: !!str 2024\n---\n" + BODY).title == "2024"


@pytest.mark.parametrize("nest", ["[" * 100_000, "[" * 1_000, "{a: " * (MAX_DEPTH + 1)])
def test_deep_flow_nesting_is_refused(nest: str) -> None:
    """libyaml stops at 1,000 levels itself; the pure-Python parser does not."""
    text = f"---\ntitle: Deep\nx: {nest}\n---\n" + BODY
    assert_unread(read_front_matter(text), text, "YAML front matter was not read")


def test_deep_block_nesting_is_refused() -> None:
    deep = "".join(f"{' ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + " " * 40 + "x: 1\n"
    text = f"---\ntitle: Deep\n{deep}---\n" + BODY
    assert_unread(read_front_matter(text), text, f"over {MAX_DEPTH} deep")
    nested = "a:\n b:\n  c:\n   d: 1\ntitle: Nested\n"
    assert read_front_matter(f"---\n{nested}---\n" + BODY).title == "Nested"


@pytest.mark.parametrize(
    ("block", "fragment"),
    [
        ("id: 1\ntitle: Colon: here\n", "mapping values are not allowed"),
        ("title: [unclosed\n", "YAML front matter was not read"),
        ("\ttitle: tab\n", "YAML front matter was not read"),
        ("title: bell \x07\n", "characters are not allowed."),
        ("just words\n", "not a set of key: values"),
        ("- a\n- b\n", "not a set of key: values"),
        ("title: a\n...\ntitle: b\n", "YAML front matter was not read"),
        ("[a]: b\n", "YAML front matter was not read"),
        ("title: \udc80\n", "YAML front matter was not read"),
    ],
)
def test_broken_yaml_is_skipped_with_one_line(block: str, fragment: str) -> None:
    text = f"---\n{block}---\n{BODY}"
    assert_unread(read_front_matter(text), text, fragment)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("---\nid: 1\ntitle: Colon: here\n---\n" + BODY, "(at line 3, column 13)"),
        ("+++\nid = 1\ntitle = here\n+++\n" + BODY, "(at line 3, column 9)"),
    ],
)
def test_a_parser_error_names_the_line_of_the_file(text: str, where: str) -> None:
    assert where in (read_front_matter(text).problem or "")


def test_toml_title_and_date() -> None:
    text = '+++\ntitle = "Toml"\ndate = 2023-05-01T10:00:00Z\n[params]\ndate = 1999-01-01\n+++\n'
    front = read_front_matter(text + BODY)
    assert (front.title, front.date, front.problem) == ("Toml", "2023-05-01", None)


@pytest.mark.parametrize(
    ("block", "fragments"),
    [
        ("title = 'Big'\nn = " + "9" * 5_000 + "\n", ("TOML", "not read")),
        ("title = 'Deep'\nx = " + "[" * 100_000 + "]" * 100_000 + "\n", ("over 64 KB",)),
        ("title = 'Deep'\nx = " + "[" * 30_000 + "]" * 30_000 + "\n", ("nests too deep",)),
        ("title: not toml\n", ("TOML", "not read")),  # once read as YAML after `=` → `:`
        ("date = 2024-11-31\n", ("TOML", "not read")),
    ],
)
def test_bad_toml_is_skipped_with_one_line(block: str, fragments: tuple[str, ...]) -> None:
    text = f"+++\n{block}+++\n{BODY}"
    assert_unread(read_front_matter(text), text, *fragments)


def test_a_report_whose_front_matter_is_skipped_still_reads_its_body() -> None:
    text = "---\ntitle: a: b\ndate: 2024-05-01\n---\n" + BODY
    report = parse_text(text, "r", "2019-01-02-name")
    assert report.title == "Heading"
    assert report.date == "2019-01-02"  # from the file name, as for no front matter
    assert [p.text for s in report.sections for p in s.passages] == ["Body words."]


def test_empty_toml_front_matter_still_refuses_an_empty_report() -> None:
    with pytest.raises(RefusedFile, match="only headings or front matter"):
        parse_text("+++\n+++\n", "t")


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["---\n", "+++\n"]),
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "title: ",
                    "date: ",
                    "title = ",
                    "\n",
                    "\r\n",
                    "  ",
                    "- ",
                    "[",
                    "]",
                    "{",
                    "&a ",
                    "*a ",
                    "!!binary ",
                    "|\n",
                    ">\n",
                    '"',
                    "'",
                    "2024-02-30",
                    "---\n",
                    "+++\n",
                ]
            ),
        ),
        max_size=30,
    ).map("".join),
)
def test_read_front_matter_never_raises(opening: str, rest: str) -> None:
    text = opening + rest
    front = read_front_matter(text)
    assert 0 <= front.end <= len(text)
    if front.problem is not None:
        assert "\n" not in front.problem and front.title is None and front.date is None
    if front.title is not None:
        assert "\n" not in front.title and front.title.strip() == front.title


def test_adding_a_report_whose_front_matter_is_skipped_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    from explorer.core.workspace import Workspace

    folder = tmp_path
    doc = folder / "broken.md"
    doc.write_text("---\ntitle: a: b: c\n---\n# Kept\n\nThe body is still read.\n")
    summary = Workspace(folder / "data").add([doc]).value
    [warning] = summary.warnings
    assert "broken.md" in warning and "front matter" in warning and "\n" not in warning
    assert [e.id for e in summary.added] == ["broken"]
