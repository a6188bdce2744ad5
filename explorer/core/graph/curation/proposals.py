"""Merges the graph suggests for the user to accept: concepts whose labels are one name
written two ways.

- *variants*: labels that differ only by case, plural, hyphens or spaces ("vector database",
  "Vector Databases", "vector-database");
- *acronyms*: an acronym and its expansion, the initials of the expansion's words being the
  acronym ("LLM" and "large language models", "RAG" and "retrieval-augmented generation").

Each proposal merges the lighter concepts into the one with the most mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from explorer.core.graph.variants import BREAKS, variant_key

_ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9]{1,7}")
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on", "a", "an", "&"})


@dataclass(frozen=True)
class Proposal:
    """Merge ``sources`` into ``into`` (concept node ids), and why."""

    sources: tuple[str, ...]
    into: str
    reason: str
    """"variants" (case, plural, hyphens, spaces) or "acronym"."""


def proposals(concepts: Mapping[str, Mapping[str, Any]]) -> list[Proposal]:
    """Merges worth proposing among these concepts (node id → its attributes), the most
    mentioned first; a pair is proposed once, as variants if it is both."""
    found = _variants(concepts)
    paired = {frozenset((s, p.into)) for p in found for s in p.sources}
    for acronym in _acronyms(concepts):
        if not any(frozenset((s, acronym.into)) in paired for s in acronym.sources):
            found.append(acronym)
    return sorted(found, key=lambda p: (-_weight(concepts, p), p.into))


def _weight(concepts: Mapping[str, Mapping[str, Any]], proposal: Proposal) -> int:
    return sum(int(concepts[c].get("count", 0)) for c in (*proposal.sources, proposal.into))


def _heaviest_first(concepts: Mapping[str, Mapping[str, Any]], ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda c: (-int(concepts[c].get("count", 0)), c))


def _variants(concepts: Mapping[str, Mapping[str, Any]]) -> list[Proposal]:
    groups: dict[str, list[str]] = defaultdict(list)
    for node, data in concepts.items():
        groups[variant_key(str(data.get("label", "")))].append(node)
    found = []
    for key, members in groups.items():
        if key and len(members) > 1:
            into, *sources = _heaviest_first(concepts, members)
            found.append(Proposal(tuple(sources), into, "variants"))
    return found


def acronym_of(name: str) -> str | None:
    """The acronym a name is ("LLM", "LLMs" → "LLM"), or None: two to eight letters or
    digits, starting with a letter, at least two of them capitals."""
    if not _ACRONYM.fullmatch(name):
        return None
    bare = name[:-1] if name.endswith("s") and name[:-1].isupper() else name
    if sum(c.isupper() for c in bare) < 2:
        return None
    return bare.upper()


def initials(name: str) -> str | None:
    """The initials of a name of two words or more ("large language models" → "LLM"),
    small words such as "of" aside; None for one word."""
    words = [w for w in BREAKS.split(name.casefold()) if w and w not in _SMALL_WORDS]
    if len(words) < 2 or not all(w[0].isalnum() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def _acronyms(concepts: Mapping[str, Mapping[str, Any]]) -> list[Proposal]:
    """An acronym (a label or alias) and another concept whose label it abbreviates. An
    acronym whose own concept has a name it abbreviates is that concept's ("HR" of human
    resources is not "hybrid retrieval")."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for node, data in concepts.items():
        if (letters := initials(str(data.get("label", "")))) is not None:
            expansions[letters].add(node)
    found = []
    for node, data in sorted(concepts.items()):
        names = (str(data.get("label", "")), *data.get("aliases", ()))
        own = {initials(name) for name in names}
        for acronym in sorted({a for name in names if (a := acronym_of(name)) is not None}):
            if acronym in own:
                continue
            for expansion in sorted(expansions.get(acronym, set()) - {node}):
                into, source = _heaviest_first(concepts, (node, expansion))
                found.append(Proposal((source,), into, "acronym"))
    unique = {(p.sources, p.into): p for p in found}
    return list(unique.values())
