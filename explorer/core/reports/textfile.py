"""Turning report bytes into text, and file names into ids."""

from __future__ import annotations

import codecs
import re
import unicodedata

from explorer.core.errors import RefusedFile

_SNIFF = 8192
_CONTROL_OK = set("\t\n\r\f\v\x1b")


def decode_report_bytes(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary or other text."""
    if not data:
        raise RefusedFile(f"{where}: is empty; there is no text to add.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RefusedFile(f"{where}: is not valid UTF-16 text; save it as UTF-8.") from None
    head = data[:_SNIFF]
    controls = sum(1 for b in head if b < 32 and chr(b) not in _CONTROL_OK)
    if b"\x00" in head or controls > len(head) // 100 + 1:
        raise RefusedFile(f"{where}: looks like a binary file, not Markdown or text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedFile(
            f"{where}: is not UTF-8 text (bad byte at offset {exc.start}); "
            "save it as UTF-8 and add it again."
        ) from None


def slugify(name: str) -> str:
    """A readable, file-system-safe id from a file name: lower case, ASCII, hyphens."""
    norm = unicodedata.normalize("NFKD", name)
    ascii_only = norm.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if not slug:
        slug = _digest(name)
    return slug[:80].rstrip("-")


def _digest(name: str) -> str:
    import hashlib

    return "report-" + hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
