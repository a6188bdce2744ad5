"""From parsed reports to concepts and their mentions: the vocabulary, then discovery."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence

from explorer.core.graph.boilerplate import closing, sign_offs
from explorer.core.graph.build import ConceptInfo, Hit
from explorer.core.graph.discovery import Discovery, in_code
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
    skips them.
    """
    hits: list[Hit] = []
    discovery = Discovery(known_ids=[c.id for c in taxonomy.concepts])
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
    for phrase in discovery.keyphrases():
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
