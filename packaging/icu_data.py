"""ICU's data library cut down to what Qt reads from it, for the Linux bundle.

    python packaging/icu_data.py LIBICUDATA OUT     # writes the smaller library to OUT

PySide6 ships ICU's whole data (libicudata, 32 MB). QtCore is the only Qt library that calls
ICU, and only for four things: collation (QCollator, QString::localeAwareCompare), converters
for encodings beyond UTF and Latin-1 (QStringConverter), time-zone names (QTimeZone) and
locale-aware case mapping (QLocale::toUpper). `nm -D --undefined-only` of every Qt library and
plugin in the bundle lists the ICU functions they use: ucol_*, ucnv_*, ucal_*, u_strToUpper and
u_strToLower, all from libQt6Core; text shaping and line breaking (QtGui) use none. The data
kinds below are read by none of those: break-iterator rules and dictionaries, transliterators,
number spell-out, the display names of units, currencies, languages and regions, character
names, StringPrep, IDNA and confusables. They are left out (16 MB); every locale keeps its
collation, converter, time-zone and calendar data, so Qt answers as it does with the full data
(packaging/smoke.py compares the answers).

The data is a "common data" package (ICU's ucmndata.h): a header, a table of contents of
(name, offset) pairs sorted by name, then the items, each aligned to 16 bytes. The library
holds it as one symbol, `icudtNN_dat`, and nothing else; the new library is that symbol
assembled from the smaller package (`gcc`, `.incbin`). Reading the old one takes binutils'
`nm` and `objcopy`, which come with gcc.
"""

from __future__ import annotations

import fnmatch
import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NEVER_READ = (
    "brkitr/*",  # break-iterator rules and dictionaries (Qt breaks text itself)
    "translit/*",  # transliterators
    "rbnf/*",  # number spell-out
    "unit/*",  # display names of units
    "curr/*",  # … of currencies
    "lang/*",  # … of languages
    "region/*",  # … of regions
    "unames.icu",  # character names
    "*.spp",  # StringPrep profiles
    "uts46.nrm",  # IDNA (QUrl maps host names itself)
    "confusables*.cfu",  # spoof checks
    "ulayout.icu",  # Indic layout properties, read by break iterators
    "uemoji.icu",  # emoji properties, read by break iterators
)
"""Items of ICU's data that none of the ICU functions Qt calls reads, by their names inside
the package (after `icudtNNl/`)."""

ALIGN = 16
PAD = b"\xaa"  # what ICU's own tools pad with
_COMMON_DATA = b"CmnD"


@dataclass(frozen=True)
class Package:
    """An ICU common data package: its header and its items, by name, in TOC order."""

    header: bytes
    items: dict[str, bytes]

    @classmethod
    def parse(cls, blob: bytes) -> Package:
        header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
        if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != _COMMON_DATA:
            raise ValueError("not an ICU common data package")
        (count,) = struct.unpack_from("<I", blob, header_size)
        entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
        ends = [data for _, data in entries[1:]] + [len(blob) - header_size]
        items = {}
        for (name_at, data_at), end in zip(entries, ends, strict=True):
            name_at += header_size
            name = blob[name_at : blob.index(b"\0", name_at)].decode("ascii")
            items[name] = blob[header_size + data_at : header_size + end]
        return cls(blob[:header_size], items)

    def to_bytes(self) -> bytes:
        """The package as ICU reads it: same header, the items in the same (sorted) order."""
        names = [name.encode("ascii") + b"\0" for name in self.items]
        table = 4 + 8 * len(names)
        name_at = []
        for name in names:
            name_at.append(table)
            table += len(name)
        data_at = []
        offset = _aligned(len(self.header) + table) - len(self.header)
        for data in self.items.values():
            data_at.append(offset)
            offset = _aligned(len(self.header) + offset + len(data)) - len(self.header)
        out = bytearray(self.header)
        out += struct.pack("<I", len(names))
        for entry in zip(name_at, data_at, strict=True):
            out += struct.pack("<II", *entry)
        for name in names:
            out += name
        for at, data in zip(data_at, self.items.values(), strict=True):
            out += PAD * (len(self.header) + at - len(out)) + data
        return bytes(out)

    def without(self, patterns: tuple[str, ...]) -> Package:
        """The package less the items whose names (after the `icudtNNl/` folder) match."""
        kept = {
            name: data
            for name, data in self.items.items()
            if not any(fnmatch.fnmatch(name.partition("/")[2], p) for p in patterns)
        }
        return Package(self.header, kept)


def _aligned(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def read_library(library: Path) -> tuple[str, Package]:
    """The data symbol's name (`icudt73_dat`) and the package a libicudata holds (its
    read-only data section is that symbol alone)."""
    symbols = subprocess.run(
        ["nm", "-D", "--defined-only", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"\b(icudt\d+_dat)\b", symbols)
    if found is None:
        raise ValueError(f"{library} holds no ICU data symbol")
    with tempfile.TemporaryDirectory() as work:
        blob = Path(work) / "rodata"
        subprocess.run(
            ["objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(blob)],
            check=True,
        )
        return found.group(1), Package.parse(blob.read_bytes())


def write_library(symbol: str, package: Package, soname: str, out: Path) -> None:
    """A shared library named `soname` that holds `package` as `symbol`, and nothing else."""
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "icudt.dat"
        data.write_bytes(package.to_bytes())
        source = Path(work) / "icudt.S"
        source.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'\t.balign {ALIGN}\n{symbol}:\n\t.incbin "{data}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8",
        )
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(source)],
            check=True,
        )


def trim(library: Path, out: Path) -> tuple[int, int]:
    """Write to `out` the ICU data library less NEVER_READ (its soname: the library's file
    name, as PySide6 ships it); the package's sizes before and after, in bytes."""
    symbol, package = read_library(library)
    smaller = package.without(NEVER_READ)
    write_library(symbol, smaller, library.name, out)
    return len(package.to_bytes()), len(smaller.to_bytes())


if __name__ == "__main__":
    before, after = trim(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"ICU data: {before / 1e6:.1f} MB → {after / 1e6:.1f} MB")
