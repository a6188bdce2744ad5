"""One name written several ways: case, word breaks (hyphens, spaces, none) and a regular
plural ending ("Query Nodes", "query node"; "re-ranking", "reranking"; "real time",
"real-time"). Discovery folds such variants into one concept, and into the vocabulary's
concept they name; the curation proposes merging concepts whose labels are variants."""

from __future__ import annotations

import re

BREAKS = re.compile(r"[\s\-‐‑–_/.]+")
"""What may stand between the words of a name."""


def variant_key(label: str) -> str:
    """A label without case, word breaks or a regular plural ending."""
    return without_plural(BREAKS.sub("", label.casefold()))


def without_plural(key: str) -> str:
    """A key (a label lowered, its word breaks gone) without a regular plural ending."""
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("sses", "xes", "ches", "shes")):
        return key[:-2]
    if key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        return key[:-1]
    return key
