"""The concept vocabulary (``data/taxonomy.json``) and the matcher that finds it in reports.

A concept has aliases matched as whole words and phrases, ignoring case, and optionally
case-sensitive aliases for short or ambiguous names ("RAG" but not "rag", "Meta" but not
"meta"). Words in a multiword alias may be joined by spaces, a hyphen or nothing ("fine-tuning",
"fine tuning", "finetuning"); regular plurals match too ("embeddings"). Possessives need no rule:
"OpenAI’s" matches "OpenAI" because the apostrophe ends the word.

All aliases go into two tries (one folded, one exact) compiled into two regular expressions,
so a passage costs two scans however large the vocabulary grows.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from explorer.core.errors import ExplorerError, error_place
from explorer.core.kinds import VOCABULARY_KIND_NAMES
from explorer.core.reports import Report, bundled_dir, fold_map, unfold_span

_JOINERS = "\\-\u2010\u2011\u2013"  # (escaped) hyphen, Unicode hyphen, non-breaking hyphen, en dash
_SEPARATORS = re.compile(rf"[\s{_JOINERS}]+")
_JOIN = rf"(?:[{_JOINERS}]|\s+)?"  # what may stand between two words of an alias
# Never inside a word, nor glued to a file name or URL part ("llama.cpp", "openai.com").
_BEFORE = r"(?<!\w)(?<!\w\.)"
_BEFORE_FIRST = r"(?<!\w[\s\S])(?<!\w\.[\s\S])"  # the same, checked after the first character
_AFTER = r"(?!\w|\.\w)"
# Spans that are addresses, not prose, consumed whole so that nothing inside them matches.
_SKIP = "|".join(
    (
        r"""https?://[^\s<>"'()\[\]]+""",
        r"""www\.[^\s<>"'()\[\]]+""",
        r"\((?:\.{0,2}/|#)[^()\s]*\)",  # relative link targets: "(/docs/rag.md)", "(#lora)"
        r"<[a-z/!][^<>\n]{0,1000}>",  # HTML tags, in text already lowered
    )
)
_WORD_BEFORE = re.compile(r"([a-z]+)[ \t-]+$")
_WORD_AFTER = re.compile(r"[ \t-]+([a-z]+)")
_LISTED_BEFORE = re.compile(r"([a-z]+)\s*(?:,|/|&|\band\b|\bor\b)\s*(?:and\s+|or\s+)?$")
_LISTED_AFTER = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*(?:and\s+|or\s+)?([a-z]+)")
EVERYDAY = frozenset(
    "code text texts image images photo photos audio video videos voice voices speech "
    "spoken visuals".split()
)
"""Words of a modality that everyday prose uses for other things ("the code below", "an
image of a shoe", "paste the text"): they name the concept only beside a word that gives
them that meaning (MEANING) or listed with another modality ("text, images and audio")."""
MEANING = frozenset(
    """generation generate generates generated generating generator generators generative
    search searches searching retrieval retrieve retrieving similarity vector vectors
    embedding embeddings embed embeds encoder encoders encoding tokens
    model models llm llms understanding recognition classification captioning captions
    completion completions synthesis editing analysis processing interpreter
    data dataset datasets modality modalities multimodal input inputs features content
    chunk chunks chunking repository repositories repo repos unstructured raw synthetic
    visual natural""".split()
)
"""Words beside which an everyday word of a modality means the modality: "image search",
"text embeddings", "code generation", "multimodal text", "code repositories"."""
_SEP = "\0"  # trie symbol for a word break
_NOTHING = r"(?!x)x"  # the pattern of an empty vocabulary


class TaxonomyError(ExplorerError):
    """The concept vocabulary file is missing or invalid."""


class Concept(BaseModel):
    """One entry of the vocabulary: a technique, industry, organization, model, modality, theme."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    label: str = Field(min_length=1)
    kind: str
    aliases: tuple[str, ...] = Field(min_length=1)
    case_sensitive_aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def _kind_is_known(cls, kind: str) -> str:
        if kind not in VOCABULARY_KIND_NAMES:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(VOCABULARY_KIND_NAMES)}")
        return kind

    @field_validator("aliases", "case_sensitive_aliases")
    @classmethod
    def _aliases_are_words(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        for alias in aliases:
            if alias != alias.strip() or not re.search(r"\w", alias):
                raise ValueError(f"alias {alias!r} must be words without outer spaces")
        return aliases


class Taxonomy(BaseModel):
    """The whole vocabulary; ids are unique and no alias belongs to two concepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    concepts: tuple[Concept, ...]

    @model_validator(mode="after")
    def _unambiguous(self) -> Taxonomy:
        ids = Counter(c.id for c in self.concepts)
        if twice := sorted(i for i, n in ids.items() if n > 1):
            raise ValueError(f"concept ids are used more than once: {', '.join(twice)}")
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        for concept in self.concepts:
            for alias in concept.aliases:
                _claim(folded, _key(alias).casefold(), concept.id, alias)
        for concept in self.concepts:
            for alias in concept.case_sensitive_aliases:
                _claim(exact, _key(alias), concept.id, alias)
                if (owner := folded.get(_key(alias).casefold(), concept.id)) != concept.id:
                    raise ValueError(
                        f"alias {alias!r} belongs to both {owner!r} and {concept.id!r}"
                    )
        return self

    def concept(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None."""
        return next((c for c in self.concepts if c.id == concept_id), None)


class Mention(BaseModel):
    """A concept found in a passage; ``report.text[start:end] == text`` (report offsets)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concept_id: str
    passage_id: str
    start: int
    end: int
    text: str


def _key(alias: str) -> str:
    """An alias with its word breaks removed: "fine-tuning" and "fine tuning" share a key."""
    return _SEPARATORS.sub("", alias)


def _claim(owners: dict[str, str], key: str, concept_id: str, alias: str) -> None:
    owner = owners.setdefault(key, concept_id)
    if owner != concept_id:
        raise ValueError(f"alias {alias!r} belongs to both {owner!r} and {concept_id!r}")


def bundled_vocabulary() -> Path:
    """The vocabulary that comes with the app: the graph's, and a part of its key."""
    return bundled_dir("data") / "taxonomy.json"


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate the vocabulary (default: the bundled one), cached while unchanged.

    Bad or missing files raise TaxonomyError with one sentence saying what to do.
    """
    if path is None:
        try:
            path = bundled_dir("data") / "taxonomy.json"
        except FileNotFoundError as exc:
            raise TaxonomyError(f"{exc}; reinstall the app.") from None
    path = path.resolve()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise TaxonomyError(
            f"{path}: the concept vocabulary cannot be read ({exc.strerror}); reinstall the app."
        ) from None
    return _load(path, stamp)


@functools.lru_cache(maxsize=4)
def _load(path: Path, stamp: int) -> Taxonomy:
    try:
        return Taxonomy.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise TaxonomyError(
            f"{path}: the concept vocabulary cannot be read ({exc.strerror})."
        ) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = error_place(first["loc"]) or "top level"
        raise TaxonomyError(
            f"{path}: is not a valid concept vocabulary ({where}: {first['msg']}); "
            "fix the file or reinstall the app."
        ) from None


class _Node:
    """A trie node: children by character (or ``_SEP``), and whether an alias ends here."""

    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False

    def add(self, alias: str) -> None:
        node = self
        for i, word in enumerate(_SEPARATORS.split(alias)):
            if i:
                node = node.children.setdefault(_SEP, _Node())
            for char in word:
                node = node.children.setdefault(char, _Node())
        node.end = True

    def pattern(self, after_first: str = "") -> str:
        """A regex for the aliases below this node, longest first (greedy, backtracking).

        ``after_first`` goes after the first character of each alias, where a word-start
        check lets the engine keep its fast scan for the aliases' first letters.
        """
        branches = [
            (_JOIN if symbol == _SEP else re.escape(symbol)) + after_first + child.pattern()
            for symbol, child in sorted(self.children.items())
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if self.end else body


def _plural(alias: str) -> str | None:
    """The regular plural of an alias's last word, or None where guessing would be wrong."""
    low = alias.lower()
    if not low[-1].isalnum() or low.endswith("ed"):
        return None
    if low.endswith("sis"):
        return alias[:-2] + "es"
    if low.endswith(("ss", "us", "x", "z", "ch", "sh")):
        return alias + "es"
    if low.endswith("s"):
        return None
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return alias[:-1] + "ies"
    return alias + "s"


class _Vocabulary:
    """Aliases of one kind (folded or exact) as a trie, and their keys back to concept ids."""

    def __init__(
        self, entries: list[tuple[str, str, bool]], fold: bool, within: str | None = None
    ) -> None:
        self.fold = fold
        self.owner: dict[str, str] = {}
        self.root = _Node()
        self._within = within
        plurals: list[tuple[str, str]] = []
        for alias, concept_id, pluralize in entries:
            self._own(alias, concept_id)
            if pluralize and (plural := _plural(alias)):
                plurals.append((plural, concept_id))
        for plural, concept_id in plurals:  # a real alias beats another concept's plural
            self._own(plural, concept_id)

    def _own(self, alias: str, concept_id: str) -> None:
        alias = alias.lower() if self.fold else alias
        key = _key(alias)
        if self.owner.setdefault(key, concept_id) == concept_id and (
            self._within is None or key in self._within
        ):
            self.root.add(alias)


class Matcher:
    """Finds the concepts of a taxonomy in report text; build once, use for many reports.

    Case is folded by lowering the text, not with re.IGNORECASE: the regex engine's fast
    paths (skipping to an alias's first letter, rejecting a branch on its first character)
    work only for exact literals, and using them makes a scan three times faster.
    """

    def __init__(self, taxonomy: Taxonomy, within: Sequence[str] | None = None) -> None:
        """``within``: the only texts this matcher will be asked about, when they are few
        (a concept's evidence). Its pattern then holds only the aliases whose words stand
        in them (every break between words taken out, as ``_key`` does), which a scan of
        those texts could find: it finds the same mentions there as the whole vocabulary,
        and compiles in a fraction of the time (the whole one takes half a second)."""
        folded_in, exact_in = _keyed(within) if within is not None else (None, None)
        folded: list[tuple[str, str, bool]] = []
        exact: list[tuple[str, str, bool]] = []
        for concept in taxonomy.concepts:
            # "Apples" is fruit, not the company; "codes" is rarely source code. Those kinds
            # list the plurals they want.
            pluralize = concept.kind not in ("organization", "modality")
            folded.extend((alias, concept.id, pluralize) for alias in concept.aliases)
            exact.extend((alias, concept.id, pluralize) for alias in concept.case_sensitive_aliases)
        self._folded = _Vocabulary(folded, fold=True, within=folded_in)
        self._exact = _Vocabulary(exact, fold=False, within=exact_in)
        # Group 1 is an alias; a match without it is a URL or tag, skipped as a whole.
        # (a tag is skipped wherever it starts: "x</code>" is no mention of code)
        self._folded_scan = re.compile(
            rf"(?:{_SKIP}|{_BEFORE}({self._folded.root.pattern() or _NOTHING}){_AFTER})"
        )
        self._modality_words = {
            _key(alias)
            for concept in taxonomy.concepts
            if concept.kind == "modality"
            for alias in concept.aliases
            if alias.isalpha()
        }
        self._everyday = {
            (_key(alias), concept.id)
            for concept in taxonomy.concepts
            if concept.kind == "modality"
            for alias in concept.aliases
            if alias.lower() in EVERYDAY
        }
        exact_trie = self._exact.root.pattern(after_first=_BEFORE_FIRST) or _NOTHING
        self._exact_scan = re.compile(rf"({exact_trie}){_AFTER}")

    def find_in_text(self, text: str) -> list[tuple[str, int, int]]:
        """(concept id, start, end) of each mention in ``text``, in order, without overlaps.

        Where aliases overlap the longer wins ("Google DeepMind" over "Google"). Text is
        matched as people type it (see ``fold``): "ＬｏＲＡ" and "Lo\u200bRA" are LoRA; the
        offsets are those of the text as written.
        """
        folded = fold_map(text)
        if folded is None:
            return self._find_folded(text)
        return [
            (concept_id, *unfold_span(folded, start, end))
            for concept_id, start, end in self._find_folded(folded[0])
        ]

    def _find_folded(self, text: str) -> list[tuple[str, int, int]]:
        lowered = _lowered(text)
        found: list[tuple[str, int, int]] = []
        skipped: list[tuple[int, int]] = []
        for match in self._folded_scan.finditer(lowered):
            if match.lastindex is None:
                skipped.append(match.span())
            elif concept_id := self._folded.owner.get(_key(match.group(1))):
                found.append((concept_id, *match.span(1)))
        found = [m for m in found if not self._in_passing(lowered, *m)]
        exact = [
            (concept_id, *match.span(1))
            for match in self._exact_scan.finditer(text)
            if (concept_id := self._exact.owner.get(_key(match.group(1))))
            and not _inside(match.start(1), skipped)
        ]
        if not exact:
            return found
        return longest_first(sorted(found + exact, key=lambda m: (m[1], -m[2])))

    def _in_passing(self, lowered: str, concept_id: str, start: int, end: int) -> bool:
        """Whether an everyday word of a modality (EVERYDAY: "code", "image", "text") is used
        in passing, as in "the code below" or "an image of": it is, unless a word beside it
        gives it the modality's meaning ("image search", "multimodal text", "code
        generation") or it is listed with another modality ("text, images and audio")."""
        if (_key(lowered[start:end]), concept_id) not in self._everyday:
            return False
        window = lowered[max(0, start - 40) : start]
        before = _WORD_BEFORE.search(window)
        after = _WORD_AFTER.match(lowered, end, end + 40)
        if (before and before.group(1) in MEANING) or (after and after.group(1) in MEANING):
            return False
        listed_before = _LISTED_BEFORE.search(window)
        listed_after = _LISTED_AFTER.match(lowered, end, end + 40)
        return not any(
            found is not None and _key(found.group(1)) in self._modality_words
            for found in (listed_before, listed_after)
        )

    def find(self, report: Report) -> list[Mention]:
        """Every mention in the report's passages, with offsets into ``report.text``."""
        return [
            Mention(
                concept_id=cid,
                passage_id=p.id,
                start=p.start + a,
                end=p.start + b,
                text=p.text[a:b],
            )
            for section in report.sections
            for p in section.passages
            for cid, a, b in self.find_in_text(p.text)
        ]


def _lowered(text: str) -> str:
    """The text lowered letter for letter, so that offsets into it are offsets into text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters; keep offsets aligned
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def _keyed(texts: Sequence[str]) -> tuple[str, str]:
    """The texts as the folded and the exact scans read them (see find_in_text), with
    their word breaks taken out: an alias found in a text has its key in these."""
    folded, exact = [], []
    for text in texts:
        mapped = fold_map(text)
        read = text if mapped is None else mapped[0]
        exact.append(_key(read))
        folded.append(_key(_lowered(read)))
    return _SEP.join(folded), _SEP.join(exact)


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return i >= 0 and offset < spans[i][1]


def longest_first(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop overlapped spans, keeping the longer of two (the earlier on a tie)."""
    kept: list[tuple[str, int, int]] = []
    for span in spans:
        if kept and span[1] < kept[-1][2]:
            if span[2] - span[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept
