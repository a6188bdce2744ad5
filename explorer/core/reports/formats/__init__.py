"""Reports kept in other formats than Markdown and text: web pages, Word files, PDF.

Each format has a reader, a module of this package with one function,
``read(data: bytes, where: str, cancelled: Cancel | None = None) -> str``, that turns a
file's bytes into the Markdown the rest of the app reads (``ingest.parse_text``): the title
and date in YAML front matter, headings as ``#`` lines with their levels, lists and tables as
Markdown, and every other character of the source's text escaped so that it reads as written
(a ``*`` or ``<b>`` in a PDF is text, not markup). What a reader cannot read it refuses with
``RefusedFile`` and one sentence. A reader whose work takes long (PDF, read in a child
process) asks ``cancelled()`` while it waits, and raises ``Cancelled`` once it turns true.

The Markdown is what the library stores and the reader shows, so a report reads the same
whether it came as a web page or as Markdown; the original file is needed again only by the
Page view, which draws a PDF's pages from it. A file added again unchanged is not read again
(``source_digest``): its bytes and the readers' version say it would give the same text.

Pages travel inside that Markdown. A reader of a paged format (PDF) writes a marker line
before each page's text, an HTML comment alone on its line with a blank line after it::

    <!-- page 14 label="xii" -->

``14`` is the page's place in the file (from 1) and ``label`` the number printed on it (the
PDF's page label, else the place again). The parser never takes a marker for text: passages
are never made of one, and each passage carries the label of the last marker before it
(``Passage.page``); the reader shows it as a small "p. xii". Since every other ``<`` of a
source's text is escaped, no text can pass itself off as a marker.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path

from explorer.core.errors import Cancel

PAGE_MARKER = re.compile(r'^<!-- page (\d+) label="([^"\n]*)" -->$', re.MULTILINE)
"""A page marker line (see the module's docstring): the page's place and its label."""

READERS_VERSION = 3
"""Raised when a reader's output changes, so that files added again are read again
(2: PDF underscores drawn as rules, and a date from the first page)."""

READERS: dict[str, str] = {".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
"""File suffix → the module of this package that reads it (filled in as formats arrive)."""


def reads(path: Path) -> bool:
    """Whether a file is read by one of these readers rather than decoded as text."""
    return path.suffix.lower() in READERS


def to_markdown(path: Path, data: bytes, cancelled: Cancel | None = None) -> str:
    """The Markdown of a file of one of these formats (see the module's docstring)."""
    module = importlib.import_module(f"{__name__}.{READERS[path.suffix.lower()]}")
    text: str = module.read(data, str(path), cancelled)
    return text


def page_marker(number: int, label: str) -> str:
    """The marker line that opens page ``number`` (its printed label made safe to quote)."""
    label = " ".join(label.replace('"', "'").replace("--", "-").split())
    return f'<!-- page {number} label="{label or number}" -->'


def source_digest(path: Path) -> str | None:
    """What says a file would read as it did: the readers' version and the SHA-256 of its
    bytes (None when it cannot be read; reading it then says why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return f"{READERS_VERSION}:{digest.hexdigest()}"
