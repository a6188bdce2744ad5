"""From parsed reports to concepts and their mentions: the vocabulary, then discovery."""

from __future__ import annotations

from collections.abc import Sequence

from explorer.core.graph.build import ConceptInfo, Hit
from explorer.core.graph.discovery import discover
from explorer.core.graph.vocabulary import Matcher, Taxonomy
from explorer.core.reports import Report


def extract(
    reports: Sequence[Report], taxonomy: Taxonomy, matcher: Matcher
) -> tuple[dict[str, ConceptInfo], list[Hit]]:
    """Every concept mentioned in the reports, and each mention as a Hit with offsets."""
    hits = [
        Hit(m.concept_id, m.passage_id, m.start, m.end)
        for report in reports
        for m in matcher.find(report)
    ]
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
    taken = [(h.passage_id, h.start, h.end) for h in hits]
    known = [c.id for c in taxonomy.concepts]
    for phrase in discover(reports, taken=taken, known_ids=known):
        infos[phrase.id] = ConceptInfo(
            id=phrase.id,
            label=phrase.label,
            kind="keyphrase",
            description=f"A phrase these reports repeat ({len(phrase.occurrences)} times).",
        )
        hits.extend(Hit(phrase.id, o.passage_id, o.start, o.end) for o in phrase.occurrences)
    return infos, hits
