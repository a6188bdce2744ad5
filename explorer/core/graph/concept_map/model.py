"""The library map as a value: concepts by weight, their places, communities and names."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

MAP_VERSION = 2
"""Bump when the way a map is built changes: older cached maps are ignored."""

OTHER = "other concepts"


STEP = 100
"""Concepts added by "show more" (and taken away by "show fewer", down to STEP // 2)."""


@dataclass(frozen=True)
class MapSettings:
    """What the user chose to see: the `top` heaviest concepts, links of `min_weight` and up."""

    top: int
    min_weight: int

    def more(self, total: int) -> MapSettings:
        """Up to `STEP` more concepts, at most all `total` of them."""
        return replace(self, top=min(total, self.top + STEP))

    def fewer(self) -> MapSettings:
        """`STEP` fewer concepts (back to a multiple of it), never fewer than half a step."""
        less = (self.top - 1) // STEP * STEP
        return replace(self, top=max(STEP // 2, less))

    def links(self, min_weight: int) -> MapSettings:
        return replace(self, min_weight=max(1, min_weight))


@dataclass(frozen=True)
class ConceptMap:
    """Every concept of a graph, heaviest first, with its weight (the sections that mention
    it), its community (numbered from 0, heaviest first) and each community's name (its most
    typical concepts); and places in [-1, 1]² for the `laid_out` heaviest concepts (a map of
    the top 100 is laid out for those 100: see build.arranged)."""

    concepts: tuple[str, ...]
    weights: dict[str, int]
    community: dict[str, int]
    names: tuple[str, ...]
    positions: dict[str, tuple[float, float]]
    laid_out: int

    def rank(self, concept: str) -> int:
        """Where a concept stands by weight (0 is the heaviest); the length when unknown."""
        return self._ranks.get(concept, len(self.concepts))

    @cached_property
    def _ranks(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.concepts)}

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": MAP_VERSION,
                "concepts": [[c, self.weights[c], self.community[c]] for c in self.concepts],
                "names": list(self.names),
                "positions": [[c, *self.positions[c]] for c in self.concepts[: self.laid_out]],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ConceptMap:
        """The map written by `to_json`; ValueError when it is not one of this version."""
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != MAP_VERSION:
            raise ValueError("not a concept map of this version")
        rows = [(str(c), int(w), int(k)) for c, w, k in data["concepts"]]
        names = tuple(str(n) for n in data["names"])
        if any(not 0 <= k < len(names) for *_, k in rows):
            raise ValueError("a concept's community has no name")
        places = {str(c): (float(x), float(y)) for c, x, y in data["positions"]}
        concepts = tuple(r[0] for r in rows)
        if set(places) != set(concepts[: len(places)]):
            raise ValueError("the places are not those of the heaviest concepts")
        return cls(
            concepts=concepts,
            weights={r[0]: r[1] for r in rows},
            community={r[0]: r[2] for r in rows},
            names=names,
            positions=places,
            laid_out=len(places),
        )
