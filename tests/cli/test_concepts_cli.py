"""`explorer concepts`: the user's vocabulary from the command line, on the bundled report
(every test's fresh data folder has it), and what every other verb then shows."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from explorer.cli import main
from tests.cli.test_data_safety import one_error_line
from tests.conftest import corpus, dated_docs

SEED = "ai-llm-advancements-2024"


def said(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(said(capsys, *args, "--json"))


def concept_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    return {c["id"] for c in as_json(capsys, "concepts", "list")["concepts"]}


def trend_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    return {c["id"] for c in as_json(capsys, "trends", "--top", "1000")["concepts"]}


def graph_nodes(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in json.loads(said(capsys, "graph"))["nodes"]}


def test_a_hidden_concept_leaves_every_output_until_it_is_shown_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "concept:lora" in trend_ids(capsys)
    out = said(capsys, "concepts", "hide", "lora")
    assert out == "Hid “LoRA”; `explorer concepts undo` takes it back.\n"
    err = one_error_line(capsys, "concept", "lora")
    assert "No concept is called 'lora'" in err
    assert "concept:lora" not in trend_ids(capsys)
    assert "concept:lora" not in graph_nodes(capsys)
    assert "concept:lora" not in concept_ids(capsys)
    listing = said(capsys, "concepts", "list")
    assert "Hidden: “LoRA”" in listing and "LoRA  (" not in listing
    assert as_json(capsys, "concepts", "list")["hidden"] == [
        {"id": "concept:lora", "label": "LoRA"}
    ]

    assert said(capsys, "concepts", "unhide", "LoRA") == "Showed “LoRA” again.\n"
    assert as_json(capsys, "concept", "lora")["id"] == "concept:lora"
    err = one_error_line(capsys, "concepts", "unhide", "LoRA")
    assert "No concept is hidden" in err


def test_merging_sums_the_mentions_and_trends_count_the_reports_of_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    said(capsys, "add", str(dated_docs(tmp_path)))
    said(capsys, "add", "--sample")  # the 2024 report beside the user's
    lora = as_json(capsys, "concept", "LoRA")["mentions"]
    quantization = as_json(capsys, "concept", "quantization")["mentions"]
    out = said(capsys, "concepts", "merge", "quantization", "--into", "LoRA")
    assert out == f"Merged “Quantization” into “LoRA”: {lora + quantization} mentions now.\n"
    card = as_json(capsys, "concept", "quantization")
    assert card["id"] == "concept:lora", "the merged name finds the concept it joined"
    assert card["mentions"] == lora + quantization and "Quantization" in card["aliases"]
    trends = as_json(capsys, "trends", "--by", "year", "--top", "1000")["concepts"]
    [series] = [c for c in trends if c["id"] == "concept:lora"]
    assert series["reports"] == {"2020": 1, "2021": 1, "2022": 1, "2023": 0, "2024": 1}
    assert "concept:quantization" not in {c["id"] for c in trends}
    err = one_error_line(capsys, "concepts", "merge", "LoRA", "--into", "quantization")
    assert "“LoRA” is already “LoRA”; nothing to merge" in err
    err = one_error_line(capsys, "concepts", "merge", "lorra", "--into", "LoRA")
    assert "No concept is called 'lorra'" in err


def test_a_renamed_concept_answers_to_both_names(capsys: pytest.CaptureFixture[str]) -> None:
    out = said(capsys, "concepts", "rename", "lora", "Low-rank adaptation")
    assert out == "Renamed “LoRA” to “Low-rank adaptation”; “LoRA” still finds it.\n"
    for name in ("low-rank ADAPTATION", "LoRA"):
        card = as_json(capsys, "concept", name)
        assert (card["id"], card["label"]) == ("concept:lora", "Low-rank adaptation")
    assert graph_nodes(capsys)["concept:lora"]["label"] == "Low-rank adaptation"
    [row] = [
        c for c in as_json(capsys, "concepts", "list")["concepts"] if c["id"] == "concept:lora"
    ]
    assert row["edited"] == ["renamed"]
    err = one_error_line(capsys, "concepts", "rename", "lora", "Healthcare")
    assert "“Healthcare” already names the concept “Healthcare”; merge them instead" in err


def test_an_added_concept_the_report_mentions_comes_with_its_evidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = said(capsys, "concepts", "add", "medical jargon", "--kind", "theme", "--alias", "jargon")
    assert out == (
        "Added “medical jargon” (theme; also jargon): 1 mention in 1 section "
        "[concept:medical-jargon].\n"
    )
    card = as_json(capsys, "concept", "Medical Jargon")
    assert card["kind"] == "theme" and card["sections"][0]["section_id"] == f"{SEED}#4"
    [evidence] = card["evidence"]
    assert "medical jargon" in evidence["snippet"]
    assert "Healthcare" in {n["label"] for n in card["neighbours"]}
    assert "concept:medical-jargon" in trend_ids(capsys)
    out = said(capsys, "concepts", "add", "quantum annealing", "--kind", "technique")
    assert out == "Added “quantum annealing” (technique); no report mentions it yet.\n"
    err = one_error_line(capsys, "concepts", "add", "low-rank adaptation", "--kind", "technique")
    assert "already names the concept “LoRA”" in err


def test_undo_and_redo_walk_the_edits(capsys: pytest.CaptureFixture[str]) -> None:
    said(capsys, "concepts", "hide", "LoRA")
    said(capsys, "concepts", "merge", "education", "--into", "healthcare")
    out = said(capsys, "concepts", "undo")
    assert out == (
        "Undid: merged “Education” into “Healthcare” (`explorer concepts redo` makes it again).\n"
    )
    assert "concept:education" in concept_ids(capsys)
    assert said(capsys, "concepts", "undo") == (
        "Undid: hid “LoRA” (`explorer concepts redo` makes it again).\n"
    )
    assert "concept:lora" in concept_ids(capsys)
    assert said(capsys, "concepts", "redo") == "Redid: hid “LoRA”.\n"
    assert "concept:lora" not in concept_ids(capsys)
    said(capsys, "concepts", "rename", "trust", "Public trust")
    err = one_error_line(capsys, "concepts", "redo")
    assert "no undone concept edit to redo" in err, "a new edit forgets what was undone"
    listing = said(capsys, "concepts", "list", "--edits")
    assert listing.splitlines()[0].endswith("hid “LoRA”")
    assert listing.splitlines()[1].endswith("renamed “Trust” to “Public trust”")


def test_a_vosviewer_thesaurus_goes_out_and_comes_back_in_another_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    said(capsys, "concepts", "hide", "LoRA")
    said(
        capsys, "concepts", "merge", "education", "Media and entertainment", "--into", "healthcare"
    )
    said(capsys, "concepts", "rename", "trust", "Public trust")
    said(capsys, "concepts", "add", "medical jargon", "--kind", "theme")
    thesaurus = tmp_path / "thesaurus.txt"
    out = said(capsys, "concepts", "export", "-o", str(thesaurus))
    assert out == (
        f"Wrote 4 lines to {thesaurus} (a VOSviewer thesaurus).\n"
        "1 concept you added is not in it: a thesaurus can only replace labels.\n"
    )
    assert thesaurus.read_text(encoding="utf-8") == (
        "label\treplace by\n"
        "Trust\tPublic trust\n"
        "Education\tHealthcare\n"
        "Media and entertainment\tHealthcare\n"
        "LoRA\t\n"
    )
    said(capsys, "concepts", "undo")  # the added concept, which the thesaurus leaves out
    mine = as_json(capsys, "concepts", "list")
    other = tmp_path / "other"
    out = said(capsys, "--data-dir", str(other), "concepts", "import", str(thesaurus))
    assert out.splitlines()[0] == f"Imported {thesaurus} (VOSviewer thesaurus):"
    theirs = as_json(capsys, "--data-dir", str(other), "concepts", "list")
    assert theirs["concepts"] == mine["concepts"] and theirs["hidden"] == mine["hidden"]
    said(capsys, "--data-dir", str(other), "concepts", "undo")
    assert as_json(capsys, "--data-dir", str(other), "concepts", "list")["hidden"] == []


def test_citespace_alias_lines_merge_and_unknown_names_are_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    aliases = tmp_path / "citespace.alias"
    aliases.write_text("Healthcare#education\nHealthcare#Hospitals of Mars\n", encoding="utf-8")
    out = said(capsys, "concepts", "import", str(aliases))
    assert out.splitlines()[1:] == [
        "  merged “Education” into “Healthcare”",
        "Left out 1 name no concept of this library has: “Hospitals of Mars”.",
        "`explorer concepts undo` takes the whole import back.",
    ]
    assert as_json(capsys, "concept", "education")["id"] == "concept:healthcare"
    words = tmp_path / "words.txt"
    words.write_text("some words\n", encoding="utf-8")
    edits = Path(tmp_path / "data" / "vocabulary" / "edits.json").read_bytes()
    err = one_error_line(capsys, "concepts", "import", str(words))
    assert "neither a VOSviewer thesaurus" in err
    nothing = tmp_path / "nothing.alias"
    nothing.write_text("Atlantis#Mu\n", encoding="utf-8")
    err = one_error_line(capsys, "concepts", "import", str(nothing))
    assert "“Atlantis”" not in err and "“Mu”" in err and "nothing was changed" in err
    assert Path(tmp_path / "data" / "vocabulary" / "edits.json").read_bytes() == edits


def test_proposals_are_printed_as_the_commands_that_accept_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    said(capsys, "concepts", "add", "medical jargon", "--kind", "theme")
    said(capsys, "concepts", "add", "MJ", "--kind", "theme")
    said(capsys, "concepts", "add", "Efficiencies", "--kind", "theme")
    out = said(capsys, "concepts", "list", "--proposals")
    assert out.splitlines() == [
        "explorer concepts merge Efficiencies --into Efficiency",
        "explorer concepts merge MJ --into 'medical jargon'",
    ]
    said(capsys, *shlex.split(out.splitlines()[1])[1:])
    assert as_json(capsys, "concept", "MJ")["id"] == "concept:medical-jargon"
    [left] = as_json(capsys, "concepts", "list", "--proposals")["proposals"]
    assert left["reason"] == "variants" and left["into"] == "concept:efficiency"


def test_a_damaged_edits_file_is_kept_and_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    said(capsys, "concepts", "hide", "LoRA")
    said(capsys, "concepts", "hide", "Trust")
    path = data_dir / "vocabulary" / "edits.json"
    path.write_bytes(path.read_bytes()[:-30])
    damaged = path.read_bytes()
    err = one_error_line(capsys, "concepts", "hide", "healthcare")
    assert "The edits file" in err and "explorer concepts recover" in err
    assert path.read_bytes() == damaged, "nothing is written over it"
    [kept] = (data_dir / "recovery").glob("edits-*.json")
    assert kept.read_bytes() == damaged
    capsys.readouterr()
    assert main(["concept", "lora", "--json"]) == 0, "the rest of the app goes on"
    assert "leaves out your concept edits" in capsys.readouterr().err
    out = said(capsys, "concepts", "recover")
    assert out.startswith("Recovered 2 edits from the backup ")
    assert {"concept:lora", "concept:trust"}.isdisjoint(concept_ids(capsys))


def test_edits_hold_when_a_report_is_removed_and_added_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = dated_docs(tmp_path)
    said(capsys, "add", str(docs))
    said(capsys, "add", "--sample")  # the sample beside them, as before it stepped aside
    said(capsys, "concepts", "hide", "LoRA")
    said(capsys, "concepts", "merge", "federated learning", "--into", "quantization")
    said(capsys, "remove", "y2022")
    said(capsys, "remove", SEED)
    assert {"concept:lora", "concept:federated-learning"}.isdisjoint(concept_ids(capsys))
    said(capsys, "add", str(docs / "y2022.md"))
    ids = concept_ids(capsys)
    assert "concept:lora" not in ids, "a hidden concept stays hidden when it comes back"
    assert "concept:federated-learning" not in ids
    card = as_json(capsys, "concept", "federated learning")
    assert card["id"] == "concept:quantization"
    assert {s["report"] for s in card["sections"]} == {"y2020", "y2021", "y2022"}


def test_on_a_milvus_post(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    post = corpus("milvus-blog-en") / (
        "blog__en__2019-12-05-Accelerating-Similarity-Search-on-Really-Big-Data-with-"
        "Vector-Indexing.md"
    )
    said(capsys, "add", str(post))
    said(capsys, "concepts", "hide", "vector search")
    said(capsys, "concepts", "merge", "approximate nearest neighbour search", "--into", "IVF")
    out = said(capsys, "concepts", "add", "quantizer", "--kind", "technique")
    assert out.startswith("Added “quantizer” (technique): 2 mentions in ")
    nodes = graph_nodes(capsys)
    assert "concept:vector-search" not in nodes and "concept:ann" not in nodes
    assert nodes["concept:quantizer"]["kind"] == "technique"
    [report] = [r["id"] for r in as_json(capsys, "reports") if r["id"] != SEED]
    sub = {n["id"] for n in json.loads(said(capsys, "graph", "--report", report))["nodes"]}
    assert "concept:quantizer" in sub and "concept:vector-search" not in sub
