"""Counts in sentences: "1 report", "2 reports", never "report(s)"."""

from __future__ import annotations


def many(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun in the right number: 1 report, 2 reports, 1,204 passages."""
    word = noun if count == 1 else plural or f"{noun}s"
    return f"{count:,} {word}"
