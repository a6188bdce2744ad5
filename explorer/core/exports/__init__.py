"""Exports: every file the user asks for (notes, graph, trends table, chart, tour) is
written by one guarded writer, and named in one registry of formats.

The guard keeps exports out of the data folder and off pipes, devices, folders and
read-only files; the writer is atomic and gives the umask's mode. Formats Qt must draw
(PDF, pictures) are made by ``explorer.ui.draw.render_export`` and written here like the rest.
"""

from __future__ import annotations

from explorer.core.exports.formats import (
    EXPORT_FORMATS,
    ExportFormat,
    export_format,
    file_filters,
    format_for_suffix,
    format_names,
    formats_of,
)
from explorer.core.exports.write import (
    RefusedExport,
    export_folder,
    export_target,
    user_umask,
    write_export,
    write_export_folder,
)

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "RefusedExport",
    "export_folder",
    "export_format",
    "export_target",
    "file_filters",
    "format_for_suffix",
    "format_names",
    "formats_of",
    "user_umask",
    "write_export",
    "write_export_folder",
]
