"""The facade over one data folder: the library, the write lock, and the wings' services.

Every face of the app (CLI, GUI, tests) goes through a :class:`Workspace`. It hands the work
of each wing to the wing (search to SearchService, the graph to GraphService), as Anki's
Collection hands decks to ``col.decks``; derived data is rebuilt there, silently, whenever
it is missing, stale or damaged. Every operation that changes something returns a
:class:`~explorer.core.changes.Done` with the Changes it made.

Threads: up to three use one Workspace at once, a reader (search, a section, a passage,
concept details), a writer (add, remove, notes and tours) and a builder (the graph, the map,
trends). Writes are serialised by the write lock; reads never take it while another thread
writes (they answer from the index as it stood), and never wait for a graph build
(``GraphService.ready``).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs

from explorer.core import cache
from explorer.core.changes import NOTHING, Changes, Done
from explorer.core.collect import AddSummary, collect_files
from explorer.core.collector import collector_paused, let_go
from explorer.core.errors import (
    Cancel,
    Cancelled,
    ExplorerError,
    LibraryBusy,
    NotFound,
    RefusedFile,
)
from explorer.core.ids import SectionId, report_of, section_of
from explorer.core.kinds import report_format
from explorer.core.library import Library
from explorer.core.parsed import ParsedReports
from explorer.core.reports import (
    CUT,
    Passage,
    Report,
    ReportEntry,
    Section,
    drop_cut,
    save_cut,
    seed_paths,
    seed_reports,
    slugify,
)
from explorer.core.search import IndexManifest, SearchResult, SearchService
from explorer.core.times import FIRST_YEAR, LAST_YEAR
from explorer.core.userfile import FileDamaged, UserFile

if TYPE_CHECKING:
    from filelock import FileLock

    from explorer.core.graph import (
        Card,
        ConceptEdits,
        ConceptGraph,
        EditsState,
        EditsStore,
        GraphService,
        Spans,
    )
    from explorer.core.notes import NoteStore
    from explorer.core.reports import PrintedPage, PrintedPages
    from explorer.core.search import IndexUpdate, NearCopy, SearchIndex, Vocabulary
    from explorer.core.tours import Tour, TourStore
    from explorer.core.trends import Timeline

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): called as files are read."""

LOCK_WAIT_SECONDS = 10.0
Store = TypeVar("Store", bound=UserFile[Any])
Answer = TypeVar("Answer")


_USER_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def user_date(text: str) -> str:
    """A date the user typed, as YYYY-MM-DD; one clear sentence when it is not a real date
    (ASCII digits only, a year from FIRST_YEAR to LAST_YEAR)."""
    m = _USER_DATE.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
        when = dt.date(year, month, day)
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ExplorerError(
            f"{shown!r} is not a date; give YYYY, YYYY-MM or YYYY-MM-DD with a year from "
            f"{FIRST_YEAR} to {LAST_YEAR}, such as 2024-11-30."
        ) from None
    return when.isoformat()


APART_PASSAGES = 1_000
"""From this many passages up, graph_apart builds the graph in a child process."""
PORTABLE_MARKER = "trend-explorer.portable"
PORTABLE_FOLDER = "trend-explorer-data"


def default_data_dir() -> Path:
    """EXPLORER_DATA_DIR if set; else, in a bundle with a ``trend-explorer.portable`` file
    beside its programs (a USB stick), ``trend-explorer-data`` beside them; else the
    platform's per-user data folder."""
    override = os.environ.get("EXPLORER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).resolve().parent
        if (beside / PORTABLE_MARKER).is_file():
            return beside / PORTABLE_FOLDER
    return Path(platformdirs.user_data_dir("trend-explorer", appauthor=False))


class Workspace:
    """One data folder: its library of reports and the search index derived from it."""

    def __init__(self, folder: Path | None = None, max_bytes: int = 50_000_000) -> None:
        self.folder = (folder or default_data_dir()).expanduser().resolve()
        self.max_bytes = max_bytes
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExplorerError(
                f"The data folder {self.folder} cannot be created ({exc.strerror})."
            ) from None
        self.library = Library(self.folder)
        self.cache = self.folder / "cache"
        problem = cache.prepare(self.cache)
        if problem is not None:
            self._use_temporary_cache(problem)
        self.search_service = SearchService(self.cache, self.library, self.report)
        self._graphs: GraphService | None = None
        self._lock_path = self.folder / "write.lock"
        self._file_lock: FileLock | None = None
        self._busy = threading.Lock()  # one writer per process, across threads
        self._writer: int | None = None
        self.parsed = ParsedReports(self.library, lambda: self._cuts, max_bytes)
        self._making = threading.RLock()  # each store and service is made once
        self._notes: NoteStore | None = None
        self._tours: TourStore | None = None
        self._concept_edits: ConceptEdits | None = None
        self._edits_file: EditsStore | None = None
        self._edits_unread = False  # the edits file could not be read for the graph
        self._printer: PrintedPages | None = None  # the Page view's pages, made when asked
        self.library.load()
        if self.library.is_new:
            self._seed()
        elif self.library.needs_saving:
            self._save_rebuilt_library()

    def _use_temporary_cache(self, reason: str) -> None:
        """Derived data goes to a folder of this session's when ``cache/`` cannot be written."""
        where = self.cache
        self.cache = cache.temporary()
        atexit.register(cache.discard, self.cache)
        self.library.warn(
            f"The cache folder {where} cannot be written ({reason}); a temporary one is "
            "used for this session, so search and the graph are rebuilt each time."
        )

    def _save_rebuilt_library(self) -> None:
        try:
            with self.writing():
                if self.library.needs_saving:
                    self.library.save()
        except (LibraryBusy, OSError):
            return  # kept in memory; the next change saves it

    # whoosh and networkx take a quarter of a second to import: only when first needed

    @property
    def index_folder(self) -> Path:
        return self.search_service.index_folder

    @property
    def index(self) -> SearchIndex:
        return self.search_service.index

    @property
    def manifest(self) -> IndexManifest:
        return self.search_service.manifest

    @property
    def vocabulary(self) -> Vocabulary:
        return self.search_service.vocabulary

    @property
    def graphs(self) -> GraphService:
        if self._graphs is None:
            with self._making:
                if self._graphs is None:
                    from explorer.core.graph import GraphService

                    self._graphs = GraphService(
                        self.cache / "graph",
                        self.available,
                        self.report,
                        self._edits_in_force,
                        text_path=lambda entry: self.library.text_path(entry.content_hash),
                        cuts=lambda: self._cuts,
                    )
        return self._graphs

    @property
    def warnings(self) -> list[str]:
        return self.library.warnings

    @property
    def _lock(self) -> FileLock:
        """The data folder's write lock, between processes (filelock loads when a write
        first takes it: a read never does)."""
        if self._file_lock is None:
            from filelock import FileLock

            with self._making:
                if self._file_lock is None:
                    self._file_lock = FileLock(str(self._lock_path))
        return self._file_lock

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the data folder's write lock; another writer gets LibraryBusy after a wait."""
        from filelock import Timeout

        try:
            with self._busy, self._lock.acquire(timeout=LOCK_WAIT_SECONDS), self._as_writer():
                yield
        except Timeout:
            raise LibraryBusy(
                f"Another Trend Explorer is updating {self.folder}; "
                "wait for it to finish and try again."
            ) from None

    @contextmanager
    def _writing_unless_busy(self) -> Iterator[bool]:
        """The write lock if nobody holds it, for a reader's upkeep of the index: yields
        False at once, never waiting, while another thread or process writes."""
        if not self._busy.acquire(blocking=False):
            yield False
            return
        from filelock import Timeout

        try:
            try:
                self._lock.acquire(timeout=0)
            except Timeout:
                yield False
                return
            try:
                with self._as_writer():
                    yield True
            finally:
                self._lock.release()
        finally:
            self._busy.release()

    @contextmanager
    def _as_writer(self) -> Iterator[None]:
        self._writer = threading.get_ident()
        try:
            self.library.load()
            yield
        finally:
            self._writer = None

    # ---- the library -------------------------------------------------------------------

    def reports(self) -> list[ReportEntry]:
        return sorted(self.library.entries, key=lambda e: e.id)

    def available(self) -> list[ReportEntry]:
        """The reports whose text can still be read (the rest are marked missing)."""
        return self.library.present(self.library.entries)

    def missing(self) -> set[str]:
        """The ids of the reports whose stored text and file are both gone, for a listing
        (no stored text is read, nor looked at one by one)."""
        present = {e.id for e in self.available()}
        return {e.id for e in self.library.entries if e.id not in present}

    def is_missing(self, entry: ReportEntry) -> bool:
        return not self.library.available(entry)

    def entry(self, report_id: str) -> ReportEntry:
        found = self.library.get(report_id)
        if found is None:
            raise NotFound(f"There is no report {report_id!r}; `explorer reports` lists them.")
        return found

    def add(
        self,
        paths: Sequence[Path],
        progress: Progress | None = None,
        cancelled: Cancel | None = None,
        *,
        sample: bool = False,
    ) -> Done[AddSummary]:
        """Add report files and folders (recursively), and with ``sample`` the bundled
        sample report, then bring the index up to date. The changes name the reports added,
        updated or gone and the notes their new text moved.

        The sample steps aside: when the first of the user's reports come into a library
        whose only report is the sample as it came (no note, tour stop or date of the
        user's on it), the sample leaves in the same operation (``summary.sample_left``).

        When ``cancelled()`` turns true (it is asked between files, while a PDF is read and
        while the index is written) the add stops and raises Cancelled, saying how far it
        got: the reports whose files were read are kept (with their notes re-anchored), the
        rest are not added, and the index, left as it was, catches up on its next use."""
        summary = AddSummary()
        files = [*(_sample_files() if sample else ()), *collect_files(paths, summary)]
        stopped: str | None = None
        with self.writing(), collector_paused():  # see core.collector: no full collections
            alone = self._untouched_sample()
            with self.search_service.begin(cancelled) as indexing:
                read = self._read_files(files, summary, progress, cancelled, indexing)
                if alone is not None and not sample and _has_users(summary):
                    self._drop(alone)
                    summary.sample_left = alone
                self.library.save()
                changes = NOTHING
                if read < len(files):
                    stopped = _cancelled_after(read, len(files))
                else:
                    try:
                        shared = [*summary.added, *summary.updated]
                        with self.graphs.sharing(shared, cancelled):
                            changes = self._refresh_index(
                                summary.parsed, False, cancelled, indexing
                            )
                    except Cancelled:
                        stopped = _cancelled_after(read, len(files))
            sections = [s for report in summary.parsed.values() for s in report.sections]
            summary.parsed = {}
            let_go(sections)  # freed a few at a time, never in one call that holds the window
        changes |= self._reanchor_updated(summary)
        if summary.sample_left is not None:
            changes |= Changes(reports=frozenset({summary.sample_left.id}))
        if stopped is not None:
            left = " The sample report left the library." if summary.sample_left else ""
            raise Cancelled(stopped + left, changes)
        return Done(summary, changes)

    def _untouched_sample(self) -> ReportEntry | None:
        """The library's only report, when it is the bundled sample as it came: no date,
        note or tour stop of the user's on it (notes or tours that cannot be read count as
        the user's: it stays). Callers hold the write lock."""
        if len(self.library.entries) != 1:
            return None
        entry = self.library.entries[0]
        if entry.user_date or entry.path not in seed_paths():
            return None
        try:
            if self.notes().any_on(entry.id) or self.tours().any_stop_at(entry.id):
                return None
        except FileDamaged:
            return None
        return entry

    def _read_files(
        self,
        files: list[Path],
        summary: AddSummary,
        progress: Progress | None,
        cancelled: Cancel | None,
        indexing: IndexUpdate,
    ) -> int:
        """Read the files into the library (not yet saved), each report read handed on to
        be indexed while the next are read; returns how many were read, fewer than all
        when ``cancelled()`` turned true."""
        for done, path in enumerate(files):
            if cancelled is not None and cancelled():
                return done
            if progress:
                progress(done + 1, len(files), str(path))
            try:
                read = self._add_one(path, summary, cancelled, indexing)
            except RefusedFile as exc:
                summary.failed.append((str(path), str(exc)))
            except Cancelled:  # while a PDF was read: that file is not added
                return done
            else:
                if read is not None:
                    indexing.add(*read)
        return len(files)

    def _reanchor_updated(self, summary: AddSummary) -> Changes:
        """Notes follow their words into the new text of the reports updated; the changes
        name the reports added or updated and the notes moved."""
        from explorer.core.notes import NotesDamaged  # notes load when first needed

        changes = Changes(reports=frozenset(e.id for e in [*summary.added, *summary.updated]))
        for entry in summary.updated:
            try:
                anchored = self.notes().reanchor(self.report(entry.id))
            except NotesDamaged as exc:  # re-anchored later, once the notes are recovered
                self.library.warn(str(exc))
                break
            moved, orphaned = anchored.value
            summary.reanchored += moved
            summary.orphaned += orphaned
            changes |= anchored.changes
        return changes

    def _add_one(
        self,
        path: Path,
        summary: AddSummary,
        cancelled: Cancel | None = None,
        indexing: IndexUpdate | None = None,
    ) -> tuple[Report, str] | None:
        """Read one file into the library (not yet saved): the report and its text's content
        hash when it was added or updated; None when the library has it as it is. The
        update ``indexing`` hears of the file before it is parsed."""
        where = str(path.resolve())
        previous = self.library.by_path(where)
        source = self._source_digest(path)
        if previous and source and previous.source == source and self._as_read(previous):
            summary.unchanged.append(previous.id)  # the same bytes read the same: not read
            return None
        report_id = previous.id if previous else self.library.new_id(slugify(path.stem))
        from explorer.core.reports import parse_file  # markdown-it: only when adding

        if indexing is not None:
            with contextlib.suppress(OSError):  # reading it says what is wrong with it
                indexing.coming(path.stat().st_size)
        report = parse_file(path, report_id, self.max_bytes, cancelled)
        digest = self.library.store_text(report.text)
        save_cut(self._cuts, digest, report)  # a big report is not parsed again
        if previous and previous.content_hash == digest:
            if previous.source != source:  # read again (a reader changed): same text
                self.library.put(previous.model_copy(update={"source": source}))
            summary.unchanged.append(previous.id)
            return None
        if previous:
            drop_cut(self._cuts, previous.content_hash)  # its old text's outline
        twin = self.library.by_hash(digest)
        if twin and not previous:
            summary.unchanged.append(twin.id)
            return None
        entry = ReportEntry(
            id=report.id,
            title=report.title,
            path=where,
            date=report.date,
            content_hash=digest,
            sections=len(report.sections),
            passages=report.passage_count,
            added=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            user_date=previous.user_date if previous else self.library.removed_dates.get(where),
            cut=CUT,
            format=report_format(where),
            source=source,
        )
        if report.date_note:
            summary.warnings.append(report.date_note)
        self.library.put(entry)
        self.library.removed_dates.pop(where, None)  # the date is the entry's again
        self.parsed.forget(report.id)
        summary.parsed[report.id] = report
        (summary.updated if previous else summary.added).append(entry)
        return report, digest

    def _source_digest(self, path: Path) -> str | None:
        """The file's ``source_digest``, if it is a file small enough to add."""
        from explorer.core.reports import source_digest

        try:
            status = path.stat()
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode) or status.st_size > self.max_bytes:
            return None  # a pipe or device is never opened; reading it says why
        return source_digest(path)

    def _as_read(self, entry: ReportEntry) -> bool:
        """Whether the entry's text is stored and was cut as the parser cuts now."""
        return entry.cut == CUT and self.library.text_path(entry.content_hash).is_file()

    def recover_library(self, backup: Path | None = None) -> Done[Path]:
        """Make a backup the library file again (the newest good one by default)."""
        with self.writing():
            used = self.library.recover(backup)
            self.parsed.clear()
        return Done(used, Changes(all_reports=True))

    def remove(self, report_id: str) -> Done[ReportEntry]:
        """Drop a report from the library and the index; its stored text stays on disk."""
        with self.writing():
            entry = self.entry(report_id)
            self._drop(entry)
            self.library.save()
            self._refresh_index()
        return Done(entry, Changes(reports=frozenset({report_id})))

    def _drop(self, entry: ReportEntry) -> None:
        """Take a report out of the library (not yet saved). Callers hold the write lock."""
        drop_cut(self._cuts, entry.content_hash)
        self.library.drop(entry.id)
        if entry.user_date:  # the user's date waits for the file to come back
            self.library.removed_dates[entry.path] = entry.user_date
        self.parsed.forget(entry.id)

    # ---- dates and trends ---------------------------------------------------------------

    def dates(self) -> dict[str, str | None]:
        """Report id → its date (the user's if set, else the one read from it), or None.
        Reports added before dates were read from file names and titles get one that way."""
        return {e.id: e.user_date or e.date or _date_of_old(e) for e in self.available()}

    def set_date(self, report_id: str, text: str) -> Done[ReportEntry]:
        """Set a report's date (YYYY, YYYY-MM or YYYY-MM-DD; a year means 1 January). The date
        is the user's: it wins over the one read from the report and survives updates."""
        date = user_date(text)
        with self.writing():
            entry = self.entry(report_id).model_copy(update={"user_date": date})
            self.library.put(entry)
            self.library.save()
        return Done(entry, Changes(dates=frozenset({report_id})))

    def timeline(self, by: str | None = None, smooth: int = 0) -> Timeline:
        """Every concept's series over the library's periods (see explorer.core.trends)."""
        from explorer.core.trends import timeline

        if self._cut_before():  # as graph() does: notes and counts agree on section ids
            self.ensure_index()
        try:
            return timeline(self.graphs.mentioned(), self.dates(), by, smooth)
        except ValueError as exc:
            raise ExplorerError(str(exc)) from None

    def default_tour(self) -> Tour:
        """The tour the library offers until the user makes one (explorer.core.tours)."""
        from explorer.core.tours import default_tour

        reports = self.available()
        name = f"Tour of {reports[0].title}" if len(reports) == 1 else "Tour of the library"
        try:
            line: Timeline | None = self.timeline()
        except ExplorerError:  # nothing dated: a tour of sections and concepts
            line = None

        def text_of(passage_id: str) -> str:
            try:
                return self.passage(passage_id)[2].text
            except ExplorerError:
                return ""

        return default_tour(self.graph().graph, line, name[:120], text_of=text_of)

    def _seed(self) -> None:
        """A new, empty data folder starts with the bundled report."""
        try:
            with self.writing():
                if not self.library.is_new:
                    return
                summary = AddSummary()
                for path in seed_reports():
                    self._add_one(path, summary)
                self.library.save()
        except (LibraryBusy, FileNotFoundError):
            return  # another process is seeding it, or this install has no seeds

    # ---- reading -----------------------------------------------------------------------

    def report(self, report_id: str) -> Report:
        """The parsed report, from the library's stored copy of its text (a few are kept;
        any thread may ask: see explorer.core.parsed)."""
        return self.parsed.get(self.entry(report_id))

    @property
    def _cuts(self) -> Path:
        """Where big reports keep their cut (derived: see reports.cuts)."""
        return self.cache / "cuts"

    def section(self, section_id: str) -> tuple[Report, Section]:
        report_id = report_of(section_id)
        report = self.report(report_id)
        section = report.section(section_id)
        if section is None:
            raise NotFound(
                f"Report {report_id!r} has no section {section_id!r}; it has "
                f"{SectionId(report_id, 1)} to {SectionId(report_id, len(report.sections))}."
            )
        return report, section

    def notes(self) -> NoteStore:
        """The user's notes, loaded (NotesDamaged if the file cannot be read)."""
        if self._notes is None:
            from explorer.core.notes import NoteStore

            with self._making:
                made = self._notes is None
                if made:
                    self._notes = self._loaded(NoteStore(self.folder))
            if made and self._writer != threading.get_ident() and self._cut_before():
                self._index_for_reading()  # the notes' section ids follow a newer cut first
        assert self._notes is not None
        return self._notes

    def forget_notes(self) -> None:
        """Read the notes from disk again on next use (after a recovery)."""
        self._notes = None

    def recover_notes(self, backup: Path | None = None, empty: bool = False) -> Done[Path | None]:
        """Put back a backup of damaged notes (the newest good one by default), or start
        with none; the damaged file is kept in recovery/ first (see UserFile.recover)."""

        from explorer.core.notes import NoteStore

        return _recovered(NoteStore(self.folder), backup, empty, self.forget_notes)

    def tours(self) -> TourStore:
        """The user's tours, loaded (ToursDamaged if the file cannot be read)."""
        if self._tours is None:
            from explorer.core.tours import TourStore

            with self._making:
                if self._tours is None:
                    self._tours = self._loaded(TourStore(self.folder))
        return self._tours

    def tour(self, ref: str | None = None) -> Tour:
        """A saved tour by id or name, or the library's default tour (``ref`` None or
        "default", or the default tour's name when no saved tour has it)."""
        from explorer.core.tours import DEFAULT_ID

        if ref is None or ref.strip().casefold() == DEFAULT_ID:
            return self.default_tour()
        try:
            return self.tours().get(ref)
        except NotFound:
            default = self.default_tour()
            if " ".join(ref.split()).casefold() == default.name.casefold():
                return default
            raise

    def forget_tours(self) -> None:
        """Read the tours from disk again on next use (after a recovery)."""
        self._tours = None

    def concept_edits(self) -> ConceptEdits:
        """The user's vocabulary: their concept edits, loaded (EditsDamaged if the file
        cannot be read), over the graph they apply to."""
        if self._concept_edits is None:
            from explorer.core.graph import ConceptEdits

            store = self._edits_store()
            with self._making:
                if self._concept_edits is None:
                    self._concept_edits = ConceptEdits(
                        store, self.graph, lambda: self.graphs.base()
                    )
        return self._concept_edits

    def _edits_store(self) -> EditsStore:
        """The user's concept edits file, loaded (EditsDamaged if it cannot be read): what
        the graph is made with, read without the graph library (see concept())."""
        if self._edits_file is None:
            from explorer.core.graph import EditsStore

            with self._making:
                if self._edits_file is None:
                    self._edits_file = self._loaded(EditsStore(self.folder))
        return self._edits_file

    def recover_concept_edits(
        self, backup: Path | None = None, empty: bool = False
    ) -> Done[Path | None]:
        """Put back a backup of a damaged concept edits file (the newest good one by
        default), or start with none; the damaged file is kept in recovery/ first."""
        from explorer.core.graph import EditsStore

        return _recovered(EditsStore(self.folder), backup, empty, self.forget_concept_edits)

    def forget_concept_edits(self) -> None:
        """Read the concept edits from disk again on next use (after a recovery)."""
        self._concept_edits = None
        self._edits_file = None
        self._edits_unread = False

    def _edits_in_force(self) -> EditsState:
        """The concept edits the graph is made with: none while their file cannot be read
        (the graph then shows the concepts as the reports make them, and says why once;
        the file is tried again after forget_concept_edits, as `concepts recover` does)."""
        from explorer.core.graph import EditsState

        if not self._edits_unread:
            try:
                return self._edits_store().state()
            except ExplorerError as exc:
                self._edits_unread = True
                self.library.warn(f"{exc} Until then the graph leaves out your concept edits.")
        return EditsState((), "")

    def _loaded(self, store: Store) -> Store:
        """A user file read; what it had to say joins the library's warnings."""
        store.load()
        for message in store.warnings:
            self.library.warn(message)
        return store

    def passage(self, passage_id: str) -> tuple[Report, Section, Passage]:
        report, section = self.section(section_of(passage_id))
        passage = report.passage(passage_id)
        if passage is None:
            raise NotFound(f"Section {section.id!r} has no passage {passage_id!r}.")
        return report, section, passage

    def printed_page(
        self,
        report_id: str,
        passage_id: str | None = None,
        offset: int | None = None,
        number: int | None = None,
        width: int = 900,
    ) -> PrintedPage:
        """A page of a PDF report as printed, its passage marked (see ``pageview``)."""
        from explorer.core.reports import PrintedPages, printed_page

        with self._making:
            if self._printer is None:
                self._printer = PrintedPages()
        entry, report = self.entry(report_id), self.report(report_id)
        return printed_page(self._printer, entry, report, passage_id, offset, number, width)

    # ---- the concept graph -------------------------------------------------------------

    def concept(self, name: str, evidence: int | None = None) -> Card:
        """What the graph says of one concept (by label, alias or id, ignoring case; NotFound
        names near misses), with ``evidence`` passages of its evidence at most (the cards'
        EVIDENCE_KEPT by default): from the cards kept beside the graph as the user's edits
        make it (no graph is read), else from the graph, read or built, which keeps them."""
        from dataclasses import replace

        from explorer.core.graph import EVIDENCE_KEPT, CardStore, card_of, cards_key

        evidence = EVIDENCE_KEPT if evidence is None else evidence
        if self._cut_before():  # as graph() does: the cards and the reports agree on sections
            self.ensure_index()
        if evidence <= EVIDENCE_KEPT:
            key = cards_key(self.available(), self._edits_in_force())
            card = CardStore(self.cache / "cards").card(key, name)
            if card is not None:
                return replace(card, evidence=card.evidence[:evidence])
        graph = self.graph()
        return card_of(graph, graph.find_concept(name), evidence)

    def concept_spans_within(self, texts: Sequence[str]) -> Spans:
        """Where the concepts are named in these few texts, as the user's edits make them
        (as ``graphs.concept_spans`` finds them, without the whole vocabulary's matcher)."""
        from explorer.core.graph import spans_within

        return spans_within(texts, self._edits_in_force())

    def graph(self) -> ConceptGraph:
        """The library's concept graph (cached by content hash; built on first use). Reports
        cut by an older parser are cut anew first, so notes and graph agree on section ids."""
        if self._cut_before():
            self.ensure_index()
        return self.graphs.graph()

    def graph_apart(self, cancelled: Cancel | None = None) -> ConceptGraph:
        """graph(), the graph built (when it must be) in a child process, then read from the
        cache: a window's process never holds the interpreter for a build. Built here when
        the child could not (or built the graph of a library changed meanwhile). A small
        library's is built here: in a tenth of a second, less than a child takes to start."""
        small = sum(e.passages for e in self.available()) < APART_PASSAGES
        if not small and not self.graphs.cached():
            from explorer.core.apart import run_apart

            args = (self.folder, self.max_bytes)
            run_apart(_graph_of, *args, name="the concept graph's build", cancelled=cancelled)
        return self.graph()

    # ---- search and the derived index (SearchService's; the Workspace holds the lock) ----

    def search(
        self,
        query: str,
        limit: int = 10,
        report: str | None = None,
        *,
        marked: int | None = None,
        suggest: bool = True,
        group: bool = False,
        fold: bool = True,
        correct: bool = True,
    ) -> SearchResult:
        """Ranked passages for a query and the exact total, bringing the index up to date
        first unless another thread or process is writing (then the index as it stands
        answers: a read never waits for a write). A passage that stands word for word in
        several places is one hit (unless ``fold`` is False); a query that finds nothing answers
        with its correction's passages (unless ``correct`` is False). See SearchService.search."""
        if report is not None:
            self.entry(report)
        self._index_for_reading()
        service = self.search_service

        def answer() -> SearchResult:
            return service.search(
                query,
                limit,
                report,
                marked=marked,
                suggest=suggest,
                group=group,
                fold=fold,
                correct=correct,
            )

        try:
            return answer()
        except ExplorerError:
            raise
        except Exception:  # a damaged (or not yet made) index found only while reading it
            with self._writing_unless_busy() as writer:
                if not writer:  # another writer is at it: nothing to read until it is done
                    return service.nothing_found(query)
                self._refresh_index(rebuild=True)
            return answer()

    def snippets(self, query: str, passage_ids: Iterable[str]) -> dict[str, str]:
        """Marked snippets for hits that search() left unmarked, by passage id."""
        return self._from_index(lambda: self.search_service.snippets(query, passage_ids), {})

    def suggestion(self, query: str, total: int) -> str | None:
        """The did-you-mean for a query that found ``total`` passages (None when enough)."""
        return self._from_index(lambda: self.search_service.suggestion(query, total), None)

    def passage_ids(self, query: str, report: str | None = None, fold: bool = False) -> list[str]:
        """Every passage a query matches, unranked (to count what a facet keeps); with
        ``fold``, one of each set of copies, as search lists them."""
        return self._from_index(lambda: self.search_service.passage_ids(query, report, fold), [])

    def near_copies(self, update: bool = True) -> dict[str, list[NearCopy]]:
        """Reports that share most of their passages with another, by report id, with those
        others (see explorer.core.search.copies), read from the index: brought up to date
        first when ``update`` (as search does), else as it stands ({} while there is none)."""
        if update:
            self._index_for_reading()
        if not self.search_service.has_near_copies():
            with self._writing_unless_busy() as writer:
                if writer:
                    self._keep_near_copies()
        return self._from_index(self.search_service.near_copies, {})

    def _keep_near_copies(self) -> None:
        """Keep the near copies of the index as it now is, for the listing of the reports
        (which then reads neither the index nor its fingerprints). Callers hold the write
        lock; what cannot be told apart now is told apart when next asked."""
        with contextlib.suppress(OSError):
            self._from_index(self.search_service.keep_near_copies, None)

    def _from_index(self, read: Callable[[], Answer], otherwise: Answer) -> Answer:
        """A read of the index as it stands; ``otherwise`` while there is none to read yet
        (another thread is making it: a read never waits for that)."""
        try:
            return read()
        except ExplorerError:
            raise
        except Exception:
            if self.search_service.is_current():
                raise  # a damaged index: search() rebuilds it
            return otherwise

    def prepare_index(self) -> Done[None]:
        """Bring the index in line with the library before anything else is asked of it:
        the window does this first on its write lane, so that a search typed during a
        later add is answered from the library as it stood. Changes.index when it had to
        be made or caught up (a search typed meanwhile found nothing, or less)."""
        if self.search_service.is_current():
            return Done(None)
        self.ensure_index()
        return Done(None, Changes(index=True))

    def ensure_index(self) -> None:
        """Bring the index in line with the library: reuse, update or rebuild it (waiting
        for the write lock when another writer holds it)."""
        if self.search_service.is_current():
            return
        with self.writing():
            self._refresh_index()

    def _index_for_reading(self) -> None:
        """ensure_index for a read: skipped, never waited for, while another thread or
        process writes; the index as it stands then answers."""
        if self.search_service.is_current():
            return
        with self._writing_unless_busy() as writer:
            if writer:
                self._refresh_index()

    def _cut_before(self) -> set[str]:
        return self.search_service.cut_before()

    def _refresh_index(
        self,
        parsed: dict[str, Report] | None = None,
        rebuild: bool = False,
        cancelled: Cancel | None = None,
        begun: IndexUpdate | None = None,
    ) -> Changes:
        """Update (or rebuild) the index, finishing the update ``begun`` if any; if the
        cache cannot be written, move the derived data to a temporary folder and build it
        there. Notes on reports a newer parser cut anew follow their words; returns the
        notes moved. Callers hold the write lock."""
        service = self.search_service
        try:
            recut = service.update(parsed, rebuild, cancelled, begun)
        except OSError as exc:
            if not self.cache.is_relative_to(self.folder):
                raise ExplorerError(
                    f"The search index cannot be written ({exc.strerror or exc}); "
                    "free some space and try again."
                ) from None
            self._use_temporary_cache(exc.strerror or str(exc))
            service.move(self.cache)
            self._graphs = None
            recut = service.update(parsed, True, cancelled)
        self._keep_near_copies()
        return self._reanchor_recut(recut)

    def _reanchor_recut(self, reports: list[Report]) -> Changes:
        """Notes on reports cut anew keep their words; their section and passage ids follow."""
        changes = NOTHING
        if not reports:
            return changes
        from explorer.core.notes import NotesDamaged

        try:
            noted = {getattr(note.target, "report", None) for note in self.notes().notes()}
            for report in reports:
                if report.id in noted:
                    changes |= self.notes().reanchor(report).changes
        except NotesDamaged as exc:  # re-anchored later, once the notes are recovered
            self.library.warn(str(exc))
        return changes


def _graph_of(folder: Path, max_bytes: int) -> None:
    """In a child process (see Workspace.graph_apart): the graph built into the cache."""
    Workspace(folder, max_bytes).graph()


def _date_of_old(entry: ReportEntry) -> str | None:
    """The date in a report's file name or title, for a report added before dates were read
    from them (imported only then: its module imports PyYAML, a tenth of a second)."""
    from explorer.core.reports import date_in_name, year_in_title

    return date_in_name(Path(entry.path).stem)[0] or year_in_title(entry.title)


def _recovered(
    store: UserFile[Any], backup: Path | None, empty: bool, forget: Callable[[], None]
) -> Done[Path | None]:
    """A damaged user file recovered (see UserFile.recover), then read afresh on next use."""
    with contextlib.suppress(FileDamaged):
        store.load()
    try:
        return store.recover(backup=backup, empty=empty)
    finally:
        forget()


def _sample_files() -> list[Path]:
    try:
        found = seed_reports()
    except FileNotFoundError:
        found = []
    if not found:
        raise ExplorerError("This installation has no sample report to add.")
    return found


def _has_users(summary: AddSummary) -> bool:
    """Whether the add brought in a report of the user's (not a bundled one)."""
    seeds = seed_paths()
    return any(entry.path not in seeds for entry in summary.added)


def _cancelled_after(read: int, files: int) -> str:
    """What a cancelled add did, in one sentence."""
    if read < files:
        return f"Adding was cancelled after {read} of {files} files; those were kept."
    return (
        f"Adding was cancelled while the {files} files read were being indexed; they were "
        "added, and search takes them in when it is next used."
    )
