"""Errors whose message is one sentence meant for the user (what, where, what to do)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from explorer.core.changes import NOTHING, Changes


class ExplorerError(Exception):
    """A problem caused by input or circumstances, explained in one sentence."""


class RefusedFile(ExplorerError):
    """A report file that cannot be read as text: binary, empty, undecodable or too large."""


class BadQuery(ExplorerError):
    """A search query that cannot be answered, and why."""


class LibraryBusy(ExplorerError):
    """Another process is writing to the same data folder."""


class NotFound(ExplorerError):
    """A report, section or other id that the library does not have."""


Cancel = Callable[[], bool]
"""cancelled(): true once the user asked long work to stop (long work asks it as it goes,
and raises Cancelled)."""


class Cancelled(ExplorerError):
    """Long work stopped because the user cancelled it; what was finished is kept and said.

    ``changes`` tells what the work changed before it stopped, so that views still follow
    the part that was done."""

    def __init__(self, message: str, changes: Changes = NOTHING) -> None:
        super().__init__(message)
        self.changes = changes


def error_place(loc: Sequence[int | str]) -> str:
    """Where in a file pydantic found a fault, short and on one line: a key the file made up
    is quoted only in part, with its control characters shown as "?"."""
    parts = []
    for part in loc:
        text = "".join(c if c.isprintable() else "?" for c in str(part))
        parts.append(text if len(text) <= 40 else text[:40] + "…")
    return ".".join(parts)


ECHO_LIMIT = 60
"""The most of anything quoted in an error (what the user typed, a name) that is shown."""
_QUOTED = re.compile(r"""(['"])([^'"\n]{""" + str(ECHO_LIMIT + 1) + r""",})\1""")


def shortened(message: str) -> str:
    """An error sentence at a readable length: each quoted part (an argument or a name
    echoed back) longer than ECHO_LIMIT is cut to its start; the rest (where, what to do)
    is kept whole. A 10,000-character argument must not make a 10,000-character error."""
    return _QUOTED.sub(_cut, message)


def _cut(quoted: re.Match[str]) -> str:
    mark, text = quoted.group(1), quoted.group(2)
    return f"{mark}{text[: ECHO_LIMIT - 20]}…{mark}"
