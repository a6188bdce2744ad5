"""Keyphrases the vocabulary lacks: salient repeated phrases, found by TF-IDF over n-grams.

A candidate is two or three adjacent words inside one sentence, starting and ending with a
content word, never a stopword, number or generic word ("models", "significant"). It must
occur at least twice, and it is scored by how often it occurs against how many sections use
it. Each section keeps at most a few; the library keeps at most a few hundred.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.core.reports import Report, slugify

PER_SECTION = 3
MAX_KEYPHRASES = 300
MIN_COUNT = 2

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
_JOINER = re.compile(r"[ \t]+|[ \t]*-[ \t]*")  # what may stand between words of one phrase
# links, images, HTML tags, inline code and URLs are not prose: mask them, keeping offsets
_MASK = re.compile(
    r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]{0,400}>|`[^`]*`|https?://\S+|\{\{.*?\}\}|&\w+;"
)
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
    within without would yet you your yours""".split()
)

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


@dataclass(frozen=True)
class Occurrence:
    """One place a keyphrase occurs: the passage, and offsets into the report text."""

    passage_id: str
    section_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Keyphrase:
    """A discovered concept: a slug, the most common surface form, and where it occurs."""

    id: str
    label: str
    score: float
    occurrences: tuple[Occurrence, ...]


def discover(
    reports: Sequence[Report],
    taken: Iterable[tuple[str, int, int]] = (),
    known_ids: Iterable[str] = (),
) -> list[Keyphrase]:
    """Keyphrases across reports; ``taken`` spans (passage id, start, end) are skipped."""
    blocked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for passage_id, start, end in taken:
        blocked[passage_id].append((start, end))
    found: dict[str, list[tuple[str, Occurrence]]] = defaultdict(list)
    for report in reports:
        for section in report.sections:
            for passage in section.passages:
                spans = blocked.get(passage.id, [])
                for key, surface, start, end in _candidates(passage.text, passage.start):
                    if any(a < end and start < b for a, b in spans):
                        continue
                    occ = Occurrence(passage.id, section.id, start, end)
                    found[key].append((surface, occ))
    return _select(found, set(known_ids))


def _candidates(text: str, base: int) -> Iterable[tuple[str, str, int, int]]:
    """(key, surface, start, end) for every 2- and 3-word candidate phrase in a passage."""
    if text.startswith(_CODE_STARTS):
        return
    masked = _MASK.sub(lambda m: "|" * len(m.group(0)), text)
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(masked)]
    words = [t[2].lower().replace("’", "'") for t in tokens]
    content = [_content(w) for w in words]
    joined = [
        _JOINER.fullmatch(masked[tokens[i][1] : tokens[i + 1][0]]) is not None
        for i in range(len(tokens) - 1)
    ]
    for i, (start, _, _) in enumerate(tokens):
        if not content[i] or (start > 0 and masked[start - 1] == "-"):
            continue
        for n in (2, 3):
            last = i + n - 1
            if last >= len(tokens) or not all(joined[i:last]) or not content[last]:
                continue
            end = tokens[last][1]
            if end < len(masked) and masked[end] == "-":
                continue
            phrase = words[i : last + 1]
            if n == 3 and phrase[1] not in _INNER and not content[i + 1]:
                continue
            if all(w in GENERIC for w in phrase):
                continue
            surface = text[start:end]
            if n == 2 and "-" in surface and " " not in surface and surface.islower():
                continue  # compound adjectives: long-term, cloud-native, production-ready
            key = " ".join([*phrase[:-1], _singular(phrase[-1])])
            yield key, text[start:end], base + start, base + end


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in STOPWORDS and word not in GENERIC and "'" not in word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _select(found: dict[str, list[tuple[str, Occurrence]]], known: set[str]) -> list[Keyphrase]:
    sections_total = len({occ.section_id for occs in found.values() for _, occ in occs}) or 1
    covered = _covered_by_longer(found)
    scored: list[tuple[float, str]] = []
    for key, occs in found.items():
        if len(occs) < MIN_COUNT or slugify(key) in known or covered[key] >= 0.6 * len(occs):
            continue
        section_freq = len({occ.section_id for _, occ in occs})
        idf = math.log(1 + sections_total / section_freq)
        scored.append((len(occs) * idf * len(key.split()), key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    per_section: Counter[str] = Counter()
    chosen: list[Keyphrase] = []
    for score, key in scored:
        occs = found[key]
        sections = {occ.section_id for _, occ in occs}
        if all(per_section[s] >= PER_SECTION for s in sections):
            continue
        per_section.update(sections)
        label = Counter(surface for surface, _ in occs).most_common(1)[0][0]
        occurrences = tuple(occ for _, occ in occs)
        chosen.append(Keyphrase(slugify(key), label, round(score, 3), occurrences))
        if len(chosen) >= MAX_KEYPHRASES:
            break
    return _drop_nested(chosen)


def _covered_by_longer(found: dict[str, list[tuple[str, Occurrence]]]) -> Counter[str]:
    """How often each two-word key occurs as the start or end of one three-word key."""
    covered: Counter[str] = Counter()
    for key, occs in found.items():
        words = key.split()
        if len(words) == 3:
            for part in (f"{words[0]} {_singular(words[1])}", f"{words[1]} {words[2]}"):
                covered[part] = max(covered[part], len(occs))
    return covered


def _drop_nested(chosen: list[Keyphrase]) -> list[Keyphrase]:
    """'milvus vector database' adds nothing when 'vector database' is kept as well."""
    keys = {k.id for k in chosen}
    return [
        k
        for k in chosen
        if not any(
            other != k.id and (k.id.startswith(other + "-") or k.id.endswith("-" + other))
            for other in keys
        )
    ]
