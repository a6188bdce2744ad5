"""Keyphrases the vocabulary lacks: salient repeated phrases, found by TF-IDF over n-grams.

A candidate is two or three adjacent words inside one sentence, starting and ending with a
content word, never a stopword, number or generic word ("models", "significant"), nor a
quantity or a piece of writing at its end ("a wide range", "blog post"). It must occur at
least twice, spread over reports or sections, and recur in the reports that name it (a turn
of phrase is used once in each); it is scored by how often it occurs against how many
sections use it. Each section keeps at most a few; the library keeps at most a few hundred.

A phrase's variants (plural, case, hyphens, spaces: see variants.py) are one keyphrase, and a
variant of a name the vocabulary knows is that concept's, not a keyphrase of its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from explorer.core.graph.variants import without_plural
from explorer.core.ids import PassageId, report_of, section_of
from explorer.core.reports import Passage, Report, slugify

PER_SECTION = 3
MAX_KEYPHRASES = 300
MIN_COUNT = 2
SPREAD = 2
SPREAD_FROM = 3
SPREAD_SECTIONS = 2
"""In a library of SPREAD_FROM reports or more, a keyphrase occurs in SPREAD of them, or in
SPREAD_SECTIONS sections of one (a post about Trend Micro names it throughout)."""
MAX_HELD = 200_000
"""Candidate phrases held while reading (see Discovery): some 70 MB at most."""

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
_JOINER = re.compile(r"[ \t]+|[ \t]*-[ \t]*")  # what may stand between words of one phrase
# links, images, HTML tags, inline code and URLs are not prose: mask them, keeping offsets;
# so are markup's directives ("[!div", "[!NOTE]")
_MASK = re.compile(
    r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]{0,400}>|`[^`]*`|https?://\S+|\{\{.*?\}\}|&\w+;"
    r"|\[!\w+"
)
# lines of code or program output inside prose: indented (not a nested list item), JSON,
# box drawings ("│ TechPro Wireless Bluetooth headphones…" is sample data, not a concept)
_CODE_LINE = re.compile(r"^(?:[ \t]{4,}(?![-*+] |\d+[.)] )|[ \t]*[{}\"│┌└├╭╰]).*$", re.M)
_CODE_STARTS = ("```", "~~~", "    ", "\t", "<", "{", "$ ", ">>>")
_INNER = frozenset({"of"})  # "billions of vectors", never "speed and memory"

STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    either etc even ever every few for from further had has have having he her here hers him his
    how however i if in into is it its itself just least less let like many may me might more
    most much must my neither no nor not now of off often on once one only or other others our
    ours out over own per rather same shall she should since so some such than that the their
    theirs them then there these they this those though through thus to too under until up upon
    us very via was we were what when where whether which while who whom whose why will with
    within without would yet you your yours
    instead already actually together back around please
    two three four five six seven eight nine ten
    everything everyone everybody something someone somebody anything anyone anybody nothing
    nobody else""".split()
)
"""Function words (with the indefinite pronouns: "everything else"), and the adverbs that
make fragments of phrases ("instead of scanning", "fall back", "work together", "built
around")."""

GENERIC = frozenset(
    """ai artificial intelligence model models llm llms large language new significant
    significantly various different important key use used using uses way ways time times
    example examples system systems approach approaches process processes result results data
    information number lot lots kind kinds type types thing things part parts case cases
    level levels user users people world year years today first second third last next well
    good better best high higher low lower able based related specific general overall across
    make makes made making help helps allow allows enable enables provide provides ensure
    ensuring including include includes growing increasing increased emerging remarkable
    also greater richer broader wider diverse unprecedented real need needs get gets set sets
    see step steps following follow order value values instance smaller larger bigger faster
    easier simpler stronger deeper longer shorter support supports supported offer offers
    offered introduce introduces introduced latest recent modern current common popular main
    major simple basic advanced novel traditional existing typical standard several multiple
    certain additional potential possible powerful effective useful great small big whole
    maintain maintains focus focuses learn learns build builds create creates run runs start
    starts add adds improve improves reduce reduces generate generates want wants try tens
    hundreds thousands millions billions million billion except""".split()
)

QUANTITIES = frozenset(
    """amount range magnitude variety plenty majority handful dozen bunch plethora myriad
    multitude wealth abundance""".split()
)
"""Words that measure rather than name: no phrase ends on one ("a wide range", "massive
amounts", "orders of magnitude"); none of these nor a generic word opens an "X of Y" phrase
("range of tasks", "types of indexes")."""
WRITINGS = frozenset(
    """post blog chapter tutorial article guide introduction overview explanation walkthrough
    primer insight beginner""".split()
)
"""Words for a piece of writing or its reader: a phrase ending on one ("this blog post",
"a short guide", "a visual introduction", "complete beginners") names the text or who it is
for, not what it is about (a reading list describes its entries so)."""
RECUR = 0.2
RECUR_FROM = 5
"""In a library of SPREAD_FROM reports or more, a keyphrase named in RECUR_FROM reports or
more recurs (is named twice or more) in at least RECUR of them. Words a text is about recur
in it; a turn of phrase is used once ("take a closer look", "ask questions")."""


@dataclass(frozen=True)
class Keyphrase:
    """A discovered concept: a slug, the most common surface form, and where it occurs."""

    id: str
    label: str
    score: float
    passages: tuple[tuple[str, int], ...]
    """Each passage it occurs in (in reading order), and how often it occurs there."""
    known: bool = False
    """Whether it is a name the vocabulary knows, written another way ("similarity metric"
    for the concept labelled "Similarity metrics"): ``id`` is then that concept's."""

    @property
    def count(self) -> int:
        """How often it occurs in all."""
        return sum(times for _, times in self.passages)


class _Tally:
    """One candidate phrase while reading: how often it occurs, in which passages, as what."""

    __slots__ = ("passages", "surfaces", "times", "total")

    def __init__(self, surface: str) -> None:
        self.total = 0
        self.passages: list[str] = []
        self.times: list[int] = []  # beside each passage: how often there
        self.surfaces: str | Counter[str] = surface  # the one surface so far, or each counted

    def add(self, passage_id: str, surface: str) -> None:
        if self.passages and self.passages[-1] == passage_id:
            self.times[-1] += 1
        else:
            self.passages.append(passage_id)
            self.times.append(1)
        if isinstance(self.surfaces, Counter):
            self.surfaces[surface] += 1
        elif surface != self.surfaces:  # a second surface: count each from here on
            self.surfaces = Counter({self.surfaces: self.total, surface: 1})
        self.total += 1

    def label(self) -> str:
        if isinstance(self.surfaces, str):
            return self.surfaces
        return self.surfaces.most_common(1)[0][0]  # the first seen of the most common

    def occurrences(self) -> tuple[tuple[str, int], ...]:
        return tuple(zip(self.passages, self.times, strict=True))

    @classmethod
    def merged(cls, tallies: Sequence[_Tally]) -> _Tally:
        """One tally of the variants of a phrase ("query node", "Query Nodes"), the most
        frequent first: its passages in reading order, its surfaces all counted."""
        if len(tallies) == 1:
            return tallies[0]
        times: Counter[str] = Counter()
        surfaces: Counter[str] = Counter()
        for tally in tallies:
            times.update(dict(zip(tally.passages, tally.times, strict=True)))
            if isinstance(tally.surfaces, str):
                surfaces[tally.surfaces] += tally.total
            else:
                surfaces.update(tally.surfaces)
        whole = cls(tallies[0].label())
        whole.passages = sorted(times, key=PassageId.parse)
        whole.times = [times[p] for p in whole.passages]
        whole.surfaces = surfaces
        whole.total = sum(times.values())
        return whole


class Discovery:
    """Reads passages one at a time, holding a tally of each candidate phrase; then names
    the keyphrases.

    Its memory is bounded whatever the text: it holds at most ``MAX_HELD`` phrases (a
    40 MB report of varied words has some twelve million; the bundled report and a
    4 MB blog of 300 posts have under 70,000, and are read exactly). Past that, the
    rarest are forgotten: a phrase met once or twice in a text that long is never among
    the few hundred kept, and one forgotten and met again only misses its first few.
    """

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.known = dict(known or {})
        """The vocabulary's names (their variant_key) and the concept each names."""
        self.tallies: dict[str, _Tally] = {}
        self.sections: set[str] = set()  # those with a candidate: the IDF's whole
        self.reports: set[str] = set()

    def read(self, passage: Passage, taken: Iterable[tuple[int, int]] = ()) -> None:
        """Count the candidate phrases of a passage, except where they overlap ``taken``
        spans (offsets in the passage text: the vocabulary's mentions, say)."""
        self.count(passage.id, passage.section_id, candidates(passage.text, taken))

    def count(self, passage_id: str, section_id: str, found: Iterable[tuple[str, str]]) -> None:
        """Count a passage's candidate phrases, (key, surface) as ``candidates`` gives them
        (worked out once per report and kept: see parts.py)."""
        counted = False
        for key, surface in found:
            tally = self.tallies.get(key)
            if tally is None:
                if len(self.tallies) >= MAX_HELD:
                    self._forget_rarest()
                tally = self.tallies[key] = _Tally(key if surface == key else surface)
            tally.add(passage_id, surface)
            counted = True
        if counted:
            self.sections.add(section_id)
            self.reports.add(report_of(passage_id))

    def _forget_rarest(self) -> None:
        """Forget the least frequent phrases, until at most half of ``MAX_HELD`` are left."""
        frequencies = Counter(t.total for t in self.tallies.values())
        left, floor = len(self.tallies), 0
        for total in sorted(frequencies):
            if left <= MAX_HELD // 2:
                break
            left, floor = left - frequencies[total], total
        for key in [k for k, t in self.tallies.items() if t.total <= floor]:
            del self.tallies[key]

    def keyphrases(self) -> list[Keyphrase]:
        """The keyphrases of what was read, best first (at most ``MAX_KEYPHRASES``), then
        the vocabulary's names found written another way (``known``).

        A phrase's variants (plural, case, hyphens, spaces) are one keyphrase; a variant
        of a name the vocabulary knows is that concept's."""
        phrases, named = _variants_together(self.tallies, self.known)
        many = len(self.reports) >= SPREAD_FROM
        return [*_select(phrases, len(self.sections) or 1, many), *named]


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)


def in_code(report: Report) -> frozenset[str]:
    """The passages of a report that start inside a fenced code block: code, not prose, so
    no source of keyphrases ("async def", "static final String")."""
    fences = [m.span() for m in _FENCE.finditer(report.text)]
    if not fences:
        return frozenset()
    return frozenset(
        p.id
        for s in report.sections
        for p in s.passages
        if any(lo <= p.start < hi for lo, hi in fences)
    )


def discover(
    reports: Sequence[Report],
    taken: Iterable[tuple[str, int, int]] = (),
    known: Mapping[str, str] | None = None,
) -> list[Keyphrase]:
    """Keyphrases across reports; ``taken`` spans (passage id, start, end) are skipped."""
    blocked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for passage_id, start, end in taken:
        blocked[passage_id].append((start, end))
    discovery = Discovery(known)
    for report in reports:
        for section in report.sections:
            for passage in section.passages:
                spans = blocked.get(passage.id, [])
                discovery.read(passage, [(a - passage.start, b - passage.start) for a, b in spans])
    return discovery.keyphrases()


def candidates(text: str, taken: Iterable[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    """(key, surface) for every 2- and 3-word candidate phrase in a passage that overlaps
    no ``taken`` span."""
    if text.startswith(_CODE_STARTS):
        return
    masked = _MASK.sub(lambda m: "|" * len(m.group(0)), text)
    masked = _CODE_LINE.sub(lambda m: "|" * len(m.group(0)), masked)
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(masked)]
    free = _free(tokens, taken)
    if not any(free):  # every word is in a name the vocabulary knows
        return
    words = [t[2].lower().replace("’", "'") for t in tokens]
    content = [_content(w) for w in words]
    joined = [
        _JOINER.fullmatch(masked[tokens[i][1] : tokens[i + 1][0]]) is not None
        for i in range(len(tokens) - 1)
    ]
    for i, (start, _, _) in enumerate(tokens):
        if not (content[i] and free[i] and _opens(words[i])):
            continue
        if start > 0 and masked[start - 1] == "-":
            continue
        for n in (2, 3):
            last = i + n - 1
            if last >= len(tokens) or not all(joined[i:last]) or not content[last]:
                continue
            if not _closes(words[last]):
                continue
            if not all(free[i + 1 : last + 1]):
                continue
            end = tokens[last][1]
            if end < len(masked) and masked[end] in "-=":
                continue  # a word of a longer compound; a name given a value ('class="x"')
            phrase = words[i : last + 1]
            if n == 3 and phrase[1] not in _INNER and not content[i + 1]:
                continue
            if n == 3 and phrase[1] == "of" and _measures(phrase[0]):
                continue
            if GENERIC.issuperset(phrase):
                continue
            surface = text[start:end]
            if "-" in surface and " " not in surface and surface.islower():
                continue  # compound adjectives (long-term, cloud-native), names in code
            yield " ".join([*phrase[:-1], _singular(phrase[-1])]), surface


def _free(tokens: list[tuple[int, int, str]], taken: Iterable[tuple[int, int]]) -> list[bool]:
    """For each word, whether it overlaps none of the ``taken`` spans: one sweep of both.

    A phrase starts and ends with a word, and what joins its words is blanks or a hyphen:
    a taken span (a name, so with a letter or digit in it) overlaps the phrase only where
    it overlaps one of its words. So each word is checked once, not each phrase against
    each span (which made a passage of 200 names cost 80,000 comparisons).
    """
    free = [True] * len(tokens)
    spans = sorted(taken)
    if not spans:
        return free
    at, reach = 0, -1  # spans[:at] are behind; ``reach``: the furthest end among them
    for i, (start, end, _) in enumerate(tokens):
        while at < len(spans) and spans[at][0] < end:
            reach = max(reach, spans[at][1])
            at += 1
        free[i] = reach <= start
    return free


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in STOPWORDS and word not in GENERIC and "'" not in word


def _opens(word: str) -> bool:
    """Whether a phrase may start with this word: not an adverb in -ly ("fully managed",
    "semantically similar"; "anomaly", "supply" and "assembly" are nouns)."""
    return not (len(word) > 4 and word.endswith("ly") and not word.endswith(("aly", "ply", "bly")))


def _closes(word: str) -> bool:
    """Whether a phrase may end with this word: not a participle in -ed ("collection named",
    "widely adopted"; "speed" and "feed" are nouns), nor an adverb ("designed specifically"),
    nor a quantity ("a wide range"), nor a piece of writing ("blog post")."""
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return False
    single = _singular(word)
    return _opens(word) and single not in QUANTITIES and single not in WRITINGS


def _measures(word: str) -> bool:
    """Whether a word before "of" measures what follows ("orders of", "types of")."""
    single = _singular(word)
    return single in QUANTITIES or single in GENERIC


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]  # indexes, batches, hashes, passes
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _variants_together(
    tallies: dict[str, _Tally], known: Mapping[str, str]
) -> tuple[dict[str, _Tally], list[Keyphrase]]:
    """The tallies with each phrase's variants as one (under the key of the most frequent),
    and the phrases that are the vocabulary's names written another way, as its concepts."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in tallies:  # lowered words and blanks: variant_key without its regex
        groups[without_plural(key.replace(" ", ""))].append(key)
    phrases: dict[str, _Tally] = {}
    named: dict[str, list[_Tally]] = defaultdict(list)
    for variants, keys in groups.items():
        if len(keys) > 1:
            keys.sort(key=lambda k: (-tallies[k].total, k))
        members = [tallies[k] for k in keys]
        if (concept := known.get(variants)) is not None:
            named[concept].extend(members)
        else:
            phrases[keys[0]] = _Tally.merged(members)
    found = []
    for concept, members in named.items():
        members.sort(key=lambda t: -t.total)
        whole = _Tally.merged(members)
        found.append(Keyphrase(concept, whole.label(), 0.0, whole.occurrences(), known=True))
    return phrases, found


def _select(tallies: dict[str, _Tally], sections_total: int, many: bool) -> list[Keyphrase]:
    """The best keyphrases among the tallies; ``many``: a library of SPREAD_FROM reports or
    more, where a keyphrase must be spread over reports and recur in them."""
    covered = _covered_by_longer(tallies)
    scored: list[tuple[float, str]] = []
    for key, tally in tallies.items():
        if tally.total < MIN_COUNT or covered[key] >= 0.6 * tally.total:
            continue
        per_report = Counter[str]()
        for passage_id, times in zip(tally.passages, tally.times, strict=True):
            per_report[report_of(passage_id)] += times
        sections = _sections(tally)
        if many and len(per_report) < SPREAD and len(sections) < SPREAD_SECTIONS:
            continue  # one tutorial's sample data ("premium sound quality") is no concept
        if many and len(per_report) >= RECUR_FROM and not _recurs(per_report):
            continue  # a turn of phrase, once in each post ("a closer look"), is no concept
        idf = math.log(1 + sections_total / len(sections))
        scored.append((tally.total * idf * len(key.split()), key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    per_section: Counter[str] = Counter()
    chosen: list[Keyphrase] = []
    for score, key in scored:
        tally = tallies[key]
        sections = _sections(tally)
        if all(per_section[s] >= PER_SECTION for s in sections):
            continue
        per_section.update(sections)
        chosen.append(Keyphrase(slugify(key), tally.label(), round(score, 3), tally.occurrences()))
        if len(chosen) >= MAX_KEYPHRASES:
            break
    return _drop_nested(chosen)


def _recurs(per_report: Counter[str]) -> bool:
    return sum(n > 1 for n in per_report.values()) >= RECUR * len(per_report)


def _sections(tally: _Tally) -> set[str]:
    return {section_of(passage_id) for passage_id in tally.passages}


def _covered_by_longer(tallies: dict[str, _Tally]) -> Counter[str]:
    """How often each two-word key occurs as the start or end of one three-word key."""
    covered: Counter[str] = Counter()
    for key, tally in tallies.items():
        words = key.split()
        if len(words) == 3:
            for part in (f"{words[0]} {_singular(words[1])}", f"{words[1]} {words[2]}"):
                covered[part] = max(covered[part], tally.total)
    return covered


def _drop_nested(chosen: list[Keyphrase]) -> list[Keyphrase]:
    """'milvus vector database' adds nothing when 'vector database' is kept as well, nor
    'Office Hours session' beside 'office hour' (words compared in the singular)."""
    words = {k.id: tuple(_singular(w) for w in k.id.split("-")) for k in chosen}
    kept = set(words.values())
    return [
        k
        for k in chosen
        if not any(
            part in kept
            for n in range(1, len(words[k.id]))
            for part in (words[k.id][:n], words[k.id][n:])
        )
    ]
