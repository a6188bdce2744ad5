"""The library's reports, parsed: from each report's stored text (or the cut kept for a big
one), a few kept in memory, the most recently read.

Any thread may ask (the reader shows a section while the builder reads every report for
the graph and the writer adds): the few kept are shared under a lock, and kept by content
hash as well as id, so a report read by one thread while another adds a new text of it is
never served for the new text.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from explorer.core.errors import RefusedFile
from explorer.core.library import Library, ReportMissing, content_hash
from explorer.core.reports import Report, ReportEntry, load_cut, save_cut

CACHED_REPORTS = 32


class ParsedReports:
    """Parsed reports of one library. ``cuts`` says where big reports keep their cut (the
    cache folder can move during a session); ``max_bytes`` is what a report may weigh."""

    def __init__(self, library: Library, cuts: Callable[[], Path], max_bytes: int) -> None:
        self.library = library
        self._cuts = cuts
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[str, str], Report] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, entry: ReportEntry) -> Report:
        """The report as its entry says: from memory, its cut, or its stored text (or its
        own file, when the stored copy is gone: then the copy is repaired)."""
        key = (entry.id, entry.content_hash)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        try:
            text = self.library.read_text(entry)
        except ReportMissing:
            report = self._reread_source(entry)
        else:
            report = self._cut(entry, text)
        if report.date is None and entry.date:
            report = report.model_copy(update={"date": entry.date})
        self._keep(key, report)
        return report

    def _cut(self, entry: ReportEntry, text: str) -> Report:
        from explorer.core.reports import parse_text  # markdown-it: only when parsing

        kept = load_cut(self._cuts(), entry.content_hash, entry.id, text)
        if kept is None:
            kept = parse_text(text, entry.id, Path(entry.path).stem, where=entry.path)
            save_cut(self._cuts(), entry.content_hash, kept)
        return kept

    def _reread_source(self, entry: ReportEntry) -> Report:
        """The report read again from its own file, when that file still has the same text;
        the stored copy is then repaired. ReportMissing otherwise."""
        from explorer.core.reports import parse_file

        try:
            report = parse_file(Path(entry.path), entry.id, max(self.max_bytes, 1 << 30))
        except RefusedFile:
            report = None
        if report is None or content_hash(report.text) != entry.content_hash:
            raise ReportMissing(
                f"The text of report {entry.id!r} is gone: its stored copy is missing or "
                f"damaged and its file {entry.path} is gone or has changed; "
                "`explorer add PATH` adds it again."
            )
        with contextlib.suppress(OSError):  # else read from the source again next time
            self.library.store_text(report.text)
        return report

    def _keep(self, key: tuple[str, str], report: Report) -> None:
        with self._lock:
            self._kept[key] = report
            self._kept.move_to_end(key)
            while len(self._kept) > CACHED_REPORTS:
                self._kept.popitem(last=False)

    def forget(self, report_id: str) -> None:
        """Let go of every text of this report kept in memory."""
        with self._lock:
            for key in [k for k in self._kept if k[0] == report_id]:
                del self._kept[key]

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def kept(self) -> list[str]:
        """The ids of the reports kept in memory, least recently read first."""
        with self._lock:
            return [report_id for report_id, _ in self._kept]
