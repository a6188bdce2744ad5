"""A PDF's page as printed, for the reader's Page view: pdfium draws it at the width asked,
and the words of one passage are found on it, to be highlighted.

The page's words are found by their letters and digits alone (case and width folded, a
ligature as its letters), so that the reader's text, with its hyphens joined, escapes and
white space of its own, still meets the page's characters. A passage's words on one page
are the part of its text between that page's marker and the next; a part that starts (or
ends) on the page is found by its first (and last) few dozen letters.

Pictures are kept in a small cache by file, page and width, so that paging back and forth
costs one drawing each. The document stays open while its pages are looked at. This is
read work: it runs on the task runner's read lane, one call at a time.
"""

from __future__ import annotations

import ctypes
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from explorer.core.errors import ExplorerError
from explorer.core.reports.formats import source_digest

CACHE_BYTES = 96 * 1024**2
"""How much picture the cache holds (a page 1,200 pixels wide is about 7 MB)."""
SMALLEST, LARGEST = 200, 4000
"""The narrowest and widest picture drawn, in pixels."""
MOST_PIXELS = 16_000_000
"""A page far taller than wide (or a box of a point or less) is drawn narrower than asked,
to at most this many pixels (64 MB): never a picture that fills the memory."""
_ENDS = 40
"""How many letters of a part's start (and end) find it on its page."""

Box = tuple[int, int, int, int]
"""x, y, width and height in the picture's pixels."""


@dataclass(frozen=True)
class Picture:
    """A page drawn: rows of 32-bit pixels, blue, green, red, unused (Qt's RGB32)."""

    width: int
    height: int
    stride: int
    pixels: bytes


@dataclass(frozen=True)
class PrintedPage:
    """One page of a PDF as printed, with where the passage asked about stands on it."""

    number: int
    """Its place in the file, from 1."""
    count: int
    """How many pages the file has."""
    label: str
    """The label printed on it ("xii", "16")."""
    picture: Picture
    marks: tuple[Box, ...]
    """The passage's words on this page, line by line (none when it is not on it)."""
    passage: str | None = None
    """The id of the passage marked."""
    opens: str | None = None
    """The id of the first passage on the page (where the text is to be read)."""


class PrintedPages:
    """Draws pages of PDF files, and keeps the last ones drawn."""

    def __init__(self, cache_bytes: int = CACHE_BYTES) -> None:
        self._lock = threading.Lock()
        self._pictures: OrderedDict[tuple[Any, ...], Picture] = OrderedDict()
        self._held = 0
        self._cache_bytes = cache_bytes
        self._open: tuple[tuple[str, int, int], Any] | None = None

    def page(
        self, path: Path, number: int, width: int, label: str, words: str, source: str | None = None
    ) -> PrintedPage:
        """Page ``number`` of the PDF at ``path``, ``width`` pixels wide, with ``words`` (the
        part of a passage on that page, as the report's text has it) marked when found.
        ``source`` is the file's digest when it was added (``formats.source_digest``): a file
        whose bytes are no longer those is not opened (this process never opens a PDF that
        was not first read whole, safely, in the reader's child)."""
        with self._lock:
            document, key = self._document(path, source)
            count = len(document)
            if not 1 <= number <= count:
                raise ExplorerError(f"{path.name} has no page {number}; it has {count}.")
            width = max(SMALLEST, min(LARGEST, width))
            page = document[number - 1]
            try:
                picture = self._picture(page, (*key, number, width), width)
                marks = _marks(page, picture, words) if words else ()
            finally:
                page.close()
            return PrintedPage(number, count, label, picture, marks)

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open[1].close()
                self._open = None

    def _document(self, path: Path, source: str | None) -> tuple[Any, tuple[str, int, int]]:
        try:
            status = path.stat()
        except OSError:
            raise ExplorerError(
                f"The PDF is no longer at {path}, so its pages cannot be shown; "
                "its text is still here to read."
            ) from None
        key = (str(path), status.st_mtime_ns, status.st_size)
        if self._open is not None and self._open[0] == key:
            return self._open[1], key
        if self._open is not None:
            self._open[1].close()
            self._open = None
        if source is not None and _bytes_of(source) != _bytes_of(source_digest(path) or ""):
            raise ExplorerError(
                f"The PDF at {path} has changed since it was added, so its pages cannot be "
                "shown; add it again to read and see it as it is now."
            )
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            raise ExplorerError(f"{path} can no longer be opened as a PDF.") from None
        self._open = (key, document)
        return document, key

    def _picture(self, page: Any, key: tuple[Any, ...], width: int) -> Picture:
        cached = self._pictures.get(key)
        if cached is not None:
            self._pictures.move_to_end(key)
            return cached
        page_width, page_height = (max(1.0, float(n)) for n in page.get_size())
        scale = min(width / page_width, (MOST_PIXELS / (page_width * page_height)) ** 0.5)
        bitmap = page.render(scale=scale, prefer_bgrx=True, may_draw_forms=False)
        try:
            picture = Picture(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        finally:
            bitmap.close()
        self._pictures[key] = picture
        self._held += len(picture.pixels)
        while self._held > self._cache_bytes and len(self._pictures) > 1:
            _, dropped = self._pictures.popitem(last=False)
            self._held -= len(dropped.pixels)
        return picture


def _bytes_of(digest: str) -> str:
    """The SHA-256 part of a source digest (the readers' version before it may differ)."""
    return digest.partition(":")[2]


def folded(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, case and width folded, and for each the index
    of the character it came from."""
    letters: list[str] = []
    origins: list[int] = []
    for i, character in enumerate(text):
        for letter in unicodedata.normalize("NFKC", character).casefold():
            if letter.isalnum():
                letters.append(letter)
                origins.append(i)
    return "".join(letters), origins


def find_words(page_text: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` stand in ``page_text``: the index of the first character and one
    past the last, found by letters and digits alone; None when they are not there."""
    page, origins = folded(page_text)
    wanted, _ = folded(words)
    if not wanted or not page:
        return None
    whole = page.find(wanted)
    if whole >= 0:
        return origins[whole], origins[whole + len(wanted) - 1] + 1
    if len(wanted) <= 2 * _ENDS:
        return None
    first = page.find(wanted[:_ENDS])
    last = page.find(wanted[-_ENDS:], max(first, 0))
    if first < 0 or last < 0:
        return None
    return origins[first], origins[last + _ENDS - 1] + 1


def _marks(page: Any, picture: Picture, words: str) -> tuple[Box, ...]:
    textpage = page.get_textpage()
    try:
        found = find_words(str(textpage.get_text_range()), words)
        if found is None:
            return ()
        start, end = found
        boxes = []
        for i in range(textpage.count_rects(start, end - start)):
            left, bottom, right, top = textpage.get_rect(i)
            x0, y0 = _to_picture(page, picture, left, top)
            x1, y1 = _to_picture(page, picture, right, bottom)
            x, y = min(x0, x1), min(y0, y1)
            boxes.append((x, y, abs(x1 - x0), abs(y1 - y0)))
        return tuple(boxes)
    finally:
        textpage.close()


def _to_picture(page: Any, picture: Picture, x: float, y: float) -> tuple[int, int]:
    """A point of the page (PDF units) in the picture's pixels, the page's rotation and
    crop box taken into account by pdfium itself."""
    device_x, device_y = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(
        page.raw,
        0,
        0,
        picture.width,
        picture.height,
        0,
        ctypes.c_double(x),
        ctypes.c_double(y),
        ctypes.byref(device_x),
        ctypes.byref(device_y),
    )
    return device_x.value, device_y.value
