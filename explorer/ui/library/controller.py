"""What the Library panel's requests do: list the reports, remove one, show its file, open it.

Every Workspace call runs on the window's task runner; a removal is an operation whose
Changes the runner announces with the panel as initiator, so the panel (which took the row
out itself) does not reload over what the user is doing there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from explorer.core.changes import Changes
from explorer.core.ids import section_id
from explorer.ui.library.model import LibraryRow, library_rows
from explorer.ui.library.panel import LibraryPanel

if TYPE_CHECKING:
    from explorer.core.reports import ReportEntry
    from explorer.ui.window_parts import WindowParts


def open_folder(folder: Path) -> bool:
    """Show a folder in the system's file manager; False if none could be started."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class LibraryController(QObject):
    """Owns the Library panel and answers its requests.

    ``reveal`` shows a folder in the file manager: tests put a recorder in its place.
    """

    listed = Signal(list)
    """The reports of the library (ReportEntry, by id), each time they have been listed."""

    def __init__(self, window: WindowParts, reveal: Callable[[Path], bool] = open_folder) -> None:
        super().__init__(window)
        self.w = window
        self.reveal = reveal
        self.panel = LibraryPanel()
        self._removing: set[str] = set()  # asked to go, not gone yet: asked once only
        self.panel.remove_requested.connect(self.remove)
        self.panel.file_requested.connect(self.show_file)
        self.panel.shown.connect(self.load)  # cheap, and catches what no Changes announced
        window.runner.changed.connect(self.apply)
        self.load()

    def load(self) -> None:
        """List the reports on the read lane, then show them (the latest listing wins); the
        near copies only while the Library tab is shown (it lists them again when shown)."""
        near = self.panel.isVisible()

        def shown(rows: list[LibraryRow]) -> None:
            self.panel.set_rows(rows)
            self.listed.emit(sorted((r.entry for r in rows), key=lambda e: e.id))

        self.w.runner.read(
            lambda ws, _task: library_rows(ws, near), shown, self._say, key="library"
        )

    def apply(self, changes: Changes, initiator: object) -> None:
        """The library changed: list it again (the panel's own removal is shown already,
        but the rest of the window still hears of it). The index made anew or caught up
        may tell other near copies."""
        if changes.library_changed or changes.index:
            self.load()

    # ---- the requests ------------------------------------------------------------------

    def open_report(self, report_id: str) -> None:
        """Show a report from its first section in the reader, its outline beside it."""
        self.w.show_reader()
        self.w.navigator.open_section(section_id(report_id, 1))

    def remove(self, report_id: str) -> None:
        """Remove a report after asking; its notes stay, its file is not touched."""
        row = self.panel.row(report_id)
        if row is None or report_id in self._removing:
            return
        asked = self.w.dialogs.confirm(
            self.w,
            "Remove Report",
            f"Remove “{row.entry.title}” from the library?",
            "Search, the graph and the trends will leave it out. Its notes are kept, and "
            "its file is not touched.",
            "Remove",
        )
        if not asked:
            return
        self._removing.add(report_id)

        def failed(message: str) -> None:
            self._removing.discard(report_id)
            self.w.dialogs.error(self.w, "The report was not removed", message)

        self.w.runner.op(
            lambda ws, _task: ws.remove(report_id), self._removed, failed, initiator=self.panel
        )

    def _removed(self, entry: ReportEntry) -> None:
        """The reader, search, the graph and the trends heard of it from the runner."""
        self._removing.discard(entry.id)
        news = f"Removed “{entry.title}”; its notes are kept."
        self.panel.drop(entry.id, news)
        self._say(news)

    def show_file(self, report_id: str) -> None:
        """Open the folder of the report's file in the file manager."""
        row = self.panel.row(report_id)
        if row is None:
            return
        path = Path(row.entry.path)
        # One look at the disk on the GUI thread: the answer is wanted now, and a worker busy
        # adding a folder of reports could keep it waiting for a minute.
        if not path.is_file():
            keeps = (
                "add it again with File → Open Reports…"
                if row.missing
                else "the library keeps a copy of its text, so the report still reads"
            )
            self._say(f"The file of “{row.entry.title}” is no longer at {path}; {keeps}.")
            if row.file_exists:
                self.load()  # show it as gone
            return
        if not self.reveal(path.parent):
            self._say(f"No file manager could be opened on {path.parent}.")

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 10000)
