"""What the command line prints. Report text is untrusted: control characters are escaped.

An escape sequence in a report (a colour, a title change, OSC 52 writing the clipboard) or
in a file name must reach the terminal as visible text, never as a command to it.
"""

from __future__ import annotations

import html
import json
import re
import sys
from typing import Any

from explorer.core.errors import shortened

EXIT_INPUT = 2
"""The exit code of every error caused by input, or refused by the system."""

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 (but tab and newline) and C1 controls, DEL, and the bidi marks, embeddings and
overrides that reorder what a line shows."""
_BIDI_IN_JSON = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What json.dumps leaves unescaped of the above (it escapes C0 itself)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, one_line: bool = False) -> str:
    """The text with control characters shown as \\x1b, \\u202e …; newlines too if asked."""
    safe = _UNSAFE.sub(_escape, text)
    return safe.replace("\n", "\\n").replace("\t", " ") if one_line else safe


def say(text: str = "") -> None:
    """Print a line (or several) of human-readable output."""
    print(terminal_safe(text))


def warn(message: str) -> None:
    """One line on stderr: ``explorer: <message>``."""
    print(f"explorer: {terminal_safe(shortened(message), one_line=True)}", file=sys.stderr)


def say_json(data: Any) -> None:
    """JSON for scripts; the characters that could steer a terminal are \\u-escaped."""
    print(
        _BIDI_IN_JSON.sub(
            lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=1)
        )
    )


def terminal_snippet(snippet: str, bold: bool) -> str:
    """Marks shown as bold (or «»); everything else is plain text with controls dropped."""
    start, end = ("\x1b[1m", "\x1b[0m") if bold else ("«", "»")
    out = []
    for part in re.split(r"(</?mark>)", snippet):
        if part in ("<mark>", "</mark>"):
            out.append(start if part == "<mark>" else end)
        else:
            out.append(_UNSAFE.sub(" ", html.unescape(part)).replace("\n", " "))
    return " ".join("".join(out).split(" ")).strip()
