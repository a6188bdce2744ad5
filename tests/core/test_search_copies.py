"""One passage, one hit: copies of a passage in several reports fold into one hit that says
where else it stands; reports that are near copies of each other are told."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from explorer.core.search.copies import fingerprint, normalised
from explorer.core.search.freshness import SCHEMA_VERSION
from explorer.core.workspace import Workspace
from tests.conftest import copied_reports, corpus

VERSIONS = {"llm-2024", "llm-2024-draft", "llm-2024-final"}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "data")
    ws.add([copied_reports(tmp_path)])
    return ws


def test_a_passage_in_three_reports_is_one_hit_that_names_the_other_two(ws: Workspace) -> None:
    result = ws.search("LoRA")
    assert len(result.hits) == 1 and result.total == 3 and result.copies == 2
    hit = result.hits[0]
    assert hit.report == "llm-2024-final"  # scored alike: the newest version stands for them
    assert hit.also_in_words() == "also in 2 reports"
    assert [(c.report, c.passage) for c in hit.also_in] == [
        ("llm-2024-draft", "llm-2024-draft#2.1"),  # the newer first
        ("llm-2024", "llm-2024#2.1"),
    ]
    assert {c.section for c in hit.also_in} == {"2. Improved Efficiency and Scaling"}
    opened = hit.copy_hit(hit.also_in[1])  # what a click on the other place opens
    assert (opened.section_id, opened.passage_id, opened.also_in) == (
        "llm-2024#2",
        "llm-2024#2.1",
        (),
    )


def test_a_word_changed_is_no_longer_a_copy(ws: Workspace) -> None:
    result = ws.search('"data privacy"')
    by_report = {h.report: h for h in result.hits}
    assert set(by_report) == {"llm-2024-draft", "llm-2024-final"}  # "federated training"
    assert [c.report for c in by_report["llm-2024-draft"].also_in] == ["llm-2024"]
    assert by_report["llm-2024-final"].also_in == ()
    assert result.total == 3 and result.copies == 1


def test_every_copy_is_a_hit_when_folding_is_off(ws: Workspace) -> None:
    result = ws.search("LoRA", fold=False)
    assert {h.report for h in result.hits} == VERSIONS
    assert result.copies == 0 and all(not h.also_in for h in result.hits)


def test_the_grouped_list_shows_one_row_and_a_report_s_more_leaves_out_copies(
    ws: Workspace,
) -> None:
    """The window's list: each report's best passage, copies shown once, in the newest."""
    result = ws.search("AI OR LLMs OR otters", limit=30, group=True)
    rows = [h.report for h in result.hits]
    assert rows == sorted(set(rows), key=rows.index)  # one row per report
    assert set(rows) == {"llm-2024-final", "llm-2024-draft", "otters"}
    assert result.more.get("llm-2024-final") == 9  # all ten passages of it match
    assert result.more.get("llm-2024-draft", 0) == 0  # its privacy passage, shown as its row
    assert "llm-2024" not in result.more  # nothing but copies of the newer versions
    assert result.reports == 3 and result.total == 31 and result.copies == 19
    # Opening "N more" for a report lists what was counted there, not copies shown elsewhere.
    final = ws.search("AI OR LLMs OR otters", limit=100, report="llm-2024-final", group=True)
    assert len(final.hits) == 10 and all(h.report == "llm-2024-final" for h in final.hits)
    oldest = ws.search("AI OR LLMs OR otters", limit=100, report="llm-2024", group=True)
    assert oldest.hits == () and oldest.total == 10 and oldest.copies == 10


def test_one_report_chosen_lists_its_own_passages_with_where_else_they_stand(
    ws: Workspace,
) -> None:
    result = ws.search("LoRA", report="llm-2024")
    assert [h.passage_id for h in result.hits] == ["llm-2024#2.1"]
    assert result.total == 1 and result.copies == 0
    assert [c.report for c in result.hits[0].also_in] == ["llm-2024-final", "llm-2024-draft"]


def test_passage_ids_folded_count_what_the_list_shows(ws: Workspace) -> None:
    assert len(ws.passage_ids("LoRA")) == 3
    assert len(ws.passage_ids("LoRA", fold=True)) == 1


def test_the_versions_are_near_copies_of_each_other_and_the_otters_of_none(
    ws: Workspace,
) -> None:
    near = ws.near_copies()
    assert set(near) == VERSIONS
    draft = {n.report: (n.shared, n.of) for n in near["llm-2024-draft"]}
    assert draft == {"llm-2024": (10, 10), "llm-2024-final": (9, 10)}
    assert [n.report for n in near["llm-2024-final"]] == ["llm-2024", "llm-2024-draft"]


def test_a_shorter_report_inside_a_longer_one_is_a_near_copy(tmp_path: Path) -> None:
    """80 % of the smaller one's passages: an excerpt is a copy of what it was cut from."""
    docs = tmp_path / "docs"
    docs.mkdir()
    paragraphs = [f"Paragraph {n} says something of its own about otters." for n in range(10)]
    (docs / "whole.md").write_text("# Whole\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    excerpt = [*paragraphs[:4], "An otter of the excerpt alone."]
    (docs / "excerpt.md").write_text("# Excerpt\n\n" + "\n\n".join(excerpt) + "\n", "utf-8")
    thin = [*paragraphs[:3], "One of its own.", "Two of its own."]
    (docs / "thin.md").write_text("# Thin\n\n" + "\n\n".join(thin) + "\n", "utf-8")
    ws = Workspace(tmp_path / "data")
    ws.add([docs])
    near = ws.near_copies()
    assert [(n.report, n.shared, n.of) for n in near["excerpt"]] == [("whole", 4, 5)]
    assert [n.report for n in near["whole"]] == ["excerpt"]
    assert "thin" not in near  # 3 of 5: 60 %


def test_the_fingerprint_sets_aside_case_spacing_punctuation_and_escapes() -> None:
    same = fingerprint("Low-rank adaptation (LoRA), and quantization.")
    assert fingerprint("low-rank  adaptation \\(LoRA\\) and QUANTIZATION") == same
    assert fingerprint("Low rank adaptation — “LoRA” — and quantization!") == same
    assert fingerprint("Low-rank adaptation (LoRA), and quantisation.") != same
    assert fingerprint("Version 2.1 is out.") != fingerprint("Version 2.2 is out.")
    assert normalised("Café_au-lait") == "café au lait"


def test_passages_without_words_are_copies_of_nothing(tmp_path: Path) -> None:
    """An image or a rule has no words: two of them are not the same passage."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("one", "two"):
        body = f"# {name}\n\n## Figures\n\n![](chart.png)\n\n---\n\nThe {name} figures.\n"
        (docs / f"{name}.md").write_text(body, "utf-8")
    ws = Workspace(tmp_path / "data")
    ws.add([docs])
    found = ws.search("figures", limit=20)  # the section title matches every passage
    assert found.copies == 0 and all(not h.also_in for h in found.hits)


def test_an_index_made_before_fingerprints_is_made_anew_and_folds(ws: Workspace) -> None:
    manifest = ws.cache / "index.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION - 1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    again = Workspace(ws.folder)
    assert not again.search_service.is_current()
    assert again.search("LoRA").copies == 2
    assert again.search_service.is_current()


def test_the_milvus_blog_has_copies_but_no_near_copy_reports(tmp_path: Path) -> None:
    """Posts repeat a footer or a figure's caption: those fold; no post copies another."""
    ws = Workspace(tmp_path / "data")
    ws.add(sorted(corpus("milvus-blog-en").glob("*.md"))[:120])
    result = ws.search('"Join our Discord"', limit=50)
    assert result.copies > 0
    shown = [h.passage_id for h in result.hits]
    folded = [c.passage for h in result.hits for c in h.also_in]
    assert len(shown) + len(folded) == result.total and not set(shown) & set(folded)
    assert ws.near_copies() == {}


def test_an_index_made_before_fingerprints_still_answers_while_it_is_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process is making the new index: the old one answers, folding nothing."""
    from whoosh import index as whoosh_index

    from explorer.core.search import index as index_module
    from explorer.core.search.index import Row

    schema = index_module.make_schema()
    schema.remove("fingerprint")

    def write_old_rows(folder: str, delete: Sequence[str], rows: Iterable[Row]) -> None:
        writer = whoosh_index.open_dir(folder).writer()
        for report in delete:
            writer.delete_by_term("report_id", report)
        for row in rows:
            writer.add_document(**{k: v for k, v in row._asdict().items() if k != "fingerprint"})
        writer.commit()

    monkeypatch.setattr(index_module, "make_schema", lambda: schema)
    monkeypatch.setattr(index_module, "write_rows", write_old_rows)
    ws = Workspace(tmp_path / "data")
    ws.add([copied_reports(tmp_path)])
    result = ws.index.search("LoRA")
    assert len(result.hits) == 3 and result.copies == 0
    assert ws.index.near_copies() == {}
