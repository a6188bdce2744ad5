"""The tour a library offers before the user makes one.

- A library with one date (the bundled report, any single report): one stop per top-level
  section (its trend), each on that section's neighbourhood with its best-evidenced passage,
  then its key concepts, the bridges between sections (by betweenness).
- A dated library (two periods or more): an overview, then one stop per period in order,
  the graph as that period left it, naming the concepts that stand out then (their share rose
  most against the periods before: trends/standing.py), the first in focus, and quoting a
  passage that names as many of them as one can.

No two stops quote the same passage: each takes the best one not quoted before it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from explorer.core.ids import is_concept, node_kind
from explorer.core.kinds import NODE_KIND_NAMES
from explorer.core.tours import DEFAULT_ID
from explorer.core.tours.models import Stop, Tour

if TYPE_CHECKING:
    from explorer.core.trends import Timeline

KEY_CONCEPTS = 5
STANDING_OUT = 3  # concepts named in a period's caption
PROSE_TRIES = 12  # passages a period looks through for one that reads as prose
PROSE_CHARS = 80
STRUCTURAL = {"report", "section"}
BUT_REPORTS = tuple(k for k in NODE_KIND_NAMES if k != "report")
"""A section's stop leaves its report out: every section links to it, and it says nothing."""


def default_tour(
    graph: Any,
    line: Timeline | None,
    name: str,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    text_of: Callable[[str], str] | None = None,
) -> Tour:
    """The library's default tour (its id is always ``default``; it is not saved until the
    user changes it). ``line``: the library's timeline, None when there is none. With
    ``text_of`` (a passage id → its text), a period quotes prose rather than a list of links
    or a table."""
    if line is not None and len(line.periods) > 1:
        stops = [_overview(graph, line), *_periods(graph, line, text_of)]
    else:
        sections = _sections(graph)
        quoted = {s.evidence for s in sections if s.evidence}
        stops = [*sections, *_key_concepts(graph, quoted)]
    when = now()
    return Tour(id=DEFAULT_ID, name=name, created=when, updated=when, stops=tuple(stops))


def _label(graph: Any, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def _concepts_of(graph: Any, node: str) -> list[tuple[str, int]]:
    """The concepts linked to a node, the heaviest link first."""
    found = [
        (n, int(graph.edges[node, n].get("weight", 1)))
        for n in graph.neighbors(node)
        if graph.nodes[n].get("kind") not in STRUCTURAL
    ]
    return sorted(found, key=lambda item: (-item[1], _label(graph, item[0]).lower()))


def _citations(graph: Any, node: str, among: list[str] | None = None) -> Counter[str]:
    """How often each passage is cited as evidence by the node's links (to ``among`` only,
    when given)."""
    cited: Counter[str] = Counter()
    for other in among if among is not None else list(graph.neighbors(node)):
        cited.update(str(p) for p in graph.edges[node, other].get("evidence", ()))
    return cited


def best_passage(graph: Any, node: str, among: list[str] | None = None) -> str | None:
    """The passage that most of a node's links cite as evidence."""
    ranked = best_passages(graph, node, among)
    return ranked[0] if ranked else None


def best_passages(graph: Any, node: str, among: list[str] | None = None) -> list[str]:
    """The passages a node's links cite as evidence, the most cited first."""
    cited = _citations(graph, node, among)
    return sorted(cited, key=lambda p: (-cited[p], p))


def _sections(graph: Any) -> list[Stop]:
    sections = [
        n
        for n, data in graph.nodes(data=True)
        if data.get("kind") == "section" and data.get("level", 1) == 1
    ]
    if len(sections) > 40:  # a long report: its most connected sections, in their order
        keep = set(sorted(sections, key=lambda n: -graph.degree(n))[:40])
        sections = [n for n in sections if n in keep]
    sections.sort(key=lambda n: (str(graph.nodes[n].get("report", "")), _number(graph, n)))
    stops: list[Stop] = []
    quoted: set[str] = set()
    for node in sections:
        concepts = _concepts_of(graph, node)
        named = ", ".join(_label(graph, c) for c, _ in concepts[:4])
        caption = f"Concepts here: {named}." if named else ""
        stops.append(
            Stop(
                id=f"s{len(stops) + 1:03d}",
                title=_label(graph, node)[:200],
                view="local",
                focus=node,
                kinds=BUT_REPORTS,
                caption=caption,
                evidence=_unquoted(best_passages(graph, node, [c for c, _ in concepts]), quoted),
            )
        )
    return stops


def _number(graph: Any, node: str) -> int:
    number = graph.nodes[node].get("number", 0)
    return int(number) if isinstance(number, int | float) else 0


def _unquoted(ranked: list[str], quoted: set[str]) -> str | None:
    """The first passage not quoted yet (noted as quoted now), or None."""
    for passage in ranked:
        if passage not in quoted:
            quoted.add(passage)
            return passage
    return None


def _key_concepts(graph: Any, quoted: set[str]) -> list[Stop]:
    concepts = [n for n in graph.nodes if is_concept(n)]
    ranked = sorted(
        concepts,
        key=lambda n: (-float(graph.nodes[n].get("betweenness", 0.0)), -graph.degree(n), n),
    )[:KEY_CONCEPTS]
    stops: list[Stop] = []
    for node in ranked:
        sections = [n for n in graph.neighbors(node) if node_kind(n) == "section"]
        linked = [c for c, _ in _concepts_of(graph, node)][:3]
        parts = [f"Mentioned in {len(sections)} section{'s' * (len(sections) != 1)}"]
        if linked:
            parts.append("linked most to " + ", ".join(_label(graph, c) for c in linked))
        stops.append(
            Stop(
                id=f"k{len(stops) + 1:03d}",
                title=f"Key concept: {_label(graph, node)}"[:200],
                view="local",
                focus=node,
                caption="; ".join(parts) + ".",
                evidence=_unquoted(best_passages(graph, node, sections), quoted),
            )
        )
    return stops


def _overview(graph: Any, line: Timeline) -> Stop:
    reports = sum(len(p.reports) for p in line.periods)
    first, last = line.periods[0].id, line.periods[-1].id
    top = [c.label for c in line.concepts[:4]]
    caption = f"{reports} dated reports, {first} to {last}."
    if top:
        caption += " Most mentioned: " + ", ".join(top) + "."
    return Stop(id="p000", title=f"The library, {first}–{last}", view="map", caption=caption)


def _periods(graph: Any, line: Timeline, text_of: Callable[[str], str] | None) -> list[Stop]:
    from explorer.core.trends import standing_out

    stops: list[Stop] = []
    quoted: set[str] = set()
    for period in line.periods:
        standing = standing_out(line, period.id, STANDING_OUT)
        count = len(period.reports)
        caption = f"{count} report{'s' * (count != 1)}"
        if period.few:
            caption += ": too few to say what stands out."
        elif standing:
            caption += "; standing out: " + ", ".join(s.label for s in standing) + "."
        else:
            caption += "; no concept rose against the periods before."
        focus = standing[0].id if standing else None
        evidence = None
        if focus is not None:
            named = _naming(graph, [s.id for s in standing], set(period.reports))
            evidence = _unquoted(_ranked(graph, focus, named, text_of), quoted)
        stops.append(
            Stop(
                id=f"p{len(stops) + 1:03d}",
                title=period.id,
                view="trends",
                period=period.id,
                focus=focus,
                caption=caption,
                evidence=evidence,
            )
        )
    return stops


def _naming(graph: Any, concepts: list[str], reports: set[str]) -> Counter[str]:
    """The passages of these reports cited for the first concept, each with how many of the
    concepts it is cited for (so a passage naming all of them comes first)."""
    from explorer.core.ids import report_of

    named: Counter[str] = Counter()
    for rank, concept in enumerate(concepts):
        for section in graph.neighbors(concept):
            if node_kind(section) != "section":
                continue
            for passage in graph.edges[section, concept].get("evidence", ()):
                if report_of(str(passage)) in reports and (rank == 0 or passage in named):
                    named[str(passage)] += 1
    return named


def _ranked(
    graph: Any, node: str, named: Counter[str], text_of: Callable[[str], str] | None
) -> list[str]:
    """The passages, those naming the most of the concepts first, then those the node's
    links cite most; with ``text_of``, the first that read as prose go before the rest (a
    list of links or a table names many concepts, and reads badly on a slide)."""
    cited = _citations(graph, node)
    ranked = sorted(named, key=lambda p: (-named[p], -cited[p], p))
    if text_of is not None:
        prose = [p for p in ranked[:PROSE_TRIES] if is_prose(text_of(p))]
        first = set(prose)
        ranked = prose + [p for p in ranked if p not in first]
    return ranked


def is_prose(text: str) -> bool:
    """Whether a passage reads as sentences: not mostly list items, table rows or links."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or len(text.strip()) < PROSE_CHARS:
        return False
    marked = sum(line.startswith(("|", "-", "*", "+", "#", ">", "<", "```")) for line in lines)
    links = text.count("](") + text.count("http")
    return marked * 2 < len(lines) and links * 80 < len(text)
