"""Each concept's card, what `explorer concept` shows of the graph, kept beside it.

A concept's details need of the graph only its own node, the sections that mention it, its
heaviest neighbours and the first passages of its evidence. For a library of thousands of
reports the graph is read back from a hundred megabytes in seconds; the cards, made when the
graph the user's edits make is (cache/cards/<key>.sqlite, keyed as the graph is), answer
for one concept in milliseconds, and load no graph library.

The table is SQLite (from the standard library) so that one concept, and the sections of a
concept mentioned in thousands of them, are read without reading the rest.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from explorer.core.errors import NotFound
from explorer.core.graph.curation.find import Lens
from explorer.core.graph.curation.store import EditsState, edits_key
from explorer.core.graph.store import graph_key
from explorer.core.graph.vocabulary import Matcher, bundled_vocabulary, load_taxonomy
from explorer.core.ids import is_concept, node_key
from explorer.core.storage import atomic_write_bytes, drop_older_caches

if TYPE_CHECKING:
    from explorer.core.graph.queries import ConceptGraph
    from explorer.core.reports import ReportEntry

CARDS_VERSION = 1
"""Bump when what a card holds changes: older tables are then made again."""
EVIDENCE_KEPT = 10
"""Passages of evidence a card keeps, the first in the order they are cited."""
NEIGHBOURS_KEPT = 20

Spans = Callable[[str], list[tuple[str, int, int]]]
"""(concept id, start, end) of each concept named in a text."""


class SectionMention(NamedTuple):
    """A section that mentions a concept, and how many times (a tuple: a concept of a
    large library is mentioned in tens of thousands of sections)."""

    section_id: str
    label: str
    report: str
    mentions: int


class Linked(NamedTuple):
    """A node linked to a concept, and the weight of the link."""

    id: str
    label: str
    kind: str
    weight: int


@dataclass(frozen=True)
class Card:
    """What the graph says of one concept: its node, the sections that mention it (the
    most mentions first), its heaviest links to other nodes than sections, and the first
    passages of its evidence (those of its sections, in that order)."""

    id: str
    label: str
    kind: str
    aliases: tuple[str, ...]
    description: str
    mentions: int
    sections: tuple[SectionMention, ...]
    neighbours: tuple[Linked, ...]
    evidence: tuple[str, ...]


def card_of(graph: ConceptGraph, node: str, evidence: int = EVIDENCE_KEPT) -> Card:
    """The card of a concept node, with up to ``evidence`` passages of its evidence: what
    ConceptGraph.sections_of, .weight and .evidence say of it, read in one pass over its
    links (the cards of a whole graph are made at once: 170,000 links for 3,000 reports)."""
    nodes = graph.graph._node  # the attribute dicts: a NodeView look-up costs far more
    links = graph.graph._adj[node]
    data = nodes[node]
    sections: list[tuple[str, int]] = []
    linked: list[Linked] = []
    for other, link in links.items():
        weight = int(link["weight"]) if link else 0  # as ConceptGraph.weight
        other_data = nodes[other]
        if other_data["kind"] == "section":
            sections.append((other, weight))
        elif other != node and weight:
            linked.append(Linked(other, other_data["label"], other_data["kind"], weight))
    sections.sort(key=lambda item: (-item[1], item[0]))
    linked.sort(key=lambda n: (-n.weight, n.label.lower(), n.id))
    cited = itertools.chain.from_iterable(links[sid]["evidence"] for sid, _ in sections)
    return Card(
        id=node,
        label=data["label"],
        kind=data["kind"],
        aliases=tuple(data.get("aliases", ())),
        description=data.get("description", ""),
        mentions=int(data.get("count", 0)),
        sections=tuple(
            SectionMention(node_key(sid), nodes[sid]["label"], nodes[sid]["report"], count)
            for sid, count in sections
        ),
        neighbours=tuple(linked[:NEIGHBOURS_KEPT]),
        evidence=tuple(itertools.islice(cited, evidence)),
    )


def wanted(name: str) -> str:
    """A name as ConceptGraph.find_concept compares it: trimmed, lower case, an id's slug."""
    found = name.strip().lower()
    return node_key(found) if is_concept(found) else found


def not_found(name: str, labels: Sequence[str]) -> NotFound:
    """That no concept is called ``name``, naming the labels (in graph order) it is part of."""
    low = wanted(name)
    near = sorted((label for label in labels if low and low in label.lower()), key=len)[:5]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    return NotFound(f"No concept is called {name!r}.{hint}")


def cards_key(entries: list[ReportEntry], edits: EditsState) -> str:
    """The key of the graph these reports and edits make (GraphService.graph's)."""
    return edits_key(graph_key(entries, bundled_vocabulary()), edits.digest)


def spans_within(texts: Sequence[str], edits: EditsState) -> Spans:
    """Where the concepts are named in these few texts as the user's edits make them, as
    GraphService.concept_spans finds them, without compiling the whole vocabulary."""
    matcher = Matcher(load_taxonomy(bundled_vocabulary()), within=texts)
    return functools.partial(Lens.of(edits).spans, matcher)


_SCHEMA = """
CREATE TABLE concepts (position INTEGER PRIMARY KEY, label TEXT NOT NULL, card TEXT NOT NULL);
CREATE TABLE names (name TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE sections (row INTEGER PRIMARY KEY, id TEXT NOT NULL, label TEXT NOT NULL,
                       report TEXT NOT NULL);
CREATE TABLE mentions (concept INTEGER NOT NULL, rank INTEGER NOT NULL,
                       section INTEGER NOT NULL, times INTEGER NOT NULL,
                       PRIMARY KEY (concept, rank)) WITHOUT ROWID;
"""
_INDEX = "CREATE INDEX names_by_name ON names (name, position);"


class CardStore:
    """cache/cards/<key>.sqlite: the cards of the graph of that key; older ones are removed
    on save, and one that cannot be read or written is simply made again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.sqlite"

    def has(self, key: str) -> bool:
        """Whether the cards of this key are kept, readable and of this version."""
        db = self._open(key)
        if db is None:
            return False
        db.close()
        return True

    def _open(self, key: str) -> sqlite3.Connection | None:
        """The table of this key, read only; None when missing, unreadable or of another
        version (then it is made again when the graph is next read)."""
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        except (sqlite3.Error, ValueError):
            return None
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] == CARDS_VERSION:
                return db
        except sqlite3.Error:
            pass
        db.close()
        return None

    def save(self, key: str, graph: ConceptGraph) -> None:
        """Cache the cards of every concept of the graph."""
        try:
            with contextlib.closing(sqlite3.connect(":memory:")) as db:
                _fill(db, graph)
                data = db.serialize()
            atomic_write_bytes(self._path(key), data)
        except (OSError, sqlite3.Error):
            return
        drop_older_caches(self._path(key))

    def card(self, key: str, name: str) -> Card | None:
        """The card of the concept called ``name`` (id, label or alias, ignoring case; the
        first in graph order, as ConceptGraph.find_concept finds it); NotFound naming near
        misses when there is none; None when the table is missing, of another version or
        unreadable."""
        db = self._open(key)
        if db is None:
            return None
        try:
            with contextlib.closing(db):
                found = db.execute(
                    "SELECT position FROM names WHERE name = ? ORDER BY position LIMIT 1",
                    (wanted(name),),
                ).fetchone()
                if found is None:
                    labels = db.execute("SELECT label FROM concepts ORDER BY position")
                    raise not_found(name, [str(label) for (label,) in labels])
                return _read(db, int(found[0]))
        except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None


def _fill(db: sqlite3.Connection, graph: ConceptGraph) -> None:
    db.executescript(_SCHEMA)
    concepts = graph.concepts()
    rows: dict[str, int] = {}
    cards = [card_of(graph, node) for node in concepts]
    for card in cards:
        for ref in card.sections:
            rows.setdefault(ref.section_id, len(rows))
    sections = {ref.section_id: ref for card in cards for ref in card.sections}
    db.executemany(
        "INSERT INTO sections VALUES (?, ?, ?, ?)",
        ((row, sid, sections[sid].label, sections[sid].report) for sid, row in rows.items()),
    )
    db.executemany("INSERT INTO concepts VALUES (?, ?, ?)", _concept_rows(cards))
    db.executemany("INSERT INTO names VALUES (?, ?)", _name_rows(cards))
    db.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?)",
        (
            (position, rank, rows[ref.section_id], ref.mentions)
            for position, card in enumerate(cards)
            for rank, ref in enumerate(card.sections)
        ),
    )
    db.execute(_INDEX)
    db.execute(f"PRAGMA user_version = {CARDS_VERSION}")
    db.commit()


def _concept_rows(cards: list[Card]) -> Iterator[tuple[int, str, str]]:
    for position, card in enumerate(cards):
        body = [
            card.id,
            card.kind,
            list(card.aliases),
            card.description,
            card.mentions,
            [[n.id, n.label, n.kind, n.weight] for n in card.neighbours],
            list(card.evidence),
        ]
        yield position, card.label, json.dumps(body, ensure_ascii=False)


def _name_rows(cards: list[Card]) -> Iterator[tuple[str, int]]:
    for position, card in enumerate(cards):
        names = {str(n).lower() for n in (node_key(card.id), card.label, *card.aliases)}
        yield from ((name, position) for name in names)


def _read(db: sqlite3.Connection, position: int) -> Card:
    label, body = db.execute(
        "SELECT label, card FROM concepts WHERE position = ?", (position,)
    ).fetchone()
    node, kind, aliases, description, mentions, neighbours, evidence = json.loads(body)
    sections = db.execute(
        "SELECT s.id, s.label, s.report, m.times FROM mentions AS m "
        "JOIN sections AS s ON s.row = m.section WHERE m.concept = ? ORDER BY m.rank",
        (position,),
    )
    return Card(
        id=str(node),
        label=str(label),
        kind=str(kind),
        aliases=tuple(str(a) for a in aliases),
        description=str(description),
        mentions=int(mentions),
        sections=tuple(map(SectionMention._make, sections)),  # typed as the table was filled
        neighbours=tuple(Linked(str(i), str(t), str(k), int(w)) for i, t, k, w in neighbours),
        evidence=tuple(str(p) for p in evidence),
    )
