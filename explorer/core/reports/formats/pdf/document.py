"""A PDF's bytes → Markdown, in the process that calls it (the child of ``pdf.read``)."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from explorer.core.reports.formats.pdf.layout import Page, read_page
from explorer.core.reports.formats.pdf.markdown import Bookmark, markdown


class Unreadable(Exception):
    """Why a PDF gives no text: ``kind`` is "scan", "encrypted" or "damaged"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def convert(data: bytes) -> str:
    """The Markdown of a PDF (see ``markdown.markdown``); Unreadable when it has none."""
    document = _open(data)
    try:
        pages = [read_page(document, i) for i in range(len(document))]
        if not any(page.lines for page in pages):
            raise Unreadable("scan")
        return markdown(_metadata(document), _outline(document), pages)
    finally:
        document.close()


def read_pages(data: bytes) -> list[Page]:
    """Every page's lines (for benchmarks: the text without the Markdown)."""
    document = _open(data)
    try:
        return [read_page(document, i) for i in range(len(document))]
    finally:
        document.close()


def _open(data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise Unreadable("encrypted") from None
        raise Unreadable("damaged") from None


def _metadata(document: Any) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in document.get_metadata_dict().items()}
    except Exception:  # a broken info dictionary: title and date come from the text
        return {}


def _outline(document: Any) -> list[Bookmark]:
    marks = []
    try:
        for bookmark in document.get_toc(max_depth=6):
            dest = bookmark.get_dest()
            page = dest.get_index() if dest is not None else None
            title = " ".join(str(bookmark.get_title()).split())
            if page is not None and title:
                marks.append(Bookmark(int(bookmark.level), title, int(page)))
    except Exception:  # a broken outline is no outline
        return []
    return marks
