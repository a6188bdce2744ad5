"""The search box's language: words, "phrases", AND/OR/NOT, (groups), term~ and term*.

Whatever a user types is answered or refused in one sentence; nothing here raises anything
but :class:`BadQuery`. Expansions of ``term*`` and ``term~`` are capped so one short prefix
cannot turn into thousands of terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from explorer.core.errors import BadQuery
from explorer.core.reports import fold

MAX_QUERY_CHARS = 4000
MAX_TERMS = 64
MAX_EXPANSION = 24
SEARCH_FIELDS = ("section", "text")
_WORD = re.compile(r"\w+", re.UNICODE)
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")  # fine-tun* is fine tun*, as the index splits it
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


def clean(raw: str) -> str:
    """Drop control, format (bidi, zero-width) and unpaired surrogate characters, and fold
    the rest as the index folds passages (reports.fold: NFKC)."""
    kept = [
        ch
        for ch in raw
        if ch in " \t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ]
    return " ".join(fold("".join(kept)).split())


def plain_words(text: str) -> list[str]:
    """The words of a query with its operators and syntax stripped away."""
    return [w for w in _WORD.findall(text) if w.lower() not in _OPERATORS][:MAX_TERMS]


Fuzzy = Callable[[str, str, int, int], list[str]]
"""fuzzy(fieldname, text, maxdist, prefix) → indexed terms within that edit distance."""


def build(text: str, schema: Schema, reader: IndexReader, fuzzy: Fuzzy | None = None) -> wq.Query:
    """Parse cleaned query text into a whoosh query, falling back to plain words."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(
            f"The query is {len(text):,} characters long; shorten it to at most "
            f"{MAX_QUERY_CHARS:,}."
        )
    if not _WORD.search(text):
        raise BadQuery("Type at least one word to search for, such as LoRA or privacy.")
    parsed = _parse(_HYPHEN.sub(" ", text), schema)
    short = _short_prefix(parsed) if parsed is not None else None
    if short is not None:
        raise BadQuery(
            f"A prefix needs at least two letters before the *, such as qu*; {short!r} would "
            "match nearly every word."
        )
    if parsed is None or _unsafe(parsed):
        return plain(text, schema)
    return _cap_expansions(parsed, reader, fuzzy)


def plain(text: str, schema: Schema) -> wq.Query:
    """All the words of the text, each in any searched field, ranked by how many match."""
    words = plain_words(text)
    if not words:
        raise BadQuery("Type at least one word to search for, such as LoRA or privacy.")
    parser = _parser(schema, syntax=False)
    return parser.parse(" ".join(words))


def _parser(schema: Schema, syntax: bool = True) -> qparser.QueryParser:
    group = qparser.AndGroup if syntax else qparser.OrGroup.factory(0.9)
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=group)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    if syntax:
        parser.add_plugin(qparser.FuzzyTermPlugin())
    else:
        for plugin in (
            qparser.WildcardPlugin,
            qparser.PhrasePlugin,
            qparser.GroupPlugin,
            qparser.OperatorsPlugin,
        ):
            parser.remove_plugin_class(plugin)
    return parser


def _parse(text: str, schema: Schema) -> wq.Query | None:
    if text.count("(") + text.count('"') > 200:
        return None  # deeply nested input: answer it as plain words, never recurse on it
    try:
        return _parser(schema).parse(text)
    except (
        RecursionError,
        ValueError,
        IndexError,
        TypeError,
        AttributeError,
        KeyError,
        AssertionError,  # "a ANDNOT ANDNOT b": whoosh asserts an operator has two sides
    ):
        return None


def _unsafe(q: wq.Query) -> bool:
    """Queries that would match everything, or nothing sensible, or are too large to run
    (a prefix too short to search for is refused before this)."""
    nodes = list(_walk(q))
    if len(nodes) > MAX_TERMS * 2:
        return True
    for node in nodes:
        if isinstance(node, wq.Every):
            return True
    return not any(isinstance(n, wq.Term | wq.MultiTerm | wq.Phrase) for n in nodes)


def _short_prefix(q: wq.Query) -> str | None:
    """The first prefix or wildcard term with fewer than two letters before its *, if any."""
    for node in _walk(q):
        if isinstance(node, wq.Wildcard | wq.Prefix):
            text = str(node.text)
            stem = text.replace("*", "").replace("?", "")
            if len(stem) < 2:
                return text + ("*" if isinstance(node, wq.Prefix) else "")
    return None


def _walk(q: wq.Query) -> list[wq.Query]:
    out = [q]
    for child in q.children():
        out.extend(_walk(child))
    return out


def _cap_expansions(q: wq.Query, reader: IndexReader, fuzzy: Fuzzy | None) -> wq.Query:
    """Replace prefix, wildcard and fuzzy terms by their most frequent expansions."""
    if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Phrase):
        try:
            if fuzzy is not None and isinstance(q, wq.FuzzyTerm):
                words: list[bytes | str] = list(
                    fuzzy(q.fieldname, q.text, min(int(q.maxdist), 2), int(q.prefixlength))
                )
            else:
                words = list(q._btexts(reader))
        except (ValueError, TypeError, RecursionError):
            return wq.NullQuery
        indexed = _indexed_forms(reader, q.fieldname, words)
        if len(indexed) > MAX_EXPANSION:
            indexed.sort(key=lambda w: reader.doc_frequency(q.fieldname, w), reverse=True)
            indexed = indexed[:MAX_EXPANSION]
        terms = [wq.Term(q.fieldname, w) for w in indexed]
        if not terms:
            return wq.NullQuery
        union = wq.Or(terms)
        if len(terms) > 2:  # whoosh's array matcher reads many short postings faster
            union.matcher_type = wq.Or.ARRAY_MATCHER
        return union
    if q.is_leaf():
        return q
    return q.apply(lambda child: _cap_expansions(child, reader, fuzzy))


def _indexed_forms(reader: IndexReader, fieldname: str, words: list[bytes | str]) -> list[str]:
    """Expansions as indexed terms: spelling words (unstemmed) are run through the analyzer."""
    analyzer = reader.schema[fieldname].analyzer
    out: dict[str, None] = {}
    for word in words:
        text = word.decode("utf-8") if isinstance(word, bytes) else word
        if reader.doc_frequency(fieldname, text):
            out[text] = None
            continue
        for token in analyzer(text):
            if reader.doc_frequency(fieldname, token.text):
                out[token.text] = None
    return list(out)
