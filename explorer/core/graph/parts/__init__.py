"""What each report gives the concept graph, worked out once per text and kept.

Most of a graph build is the same work on each report alone: parsing it, finding the
vocabulary's names in each passage, listing the candidate phrases discovery counts, and
shingling its words for boilerplate. Only then do the library-wide steps (boilerplate across
reports, discovery's choice, the graph, its metrics and layout) need the whole library. So
each report's share is kept under ``cache/parts/``, by a key of its text and what reads it
(the vocabulary, this code's version): a library that gains a report works out that report's
share alone, and the graph is built from the shares without parsing the others again.

A report's share is two files: ``<key>.json`` (its outline, and for each passage its flags,
the vocabulary's names in it with how often, and its candidate phrases) and ``<key>.marks``
(its passages' shingles: see boilerplate.Marks).
"""

from __future__ import annotations

from explorer.core.graph.parts.model import (
    BOILERPLATE,
    REFERENCES,
    ReportParts,
    report_parts,
    worked_out,
)
from explorer.core.graph.parts.store import PartsStore, parts_key, vocabulary_digest

__all__ = [
    "BOILERPLATE",
    "REFERENCES",
    "PartsStore",
    "ReportParts",
    "parts_key",
    "report_parts",
    "vocabulary_digest",
    "worked_out",
]
