"""Reports kept in other formats than Markdown and text: web pages, Word files, PDF.

Each format has a reader, a module of this package with one function,
``read(data: bytes, where: str) -> str``, that turns a file's bytes into the Markdown the rest
of the app reads (``ingest.parse_text``): the title and date in YAML front matter, headings
as ``#`` lines with their levels, lists and tables as Markdown, and every other character of
the source's text escaped so that it reads as written (a ``*`` or ``<b>`` in a PDF is text,
not markup). What a reader cannot read it refuses with ``RefusedFile`` and one sentence.

The Markdown is what the library stores and the reader shows, so a report reads the same
whether it came as a web page or as Markdown; the original file is never needed again.
"""

from __future__ import annotations

import importlib
from pathlib import Path

READERS: dict[str, str] = {".html": "html", ".htm": "html", ".docx": "docx"}
"""File suffix → the module of this package that reads it (filled in as formats arrive)."""


def reads(path: Path) -> bool:
    """Whether a file is read by one of these readers rather than decoded as text."""
    return path.suffix.lower() in READERS


def to_markdown(path: Path, data: bytes) -> str:
    """The Markdown of a file of one of these formats (see the module's docstring)."""
    module = importlib.import_module(f"{__name__}.{READERS[path.suffix.lower()]}")
    text: str = module.read(data, str(path))
    return text
