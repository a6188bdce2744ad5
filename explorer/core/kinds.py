"""Registries: each list the app knows, written once — concept kinds and the suffixes of
report files (export formats: explorer.core.exports). Every face reads them from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class NodeKind:
    """A kind of graph node: its name in ids and data, its label, its colours."""

    name: str
    label: str
    light: str
    dark: str
    vocabulary: bool
    """Whether the concept vocabulary (data/taxonomy.json) lists concepts of this kind."""


NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("report", "Report", "#4C7EDB", "#4C7EDB", False),
    NodeKind("section", "Section", "#7D8FA6", "#7D8FA6", False),
    NodeKind("technique", "Technique", "#DC6F0A", "#DC6F0A", True),
    NodeKind("industry", "Industry", "#3A9A48", "#3A9A48", True),
    NodeKind("organization", "Organization", "#E0474C", "#E0474C", True),
    NodeKind("model", "Model", "#A66BC8", "#A66BC8", True),
    NodeKind("modality", "Modality", "#1B9E97", "#1B9E97", True),
    NodeKind("theme", "Theme", "#A8870C", "#A8870C", True),
    NodeKind("keyphrase", "Keyphrase", "#E0609A", "#E0609A", False),
)
OTHER_KIND_COLOUR = "#7F8C99"
NODE_KIND_NAMES = tuple(k.name for k in NODE_KINDS)
CONCEPT_KIND_NAMES = tuple(k.name for k in NODE_KINDS if k.name not in ("report", "section"))
"""The kinds of concept nodes (what a search can be narrowed to)."""
VOCABULARY_KIND_NAMES = tuple(k.name for k in NODE_KINDS if k.vocabulary)


def kind_colours(dark: bool = False) -> dict[str, str]:
    return {k.name: k.dark if dark else k.light for k in NODE_KINDS}


REPORT_FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
"""The suffixes of report files, and the name of the format each is read as."""

REPORT_SUFFIXES = tuple(REPORT_FORMATS)
"""The files a folder is searched for, and the open dialog shows."""


def report_format(path: str) -> str:
    """The format a report file is read as, by its suffix ("text" for one of no known
    suffix: such a file, given by name, is read as text)."""
    return REPORT_FORMATS.get(PurePath(path).suffix.lower(), "text")


def report_suffix_list() -> str:
    """ ".md, .markdown, .txt, … or .docx", for messages."""
    return ", ".join(REPORT_SUFFIXES[:-1]) + " or " + REPORT_SUFFIXES[-1]


def report_file_filter() -> str:
    patterns = " ".join(f"*{s}" for s in REPORT_SUFFIXES)
    return f"Reports ({patterns});;All files (*)"
