"""A concept's details (`explorer concept`) read from the cards kept beside the graph say
what the graph says, as the user's edits make it, and read no graph to say it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.core.errors import NotFound
from explorer.core.explain import concept_card
from explorer.core.graph import Card
from explorer.core.workspace import Workspace
from tests.conftest import ROOT, corpus, subprocess_env

POSTS = (
    "blog__en__2019-12-25-managing-metadata-in-milvus-1.md",
    "blog__en__2021-04-23-Making-with-Milvus-Detecting-Android-Viruses-in-Real-Time-for-"
    "Trend-Micro.md",
    "blog__en__2021-05-20-inside-milvus-1.1.0.md",
    "blog__en__2021-11-19-run-milvus-2.0-on-windows.md",
)
MISSES = ("vector", "zzz", "", "  MILVUS  ", "concept:milvus", "CONCEPT:Milvus", "Search")


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    workspace = Workspace(data_dir)
    workspace.add([corpus("milvus-blog-en") / name for name in POSTS])
    return workspace


def said(ws: Workspace, name: str) -> Card | str:
    """The card of a concept by this name, or what the user is told when there is none."""
    try:
        return ws.concept(name)
    except NotFound as exc:
        return str(exc)


def names(ws: Workspace) -> list[str]:
    """Every concept by its label, its id and an alias, and names no concept has."""
    graph = ws.graph()
    found = []
    for node in graph.concepts():
        data = graph.node(node)
        found += [data["label"], node, *data.get("aliases", [])[:1], data["label"].upper()]
    return [*found, *MISSES]


def answers(ws: Workspace) -> dict[str, Card | str]:
    return {name: said(ws, name) for name in names(ws)}


def without_cards(ws: Workspace) -> dict[str, Card | str]:
    """The answers with the cards gone: from the graph in memory (read first, so that
    asking for it again neither reads it nor keeps its cards again)."""
    ws.graph()
    shutil.rmtree(ws.cache / "cards")
    return answers(ws)


def test_every_card_kept_beside_the_graph_says_what_the_graph_says(ws: Workspace) -> None:
    kept = answers(Workspace(ws.folder))  # the graph was read once, and its cards kept
    assert list((ws.cache / "cards").glob("*.sqlite"))
    assert kept == without_cards(ws)
    milvus = kept["Milvus"]
    assert isinstance(milvus, Card) and milvus.label == "Milvus" and milvus.sections
    assert kept["zzz"] == "No concept is called 'zzz'."
    assert str(kept["vector"]).startswith("No concept is called 'vector'. Did you mean:")


def test_the_details_are_read_without_the_graph(ws: Workspace, data_dir: Path) -> None:
    """In a process of its own, as a user runs it: the same details as from the graph, and
    no graph library loaded."""
    ws.graph()  # what `explorer concepts …` and the window do: the cards are kept
    expected = concept_card(ws, "Trend Micro").model_dump(mode="json")
    code = (
        "import json, sys\n"
        "from explorer.core.explain import concept_card\n"
        "from explorer.core.workspace import Workspace\n"
        "card = concept_card(Workspace(), 'trend micro').model_dump(mode='json')\n"
        "print(json.dumps([card, sorted({'networkx', 'numpy', 'whoosh'} & set(sys.modules))]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    card, loaded = json.loads(run.stdout)
    assert card == expected
    assert card["evidence"] and all("<mark>" in e["snippet"] for e in card["evidence"])
    assert loaded == []


def test_a_merge_shows_in_the_card_with_or_without_the_graph(ws: Workspace) -> None:
    edits = ws.concept_edits()
    before = ws.concept("Milvus")
    edits.merge(["Zilliz"], "Milvus")
    merged = ws.concept("Zilliz")  # no cards for these edits yet: from the graph
    assert merged.id == before.id and "Zilliz" in merged.aliases
    assert merged.mentions > before.mentions
    ws.graph()
    assert answers(Workspace(ws.folder)) == without_cards(ws)
    assert Workspace(ws.folder).concept("Zilliz") == merged


def test_hidden_and_renamed_concepts_read_as_the_user_left_them(ws: Workspace) -> None:
    edits = ws.concept_edits()
    edits.hide(["Trend Micro"])
    edits.rename("Zilliz", "Zilliz Cloud")
    ws.graph()
    fresh = Workspace(ws.folder)
    with pytest.raises(NotFound):
        fresh.concept("Trend Micro")
    renamed = fresh.concept("zilliz")
    assert renamed.label == "Zilliz Cloud" and "Zilliz" in renamed.aliases
    edits.undo()
    edits.undo()
    assert Workspace(ws.folder).concept("Trend Micro").label == "Trend Micro"
    assert Workspace(ws.folder).concept("zilliz").label == "Zilliz"


def test_an_added_concept_has_a_card_with_its_evidence(ws: Workspace) -> None:
    ws.concept_edits().add("Android apps", "theme", ["Android application", "Android devices"])
    ws.graph()
    card = concept_card(Workspace(ws.folder), "android devices")
    assert card.label == "Android apps" and card.sections and card.evidence
    for item in card.evidence:
        assert "<mark>" in item.snippet, item
    assert concept_card(ws, "android devices") == card
    shutil.rmtree(ws.cache / "cards")
    assert concept_card(ws, "android devices") == card


def test_a_damaged_table_is_made_again_from_the_graph(ws: Workspace) -> None:
    ws.graph()
    (table,) = (ws.cache / "cards").glob("*.sqlite")
    expected = said(Workspace(ws.folder), "Milvus")
    table.write_bytes(b"not a table at all" * 100)
    assert said(Workspace(ws.folder), "Milvus") == expected
    assert not table.read_bytes().startswith(b"not a table")  # made again with the graph
    assert said(Workspace(ws.folder), "Milvus") == expected
