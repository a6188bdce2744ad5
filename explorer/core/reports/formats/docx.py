"""Word files (.docx) → Markdown, read with python-docx.

Paragraphs in the Heading 1–9 styles (or styles based on them) are sections with their
levels; list paragraphs are ``- `` items, indented by their list level; tables are Markdown
tables. The title comes from the document's properties (else its Title-style paragraph), the
date from when it was created (else last saved). Page headers, footers, comments and text
boxes are page furniture, not the report's text, and are left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import docx
from docx.text.paragraph import Paragraph

from explorer.core.errors import Cancel, RefusedFile
from explorer.core.reports.formats import compose

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

MAX_UNPACKED = 512 * 1024 * 1024
"""A Word file whose parts unpack to more than this is refused before it is read (a zip
bomb would otherwise fill the memory)."""

TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)
"""The creation time python-docx's own template carries: a file made from it without a date
says this one, which is no date of its text."""

_HEADING_STYLE = re.compile(r"heading ([1-9])", re.IGNORECASE)


def read(data: bytes, where: str, cancelled: Cancel | None = None) -> str:
    """The Markdown of a Word file (see the module's docstring). It is read in this process
    in a moment, so ``cancelled`` is not asked (the add asks it before the next file)."""
    document = _open(data, where)
    try:
        title, blocks, date = _contents(document)
    except Exception as exc:  # a part python-docx only looks for now is missing or broken
        raise RefusedFile(_unreadable(where, exc)) from None
    if not any(b for b in blocks if not b.startswith("#")):
        raise RefusedFile(f"{where}: this Word file has no text to read (only headings or none).")
    return compose.document(title or None, date, _lists_together(blocks))


def _contents(document: Document) -> tuple[str, list[str], str | None]:
    """The title, the Markdown blocks and the date of an open Word file."""
    title = compose.words(document.core_properties.title or "")
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Paragraph):
            blocks.append(compose.table(_rows(block)))
            continue
        level = _heading_level(block)
        text = compose.words(block.text)
        if not text:
            continue
        if level == 0 and (not title or text == title):  # the Title style: the title
            title = text
        elif level:
            blocks.append(compose.heading(level, text))
        elif _is_listed(block):
            blocks.append(compose.list_item(text, _list_depth(block)))
        else:
            blocks.append(compose.escape(text))
    return title, blocks, _date(document)


def _open(data: bytes, where: str) -> Document:
    if not data.strip():
        raise RefusedFile(f"{where}: is empty; there is no text to add.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RefusedFile(
            f"{where}: is not a Word file (.docx) that can be read; "
            "open it in Word and save it again as .docx."
        ) from None
    if unpacked > MAX_UNPACKED:
        raise RefusedFile(
            f"{where}: unpacks to {unpacked // 2**20:,} MB, more than a Word file's text "
            "needs; it was not read."
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # a broken package raises whatever its first missing piece does
        raise RefusedFile(_unreadable(where, exc)) from None


def _unreadable(where: str, exc: Exception) -> str:
    why = compose.words(str(exc))[:120] or type(exc).__name__
    return (
        f"{where}: cannot be read as a Word file ({why}); "
        "open it in Word and save it again as .docx."
    )


def _heading_level(paragraph: Paragraph) -> int | None:
    """1–9 for a heading, 0 for the Title style, None for any other paragraph."""
    style: Any = paragraph.style  # a paragraph style: python-docx types it as any style
    for _ in range(10):  # a style based on a heading style is a heading
        if style is None:
            return None
        name = style.name or ""
        if name.lower() == "title":
            return 0
        found = _HEADING_STYLE.fullmatch(name)
        if found:
            return int(found.group(1))
        style = style.base_style
    return None


def _is_listed(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    name = paragraph.style.name if paragraph.style is not None else ""
    return numbered or (name or "").lower().startswith("list")


def _list_depth(paragraph: Paragraph) -> int:
    """The list level Word numbers the paragraph at (0 outermost), else one its style
    names ("List Bullet 2" is level 1)."""
    properties = paragraph._p.pPr
    numbering: Any = properties.numPr if properties is not None else None
    if numbering is not None and numbering.ilvl is not None:
        return min(int(numbering.ilvl.val), 8)
    name = paragraph.style.name if paragraph.style is not None else ""
    last = (name or "").rsplit(" ", 1)[-1]
    return min(int(last) - 1, 8) if last.isdigit() and int(last) > 0 else 0


def _rows(table: Table) -> list[list[str]]:
    """A table's rows of cell texts; merged cells once, nested tables as their text."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(compose.words(" ".join(_cell_text(cell))))
        rows.append(cells)
    return rows


def _cell_text(container: object) -> Iterator[str]:
    for block in getattr(container, "iter_inner_content", lambda: [])():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    yield from _cell_text(cell)
        else:
            yield block.text


def _date(document: Document) -> str | None:
    properties = document.core_properties
    for stamp in (properties.created, properties.modified):
        if stamp is None:
            continue
        aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
        if aware != TEMPLATE_CREATED:
            return compose.day(stamp)
    return None


def _lists_together(blocks: list[str]) -> list[str]:
    """Consecutive list items as one list (one block), not lists of one item each."""
    joined: list[str] = []
    for block in blocks:
        if joined and _is_item(block) and _is_item(joined[-1].rsplit("\n", 1)[-1]):
            joined[-1] = f"{joined[-1]}\n{block}"
        else:
            joined.append(block)
    return joined


def _is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("- ")
