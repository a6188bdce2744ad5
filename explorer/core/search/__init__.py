"""The search wing: the whoosh index of passages, the query language, did-you-mean,
copies (a passage in several places is one hit; reports that are near copies), the
manifest that tells a current index from a stale one, and SearchService, which keeps all
of them in line with a library (its upkeep) and answers searches from them.

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.search.freshness import IndexManifest
    from explorer.core.search.index import SearchIndex, term_spans
    from explorer.core.search.query import clean, plain_words
    from explorer.core.search.results import (
        Copy,
        NearCopy,
        SearchHit,
        SearchResult,
        copies_words,
        near_copy_words,
    )
    from explorer.core.search.service import IndexUpdate, SearchService
    from explorer.core.search.spelling import Vocabulary

__all__ = [
    "Copy",
    "IndexManifest",
    "IndexUpdate",
    "NearCopy",
    "SearchHit",
    "SearchIndex",
    "SearchResult",
    "SearchService",
    "Vocabulary",
    "clean",
    "copies_words",
    "near_copy_words",
    "plain_words",
    "term_spans",
]

__getattr__ = lazy_face(
    __name__,
    {
        "Copy": "results",
        "IndexManifest": "freshness",
        "IndexUpdate": "service",
        "NearCopy": "results",
        "SearchHit": "results",
        "SearchIndex": "index",
        "SearchResult": "results",
        "SearchService": "service",
        "Vocabulary": "spelling",
        "clean": "query",
        "copies_words": "results",
        "near_copy_words": "results",
        "plain_words": "query",
        "term_spans": "index",
    },
)
