"""Words in sentences: counts ("1 report", "2 reports", never "report(s)") and titles put
after a number of our own ("3. Ethical AI", not "3. 3. Ethical AI")."""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.\s+(?=\S)")


def many(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun in the right number: 1 report, 2 reports, 1,204 passages."""
    word = noun if count == 1 else plural or f"{noun}s"
    return f"{count:,} {word}"


def unnumbered(title: str) -> str:
    """A title without the section number it starts with ("1. Advancements…", "2.3. Costs"
    give "Advancements…", "Costs"), to stand after a number of our own; a title that is only
    a number, or starts with a number as words do ("3 ways to…", "3.5 Sonnet"), stays."""
    return _NUMBERED.sub("", title, count=1) if _NUMBERED.match(title) else title
