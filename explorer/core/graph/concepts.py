"""From parsed reports to concepts and their mentions: the vocabulary, then discovery."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence

from explorer.core.graph.boilerplate import closing, sign_offs
from explorer.core.graph.build import ConceptInfo, Hit
from explorer.core.graph.discovery import Discovery, Keyphrase, in_code
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

    One pass over the passages: the vocabulary's mentions of each are counted (never kept
    one by one: a report of one name repeated has millions) and handed to discovery, which
    skips them. A phrase discovery finds that is a vocabulary name written another way
    ("similarity metric", "streaming service") counts as that concept's mention.
    """
    hits: list[Hit] = []
    discovery = Discovery(known_names(taxonomy))
    for report in reports:
        code = in_code(report)
        for section in report.sections:
            for passage in section.passages:
                if passage.id in skip:
                    continue
                found = matcher.find_in_text(passage.text)
                times = Counter(concept_id for concept_id, _, _ in found)
                hits.extend(Hit(c, passage.id, n) for c, n in times.items())
                if passage.id not in code:
                    discovery.read(passage, [(start, end) for _, start, end in found])
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
    close = closing(reports)  # a sign-off's mentions in a report's close are not counted
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
