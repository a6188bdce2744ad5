"""The user's concept edits applied to the library's graph: a pure function of the graph as
built, the edits in force, and what the concepts the user added were found to mention
(``find.py``). Nothing is indexed again and the built graph is left as it was.

The edits are first folded into what they come to (``Curation``): what is hidden, what is
merged into what, the labels given, the concepts added. That is applied in one order:

1. added concepts: a node linked by ``mentions`` to the sections whose passages name it,
   and by ``co-occurs`` to the concepts those passages mention;
2. merges: each source folds into its target (mentions summed, evidence joined, the
   sources' names kept as aliases); the target keeps its id, label, kind and place;
3. new labels: the old label stays an alias, so the old name still finds the concept;
4. hidden concepts leave, with their links.

Ids, never labels, tie an edit to its concept, so the edits hold when the library changes:
an edit about a concept that is not in the graph waits for a report that mentions it.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from explorer.core.graph.build import RELATED_SPREAD, kept_evidence
from explorer.core.graph.curation.fold import Curation, fold
from explorer.core.graph.curation.models import Add, SimpleEdit
from explorer.core.ids import is_concept, node_key, section_node, section_of

Found = Mapping[str, Sequence[tuple[str, int]]]
"""An added concept's node id → each passage that names it, and how many times."""

ADDED_DESCRIPTION = "A concept you added."


def apply_edits(
    base: nx.Graph, edits: Sequence[SimpleEdit], found: Found | None = None
) -> nx.Graph:
    """The graph as the user's edits make it: a new graph (``base`` when there are none)."""
    if not edits:
        return base
    state = fold(edits)
    graph = _light_copy(base)
    if state.added:
        by_passage = _concepts_by_passage(graph)
        for add in state.added.values():
            _add(graph, add, (found or {}).get(add.concept.id, ()), by_passage)
    gone: dict[str, str | None] = {}
    for target, sources in state.merge_groups().items():
        gone.update(_merge(graph, state, target, sources))
    for node, label in state.renamed.items():
        if node in graph:
            _relabel(graph.nodes[node], label)
    hidden = [node for node in state.hidden if node in graph]
    graph.remove_nodes_from(hidden)
    gone.update((node, None) for node in hidden)
    if gone:
        _fix_related(graph, base, gone)
    for node, neighbours in graph.adj.items():
        graph.nodes[node]["degree"] = len(neighbours)
    return graph


def _light_copy(base: nx.Graph) -> nx.Graph:
    """A copy that owns its nodes' attributes and its adjacency but shares the links'
    attribute dicts with ``base``: copying 40,000 of those took most of an edit's time on a
    library of 300 posts. So a link changed here is replaced (_set_edge), never changed in
    place."""
    graph = nx.Graph()
    graph.graph.update(base.graph)
    graph.add_nodes_from(base.nodes(data=True))  # each node's attributes copied
    for node, neighbours in base.adj.items():
        graph._adj[node] = dict(neighbours)  # the same attribute dict on both ends, as in base
    return graph


def _set_edge(graph: nx.Graph, a: str, b: str, data: dict[str, Any]) -> None:
    """Link a and b with these attributes, in a dict of this graph's own."""
    if graph.has_edge(a, b):
        graph.remove_edge(a, b)
    graph.add_edge(a, b, **data)


# ---- adding ------------------------------------------------------------------------------


def _concepts_by_passage(graph: nx.Graph) -> dict[str, set[str]]:
    """Passage id → the concept nodes it mentions (from the mentions' evidence)."""
    found: dict[str, set[str]] = defaultdict(set)
    for concept in (n for n in graph if is_concept(n)):
        for data in graph.adj[concept].values():
            if data["kind"] == "mentions":
                for passage_id in data["evidence"]:
                    found[passage_id].add(concept)
    return found


def _add(
    graph: nx.Graph,
    add: Add,
    hits: Sequence[tuple[str, int]],
    by_passage: dict[str, set[str]],
) -> None:
    """A node for the concept (or the user's label, kind and aliases on the node of that id
    already), linked to the sections whose passages name it and the concepts beside it."""
    node = add.concept.id
    per_section: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for passage_id, times in hits:
        section = section_node(section_of(passage_id))
        if section in graph:
            per_section[section].append(passage_id)
            counts[section] += times
    if node in graph:
        data = graph.nodes[node]
        data["kind"] = add.kind
        _relabel(data, add.concept.label, add.aliases)
    else:
        graph.add_node(node, **_new_node(graph, add, per_section))
    for section, passages in per_section.items():
        _join_edge(graph, section, node, "mentions", counts[section], passages, summed=False)
    data = graph.nodes[node]
    data["count"] = max(int(data.get("count", 0)), sum(counts.values()))
    beside: dict[str, list[str]] = defaultdict(list)
    for passages in per_section.values():
        for passage_id in passages:
            for other in by_passage.get(passage_id, ()):
                if other != node and other in graph:
                    beside[other].append(passage_id)
            by_passage.setdefault(passage_id, set()).add(node)
    for other, passages in beside.items():
        _join_edge(graph, node, other, "co-occurs", len(passages), passages, summed=False)


def _new_node(graph: nx.Graph, add: Add, per_section: Mapping[str, list[str]]) -> dict[str, Any]:
    """A new concept's attributes; it is placed amid the sections that mention it."""
    sections = [graph.nodes[s] for s in per_section]
    x = sum(float(s.get("x", 0.0)) for s in sections) / len(sections) if sections else 0.0
    y = sum(float(s.get("y", 0.0)) for s in sections) / len(sections) if sections else 0.0
    nudge = int(hashlib.sha1(add.concept.id.encode()).hexdigest()[:4], 16) / 65535 - 0.5
    near = Counter(s.get("community") for s in sections if s.get("community") is not None)
    return {
        "kind": add.kind,
        "label": add.concept.label,
        "count": 0,
        "description": ADDED_DESCRIPTION,
        "aliases": _names(add.aliases, add.concept.label),
        "degree": 0,
        "betweenness": 0.0,
        "community": near.most_common(1)[0][0] if near else 0,
        "x": x + 0.02 * nudge,
        "y": y - 0.02 * nudge,
    }


# ---- merging -------------------------------------------------------------------------------


def _merge(graph: nx.Graph, state: Curation, target: str, sources: list[str]) -> dict[str, str]:
    """Fold the sources present into the target; returns each source folded → the target.
    A target no report mentions any more takes the place of the first source present."""
    present = [s for s in sources if s in graph]
    if not present:
        return {}
    if target not in graph:
        ref = state.target_ref(target)
        data = dict(graph.nodes[present[0]])
        data["aliases"] = list(data.get("aliases", []))
        data["count"] = 0
        if ref is not None:
            data["label"] = ref.label
        graph.add_node(target, **data)
    for source in present:
        _fold_into(graph, source, target, state.renamed.get(source))
    return dict.fromkeys(present, target)


def _fold_into(graph: nx.Graph, source: str, target: str, new_label: str | None) -> None:
    sdata, tdata = graph.nodes[source], graph.nodes[target]
    names = [*([new_label] if new_label else []), sdata["label"], *sdata.get("aliases", [])]
    tdata["aliases"] = _names([*tdata.get("aliases", []), *names], tdata["label"])
    tdata["count"] = int(tdata.get("count", 0)) + int(sdata.get("count", 0))
    for other, data in list(graph[source].items()):
        if other != target:
            _join_edge(
                graph, target, other, data["kind"], int(data["weight"]), data["evidence"], True
            )
    graph.remove_node(source)


def _join_edge(
    graph: nx.Graph,
    a: str,
    b: str,
    kind: str,
    weight: int,
    evidence: Sequence[str],
    summed: bool,
) -> None:
    """Link a and b, or join this link to theirs: evidence together; the weights summed (two
    concepts' mentions are all mentions of one) or, for the same passages found twice, the
    larger. Passages two co-occurrences share count once."""
    old = graph.get_edge_data(a, b)
    if old is None:
        _set_edge(
            graph, a, b, {"kind": kind, "weight": weight, "evidence": kept_evidence(evidence)}
        )
        return
    both = set(old["evidence"]) & set(evidence)
    if not summed:
        total = max(int(old["weight"]), weight)
    elif kind == "co-occurs":
        total = max(int(old["weight"]) + weight - len(both), int(old["weight"]), weight)
    else:
        total = int(old["weight"]) + weight
    joined = kept_evidence([*old["evidence"], *evidence])
    _set_edge(graph, a, b, {**old, "weight": total, "evidence": joined})


# ---- labels ---------------------------------------------------------------------------------


def _relabel(data: dict[str, Any], label: str, more: Iterable[str] = ()) -> None:
    """A node's new label; the old one (and ``more``) join its aliases."""
    old = str(data.get("label", ""))
    data["aliases"] = _names([*data.get("aliases", []), old, *more], label)
    data["label"] = label


def _names(names: Iterable[str], label: str) -> list[str]:
    """Each name once (ignoring case), the label aside."""
    seen = {label.casefold()}
    kept = []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def _fix_related(graph: nx.Graph, base: nx.Graph, gone: Mapping[str, str | None]) -> None:
    """Related sections list the concepts they share (by slug): merged ones are named by
    their target, hidden ones leave, and a link left with none goes. Only the sections of
    a concept gone can have such a link, and only if it is in few enough of them."""
    slugs = {node_key(k): node_key(v) if v else None for k, v in gone.items()}
    sections: set[str] = set()
    for node in (n for n in gone if n in base):
        around = [s for s, data in base.adj[node].items() if data["kind"] == "mentions"]
        if len(around) <= RELATED_SPREAD:
            sections.update(s for s in around if s in graph)
    for a in sections:
        for b, data in list(graph.adj[a].items()):
            if data["kind"] != "related" or not any(c in slugs for c in data["concepts"]):
                continue
            shared = sorted({c for c in (slugs.get(c, c) for c in data["concepts"]) if c})
            if shared:
                _set_edge(graph, a, b, {**data, "concepts": shared, "weight": len(shared)})
            else:
                graph.remove_edge(a, b)
