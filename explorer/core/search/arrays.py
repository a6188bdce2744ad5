"""BM25F on arrays: the scores whoosh gives a query, computed for every match at once.

whoosh's collector walks a query's matches one Python call at a time: a word in a third of
milvus-blog-en's passages costs 25 ms, nearly all of it that walk. :class:`ArrayScorer`
reads each term's postings once per index generation into arrays (ids, weights) and scores
the queries people type — words, OR, AND, NOT, and the expansions of prefixes and fuzzy
words, which are ORs of words — with numpy, with whoosh's own formula and statistics, so
the ranking is the same; phrases too, their words' documents checked position by
position. Any other query goes to whoosh's collector. tests/core/test_search_arrays.py
holds the two to the same scores.

One scorer belongs to one searcher, one index generation: an add committing a new
generation in another thread never changes it (SearchIndex makes a new scorer with the new
searcher). Its caches are filled as queries come, under a lock, so two threads may score
with it at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh import scoring
from whoosh.searching import Searcher

from explorer.core.search.copies import Copies

Mask = npt.NDArray[np.bool_]
Scores = npt.NDArray[np.float64]

CACHED_POSTINGS = 4_000_000
"""Postings kept between queries (12 bytes each); the least recently used terms go first."""


class Matches(NamedTuple):
    """The documents a query matches, ascending, and their scores."""

    ids: npt.NDArray[np.int64]
    scores: Scores


class Ranked(NamedTuple):
    """A page of ranked matches: (score, document) best first, how many matched in all, when
    grouped by report how many were kept in each report, and how many of the matches were
    folded into a copy of theirs."""

    top_n: list[tuple[float, int]]
    total: int
    per_report: dict[str, int]
    copies: int = 0


class _Node(NamedTuple):
    """A dense answer: which documents match, and their scores (0 where none)."""

    mask: Mask
    scores: Scores


class _Term(NamedTuple):
    """A sparse answer: the documents one word is in (ascending, unique) and their scores."""

    ids: npt.NDArray[np.int64]
    scores: Scores


class ArrayScorer:
    """Scores queries against one searcher (one index generation); make a new one with it."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.size = int(searcher.doc_count_all())
        self._weighting = searcher.weighting
        self._postings: OrderedDict[tuple[str, bytes], tuple[npt.NDArray[np.int64], Scores]]
        self._postings = OrderedDict()
        self._cached = 0
        self._lengths: dict[str, Scores] = {}
        self._live: Mask | None = None
        self._owners: tuple[npt.NDArray[np.int64], list[str]] | None = None
        self._copies: Copies | None = None
        self._lock = threading.RLock()  # the caches above, filled as queries come

    def matches(self, q: wq.Query) -> Matches | None:
        """Every live document the query matches with its score; None when whoosh's
        weighting is not plain BM25F, or the query uses boosts or coordination."""
        if type(self._weighting) is not scoring.BM25F or self._weighting._field_B:
            return None
        with self._lock:
            node = self._node(q)
            if node is None:
                return None
            ids = np.flatnonzero(node.mask & self.live())
            return Matches(ids.astype(np.int64), node.scores[ids])

    def ranked(
        self, found: Matches, limit: int, group: bool, report: str | None, fold: bool = True
    ) -> Ranked:
        """The best `limit` matches, best first (ties: the earlier document), as whoosh's
        top collector orders them. With `fold`, copies of a passage (see copies.py) are one
        match, the one that stands for them. With `report`, only that report's passages;
        with `group`, the best passage of each report, unless every match is in one report.
        With both, the passages of that report the grouped search counts for it: those
        whose copies are not better placed in another report."""
        with self._lock:
            codes, names = self.owners()
            copies = self.copies() if fold else None
        ids, scores = found
        code = names.index(report) if report in names else -1
        if report is not None and not group:
            keep = codes[ids] == code
            ids, scores = ids[keep], scores[keep]
        total = len(ids)
        if copies is not None:
            keep = copies.representatives(ids, scores)
            ids, scores = ids[keep], scores[keep]
        if report is not None and group:
            total = int(np.count_nonzero(codes[found.ids] == code))
            keep = codes[ids] == code
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))
        counts: dict[str, int] = {}
        if group and report is None and len(ids):
            owner = codes[ids[order]]
            if len(np.unique(owner)) > 1:
                _, first = np.unique(owner, return_index=True)
                order = order[np.sort(first)]
                tally = np.bincount(codes[ids], minlength=len(names))
                counts = {names[c]: int(tally[c]) for c in np.flatnonzero(tally)}
        top = [(float(scores[i]), int(ids[i])) for i in order[: max(1, limit)]]
        return Ranked(top, total, counts, total - len(ids))

    def copies(self) -> Copies:
        """Which documents are copies of each other (read once per index generation)."""
        with self._lock:
            if self._copies is None:
                self._copies = Copies(self.searcher, self.live())
            return self._copies

    def owners(self) -> tuple[npt.NDArray[np.int64], list[str]]:
        """Each document's report, as an index into the list of reports ("" for none)."""
        if self._owners is None:
            names = [""]
            codes = np.zeros(self.size, dtype=np.int64)
            reader = self.searcher.reader()
            for term in reader.lexicon("report_id"):
                names.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
                docs = np.fromiter(reader.postings("report_id", term).all_ids(), dtype=np.int64)
                codes[docs] = len(names) - 1
            self._owners = codes, names
        return self._owners

    def live(self) -> Mask:
        if self._live is None:
            live = np.zeros(self.size, dtype=np.bool_)
            live[np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)] = True
            self._live = live
        return self._live

    def _empty(self) -> _Node:
        return _Node(np.zeros(self.size, dtype=np.bool_), np.zeros(self.size))

    def _node(self, q: wq.Query) -> _Node | None:
        if q is wq.NullQuery:
            return self._empty()
        if q.boost != 1.0:
            return None
        if type(q) is wq.Term:
            term = self._term(q)
            node = self._empty()
            node.mask[term.ids] = True
            node.scores[term.ids] = term.scores
            return node
        if type(q) is wq.Or and not q.scale and not q.minmatch:
            return self._combine(q.subqueries, all_of=False)
        if type(q) is wq.And:
            return self._combine(q.subqueries, all_of=True)
        if type(q) is wq.Not:
            inner = self._node(q.query)
            if inner is None:
                return None
            mask = self.live() & ~inner.mask
            return _Node(mask, mask.astype(np.float64))  # whoosh scores a NOT match 1.0
        if type(q) is wq.AndNot:
            a, b = self._node(q.a), self._node(q.b)
            if a is None or b is None:
                return None
            mask = a.mask & ~b.mask
            return _Node(mask, np.where(mask, a.scores, 0.0))
        if type(q) is wq.Phrase and q.slop == 1 and len(q.words) > 1:
            return self._phrase(q)
        return None  # anything else (a coordinated OR of plain words): whoosh's collector

    def _combine(self, subqueries: list[wq.Query], all_of: bool) -> _Node | None:
        """OR: every document any part matches; AND: those all parts match. Either way a
        document's score is the sum of its parts' scores, as in whoosh's matchers."""
        if not subqueries:
            return self._empty()
        hits = np.zeros(self.size, dtype=np.int64)
        scores = np.zeros(self.size)
        for sub in subqueries:
            part = self._term(sub) if type(sub) is wq.Term and sub.boost == 1.0 else None
            if part is not None:
                hits[part.ids] += 1
                scores[part.ids] += part.scores
                continue
            node = self._node(sub)
            if node is None:
                return None
            hits += node.mask
            scores += node.scores
        mask = hits == len(subqueries) if all_of else hits > 0
        return _Node(mask, np.where(mask, scores, 0.0))

    def _term(self, q: wq.Term) -> _Term:
        schema = self.searcher.schema
        none = _Term(np.zeros(0, dtype=np.int64), np.zeros(0))
        if q.fieldname not in schema or not schema[q.fieldname].scorable:
            return none
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return none
        ids, weights = self._read(q.fieldname, text)
        if not len(ids):
            return none
        idf = self.searcher.idf(q.fieldname, text)
        avgfl = self.searcher.avg_field_length(q.fieldname) or 1
        k1, b = self._weighting.K1, self._weighting.B
        fl = self._field_lengths(q.fieldname)[ids]
        # scoring.bm25, operation by operation in the same order, so the floats are whoosh's
        return _Term(
            ids, idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
        )

    def _phrase(self, q: wq.Phrase) -> _Node:
        """The words one after another: the documents that hold them all, checked position
        by position; scored as whoosh scores a phrase, by the sum of its words' scores."""
        node = self._empty()
        words = [wq.Term(q.fieldname, word) for word in q.words]
        terms = [self._term(word) for word in words]
        candidates = terms[0].ids
        for term in terms[1:]:
            candidates = np.intersect1d(candidates, term.ids, assume_unique=True)
        if not len(candidates):
            return node
        field = self.searcher.schema[q.fieldname]
        texts = [field.to_bytes(word.text) for word in words]
        found = []
        for leaf, offset in self.searcher.reader().leaf_readers():
            here = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())]
            if len(here):
                found += [offset + n for n in _in_order(leaf, q.fieldname, texts, here - offset)]
        if found:
            at = np.asarray(found, dtype=np.int64)
            node.mask[at] = True
            for term in terms:
                node.scores[at] += term.scores[np.searchsorted(term.ids, at)]
        return node

    def _read(self, fieldname: str, text: bytes) -> tuple[npt.NDArray[np.int64], Scores]:
        key = (fieldname, text)
        if key in self._postings:
            self._postings.move_to_end(key)
            return self._postings[key]
        ids: list[int] = []
        weights: list[float] = []
        for leaf, offset in self.searcher.reader().leaf_readers():
            if key not in leaf:
                continue
            matcher = leaf.postings(fieldname, text)
            while matcher.is_active():
                ids.append(offset + matcher.id())
                weights.append(matcher.weight())
                matcher.next()
        found = np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)
        self._postings[key] = found
        self._cached += len(ids)
        while self._cached > CACHED_POSTINGS and len(self._postings) > 1:
            _, (old, _w) = self._postings.popitem(last=False)
            self._cached -= len(old)
        return found

    def _field_lengths(self, fieldname: str) -> Scores:
        """Each document's length in the field, as whoosh's scorer reads it (1 if none)."""
        if fieldname not in self._lengths:
            lengths = np.ones(self.size)
            for leaf, offset in self.searcher.reader().leaf_readers():
                count = leaf.doc_count_all()
                lengths[offset : offset + count] = [
                    leaf.doc_field_length(n, fieldname, 1) for n in range(count)
                ]
            self._lengths[fieldname] = lengths
        return self._lengths[fieldname]


def _in_order(
    leaf: object, fieldname: str, texts: list[bytes], docs: npt.NDArray[np.int64]
) -> list[int]:
    """The documents (a segment's own numbers, ascending) in which the words stand one
    right after another."""
    matchers = [leaf.postings(fieldname, text) for text in texts]  # type: ignore[attr-defined]
    out = []
    for doc in docs.tolist():
        starts: set[int] | None = None
        for i, matcher in enumerate(matchers):
            matcher.skip_to(doc)
            positions = {p - i for p in matcher.value_as("positions")}
            starts = positions if starts is None else starts & positions
            if not starts:
                break
        if starts:
            out.append(doc)
    return out
