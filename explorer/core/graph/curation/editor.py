"""The user's vocabulary: hide, unhide, merge, rename and add concepts, undo and redo, and
import and export them as other tools write them.

Names are looked up as ``explorer concept`` looks them up (ConceptGraph.find_concept: id,
label or alias, any case; an unknown one gets one sentence with near misses), in the graph
as the user's edits make it now; edits keep the concepts' ids (see models). Every change is
one locked write of vocabulary/edits.json and returns what it changed (``Done``).
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from explorer.core.changes import Done
from explorer.core.errors import ExplorerError, NotFound
from explorer.core.graph.curation.fold import Curation, fold
from explorer.core.graph.curation.models import (
    Add,
    AnyEdit,
    ConceptRef,
    Hide,
    Import,
    Merge,
    Rename,
    SimpleEdit,
    Unhide,
    one_line,
)
from explorer.core.graph.curation.proposals import Proposal, proposals
from explorer.core.graph.curation.store import EditsStore
from explorer.core.graph.curation.thesaurus import Rule, read_thesaurus, vosviewer_text
from explorer.core.graph.queries import ConceptGraph
from explorer.core.ids import concept_node, node_key
from explorer.core.kinds import CONCEPT_KIND_NAMES
from explorer.core.reports import slugify
from explorer.core.storage import USER_FILE_LIMIT, read_regular_file
from explorer.core.userfile import validated
from explorer.core.wording import many

T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=AnyEdit)


@dataclass(frozen=True)
class ConceptRow:
    """One concept as the user's vocabulary lists it."""

    id: str
    label: str
    kind: str
    mentions: int
    aliases: tuple[str, ...]
    edited: tuple[str, ...]
    """What the user did to it: "added", "renamed", "merged"."""


@dataclass(frozen=True)
class Imported:
    """What an import did: its format, the edit it made (None: nothing to do), and the
    names it gave that no concept of this library has."""

    format: str
    edit: Import | None
    unknown: tuple[str, ...]


class ConceptEdits:
    """The user's edits of the concept vocabulary, over the graph they apply to.

    ``graph`` gives the graph as the edits make it now, ``base`` the graph as the reports
    make it (where hidden concepts are still found)."""

    def __init__(
        self,
        store: EditsStore,
        graph: Callable[[], ConceptGraph],
        base: Callable[[], ConceptGraph],
    ) -> None:
        self.store = store
        self._graph = graph
        self._base = base

    # ---- reading -------------------------------------------------------------------------

    def state(self) -> Curation:
        """What the edits in force come to."""
        return fold(self.store.state().edits)

    def concepts(self, kind: str | None = None) -> list[ConceptRow]:
        """The concepts as the user's edits make them, the most mentioned first."""
        graph, state = self._graph(), self.state()
        merged = set(state.merge_groups())
        rows = []
        for node in graph.concepts():
            data = graph.graph.nodes[node]
            if kind is not None and data["kind"] != kind:
                continue
            edited = tuple(
                tag
                for tag, done in (
                    ("added", node in state.added),
                    ("renamed", node in state.renamed),
                    ("merged", node in merged),
                )
                if done
            )
            rows.append(
                ConceptRow(
                    id=node,
                    label=str(data["label"]),
                    kind=str(data["kind"]),
                    mentions=int(data.get("count", 0)),
                    aliases=tuple(data.get("aliases", ())),
                    edited=edited,
                )
            )
        return sorted(rows, key=lambda r: (-r.mentions, r.label.casefold(), r.id))

    def hidden(self) -> list[ConceptRef]:
        """The concepts hidden, with the label the user gave them, else the one the reports
        give them now, else the one they had when hidden."""
        base, state = self._base().graph, self.state()

        def label(ref: ConceptRef) -> str:
            if ref.id in state.renamed:
                return state.renamed[ref.id]
            return str(base.nodes[ref.id]["label"]) if ref.id in base else ref.label

        return [ConceptRef(id=ref.id, label=label(ref)) for ref in state.hidden.values()]

    def proposals(self) -> list[Proposal]:
        """Merges the graph suggests: variants of one name, an acronym and its expansion."""
        graph = self._graph()
        return proposals({n: graph.graph.nodes[n] for n in graph.concepts()})

    def command(self, proposal: Proposal) -> str:
        """The command that accepts a proposal."""
        graph = self._graph()
        names = " ".join(shlex.quote(self._name(graph, s)) for s in proposal.sources)
        into = shlex.quote(self._name(graph, proposal.into))
        return f"explorer concepts merge {names} --into {into}"

    def _name(self, graph: ConceptGraph, node: str) -> str:
        """A concept's label when it finds the concept, else its id."""
        label = str(graph.graph.nodes[node]["label"])
        try:
            return label if graph.find_concept(label) == node else node
        except NotFound:
            return node

    # ---- changing ------------------------------------------------------------------------

    def hide(self, names: Sequence[str]) -> Done[Hide]:
        """Hide concepts from every view and output (until unhidden or undone)."""
        graph = self._graph()
        return self._record(_valid(Hide, {"made": self._now(), "concepts": _refs(graph, names)}))

    def unhide(self, names: Sequence[str]) -> Done[Unhide]:
        """Show hidden concepts again."""
        hidden = self.hidden()
        if not hidden:
            raise ExplorerError("No concept is hidden.")
        base = self._base().graph
        found: dict[str, ConceptRef] = {}
        for name in names:
            ref = _hidden_one(name, hidden, base)
            found[ref.id] = ref
        return self._record(_valid(Unhide, {"made": self._now(), "concepts": list(found.values())}))

    def merge(self, names: Sequence[str], into: str) -> Done[Merge]:
        """Merge concepts into one: its id, label, kind and place stay; theirs go."""
        graph = self._graph()
        target = _ref(graph, graph.find_concept(into))
        sources = [r for r in _refs(graph, names) if r.id != target.id]
        if not sources:
            raise ExplorerError(
                f"{_quoted(names)} {_is(names)} already “{target.label}”; nothing to merge."
            )
        edit = _valid(Merge, {"made": self._now(), "sources": sources, "into": target})
        return self._record(edit)

    def rename(self, name: str, label: str) -> Done[Rename]:
        """Give a concept a new label; its old one still finds it."""
        graph = self._graph()
        concept = _ref(graph, graph.find_concept(name))
        new = _label(label)
        if new == concept.label:
            raise ExplorerError(f"“{concept.label}” is called that already; nothing to rename.")
        _not_taken(graph, new, concept.id, how="merge them instead")
        edit = _valid(Rename, {"made": self._now(), "concept": concept, "label": new})
        return self._record(edit)

    def add(self, label: str, kind: str, aliases: Iterable[str] = ()) -> Done[Add]:
        """A concept of the user's, found by its label and aliases in every report."""
        if kind not in CONCEPT_KIND_NAMES:
            raise ExplorerError(
                f"{kind!r} is not a concept kind; choose one of {', '.join(CONCEPT_KIND_NAMES)}."
            )
        graph = self._graph()
        name = _label(label)
        names = list(dict.fromkeys([_label(a) for a in aliases]))
        for each in (name, *names):
            _not_taken(graph, each, None, how="rename or merge it instead")
        node = _free_id(graph, name)
        edit = _valid(
            Add,
            {
                "made": self._now(),
                "concept": {"id": node, "label": name},
                "kind": kind,
                "aliases": [a for a in names if a.casefold() != name.casefold()],
            },
        )
        return self._record(edit)

    def undo(self) -> Done[AnyEdit]:
        """Take back the last edit (redo makes it again)."""
        return self._ready(self.store.undo())

    def redo(self) -> Done[AnyEdit]:
        return self._ready(self.store.redo())

    def _record(self, edit: E) -> Done[E]:
        return self._ready(self.store.record(edit))

    def _ready(self, done: Done[E]) -> Done[E]:
        """The edited graph made before the edit returns, so that what it changed can be
        read at once (GraphService.ready) by the views its changes tell to refresh."""
        self._graph()
        return done

    # ---- other tools' files --------------------------------------------------------------

    def import_file(self, path: Path) -> Done[Imported]:
        """Import a VOSviewer thesaurus or CiteSpace alias lines as one edit (one undo takes
        it back). Lines naming no concept of this library are said, not kept."""
        raw = read_regular_file(path, USER_FILE_LIMIT)
        thesaurus = read_thesaurus(raw, str(path))
        graph = self._graph()
        made, unknown = self._from_rules(graph, thesaurus.rules)
        if not made:
            return Done(Imported(thesaurus.format, None, tuple(unknown)))
        edit = _valid(
            Import, {"made": self._now(), "file": path.name[:400] or "thesaurus", "edits": made}
        )
        done = self._record(edit)
        return Done(Imported(thesaurus.format, edit, tuple(unknown)), done.changes)

    def _from_rules(
        self, graph: ConceptGraph, rules: Iterable[Rule]
    ) -> tuple[list[SimpleEdit], list[str]]:
        """The edits the rules ask of this graph, and the names it has no concept for."""
        made: list[SimpleEdit] = []
        unknown: list[str] = []
        used: set[str] = set()  # a concept one rule took is not taken again by another
        hide: list[ConceptRef] = []
        for rule in rules:
            found: list[ConceptRef] = []
            for name in rule.names:
                node = _found(graph, name)
                if node is None:
                    unknown.append(name)
                elif node not in used:
                    used.add(node)
                    found.append(_ref(graph, node))
            if rule.replace_by is None:
                hide += found
                continue
            made += self._replaced(graph, found, rule.replace_by, used)
        if hide:
            made.append(_valid(Hide, {"made": self._now(), "concepts": hide}))
        return made, list(dict.fromkeys(unknown))

    def _replaced(
        self, graph: ConceptGraph, found: list[ConceptRef], name: str, used: set[str]
    ) -> list[SimpleEdit]:
        """Merge the concepts found into the one called ``name``; with none called so, the
        first found takes the name and the others join it."""
        node = _found(graph, name)
        target = _ref(graph, node) if node is not None else None
        sources = [r for r in found if target is None or r.id != target.id]
        edits: list[SimpleEdit] = []
        if target is not None and len(sources) < len(found) and target.label != _label(name):
            # "Trust → public trust", an alias of its own: the concept takes that name
            label = _label(name)
            edits.append(_valid(Rename, {"made": self._now(), "concept": target, "label": label}))
            target = ConceptRef(id=target.id, label=label)
        if target is None:
            if not sources:
                return []
            first, *sources = sources
            label = _label(name)
            edits.append(_valid(Rename, {"made": self._now(), "concept": first, "label": label}))
            target = ConceptRef(id=first.id, label=label)
        used.add(target.id)
        if sources:
            edits.append(_valid(Merge, {"made": self._now(), "sources": sources, "into": target}))
        return edits

    def export_thesaurus(self) -> tuple[str, int]:
        """The edits in force as a VOSviewer thesaurus, and how many added concepts it
        leaves out (a thesaurus can only replace labels, not add concepts)."""
        state, graph, base = self.state(), self._graph().graph, self._base().graph

        def now_called(node: str) -> str:
            if node in graph:
                return str(graph.nodes[node]["label"])
            ref = state.target_ref(node)
            return state.renamed.get(node, ref.label if ref else node)

        rows: list[tuple[str, str]] = []
        for node, label in state.renamed.items():
            if node not in state.merged and node not in state.added:
                first = state.first_labels[node]
                rows.append((str(base.nodes[node]["label"]) if node in base else first, label))
        for target, sources in state.merge_groups().items():
            rows += [(state.merged[s][0].label, now_called(target)) for s in sources]
        rows += [(ref.label, "") for ref in self.hidden()]
        unique = list(dict.fromkeys((a, b) for a, b in rows if a.casefold() != b.casefold()))
        return vosviewer_text(unique), len(state.added)

    def _now(self) -> dt.datetime:
        return self.store.clock()


# ---- saying what an edit did -------------------------------------------------------------


def describe(edit: AnyEdit) -> str:
    """What an edit did, in a few words: "hid “LoRA”", "merged “LLMs” into “LLM”"."""
    if isinstance(edit, Hide):
        return f"hid {_listed(edit.concepts)}"
    if isinstance(edit, Unhide):
        return f"showed {_listed(edit.concepts)} again"
    if isinstance(edit, Merge):
        return f"merged {_listed(edit.sources)} into “{edit.into.label}”"
    if isinstance(edit, Rename):
        return f"renamed “{edit.concept.label}” to “{edit.label}”"
    if isinstance(edit, Add):
        also = f"; also {', '.join(edit.aliases)}" if edit.aliases else ""
        return f"added “{edit.concept.label}” ({edit.kind}{also})"
    return f"imported {edit.file} ({many(len(edit.edits), 'edit')})"


def _listed(refs: Sequence[ConceptRef], most: int = 5) -> str:
    names = [f"“{r.label}”" for r in refs[:most]]
    more = f" and {len(refs) - most} more" if len(refs) > most else ""
    if len(names) > 1 and not more:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names) + more


def _quoted(names: Sequence[str]) -> str:
    return " and ".join(f"“{n}”" for n in names)


def _is(names: Sequence[str]) -> str:
    return "are" if len(names) > 1 else "is"


def _ref(graph: ConceptGraph, node: str) -> ConceptRef:
    return ConceptRef(id=node, label=str(graph.graph.nodes[node]["label"]))


def _refs(graph: ConceptGraph, names: Sequence[str]) -> list[ConceptRef]:
    """The concepts of these names (each once), or NotFound for the first unknown one."""
    nodes = list(dict.fromkeys(graph.find_concept(name) for name in names))
    return [_ref(graph, n) for n in nodes]


def _found(graph: ConceptGraph, name: str) -> str | None:
    try:
        return graph.find_concept(name)
    except NotFound:
        return None


def _hidden_one(name: str, hidden: list[ConceptRef], base: Any) -> ConceptRef:
    """The hidden concept of this id, label or alias (any case)."""
    wanted = " ".join(name.split()).casefold()
    for ref in hidden:
        data = base.nodes[ref.id] if ref.id in base else {}
        names = [ref.id, node_key(ref.id), ref.label, data.get("label", "")]
        names += data.get("aliases", [])
        if any(wanted == str(n).casefold() for n in names):
            return ref
    shown = ", ".join(f"“{r.label}”" for r in hidden[:8]) + ("…" if len(hidden) > 8 else "")
    raise NotFound(f"No hidden concept is called {name!r}; hidden: {shown}.")


def _label(text: str) -> str:
    try:
        return one_line(text)
    except ValueError:
        raise ExplorerError("A concept needs a name; give it a word or a few.") from None


def _not_taken(graph: ConceptGraph, name: str, mine: str | None, how: str) -> None:
    """Refuse a name another concept already answers to."""
    owner = _found(graph, name)
    if owner is not None and owner != mine:
        label = graph.graph.nodes[owner]["label"]
        raise ExplorerError(f"“{name}” already names the concept “{label}”; {how}.")


def _free_id(graph: ConceptGraph, label: str) -> str:
    """``concept:<slug of the label>``, numbered when a concept has that id already."""
    slug = slugify(label) if re.search(r"[A-Za-z0-9]", label) else "concept"
    node, n = concept_node(slug), 1
    while node in graph.graph:
        n += 1
        node = concept_node(f"{slug}-{n}")
    return node


def _valid(model: type[T], values: dict[str, Any]) -> T:
    return validated(model, values, "The concept edit was not saved")
