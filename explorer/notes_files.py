"""Writing the notes to a file in one of the export formats (the PDF through Qt)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from explorer.core.kinds import NOTE_EXPORT_NAMES
from explorer.core.notes import (
    Note,
    Titles,
    export_html,
    export_markdown,
    export_target,
    to_json,
    write_export,
)

FORMATS = NOTE_EXPORT_NAMES


def write_notes(
    notes: Sequence[Note], titles: Titles, fmt: str, path: Path, data_folder: Path
) -> None:
    """Export notes to `path` as md, html, json or pdf; errors are ExplorerError or OSError.
    Nothing is written into the data folder, nor over anything but a regular file."""
    path = export_target(path, data_folder)
    if fmt == "pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is needed
        from explorer.note_pdf import write_pdf  # Qt: only for PDF

        write_pdf(export_html(notes, titles), path)
        return
    if fmt == "md":
        text = export_markdown(notes, titles)
    elif fmt == "html":
        text = export_html(notes, titles)
    elif fmt == "json":
        text = to_json(notes, titles)
    else:
        raise ValueError(f"unknown notes format {fmt!r}")
    write_export(text.encode("utf-8"), path)
