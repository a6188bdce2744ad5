"""The registry of export formats: every file a user can ask the app to write, once.

Each face reads its choices, suffixes and save-dialog filters from here. A format that Qt
must draw (``drawn``) is made by the window's drawing module, never by the core: the command
line and the window reach it through the one function ``explorer.ui.draw.render_export``,
and its bytes are then written by ``explorer.core.exports.write_export`` like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.errors import ExplorerError


@dataclass(frozen=True)
class ExportFormat:
    """A file the user can ask for: what it exports, its name, suffix and dialog filter."""

    subject: str
    """What is exported: "notes", "graph", "trends", "chart", "tour", "concepts" (the
    user's concept edits) or "window" (the
    picture ``explorer snapshot`` takes, drawn by explorer.ui.app.snapshot, which opens the
    window offscreen; the other drawn formats come from explorer.ui.draw.render_export)."""
    name: str
    """The name a face offers, e.g. ``--format md``."""
    suffix: str
    file_filter: str
    """What a save dialog offers, e.g. "Markdown (*.md)"."""
    what: str
    """What the file holds, in the user's words."""
    drawn: bool = False
    """Qt draws it (explorer.ui.draw.render_export); the core makes the others."""
    folder: bool = False
    """Written as a folder of files (one per stop), each of them guarded on its own."""


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("notes", "md", ".md", "Markdown (*.md)", "the notes, with their quotes"),
    ExportFormat("notes", "html", ".html", "Web page (*.html)", "the notes as one web page"),
    ExportFormat(
        "notes", "json", ".json", "Web Annotation JSON (*.json)", "the notes as W3C annotations"
    ),
    ExportFormat("notes", "pdf", ".pdf", "PDF (*.pdf)", "the notes' web page on A4", drawn=True),
    ExportFormat("graph", "json", ".json", "JSON graph (*.json)", "the concept graph"),
    ExportFormat("graph", "graphml", ".graphml", "GraphML (*.graphml)", "the concept graph"),
    ExportFormat("graph", "gexf", ".gexf", "GEXF for Gephi (*.gexf)", "the concept graph"),
    ExportFormat("trends", "csv", ".csv", "CSV table (*.csv)", "the trend series as a table"),
    ExportFormat("chart", "png", ".png", "PNG image (*.png)", "the trend chart", drawn=True),
    ExportFormat("chart", "svg", ".svg", "SVG drawing (*.svg)", "the trend chart", drawn=True),
    ExportFormat(
        "tour", "png", ".png", "PNG images (*.png)", "one picture per stop", drawn=True, folder=True
    ),
    ExportFormat("tour", "pdf", ".pdf", "PDF (*.pdf)", "one slide per stop", drawn=True),
    ExportFormat(
        "tour", "html", ".html", "Web page (*.html)", "the slides as one page", drawn=True
    ),
    ExportFormat(
        "concepts",
        "txt",
        ".txt",
        "VOSviewer thesaurus (*.txt)",
        "your concept edits as a VOSviewer thesaurus",
    ),
    ExportFormat(
        "window", "png", ".png", "PNG image (*.png)", "a picture of the window", drawn=True
    ),
)


def formats_of(subject: str) -> tuple[ExportFormat, ...]:
    """The formats one thing can be exported to, in the order the faces offer them."""
    return tuple(f for f in EXPORT_FORMATS if f.subject == subject)


def format_names(subject: str) -> tuple[str, ...]:
    return tuple(f.name for f in formats_of(subject))


def export_format(subject: str, name: str) -> ExportFormat:
    """The format of this name; an ExplorerError names the choices if there is none."""
    for fmt in formats_of(subject):
        if fmt.name == name:
            return fmt
    raise ExplorerError(
        f"{name!r} is not a {subject} export format; choose one of "
        f"{', '.join(format_names(subject))}."
    )


def format_for_suffix(subject: str, suffix: str) -> ExportFormat | None:
    """The format a file name's suffix asks for (any case), or None."""
    return next((f for f in formats_of(subject) if f.suffix == suffix.lower()), None)


def file_filters(subject: str) -> str:
    """All of a subject's formats for a save dialog, e.g. "PNG image (*.png);;SVG …"."""
    return ";;".join(f.file_filter for f in formats_of(subject))
