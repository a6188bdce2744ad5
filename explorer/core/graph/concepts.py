"""From parsed reports to concepts and their mentions: the vocabulary, then discovery."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence

from explorer.core.graph.boilerplate import sign_offs
from explorer.core.graph.build import ConceptInfo, Hit
from explorer.core.graph.discovery import Discovery, Keyphrase
from explorer.core.graph.parts.model import (
    CODE,
    IN_CLOSE,
    UNMENTIONED,
    ReportParts,
    report_parts,
)
from explorer.core.graph.variants import variant_key
from explorer.core.graph.vocabulary import Matcher, Taxonomy
from explorer.core.reports import Report


def extract(
    reports: Sequence[Report],
    taxonomy: Taxonomy,
    matcher: Matcher,
    skip: Container[str] = frozenset(),
) -> tuple[dict[str, ConceptInfo], list[Hit]]:
    """Every concept mentioned in the reports, and a Hit for each passage that mentions it;
    the passages in ``skip`` (boilerplate, reference lists: see boilerplate.py) mention none.
    (extract_parts, from each report's share worked out here.)"""
    return extract_parts((report_parts(r, matcher) for r in reports), taxonomy, skip)


def extract_parts(
    reports: Iterable[ReportParts], taxonomy: Taxonomy, skip: Container[str] = frozenset()
) -> tuple[dict[str, ConceptInfo], list[Hit]]:
    """extract, from the reports' shares (see parts.py), read one at a time: a passage
    flagged boilerplate or references, or in ``skip``, mentions nothing.

    One pass over the passages: the vocabulary's mentions of each (counted, never kept one
    by one: a report of one name repeated has millions) and the candidate phrases handed
    to discovery, which skips the vocabulary's names. A phrase discovery finds that is a
    vocabulary name written another way ("similarity metric", "streaming service") counts
    as that concept's mention.
    """
    hits: list[Hit] = []
    close: set[str] = set()  # a sign-off's mentions in a report's close are not counted
    discovery = Discovery(known_names(taxonomy))
    for report in reports:
        for passage in report.passages:
            if passage.flags & IN_CLOSE:
                close.add(passage.id)
            if passage.flags & UNMENTIONED or passage.id in skip:
                continue
            hits.extend(Hit(c, passage.id, n) for c, n in passage.hits)
            if not passage.flags & CODE:
                discovery.count(passage.id, passage.section, passage.candidates)
    phrases = discovery.keyphrases()
    named = {p.id for p in phrases if p.known or taxonomy.concept(p.id) is not None}
    hits = _together(hits, [p for p in phrases if p.id in named])
    infos: dict[str, ConceptInfo] = {}
    for concept_id in {h.concept_id for h in hits}:
        concept = taxonomy.concept(concept_id)
        assert concept is not None
        infos[concept_id] = ConceptInfo(
            id=concept.id,
            label=concept.label,
            kind=concept.kind,
            description=concept.description,
            aliases=tuple(dict.fromkeys((*concept.aliases, *concept.case_sensitive_aliases))),
        )
    for phrase in phrases:
        if phrase.id in named:
            continue
        infos[phrase.id] = ConceptInfo(
            id=phrase.id,
            label=phrase.label,
            kind="keyphrase",
            description=f"A phrase these reports repeat ({phrase.count} times).",
        )
        hits.extend(Hit(phrase.id, passage_id, n) for passage_id, n in phrase.passages)
    signing = sign_offs(((h.concept_id, h.passage_id) for h in hits), close)
    hits = [h for h in hits if h.concept_id not in signing or h.passage_id not in close]
    for concept_id in signing - {h.concept_id for h in hits}:
        del infos[concept_id]
    return infos, hits


def known_names(taxonomy: Taxonomy) -> dict[str, str]:
    """Each name of the vocabulary's concepts (id, label, aliases matched in any case) by
    its variant_key, and the concept it names. A case-sensitive alias ("RAG", "Meta") is
    left out: in another case it is another word."""
    names: dict[str, str] = {}
    for concept in taxonomy.concepts:
        for name in (concept.id, concept.label, *concept.aliases):
            names.setdefault(variant_key(name), concept.id)
    return names


def _together(hits: list[Hit], named: Sequence[Keyphrase]) -> list[Hit]:
    """The vocabulary's hits with those of the phrases that name its concepts another way,
    one hit per concept and passage."""
    if not named:
        return hits
    times = Counter({(h.concept_id, h.passage_id): h.times for h in hits})
    for phrase in named:
        times.update({(phrase.id, passage_id): n for passage_id, n in phrase.passages})
    return [Hit(concept_id, passage_id, n) for (concept_id, passage_id), n in times.items()]
