"""Trends: periods, shares counted by hand, statuses, bursts, dates, and milvus-blog-en's history
as read from the posts themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.trends import cards, choose_granularity
from explorer.core.workspace import Workspace
from tests.conftest import corpus

SEED = "ai-llm-advancements-2024"


def write(folder: Path, name: str, date: str | None, body: str) -> Path:
    front = f"---\ntitle: {name}\ndate: {date}\n---\n" if date else ""
    path = folder / f"{name}.md"
    path.write_text(f"{front}# {name}\n\n## Notes\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def shelf(tmp_path: Path) -> Workspace:
    """Five dated reports over three years, and one undated; mentions known by hand."""
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "a2022", "2022-03-01", "We tried LoRA on a small model.")
    write(docs, "b2022", "2022-09-01", "Quantization shrank the weights.")
    write(docs, "c2023", "2023-05-01", "Nothing about adapters here, only databases.")
    write(docs, "d2024", "2024-02-01", "LoRA and quantization together: QLoRA style.")
    write(docs, "e2024", "2024-06-01", "LoRA again, for healthcare notes.")
    write(docs, "undated", None, "LoRA without a date.")
    ws = Workspace(tmp_path / "data")
    ws.remove(SEED)
    ws.add([docs])
    return ws


def test_shares_are_reports_mentioning_over_reports_in_the_period(shelf: Workspace) -> None:
    line = shelf.timeline("year")
    assert [(p.id, len(p.reports)) for p in line.periods] == [("2022", 2), ("2023", 1), ("2024", 2)]
    assert line.undated == ("undated",)
    lora = line.concept("concept:lora")
    assert lora.reports == {"2022": 1, "2023": 0, "2024": 2}
    assert lora.share == {"2022": 0.5, "2023": 0.0, "2024": 1.0}
    assert (lora.first, lora.last, lora.peak) == ("2022", "2024", "2024")
    # a2022 (2022-03-01), d2024 (2024-02-01), e2024 (2024-06-01): the mean of decimal years
    assert lora.mean_year == pytest.approx((2022.161 + 2024.085 + 2024.415) / 3, abs=0.01)
    quant = line.concept("concept:quantization")
    assert quant.reports == {"2022": 1, "2023": 0, "2024": 1}


def test_calendar_periods_have_no_gaps_and_their_own_ids(shelf: Workspace) -> None:
    quarters = shelf.timeline("quarter").periods
    assert quarters[0].id == "2022-Q1" and quarters[-1].id == "2024-Q2"
    assert len(quarters) == 10 and quarters[1].reports == ()
    months = shelf.timeline("month").periods
    assert (months[0].id, months[0].start, months[0].end) == ("2022-03", "2022-03-01", "2022-03-31")
    per_report = shelf.timeline("report").periods
    assert [p.id for p in per_report] == ["a2022", "b2022", "c2023", "d2024", "e2024"]
    assert choose_granularity({"x": "2022-01-01", "y": "2022-02-01"}) == "report"
    assert choose_granularity({"x": "2020-01-01", "y": "2024-02-01"}) == "year"
    assert choose_granularity({"x": "2024-01-01", "y": "2024-11-01"}) == "quarter"


def test_a_date_the_user_sets_wins_and_survives_an_update(shelf: Workspace, tmp_path: Path) -> None:
    entry = shelf.set_date("c2023", "2024-03").value
    assert entry.user_date == "2024-03-01"
    assert [len(p.reports) for p in shelf.timeline("year").periods] == [2, 0, 3]
    path = tmp_path / "docs" / "c2023.md"
    path.write_text(path.read_text() + "\nMore words about LoRA.\n", encoding="utf-8")
    summary = shelf.add([path]).value
    assert [e.id for e in summary.updated] == ["c2023"]
    assert Workspace(shelf.folder).dates()["c2023"] == "2024-03-01"
    for bad in ("2024-02-30", "24", "2024-1", "soon"):
        with pytest.raises(ExplorerError, match="is not a date"):
            shelf.set_date("c2023", bad)


def test_dates_come_from_front_matter_then_the_file_name_then_the_title(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes-2023-04-05-launch.md").write_text("# Launch\n\nLoRA shipped.\n")
    (docs / "review.md").write_text("# Market Review (2021)\n\n## One\n\nQuantization.\n")
    write(docs, "impossible", "2024-11-31", "LoRA on the last day of November.")
    write(docs, "plain", None, "No date anywhere.")
    ws = Workspace(tmp_path / "data")
    summary = ws.add([docs]).value
    dates = ws.dates()
    assert dates["notes-2023-04-05-launch"] == "2023-04-05"
    assert dates["review"] == "2021-01-01"
    assert dates["impossible"] == "2024-11-30"
    assert dates["plain"] is None and "plain" in ws.timeline().undated
    [warning] = summary.warnings
    assert "impossible.md" in warning and "'2024-11-31'" in warning and "2024-11-30" in warning


def test_the_bundled_report_is_ten_trend_cards(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "data")
    found = cards(ws.graph().graph, ws.report(SEED))
    assert len(found) == 10
    efficiency = found[1]
    assert efficiency.title == "2. Improved Efficiency and Scaling"
    assert "LoRA" in " ".join(efficiency.names.get("technique", ()))
    assert efficiency.sentence and efficiency.sentence_passage.startswith(f"{SEED}#2.")
    assert efficiency.shared and all(
        s.section_id != efficiency.section_id for s in efficiency.shared
    )
    assert ws.timeline().periods[0].reports == (SEED,)
    assert ws.dates()[SEED] == "2024-01-01"  # "… AI LLMs (2024)"


@pytest.fixture(scope="module")
def milvus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace(tmp_path_factory.mktemp("milvus") / "data")
    ws.add([corpus("milvus-blog-en")])
    yield ws


def test_milvus_first_years_match_the_posts(milvus: Workspace) -> None:
    """Checked by reading the posts: RAG and LangChain first appear in 2023 posts (e.g.
    "Conversational Memory in LangChain", 2023), FAISS in 2020, HNSW in 2020."""
    line = milvus.timeline("year")
    assert line.by == "year" and line.periods[0].id == "2019" and line.periods[-1].id == "2026"
    first = {c.id: c.first for c in line.concepts}
    assert first["concept:rag"] == "2023"
    assert first["concept:langchain"] == "2023"
    assert first["concept:faiss"] == "2020"
    assert first["concept:hnsw"] == "2020"


def test_milvus_rag_bursts_and_faiss_fades(milvus: Workspace) -> None:
    """RAG: 4 posts in 2023, then about half of all posts from 2025; FAISS: 20 of 43 posts in
    2021, then a handful a year."""
    line = milvus.timeline("year")
    rag, faiss = line.concept("concept:rag"), line.concept("concept:faiss")
    assert rag.reports["2023"] == 4 and rag.share["2025"] > 0.5
    assert rag.status == "rising"
    # the burst runs to 2025: two 2026 posts name RAG only in their "related posts" lists,
    # which are references, not mentions (boilerplate.py)
    assert rag.bursts and rag.bursts[-1].end >= "2025" and rag.bursts[0].start >= "2024"
    assert faiss.reports["2021"] == 20 and faiss.share["2026"] < 0.1
    assert faiss.status == "falling"
    assert [(b.start, b.end) for b in faiss.bursts] == [("2020", "2021")]
    point = milvus.timeline("year")
    assert point.concept("concept:faiss").peak == "2021"


def test_a_report_of_thousands_of_sections_is_shown_as_its_first_cards(tmp_path: Path) -> None:
    """Cards are for reading: a report of 3,000 sections gets the first MAX_CARDS, made at
    once (comparing every section with every other took minutes at 30,000 sections, and
    the worker did nothing else meanwhile)."""
    from explorer.core.trends import MAX_CARDS

    text = "".join(
        f"## Part {i}\n\nVectors, LoRA and quantization, part {i}.\n\n" for i in range(3000)
    )
    (tmp_path / "parts.md").write_text(text, encoding="utf-8")
    ws = Workspace(tmp_path / "data")
    ws.add([tmp_path / "parts.md"])
    report = ws.report("parts")
    found = cards(ws.graph().graph, report)
    assert len(found) == MAX_CARDS < len(report.sections)
    assert [c.title for c in found[:2]] == ["Part 0", "Part 1"]
    carded = {c.section_id for c in found}
    assert all(s.section_id in carded for c in found for s in c.shared)


def test_a_period_of_few_reports_gives_no_share_status_or_burst(shelf: Workspace) -> None:
    """Two reports in 2022, one in 2023, two in 2024: every year is too thin to read a share
    from, so LoRA, in three reports, is not called rising or bursting."""
    line = shelf.timeline("year")
    assert all(p.few for p in line.periods)
    lora = line.concept("concept:lora")
    assert lora.status == "few" and lora.bursts == ()
    assert shelf.timeline("report").periods[0].few is False  # one report a period, by choice


def test_messy_mix_years_are_too_thin_for_trends(tmp_path: Path) -> None:
    """messy-mix dates 6 of its 21 files, never more than three in a year: no year has a
    status or a burst read from it (a burst was shaded on 2024 from three reports)."""
    ws = Workspace(tmp_path / "data")
    ws.add([corpus("messy-mix")])
    line = ws.timeline("year")
    assert line.periods and all(p.few for p in line.periods)
    assert {c.status for c in line.concepts} == {"few"}
    assert not any(c.bursts for c in line.concepts)


def test_milvus_a_status_has_reports_behind_it(milvus: Workspace) -> None:
    line = milvus.timeline("year")
    for series in line.concepts:
        if series.status != "few":
            assert series.total >= 3, series.label
    assert line.concept("concept:mcp").status == "new"  # 15 posts in 2025, 10 in 2026


def test_milvus_what_stands_out_each_year_is_what_rose(milvus: Workspace) -> None:
    from explorer.core.trends import standing_out

    line = milvus.timeline("year")

    def labels(period: str) -> list[str]:
        return [s.label for s in standing_out(line, period, 5)]

    assert "Retrieval-augmented generation" in labels("2024") and "BM25" in labels("2024")
    assert "AI agents" in labels("2025") and "Model Context Protocol" in labels("2025")
    assert "ChatGPT" in labels("2023")
    for period in line.periods:  # each rose against the years before, in enough posts
        for series in standing_out(line, period.id, 5):
            assert series.reports[period.id] >= 3
    assert "Salesforce" not in labels("2025") and "Milvus" not in labels("2025")
