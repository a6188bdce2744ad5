"""Concept edits as other tools write them: VOSviewer's thesaurus and CiteSpace's aliases.

- A VOSviewer thesaurus is tab-separated text whose first line is ``label<TAB>replace by``;
  each line after it replaces a label by another, and an empty "replace by" leaves the label
  out of the map (here: hides it).
- A CiteSpace alias file (``citespace.alias``) has one pair a line, ``primary#secondary``:
  the secondary is merged into the primary.

Both come down to rules "these names are replaced by that one (or by nothing)", which the
editor turns into hides, merges and renames of the concepts the library has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from explorer.core.errors import ExplorerError

VOSVIEWER_HEADER = ("label", "replace by")
CITESPACE_SEPARATOR = "#"
"""Between the primary and the secondary name of a CiteSpace alias line."""


@dataclass(frozen=True)
class Rule:
    """Names replaced by another (``None``: left out, hidden), as one file's lines say."""

    names: tuple[str, ...]
    replace_by: str | None


@dataclass(frozen=True)
class Thesaurus:
    """The rules of one file, and the format it was written in."""

    format: str
    rules: tuple[Rule, ...]


def read_thesaurus(raw: bytes, where: str) -> Thesaurus:
    """The rules of a VOSviewer thesaurus or CiteSpace alias lines; ExplorerError says in
    one sentence what is wrong with any other file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExplorerError(
            f"{where}: is not UTF-8 text; save it as UTF-8 and try again."
        ) from None
    lines = [line.rstrip("\r") for line in text.split("\n")]
    first = next((line for line in lines if line.strip()), "")
    if tuple(c.strip().casefold() for c in first.split("\t")[:2]) == VOSVIEWER_HEADER:
        return Thesaurus("VOSviewer thesaurus", _vosviewer(lines[lines.index(first) + 1 :]))
    pairs = [line for line in lines if line.strip()]
    if pairs and all(CITESPACE_SEPARATOR in line and "\t" not in line for line in pairs):
        return Thesaurus("CiteSpace aliases", _citespace(pairs))
    raise ExplorerError(
        f"{where}: is neither a VOSviewer thesaurus (a first line `label<TAB>replace by`) "
        "nor CiteSpace alias lines (`primary#secondary`)."
    )


def _clean(name: str) -> str:
    return " ".join(name.split())


def _vosviewer(lines: Iterable[str]) -> tuple[Rule, ...]:
    """Lines grouped by what they are replaced by, in the order each first appears."""
    grouped: dict[str | None, list[str]] = {}
    for line in lines:
        cells = line.split("\t")
        label = _clean(cells[0])
        if not label:
            continue
        replace_by = _clean(cells[1]) if len(cells) > 1 else ""
        if replace_by.casefold() == label.casefold():
            continue  # a line that keeps a label as it is
        grouped.setdefault(replace_by or None, []).append(label)
    return tuple(Rule(tuple(names), key) for key, names in grouped.items())


def _citespace(lines: Iterable[str]) -> tuple[Rule, ...]:
    grouped: dict[str, list[str]] = {}
    for line in lines:
        primary, *secondaries = (_clean(part) for part in line.split(CITESPACE_SEPARATOR))
        names = [s for s in secondaries if s and s.casefold() != primary.casefold()]
        if primary and names:
            grouped.setdefault(primary, []).extend(names)
    return tuple(Rule(tuple(names), key) for key, names in grouped.items())


def vosviewer_text(rows: Iterable[tuple[str, str]]) -> str:
    """A VOSviewer thesaurus of these (label, replace by) rows."""
    lines = ["\t".join(VOSVIEWER_HEADER)]
    lines += [f"{_cell(label)}\t{_cell(replace_by)}" for label, replace_by in rows]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A label on one line, without the tab that would end its column."""
    return " ".join(text.split())
