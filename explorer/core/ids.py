"""Identifiers as small values that parse and format (see ARCHITECTURE.md, "Identifiers").

- report ``<slug>``; section ``<report>#<n>``; passage ``<report>#<n>.<m>``;
- graph nodes ``report:<report>``, ``section:<report>#<n>``, ``concept:<slug>``.

Every other module builds and reads ids through these; none splits them by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

NodeKind = Literal["report", "section", "concept"]
_SECTION = re.compile(r"(?P<report>[^#]+)#(?P<number>[0-9]+)")
_PASSAGE = re.compile(r"(?P<section>[^#]+#[0-9]+)\.(?P<number>[0-9]+)")


@dataclass(frozen=True, order=True)
class SectionId:
    """``<report>#<n>``, n counting from 1 in document order."""

    report: str
    number: int

    @classmethod
    def parse(cls, text: str) -> SectionId:
        match = _SECTION.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a section id such as report#2")
        return cls(match["report"], int(match["number"]))

    def __str__(self) -> str:
        return f"{self.report}#{self.number}"

    def passage(self, number: int) -> PassageId:
        return PassageId(self, number)


@dataclass(frozen=True, order=True)
class PassageId:
    """``<report>#<n>.<m>``: passage m of section n."""

    section: SectionId
    number: int

    @classmethod
    def parse(cls, text: str) -> PassageId:
        match = _PASSAGE.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a passage id such as report#2.1")
        return cls(SectionId.parse(match["section"]), int(match["number"]))

    def __str__(self) -> str:
        return f"{self.section}.{self.number}"


@dataclass(frozen=True)
class NodeId:
    """A graph node: ``report:<id>``, ``section:<report>#<n>`` or ``concept:<slug>``."""

    kind: NodeKind
    key: str

    @classmethod
    def parse(cls, text: str) -> NodeId:
        kind, sep, key = text.partition(":")
        if not sep or not key or kind not in ("report", "section", "concept"):
            raise ValueError(f"{text!r} is not a graph node id such as concept:lora")
        return cls(kind, key)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


def report_node(report_id: str) -> str:
    return str(NodeId("report", report_id))


def section_node(section_id: str) -> str:
    return str(NodeId("section", section_id))


def concept_node(slug: str) -> str:
    return str(NodeId("concept", slug))


def node_kind(node: str) -> str:
    """The kind named by a node id's prefix ("" for text that is not a node id)."""
    kind, sep, _ = node.partition(":")
    return kind if sep else ""


def node_key(node: str) -> str:
    """What a node id names: the report id, the section id or the concept slug."""
    return node.partition(":")[2]


def is_concept(node: str) -> bool:
    return node_kind(node) == "concept"


def section_of(passage_id: str) -> str:
    """The section id of a passage id (``r#2.1`` → ``r#2``)."""
    return passage_id.rpartition(".")[0]


def passage_order(passage_id: str) -> tuple[str, int, int]:
    """(report, section number, passage number): document order. PassageId.parse's answer
    without its regular expression and objects (sorting the evidence of thousands of
    reports asked it 400,000 times); an id it cannot read sorts by itself."""
    report, _, rest = passage_id.partition("#")
    section, dot, number = rest.partition(".")
    digits = section.isascii() and section.isdigit() and number.isascii() and number.isdigit()
    if report and dot and digits:
        return report, int(section), int(number)
    try:
        parsed = PassageId.parse(passage_id)
    except ValueError:
        return passage_id, 0, 0
    return parsed.section.report, parsed.section.number, parsed.number


def report_of(section_or_passage_id: str) -> str:
    """The report id of a section or passage id (``r#2.1`` → ``r``)."""
    return section_or_passage_id.partition("#")[0]


def names_report(ref: str, report_id: str) -> bool:
    """Whether an id names this report or a part of it: the report id itself (a period of
    one report), its node, or a section or passage id or node of it."""
    key = node_key(ref) if node_kind(ref) in ("report", "section") else ref
    return key == report_id or ("#" in key and report_of(key) == report_id)


def section_id(report_id: str, number: int) -> str:
    return str(SectionId(report_id, number))


def section_number(section_id: str) -> int | None:
    """n of ``<report>#<n>``, or None when the id is not a section id."""
    try:
        return SectionId.parse(section_id).number
    except ValueError:
        return None
