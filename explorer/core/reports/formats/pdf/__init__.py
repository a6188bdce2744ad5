"""PDF reports: text in reading order, sections from the outline (else type sizes, else
pages), each page's label kept in a marker, read by pdfium in a child process.

``read`` is the reader (see ``formats``); the work is ``document.convert``, run by
``child.run`` so that a file pdfium crashes or hangs on costs only that file.
"""

from __future__ import annotations

from explorer.core.errors import Cancel, Cancelled, RefusedFile
from explorer.core.reports.formats.pdf.child import MEMORY_BYTES, run

_WHY = {
    "scan": "is a scanned PDF (no text layer); OCR is not included, so there is no text to add.",
    "encrypted": "is encrypted; add an unlocked copy.",
    "damaged": "is damaged and cannot be read as a PDF.",
    "memory": f"needed more than {MEMORY_BYTES // 1024**3} GB of memory to read, so it was "
    "stopped; it may be damaged.",
    "time": "took too long to read, so it was stopped; it may be damaged.",
    "crashed": "stopped the PDF reader (it may be damaged); nothing of it was added.",
}


def read(data: bytes, where: str, cancelled: Cancel | None = None) -> str:
    """The Markdown of a PDF file's bytes, or RefusedFile with one sentence; Cancelled when
    ``cancelled()`` turned true while it was read."""
    kind, text = run(data, cancelled=cancelled)
    if kind == "cancelled":
        raise Cancelled(f"Reading {where} was cancelled.")
    if kind != "ok":
        raise RefusedFile(f"{where}: {_WHY.get(kind, _WHY['damaged'])}")
    return text
