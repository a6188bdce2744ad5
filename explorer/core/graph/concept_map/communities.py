"""Communities of concepts, found on links normalised by association strength, and named.

A raw co-occurrence count favours the concepts every text mentions (in a product's blog, the
product): they would pull every community into one. Association strength (VOSviewer) divides a
link by what the two concepts' overall link strengths would give by chance, so a link counts
for what it says about the pair. Louvain runs on the `CORE` heaviest concepts, where the
evidence is; each lighter concept joins the community it is most strongly linked to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence

import networkx as nx

from explorer.core.graph.concept_map.model import OTHER

SEED = 7
CORE = 300
MAX_COMMUNITIES = 12
"""Colours to tell communities apart; the smallest beyond the 11th share the last, "other"."""
NAME_CONCEPTS = 3
MIN_MEMBERS = 3


def association(links: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], float]:
    """Each link's association strength: its weight × the total / both ends' strengths."""
    strength: Counter[str] = Counter()
    for (a, b), weight in links.items():
        strength[a] += weight
        strength[b] += weight
    total = sum(links.values()) or 1
    return {(a, b): w * total / (strength[a] * strength[b]) for (a, b), w in links.items()}


def communities(
    order: Sequence[str],
    weights: Mapping[str, int],
    labels: Mapping[str, str],
    strength: Mapping[tuple[str, str], float],
    seed: int = SEED,
    known: Mapping[str, int] | None = None,
    found: Collection[str] = (),
) -> tuple[dict[str, int], list[str]]:
    """A community for every concept in `order` (heaviest first), and each community's name.

    Communities are numbered by the weight of their members, heaviest first. Those of fewer
    than `MIN_MEMBERS` concepts, those past the first `MAX_COMMUNITIES` - 1 and concepts
    linked to none share the last number, named "other concepts".

    With `known` communities (concept → a number; a negative one: none in particular), those
    are kept instead of being found again, and the other concepts join the one they are most
    strongly linked to: how a map follows the user's concept edits at once.

    A community is named by its most typical concepts, those of the vocabulary before the
    keyphrases discovered in the text (`found`), which name a part more often than the whole.
    """
    if known is None:
        core = set(order[:CORE])
        member = _louvain(core, strength, seed)
    else:
        member = {c: known[c] for c in order if c in known}
        core = set(member)
    pull: dict[str, Counter[int]] = defaultdict(Counter)
    for (a, b), s in strength.items():
        for inside, outside in ((a, b), (b, a)):
            if inside in core and outside not in core:
                pull[outside][member[inside]] += s  # type: ignore[assignment]
    unlinked = -1
    for concept in order:
        if concept not in member:
            best = pull[concept].most_common(1)
            member[concept] = best[0][0] if best else unlinked
    return _numbered(order, weights, labels, member, strength, set(found))


def _louvain(
    core: set[str], strength: Mapping[tuple[str, str], float], seed: int
) -> dict[str, int]:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(core))
    graph.add_weighted_edges_from(
        (a, b, s) for (a, b), s in sorted(strength.items()) if a in core and b in core
    )
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return {c: i for i, group in enumerate(sorted(sorted(g) for g in found)) for c in group}


def _numbered(
    order: Sequence[str],
    weights: Mapping[str, int],
    labels: Mapping[str, str],
    member: Mapping[str, int],
    strength: Mapping[tuple[str, str], float],
    found: set[str],
) -> tuple[dict[str, int], list[str]]:
    total: Counter[int] = Counter()
    size: Counter[int] = Counter()
    first: dict[int, int] = {}
    for rank, concept in enumerate(order):
        total[member[concept]] += weights[concept]
        size[member[concept]] += 1
        first.setdefault(member[concept], rank)
    big = [g for g in total if g >= 0 and size[g] >= MIN_MEMBERS]
    big.sort(key=lambda g: (-total[g], first[g]))
    kept = big[: MAX_COMMUNITIES - 1] if len(big) < len(total) else big[:MAX_COMMUNITIES]
    number = {g: i for i, g in enumerate(kept)}
    other = len(kept)
    numbered = {c: number.get(member[c], other) for c in order}
    typical = sorted(_typical(order, weights, numbered, strength), key=lambda c: c in found)
    heads: list[list[str]] = [[] for _ in range(len(kept))]
    for concept in typical:
        n = numbered[concept]
        if n < other and len(heads[n]) < NAME_CONCEPTS:
            heads[n].append(labels[concept])
    named = [" · ".join(h) for h in heads]
    if other in numbered.values():
        named.append(OTHER)
    return numbered, named


def _typical(
    order: Sequence[str],
    weights: Mapping[str, int],
    member: Mapping[str, int],
    strength: Mapping[tuple[str, str], float],
) -> list[str]:
    """Concepts by how well they stand for their community: weight × the share of their
    association that stays inside it (a concept every text mentions belongs to no community
    in particular, so it does not name one)."""
    inside: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for (a, b), s in strength.items():
        same = member[a] == member[b]
        for end in (a, b):
            overall[end] += s  # type: ignore[assignment]
            if same:
                inside[end] += s  # type: ignore[assignment]
    rank = {c: i for i, c in enumerate(order)}

    def score(concept: str) -> float:
        share = inside[concept] / overall[concept] if overall[concept] else 0.0
        return weights[concept] * share * share

    return sorted(order, key=lambda c: (-score(c), rank[c]))
