"""Ranked search over the bundled report: the sections a reader expects, safe snippets."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.errors import BadQuery, ExplorerError
from explorer.core.search import query as queries
from explorer.core.workspace import Workspace
from tests.conftest import corpus

SEED_ID = "ai-llm-advancements-2024"


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    return Workspace(data_dir)


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("LoRA", 2),
        ("quantization", 2),
        ("multimodal", 1),
        ("bias mitigation", 3),
        ("healthcare legal", 4),
        ("chatbots OR conversational", 5),
        ('"open source"', 7),
        ("privacy", 8),
        ("content creation", 9),
        ("human-AI collaboration", 10),
    ],
)
def test_seed_queries_rank_the_expected_section_first(
    ws: Workspace, query: str, section: int
) -> None:
    result = ws.search(query)
    assert result.hits, f"{query!r} found nothing"
    assert result.hits[0].section_id == f"{SEED_ID}#{section}"


def test_hit_carries_section_title_report_and_marked_snippet(ws: Workspace) -> None:
    hit = ws.search("LoRA").hits[0]
    assert hit.section == "2. Improved Efficiency and Scaling"
    assert hit.report == SEED_ID and hit.passage_id == f"{SEED_ID}#2.1" and hit.rank == 1
    assert "<mark>LoRA</mark>" in hit.snippet


def test_operators_phrases_prefix_and_fuzzy(ws: Workspace) -> None:
    def sections(q: str) -> set[int]:
        return {int(h.section_id.split("#")[1]) for h in ws.search(q, limit=20).hits}

    assert sections("privacy AND federated") == {8}
    assert 8 not in sections("privacy NOT federated")
    assert sections("LoRA OR decentralized") == {2, 8}
    assert sections("(LoRA OR decentralized) AND quantization") == {2}
    assert sections("quantiz*") == {2}
    assert sections("fine-tun*") >= {4}
    assert sections("helthcare~") >= {4}
    assert sections('"user consent"') == {3}
    assert sections('"consent user"') == set()


def test_did_you_mean_from_the_library_vocabulary(ws: Workspace) -> None:
    result = ws.search("quantizaton", correct=False)
    assert result.total == 0 and result.corrected is None
    assert result.suggestion == "quantization"
    assert ws.search(result.suggestion).hits[0].section_id == f"{SEED_ID}#2"
    assert ws.search("privacy").suggestion is None


def test_a_query_that_finds_nothing_answers_with_its_correction(ws: Workspace) -> None:
    result = ws.search("quantizaton")
    assert result.query == "quantizaton" and result.corrected == "quantization"
    assert result.searched == "quantization" and result.suggestion is None
    assert result.hits == ws.search("quantization").hits
    assert ws.search("zebras").corrected is None  # no correction: nothing, as typed


def test_a_library_of_few_words_or_none_answers_a_search_it_cannot_match(
    ws: Workspace, tmp_path: Path
) -> None:
    """The did-you-mean runs past the end of a short word list; it crashed the search."""
    ws.remove(SEED_ID)
    assert ws.search("beavers").total == 0  # an empty library
    doc = tmp_path / "dams.md"
    doc.write_text("# Notes\n\n## Beavers\nBeavers build dams.\n")
    ws.add([doc])
    assert ws.search("zebras").total == 0 and ws.search("zebras").suggestion is None
    assert ws.search("dums", correct=False).suggestion == "dams"
    assert ws.search("dums").corrected == "dams"


def test_section_titles_outrank_body_text(ws: Workspace, tmp_path: Path) -> None:
    doc = tmp_path / "weights.md"
    doc.write_text(
        "# W\n\n## Notes\nSomething about zebra crossings and other words here.\n\n"
        "## Zebra\nAn unrelated paragraph mentioning zebra once, among other words here.\n"
    )
    ws.add([doc])
    hits = ws.search("zebra", report="weights").hits
    assert [h.section for h in hits] == ["Zebra", "Notes"]


def test_snippets_escape_report_text(ws: Workspace, tmp_path: Path) -> None:
    doc = tmp_path / "hostile.md"
    doc.write_text('# H\n\nA <script>alert("x")</script> about lemurs & <b>tags</b>.\n')
    ws.add([doc])
    snippet = ws.search("lemurs").hits[0].snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;" not in snippet  # raw HTML shows its words, as in the reader, never its tags
    assert snippet == 'A alert("x") about <mark>lemurs</mark> &amp; tags'


def test_report_filter(ws: Workspace, tmp_path: Path) -> None:
    doc = tmp_path / "other.md"
    doc.write_text("# O\n\nPrivacy matters here too.\n")
    ws.add([doc], sample=True)  # the sample stays beside it
    assert {h.report for h in ws.search("privacy").hits} == {SEED_ID, "other"}
    assert {h.report for h in ws.search("privacy", report="other").hits} == {"other"}


def test_prefix_expansion_is_capped(ws: Workspace, tmp_path: Path) -> None:
    doc = tmp_path / "many.md"
    doc.write_text("# M\n\n" + " ".join(f"abword{i}" for i in range(400)) + "\n")
    ws.add([doc])
    ws.ensure_index()
    with ws.index.ix.searcher() as searcher:
        built = queries.build("abword*", ws.index.ix.schema, searcher.reader())
    assert 0 < len(list(built.leaves())) <= 2 * queries.MAX_EXPANSION
    result = ws.search("abword*")
    assert result.total >= 1 and {h.report for h in result.hits} == {"many"}


HOSTILE = [
    '"unbalanced quote',
    "(((unbalanced",
    "privacy))",
    "AND",
    "OR OR OR",
    "NOT",
    "*",
    "?",
    "~",
    "field:",
    "text:privacy",
    "section:",
    "\x00privacy\x00",
    "😀🔥",
    "privacy 😀",
    "\u202eprivacy\u202c",
    "\u200b\u200f",
    "a" * 10_000,
    "privacy " * 1200,
    "(" * 1000 + "privacy" + ")" * 1000,
    " AND ".join(["privacy"] * 1000),
    "privacy AND (NOT (OR",
    "pri*vacy*~2",
    "privacy~99",
    "^^^^",
    "[a TO z]",
    "'; DROP TABLE passages; --",
    "LoRA ANDNOT ANDNOT privacy",  # found by atheris: whoosh's parser asserted
    "LoRA ANDMAYBE ANDMAYBE privacy",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_answered_or_refused_in_one_sentence(ws: Workspace, query: str) -> None:
    try:
        result = ws.search(query)
    except BadQuery as exc:
        message = str(exc)
        assert message.endswith(".") and "\n" not in message and len(message) < 200
        return
    assert result.total >= 0
    for hit in result.hits:
        assert "<script" not in hit.snippet


def test_plain_words_survive_broken_syntax(ws: Workspace) -> None:
    assert ws.search('"unbalanced privacy').total >= 0
    assert ws.search("(((privacy").hits[0].section_id == f"{SEED_ID}#8"
    assert ws.search("(" * 1000 + "privacy" + ")" * 1000).hits[0].section_id == f"{SEED_ID}#8"


query_text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=6),
        st.sampled_from([*list('"()*~?:^[]{}-+ '), " AND ", " OR ", " NOT ", "privacy", "LoRA"]),
    ),
    max_size=20,
).map("".join)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query_text)
def test_random_queries_never_raise_anything_but_bad_query(ws: Workspace, text: str) -> None:
    try:
        result = ws.search(text, limit=5)
    except BadQuery:
        return
    assert len(result.hits) <= 5


@pytest.mark.parametrize(
    "report", [None, "blog-en-2020-08-11-optimizing-billion-scale-image-search-milvus-part-2"]
)
def test_the_total_counts_every_match_not_just_the_top_hits(
    tmp_path: Path, report: str | None
) -> None:
    from tests.conftest import corpus

    ws = Workspace(tmp_path / "data")
    ws.add(sorted(corpus("milvus-blog-en").glob("*.md"))[:80])
    for query in ("milvus", "vector*", "embed*", "milvus kubernetes", '"vector database"'):
        top = ws.search(query, limit=10, report=report)
        every = ws.search(query, limit=100_000, report=report)
        assert top.total - top.copies == len(every.hits), query  # copies: in their also_in
        assert top.total == len(ws.search(query, limit=100_000, report=report, fold=False).hits)
        assert [h.passage_id for h in top.hits] == [h.passage_id for h in every.hits[:10]]


def test_snippets_marked_later_are_the_ones_search_would_have_marked(tmp_path: Path) -> None:
    from tests.conftest import corpus

    ws = Workspace(tmp_path / "data")
    ws.add(sorted(corpus("milvus-blog-en").glob("*.md"))[:25])
    for query in ("vector", "embed*", '"vector database"', "embeding~", "milvus NOT gpu"):
        first = ws.search(query, limit=30, marked=5)
        assert [h.marked for h in first.hits] == [h.rank <= 5 for h in first.hits]
        later = ws.snippets(query, [h.passage_id for h in first.hits if not h.marked])
        whole = ws.search(query, limit=30)
        expected = {h.passage_id: h.snippet for h in whole.hits[5:]}
        assert later == expected, query
        assert any("<mark>" in s for s in later.values()), query


def test_snippets_are_text_not_markup(tmp_path: Path) -> None:
    """Hits read `[Model Context Protocol](https://zilliz.com/…)`: link targets, emphasis
    markers and code fences are markup, not the passage's words."""
    from tests.conftest import corpus

    ws = Workspace(tmp_path / "data")
    ws.add(sorted(corpus("milvus-blog-en").glob("*.md"))[:60])
    seen = 0
    for query in ("milvus", "vector", "python", "install", "pip", "docker", "github", "code"):
        for hit in ws.search(query, limit=50, fold=False).hits:
            seen += 1
            assert "](" not in hit.snippet and "```" not in hit.snippet, (query, hit.snippet)
            assert "**" not in hit.snippet, (query, hit.snippet)
    assert seen > 300


def test_hits_read_as_the_reader_shows_them(tmp_path: Path) -> None:
    """Raw HTML in Milvus posts (`configure <a href='https://goproxy.cn/'>Goproxy</a>`,
    `<p style=…>Click <a href=…>here</a>`), an Arabic post written in <p> tags, links whose
    addresses are too long for a pattern in a Datasette TIL (messy-mix): a hit shows the
    words the reader shows, never the syntax around them."""
    from tests.core.test_evidence import MARKUP, shown

    milvus, messy = corpus("milvus-blog-en"), corpus("messy-mix")
    ws = Workspace(tmp_path / "data")
    ws.add(
        [
            milvus / "blog__en__2021-11-19-run-milvus-2.0-on-windows.md",
            milvus / "blog__en__2022-03-10-manage-your-milvus-vector-database-with-one-click-"
            "simplicity.md",
            messy / "milvus--localization__blog__ar__when-ai-agents-do-the-work-what-do-we-lose.md",
            messy / "til--datasette__search-all-columns-trick.md",
        ]
    )
    expected = {
        "goproxy": "You might need to configure Goproxy to install third-party modules",
        "original post": "Click here to check the original post",
        "fixtures": "Here's the result if run against latest.datasette.io/fixtures",
        "Cursor": "ويمكن لـ Cursor مساعدة المطورين",
    }
    for query, words in expected.items():
        snippets = [shown(h.snippet) for h in ws.search(query, limit=50).hits]
        assert any(words in s for s in snippets), (query, snippets)
    for query in ("milvus", "click", "here", "code", "search", "sql", "Claude", "style"):
        for hit in ws.search(query, limit=100).hits:
            words = shown(hit.snippet)
            code = ws.passage(hit.passage_id)[2].text.startswith(("```", "~~~", "    "))
            found = [m for m in (*MARKUP, "<p", "<div", "href=") if m in words]
            assert code or not found, (query, found, words)


def test_an_image_is_found_by_its_words_not_by_the_word_image(
    ws: Workspace, tmp_path: Path
) -> None:
    """The reader shows "[image: alt — title]"; those are the app's words, not the report's:
    searching "image" would otherwise find every figure."""
    doc = tmp_path / "figures.md"
    doc.write_text('# F\n\n## One\n\n![Ocelot diagram](o.png "the whole pipeline")\n')
    ws.add([doc])
    [hit] = ws.search("ocelot").hits
    assert hit.snippet == "<mark>Ocelot</mark> diagram the whole pipeline"
    assert ws.search("image", report="figures").hits == ()


def test_text_matches_as_people_type_it(ws: Workspace, tmp_path: Path) -> None:
    """NFC and NFD "café", fullwidth "ＬｏＲＡ", a soft hyphen or zero-width space in a word."""
    report = tmp_path / "unicode.md"
    report.write_text(
        "# Unicode\n\n## Composed\n\nA cafe\u0301 for researchers.\n\n"
        "## Hidden\n\nWe tried quanti\u00adzation and Lo\u200bRA adapters.\n",
        encoding="utf-8",
    )
    ws.add([report])

    def sections(query: str) -> set[str]:
        return {h.section_id for h in ws.search(query, limit=50, report="unicode").hits}

    assert sections("caf\u00e9") == {"unicode#1"}  # NFC query, NFD text
    assert sections("cafe\u0301") == {"unicode#1"}
    assert sections("quantization") == {"unicode#2"}
    assert sections("LoRA") == {"unicode#2"}
    assert sections("\uff2c\uff4f\uff32\uff21") == {"unicode#2"}  # fullwidth ＬｏＲＡ
    assert "unicode#2" in {h.section_id for h in ws.search("\uff2c\uff4f\uff32\uff21").hits}


def test_grouped_hits_are_each_report_s_best_passage_with_how_many_more(tmp_path: Path) -> None:
    """One post no longer fills the list: a report's best passage, then "N more"."""
    from tests.conftest import corpus

    ws = Workspace(tmp_path / "data")
    ws.add(sorted(corpus("milvus-blog-en").glob("*.md"))[:25])
    for query in ("milvus", "vector*", '"vector database"', "index gpu"):
        grouped = ws.search(query, limit=10, group=True)
        every = ws.search(query, limit=100_000)
        reports = [h.report for h in grouped.hits]
        assert len(reports) == len(set(reports)), query  # one row per report
        assert grouped.total == every.total and grouped.reports == len(
            {h.report for h in every.hits}
        )
        best_of: dict[str, str] = {}
        for hit in every.hits:  # ranked: the first of each report is its best
            best_of.setdefault(hit.report, hit.passage_id)
        assert [h.passage_id for h in grouped.hits] == list(best_of.values())[:10], query
        for hit in grouped.hits:
            in_report = [h for h in every.hits if h.report == hit.report]
            assert grouped.more.get(hit.report, 0) == len(in_report) - 1, (query, hit.report)


def test_a_search_that_finds_one_report_is_not_grouped(ws: Workspace) -> None:
    result = ws.search("AI", limit=30, group=True)
    assert result.reports == 0 and not result.more
    assert len(result.hits) > 1 and {h.report for h in result.hits} == {SEED_ID}
    plain = ws.search("AI", limit=30)
    assert [h.passage_id for h in result.hits] == [h.passage_id for h in plain.hits]
    assert result.total == plain.total


def test_a_one_letter_prefix_is_refused_in_one_sentence_not_matched_to_nothing(
    data_dir: Path,
) -> None:
    ws = Workspace(data_dir)
    for query in ("a*", "LoRA OR b*", "x?*"):
        with pytest.raises(ExplorerError, match=r"at least two letters before the \*"):
            ws.search(query)
    assert ws.search("lo*").total >= 1  # two letters are enough


def test_a_library_indexed_by_the_child_process_finds_every_passage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows streamed to the child that writes the index all arrive, in one commit."""
    from explorer.core.search import index as index_module

    monkeypatch.setattr(index_module, "OUT_OF_PROCESS_ROWS", 1)
    monkeypatch.setattr(index_module, "ROWS_PER_BATCH", 7)  # many batches, one part-filled
    docs = sorted(corpus("milvus-blog-en").glob("*.md"))[:12]
    ws = Workspace(tmp_path / "data")
    summary = ws.add(docs).value
    assert len(summary.added) == 12
    passages = sum(ws.report(e.id).passage_count for e in ws.reports())
    assert ws.index.doc_count() == passages
    assert ws.search("milvus").total > 0


def test_an_error_in_the_child_that_writes_is_raised_in_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.index import EmptyIndexError

    from explorer.core.search import index as index_module

    monkeypatch.setattr(index_module, "OUT_OF_PROCESS_ROWS", 1)
    monkeypatch.setattr(index_module.IndexWriter, "_open", lambda self: None)  # the child opens
    ws = Workspace(tmp_path / "data")
    report = ws.report(ws.reports()[0].id)
    writer = index_module.SearchIndex(tmp_path / "not-an-index").writer(fresh=False)
    try:
        writer.add(report)
        with pytest.raises(EmptyIndexError):
            writer.commit()
    finally:
        writer.close()
    assert multiprocessing.active_children() == []


def test_a_big_file_starts_the_index_child_before_it_is_read_and_a_refused_one_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child that writes the index starts while a big file is parsed; when the file
    turns out not to be a report, the add says so and leaves no process behind."""
    from explorer.core.search import index as index_module

    monkeypatch.setattr(index_module, "OUT_OF_PROCESS_BYTES", 100)
    started: list[int] = []
    start = index_module.IndexWriter._start_child

    def counted(writer: index_module.IndexWriter) -> None:
        started.append(len(writer.waiting))
        start(writer)

    monkeypatch.setattr(index_module.IndexWriter, "_start_child", counted)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    ws = Workspace(tmp_path / "data")
    summary = ws.add([binary]).value
    assert [path for path, _ in summary.failed] == [str(binary)]
    assert multiprocessing.active_children() == []
    report = tmp_path / "otters.md"
    report.write_text("# Otters\n\n" + "Otters juggle pebbles on the riverbank.\n\n" * 10)
    assert len(ws.add([report]).value.added) == 1
    assert started == [0, 0], "each child started before a report was read"
    assert ws.search("pebbles").total == 10
    assert multiprocessing.active_children() == []


def test_the_lengths_read_whole_are_those_whoosh_reads_one_at_a_time(data_dir: Path) -> None:
    """The index's codec reads each field's lengths once (commits are a third faster): every
    length, so every score, is the one whoosh's own reader gives."""
    from whoosh.codec.whoosh3 import W3PerDocReader
    from whoosh.reading import SegmentReader

    from explorer.core.search.index import LengthsCodec

    ws = Workspace(data_dir)
    ws.ensure_index()
    ix = ws.index.ix
    segments = ix._segments()
    assert segments and all(isinstance(s.codec(), LengthsCodec) for s in segments)
    for segment in segments:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        ours, theirs = reader._perdoc, W3PerDocReader(reader._storage, segment)
        assert isinstance(ours, type(LengthsCodec().per_document_reader(reader._storage, segment)))
        docs = segment.doc_count_all()
        for field in ("text", "section", "passage_id"):
            found = [ours.doc_field_length(n, field) for n in range(docs)]
            assert found == [theirs.doc_field_length(n, field) for n in range(docs)]
            assert field == "passage_id" or any(found), "the lengths were read"
        with pytest.raises(IndexError):
            ours.doc_field_length(docs + 1, "text")
        reader.close()
    assert ws.search("LoRA").total > 0
