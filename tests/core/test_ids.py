"""Ids as values: they parse and format both ways, and no module builds them by hand."""

from __future__ import annotations

import re

import pytest

from explorer.core.ids import (
    NodeId,
    PassageId,
    SectionId,
    concept_node,
    node_key,
    node_kind,
    report_of,
    section_number,
    section_of,
)
from tests.conftest import ROOT


def test_ids_round_trip() -> None:
    passage = PassageId.parse("ai-llm-2024#10.3")
    assert passage == SectionId("ai-llm-2024", 10).passage(3)
    assert str(passage) == "ai-llm-2024#10.3" and str(passage.section) == "ai-llm-2024#10"
    assert NodeId.parse("section:r#2") == NodeId("section", "r#2")
    assert str(NodeId.parse("concept:lora")) == concept_node("lora") == "concept:lora"
    assert (node_kind("report:r"), node_key("report:r")) == ("report", "r")
    assert (section_of("r#2.1"), report_of("r#2.1"), report_of("r#2")) == ("r#2", "r", "r")
    assert section_number("r#12") == 12 and section_number("nope") is None


@pytest.mark.parametrize("text", ["", "r", "r#", "r#x", "#2", "r#2.1"])
def test_a_bad_section_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a section id"):
        SectionId.parse(text)


@pytest.mark.parametrize("text", ["lora", "concept:", "edge:a", ":x"])
def test_a_bad_node_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a graph node id"):
        NodeId.parse(text)


HAND_MADE = re.compile(
    r'f?"(?:concept|section|report):(?:"|\{)|split\("#"\)|partition\("#"\)|'
    r'rpartition\("\."\)|startswith\("(?:concept|section|report):"\)'
)


def test_no_module_but_ids_builds_or_splits_ids_by_hand() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "explorer").rglob("*.py"))
        if path.name != "ids.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_MADE.search(line)
    ]
    assert found == []
