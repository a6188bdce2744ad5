"""Counts in the app's sentences are grammatical: "1 report", never "1 reports" or "report(s)"."""

from __future__ import annotations

import re
from pathlib import Path

from explorer.core.wording import many

PACKAGE = Path(__file__).resolve().parents[2] / "explorer"


def test_counts_read_as_sentences() -> None:
    assert [many(n, "report") for n in (0, 1, 2, 1204)] == [
        "0 reports",
        "1 report",
        "2 reports",
        "1,204 reports",
    ]
    assert many(1, "stored report text") == "1 stored report text"


def test_no_message_counts_in_brackets() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "wording.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"[\"'][^\"']*[a-z]\(s\)", line)  # inside a string: a message
    ]
    assert found == []
