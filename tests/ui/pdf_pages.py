"""Reading back the PDFs Qt writes, page by page, without a PDF library.

Enough for what Qt's QPdfWriter produces (PDF 1.4, no object streams, Flate streams, Type0
fonts with a ToUnicode map, one BT…ET block per drawText): the pages in order, the text of
each page as lines, and the images each page draws, decoded to pixels.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
REF = rb"(\d+) 0 R"
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
"""Qt draws these with one glyph, which the font maps back to the ligature character."""
SHOW = re.compile(rb"(/\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ|\bET\b")


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    pixels: bytes
    """RGB, 8 bits a channel, row after row."""


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[str]
    pictures: list[Picture]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_pages(pdf: bytes) -> list[Page]:
    objects = {int(m.group(1)): m.group(2) for m in OBJECT.finditer(pdf)}
    (catalog,) = [body for body in objects.values() if re.match(rb"<<\s*/Type /Catalog", body)]
    pages = objects[_ref(catalog, b"Pages")]
    kids = re.search(rb"/Kids\s*\[(.*?)\]", pages, re.S)
    assert kids is not None
    return [_page(objects, int(n)) for n in re.findall(REF, kids.group(1))]


def _page(objects: dict[int, bytes], number: int) -> Page:
    page = objects[number]
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", page)
    assert box is not None
    resources = objects[_ref(page, b"Resources")]
    fonts = {
        name: _cmap(_stream(objects[_ref(objects[int(font)], b"ToUnicode")]))
        for name, font in re.findall(rb"(/F\d+) " + REF, resources)
    }
    images = [objects[int(n)] for n in re.findall(rb"/Im\d+ " + REF, resources)]
    content = _stream(objects[_ref(page, b"Contents")])
    return Page(
        float(box.group(1)),
        float(box.group(2)),
        _lines(content, fonts),
        [_picture(body) for body in images if b"/Subtype /Image" in body],
    )


def _lines(content: bytes, fonts: dict[bytes, dict[int, str]]) -> list[str]:
    lines: list[str] = []
    font: dict[int, str] = {}
    current = ""
    for match in SHOW.finditer(content):
        name, single, array = match.groups()
        if name:
            font = fonts[name]
        elif single is not None or array is not None:
            for hexes in re.findall(rb"<([0-9A-Fa-f]*)>", array) if array else [single]:
                current += "".join(font[int(hexes[i : i + 4], 16)] for i in range(0, len(hexes), 4))
        elif current:
            lines.append(" ".join(current.translate(LIGATURES).split()))
            current = ""
    return lines


def _cmap(data: bytes) -> dict[int, str]:
    """Glyph → text, from a ToUnicode CMap's bfchar and bfrange sections."""
    mapping: dict[int, str] = {}

    def text(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be")

    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            mapping[int(src, 16)] = text(dst)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        pattern = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)"
        for low, high, dst in re.findall(pattern, section):
            first, last = int(low, 16), int(high, 16)
            if dst.startswith(b"["):
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", dst)
                mapping.update({first + i: text(t) for i, t in enumerate(targets)})
            else:
                start = int(dst[1:-1], 16)
                mapping.update({g: chr(start + g - first) for g in range(first, last + 1)})
    return mapping


def _picture(body: bytes) -> Picture:
    width, height = (int(_number(body, key)) for key in (b"Width", b"Height"))
    assert b"/ColorSpace /DeviceRGB" in body and b"/BitsPerComponent 8" in body
    return Picture(width, height, _stream(body))


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def _ref(body: bytes, key: bytes) -> int:
    match = re.search(rb"/" + key + rb"\s+" + REF, body)
    assert match is not None, key
    return int(match.group(1))


def _number(body: bytes, key: bytes) -> float:
    match = re.search(rb"/" + key + rb"\s+([\d.]+)", body)
    assert match is not None, key
    return float(match.group(1))
