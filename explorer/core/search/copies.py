"""Copies: passages whose text is the same in several places, told apart by a fingerprint.

A researcher's library holds versions and copies of one report, and blogs repeat a
paragraph from post to post. Search shows such a passage once, the other places it stands
under it ("also in 9 reports"), as search engines fold duplicates; the Library flags two
reports that share most of their passages as near copies.

The fingerprint is made when a passage is indexed, from its words as the index holds them
(NFKC, no Markdown or HTML syntax) folded further: letters in one case, and only the runs
of letters and digits kept, one space between them. So white space, punctuation, quotes
and dashes of any kind, a Markdown escape left in the text, a trailing full stop, do not
tell two passages apart; a word or a number changed does. It is kept in the index as an
8-byte column (blake2b), read once per index generation into one array, so folding the
matches of a query costs a few array operations and no text is read again.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import numpy.typing as npt
from whoosh.searching import Searcher

from explorer.core.search.results import NearCopy

FINGERPRINT_BYTES = 8
NEAR_COPY_SHARE = 0.8
"""Two reports are near copies when this share of the smaller one's passages (counted
once each) stand in the other too."""
NEAR_COPY_LEAST = 3
"""…and they share at least this many: a report of two passages, one a footer every post
repeats, is no copy of each of them."""

Ids = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

_NOT_WORDS = re.compile(r"[\W_]+")


def normalised(text: str) -> str:
    """The words of a passage as the fingerprint sees them (see the module's docstring)."""
    return _NOT_WORDS.sub(" ", text.casefold()).strip()


NO_FINGERPRINT = bytes(FINGERPRINT_BYTES)
"""A passage without a word (an image, a rule, a table of signs) is no copy of anything:
this is its fingerprint, and the one a column gives a document that has none."""


def fingerprint(text: str) -> bytes:
    """The 8-byte fingerprint of a passage's words: equal for copies, and (but for one
    chance in 2^64) only for them."""
    words = normalised(text)
    if not words:
        return NO_FINGERPRINT
    digest = hashlib.blake2b(words.encode("utf-8"), digest_size=FINGERPRINT_BYTES).digest()
    return digest if digest != NO_FINGERPRINT else b"\x01" + digest[1:]


class Copies:
    """Which documents of one index generation are copies of each other.

    ``groups[doc]`` is the number of the group of documents whose fingerprint is the same,
    or -1 for a document whose text is the only one of its kind (most of them) or that has
    no word; ``worded`` says which live documents have words; ``newness`` ranks each
    document's report by the date it has in the index (higher: newer)."""

    def __init__(self, searcher: Searcher, live: Mask) -> None:
        reader = searcher.reader()
        size = int(reader.doc_count_all())
        if size and "fingerprint" in searcher.schema:
            raw = b"".join(reader.column_reader("fingerprint", translate=False))
            prints = np.frombuffer(raw, dtype=np.uint64, count=size)
        else:  # an index made before fingerprints, answering while its successor is made
            prints = np.zeros(size, dtype=np.uint64)
        some = live & (prints != 0)
        _, inverse, counts = np.unique(prints[some], return_inverse=True, return_counts=True)
        groups = np.full(size, -1, dtype=np.int64)
        groups[some] = np.where(counts[inverse] > 1, inverse, -1)
        self.groups, self.worded = groups, some
        self.newness = _newness(searcher, size)

    def representatives(self, ids: Ids, scores: npt.NDArray[np.float64]) -> Mask:
        """Of these matches, the ones that stand for their copies among them: the best
        scored; of copies scored alike (the same words under the same title), the one in
        the newest report, then the first indexed. Every other match is a copy."""
        group = self.groups[ids]
        keep = group < 0
        shared = np.flatnonzero(~keep)
        if len(shared):
            best = shared[np.lexsort((ids[shared], -self.newness[ids[shared]], -scores[shared]))]
            _, first = np.unique(group[best], return_index=True)
            keep[best[first]] = True
        return keep

    def others(self, doc: int) -> list[int]:
        """The other documents with the same text, the newest report's first."""
        group = int(self.groups[doc])
        if group < 0:
            return []
        same = np.flatnonzero(self.groups == group)
        same = same[same != doc]
        return [int(d) for d in same[np.lexsort((same, -self.newness[same]))]]

    def near_copies(self, owners: Ids, names: list[str]) -> dict[str, list[NearCopy]]:
        """For each report that shares most of its passages with another (or another most
        of its with it), those others, the most shared first."""
        docs = np.flatnonzero(self.worded & (owners > 0))  # wordless passages: no copies
        if not len(docs):
            return {}
        own = owners[docs]
        # Each passage counted once per report: a copy within one report is one passage.
        key = np.where(self.groups[docs] >= 0, self.groups[docs], -1 - docs)
        pairs = np.unique(np.stack([own, key], axis=1), axis=0)
        distinct = np.bincount(pairs[:, 0], minlength=len(names))
        shared_pairs = pairs[pairs[:, 1] >= 0]
        if not len(shared_pairs):
            return {}
        shared = np.zeros((len(names), len(names)), dtype=np.int32)
        order = np.argsort(shared_pairs[:, 1], kind="stable")  # they were sorted by report
        groups = shared_pairs[order]
        by_group = np.split(groups[:, 0], np.flatnonzero(np.diff(groups[:, 1])) + 1)
        for reports in by_group:
            if len(reports) > 1:
                shared[np.ix_(reports, reports)] += 1
        np.fill_diagonal(shared, 0)
        smaller = np.minimum.outer(distinct, distinct)
        near = (shared >= NEAR_COPY_LEAST) & (shared >= NEAR_COPY_SHARE * smaller)
        out: dict[str, list[NearCopy]] = {}
        for a, b in zip(*np.nonzero(near), strict=True):
            near_copy = NearCopy(names[b], int(shared[a, b]), int(smaller[a, b]))
            out.setdefault(names[a], []).append(near_copy)
        for found in out.values():
            found.sort(key=lambda n: (-n.shared / max(1, n.of), n.report))
        return out


def _newness(searcher: Searcher, size: int) -> Ids:
    """Each document's report's date as a rank: later ISO dates are larger; no date is 0."""
    reader = searcher.reader()
    dates = sorted(
        t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in reader.lexicon("date")
    )
    newness = np.zeros(size, dtype=np.int64)
    for rank, date in enumerate(dates, 1):
        docs = np.fromiter(reader.postings("date", date).all_ids(), dtype=np.int64)
        newness[docs] = rank
    return newness
