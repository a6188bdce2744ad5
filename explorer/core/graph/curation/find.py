"""Where the concepts a user added are mentioned: their label and aliases found in the
reports' passages as the vocabulary's concepts are (whole words and phrases, any case,
hyphens or spaces between words, regular plurals), without indexing anything again. And how
a text is read for concepts under the user's edits (``Lens``), for the reader's marks.

What was found is derived data, kept in ``cache/curation/<graph key>.json`` by each added
concept's names: reading every report again takes a second on a library of 300 posts, which
a command should not pay each time it draws the graph.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.core.graph.curation.fold import fold
from explorer.core.graph.curation.models import Add
from explorer.core.graph.curation.store import EditsState
from explorer.core.graph.vocabulary import Concept, Matcher, Taxonomy, longest_first
from explorer.core.ids import node_key
from explorer.core.kinds import VOCABULARY_KIND_NAMES
from explorer.core.reports import Report
from explorer.core.storage import atomic_write_text, drop_older_caches

FOUND_VERSION = 1
Hits = list[tuple[str, int]]


def signature(add: Add) -> str:
    """What finding an added concept depends on: its names, and whether plurals count."""
    names = [add.concept.label, *sorted(add.aliases)]
    raw = json.dumps([FOUND_VERSION, _matching_kind(add.kind), names], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def find_added(
    reports: Iterable[Report], adds: Sequence[Add], skip: Container[str] = frozenset()
) -> dict[str, Hits]:
    """Each add's signature → the passages naming it, with how many times, in order; the
    passages in ``skip`` (boilerplate, reference lists) name nothing, as in the graph."""
    matchers = {signature(add): _matcher(add) for add in adds}
    found: dict[str, Counter[str]] = {key: Counter() for key in matchers}
    for report in reports:
        for section in report.sections:
            for passage in section.passages:
                if passage.id in skip:
                    continue
                for key, matcher in matchers.items():
                    if matcher is not None and (times := len(matcher.find_in_text(passage.text))):
                        found[key][passage.id] += times
    return {key: list(counts.items()) for key, counts in found.items()}


def _matcher(add: Add) -> Matcher | None:
    """A vocabulary of this one concept (None when none of its names has a letter or digit,
    so none can be found as a word)."""
    names = [n for n in dict.fromkeys([add.concept.label, *add.aliases]) if re.search(r"\w", n)]
    if not names:
        return None
    concept = Concept(
        id="added",
        label=add.concept.label,
        kind=_matching_kind(add.kind),
        aliases=tuple(names),
        description=add.concept.label,
    )
    return Matcher(Taxonomy(schema_version=1, concepts=(concept,)))


def _matching_kind(kind: str) -> str:
    """The kind the matcher is told: organizations and modalities are not made plural
    ("Apples" is fruit); keyphrases are matched like themes."""
    return kind if kind in VOCABULARY_KIND_NAMES else "theme"


@dataclass(frozen=True)
class Lens:
    """How text is read for concepts under some edits: each merged concept's target (by
    slug), and a matcher for each concept added."""

    digest: str
    targets: Mapping[str, str]
    added: tuple[tuple[str, Matcher], ...]

    @classmethod
    def of(cls, state: EditsState) -> Lens:
        curation = fold(state.edits)
        targets = {
            node_key(source): node_key(curation.target(source)) for source in curation.merged
        }
        added = tuple(
            (node_key(node), matcher)
            for node, add in curation.added.items()
            if node not in curation.hidden and (matcher := _matcher(add)) is not None
        )
        return cls(state.digest, targets, added)

    def target(self, concept_id: str) -> str:
        return self.targets.get(concept_id, concept_id)

    def spans(self, matcher: Matcher, text: str) -> list[tuple[str, int, int]]:
        """(concept id, start, end) of each concept the vocabulary's ``matcher`` or an added
        concept names in ``text``, in order: a merged concept's words name its target
        (where names overlap, the longer wins, as in Matcher.find_in_text)."""
        found = [(self.target(c), a, b) for c, a, b in matcher.find_in_text(text)]
        if not self.added:
            return found
        for concept, added in self.added:
            found += [(concept, a, b) for _, a, b in added.find_in_text(text)]
        return longest_first(sorted(found, key=lambda m: (m[1], -m[2])))


class FoundStore:
    """cache/curation/<graph key>.json: what the added concepts were found to mention in the
    library of that key; one that cannot be read or written is simply found again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> dict[str, Hits]:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("version") != FOUND_VERSION:
                return {}
            return {
                str(sig): [(str(p), int(n)) for p, n in hits] for sig, hits in data["found"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return {}

    def save(self, key: str, found: Mapping[str, Hits]) -> None:
        payload = {
            "version": FOUND_VERSION,
            "found": {k: list(map(list, v)) for k, v in found.items()},
        }
        try:
            atomic_write_text(self._path(key), json.dumps(payload, ensure_ascii=False))
        except OSError:
            return
        drop_older_caches(self._path(key))
