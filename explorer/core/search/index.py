"""The full-text index: one whoosh document per passage, BM25F ranking, snippets, suggestions.

The index is derived data. :class:`SearchIndex` only reads and writes it; deciding when it is
stale and must be rebuilt is SearchService's job.
"""

from __future__ import annotations

import contextlib
import html
import multiprocessing
import multiprocessing.pool
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.queues import Queue
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from whoosh import collectors, highlight, index, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.query import Query, Term
from whoosh.searching import Results, Searcher
from whoosh.spelling import ListCorrector
from whoosh.util.numeric import byte_to_length

from explorer.core.errors import Cancel, Cancelled, ExplorerError
from explorer.core.reports import Report, fold, fold_map, section_words, unfold_span
from explorer.core.search import query as queries
from explorer.core.search.arrays import ArrayScorer, Matches, Ranked
from explorer.core.search.copies import FINGERPRINT_BYTES, fingerprint
from explorer.core.search.results import Copy, NearCopy, SearchHit, SearchResult

SNIPPET_CHARS = 240
WRITER_MB = 256
"""The writer's posting buffer. whoosh sorts and dumps a full buffer in calls that hold the
interpreter (0.4 s once, at commit, for milvus-blog-en); 8 MB buffers made that several
0.19 s pauses and the add 25% slower, so the one pause is kept (see gui_stall.py)."""


WORDS = r"[^\W_]+(?:\.?[^\W_]+)*"
"""Words split at underscores too, so `bulk insert` finds `do_bulk_insert`."""


class LengthsCodec(W3Codec):  # type: ignore[misc]
    """whoosh's codec, but for the lengths of each document's fields, read once per field,
    whole, when first asked for (see _Lengths). Every segment names its codec: this class
    must keep its name and place, or older indexes are found damaged (and made anew)."""

    def per_document_reader(self, storage: Any, segment: Any) -> _Lengths:
        return _Lengths(storage, segment)


class _Lengths(W3PerDocReader):  # type: ignore[misc]
    """At commit whoosh asks the length of the field of every posting it writes: a seek and
    a one-byte read of a file each (and, for fields without lengths, a look whether there
    is such a file), a third of the commit. Here each field's lengths are read once."""

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._whole: dict[str, Any] = {}  # field → its lengths' bytes, or None: it has none

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._whole:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            self._whole[fieldname] = None if reader is None else reader.load()
        lengths = self._whole[fieldname]
        if lengths is None:
            return default
        if docnum > len(lengths):  # as whoosh's own, which asks "docnum > doccount"
            raise IndexError(f"Asked for docnum {docnum!r} of {len(lengths)}")
        lbyte = lengths[docnum] if docnum < len(lengths) else 0
        return int(byte_to_length(lbyte)) if lbyte else None  # as whoosh's own: None for 0


def make_schema() -> Schema:
    """Section titles weigh twice as much as body text in the BM25F ranking."""
    analyzer = StemmingAnalyzer(expression=WORDS)
    return Schema(
        passage_id=ID(stored=True, unique=True),
        report_id=ID(stored=True),
        section_id=STORED,  # read back, never searched: no postings to write
        section=TEXT(analyzer=analyzer, field_boost=2.0),  # the section's own title
        place=STORED,  # its breadcrumb, shown with the hit: parents' titles are not searched
        text=TEXT(stored=True, analyzer=analyzer),
        date=ID(stored=True),
        page=STORED,  # a PDF passage's printed page label; "" for other formats
        fingerprint=COLUMN(FixedBytesColumn(FINGERPRINT_BYTES)),  # copies: see copies.py
    )


class _MarkFormatter(highlight.Formatter):  # type: ignore[misc]
    """Escaped text with matched terms wrapped in <mark>; nothing else is markup."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        ttext = highlight.get_text(text, token, replace)
        return f"<mark>{html.escape(ttext, quote=False)}</mark>"


OUT_OF_PROCESS_ROWS = 2000
"""From this many passages on, the index is written by a child process (see IndexWriter)."""
OUT_OF_PROCESS_BYTES = 500_000
"""A file this big comes to about that many passages: the child starts before it is read."""


class Row(NamedTuple):
    """One passage as the index stores it."""

    passage_id: str
    report_id: str
    section_id: str
    section: str
    text: str
    date: str
    place: str
    page: str
    fingerprint: bytes


def report_rows(report: Report) -> Iterator[Row]:
    """A report's passages as the index stores them."""
    for section in report.sections:
        place = report.breadcrumb(section.id)  # hits show the section's place in the outline
        words = section_words(report, section, own=False)
        for passage, shown in zip(section.passages, words, strict=True):
            text = fold(shown)  # a hit shows the reader's words, never Markdown or HTML syntax
            yield Row(
                passage.id,
                report.id,
                section.id,
                section.title,
                text,
                report.date or "",
                place,
                passage.page or "",
                fingerprint(text),
            )


Batch = tuple[list[str], list[Row]]
"""Reports whose passages are deleted, then rows added (in one writer: a deletion only ever
touches what was committed before it, never rows this writer added)."""


def write_rows(folder: str, delete_reports: Sequence[str], rows: Iterable[Row]) -> None:
    """Delete these reports' passages and add these rows, in one commit (any process)."""
    _write(folder, [(list(delete_reports), rows)])


def _write(folder: str, batches: Iterable[tuple[Sequence[str], Iterable[Row]]]) -> None:
    writer = index.open_dir(folder).writer(limitmb=WRITER_MB, codec=LengthsCodec())
    try:
        for deleted, rows in batches:
            for report_id in deleted:
                writer.delete_by_term("report_id", report_id)
            for row in rows:
                writer.add_document(**row._asdict())
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=False)


ROWS_PER_BATCH = 500
"""Rows handed to the child at a time: a batch pickles in about a millisecond."""
QUEUED_BATCHES = 16
"""Batches on their way to the child at most: when it falls behind, the add waits for it
(so the memory they take is bounded, and the progress of reading is that of indexing)."""
CHILD_POLL_SECONDS = 0.05
"""How often a wait for the index child asks whether the work was cancelled."""

if TYPE_CHECKING:
    _Batches = Queue[tuple[list[str], list[tuple[str | bytes, ...]]] | None]
else:
    _Batches = Queue  # not subscriptable at run time


class _BatchQueue(_Batches):
    """The rows' way to the index child. When the child was stopped (a cancelled add), the
    rows still on their way have nowhere to go: that is expected, and nothing is printed."""

    @staticmethod
    def _on_queue_feeder_error(e: Exception, obj: object) -> None:
        return


class IndexWriter:
    """One write of the index: reports added (their passages before replaced), reports
    deleted, and one commit; or, closed before it commits, nothing (the index as it was).

    Reports are kept until they come to OUT_OF_PROCESS_ROWS passages; fewer are written in
    this process when committed. From that many on, a spawned child writes the index: whoosh
    sorts its postings in calls that hold the interpreter for most of a second, which would
    freeze a window in this process. It starts (and imports whoosh) at once, and each report
    handed over later goes to it as it comes, so that on two cores the child indexes while
    this process reads the next files (``Workspace.add``) and turns them into plain text.
    Rows go in batches through a bounded queue, pickled by the queue's own thread, never as
    one pickle (which held the interpreter for 75 ms for milvus-blog-en).

    ``add`` never raises: when the child has stopped, or ``cancelled()`` turns true while
    the add waits for the child to catch up, what is handed over is dropped, and ``commit``
    raises (the child's error as the same exception, Cancelled, or ExplorerError when the
    child died). ``on_each`` is called with each report as its rows are made. ``fresh``: the
    index is made anew (empty) before the first row is written."""

    def __init__(
        self,
        search: SearchIndex,
        fresh: bool,
        on_each: Callable[[Report], None] | None = None,
        cancelled: Cancel | None = None,
    ) -> None:
        self.search, self.fresh = search, fresh
        self.on_each, self.cancelled = on_each, cancelled
        self.waiting: list[Report] = []  # in this process, until they come to enough rows
        self.waiting_rows = 0
        self.deleted: list[str] = []
        self.batch: list[tuple[str | bytes, ...]] = []
        self.stopped = False  # the child stopped, or the add was cancelled: drop what comes
        self.cancel_seen = False
        self.opened = False  # the index was opened (or made) for this write
        self.committed = False
        self._pool: multiprocessing.pool.Pool | None = None
        self._queue: _BatchQueue | None = None
        self._written: multiprocessing.pool.AsyncResult[None] | None = None
        self._writers: list[int | None] = []

    # ---- handing work over ------------------------------------------------------------

    def add(self, report: Report) -> None:
        """Index this report's passages (those indexed before under its id go)."""
        if self._pool is None:
            self.waiting.append(report)
            self.waiting_rows += report.passage_count
            if self.waiting_rows >= OUT_OF_PROCESS_ROWS:
                self._start_child()
            return
        self._send_report(report)

    def delete(self, report_ids: Iterable[str]) -> None:
        """Remove these reports' passages."""
        self.deleted.extend(report_ids)

    def coming(self, size: int) -> None:
        """A file of ``size`` bytes is about to be read for this write: a big one starts the
        child now, so that it starts (and imports whoosh) while the file is parsed."""
        if self._pool is None and not self.stopped and size >= OUT_OF_PROCESS_BYTES:
            self._start_child()

    def _start_child(self) -> None:
        self._open()
        context = multiprocessing.get_context("spawn")
        self._queue = _BatchQueue(maxsize=QUEUED_BATCHES, ctx=context)
        self._pool = context.Pool(1, initializer=_take_queue, initargs=(self._queue,))
        self._written = self._pool.apply_async(_write_from_queue, (str(self.search.folder),))
        self._writers = _workers(self._pool)
        waiting, self.waiting = self.waiting, []
        for report in waiting:
            self._send_report(report)

    def _send_report(self, report: Report) -> None:
        if self.stopped:
            return
        if self.on_each is not None:
            self.on_each(report)
        if not self.fresh:
            self.deleted.append(report.id)
        for row in report_rows(report):
            self.batch.append(tuple(row))
            if len(self.batch) == ROWS_PER_BATCH:
                self._send_batch()

    def _send_batch(self) -> None:
        batch = (self.deleted, self.batch)
        self.deleted, self.batch = [], []
        self._put(batch)

    def _put(self, item: tuple[list[str], list[tuple[str | bytes, ...]]] | None) -> None:
        """Hand an item to the child, waiting while the queue is full (asking whether the
        work was cancelled, or the child stopped, meanwhile: then it is dropped)."""
        assert self._queue is not None
        while not self.stopped:
            try:
                self._queue.put(item, timeout=CHILD_POLL_SECONDS)
                return
            except queue.Full:
                self.cancel_seen = self.cancelled is not None and self.cancelled()
                self.stopped = self.cancel_seen or self._child_stopped()

    def _child_stopped(self) -> bool:
        """Whether the child ended before it was told to commit (an error) or died."""
        assert self._written is not None and self._pool is not None
        return self._written.ready() or _workers(self._pool) != self._writers

    # ---- the commit -------------------------------------------------------------------

    def commit(self) -> None:
        """Write what is left and commit; raise when the write failed or was cancelled (the
        index then as it was)."""
        try:
            if self._pool is None:
                self._commit_here()
            else:
                self._commit_in_child()
        except (Cancelled, KeyboardInterrupt):  # stopped: the last commit stands alone
            self.close()
            raise
        self.committed = True
        self.search.close()  # the next search opens the new generation

    def _commit_here(self) -> None:
        def rows() -> Iterator[Row]:
            for report in self.waiting:
                _stop_if(self.cancelled)
                if self.on_each is not None:
                    self.on_each(report)
                yield from report_rows(report)

        self._open()
        deleted = [] if self.fresh else [*self.deleted, *(r.id for r in self.waiting)]
        write_rows(str(self.search.folder), sorted(set(deleted)), rows())

    def _commit_in_child(self) -> None:
        assert self._written is not None and self._pool is not None
        if self.batch or self.deleted:
            self._send_batch()
        self._put(None)
        while not _finished(self._written, CHILD_POLL_SECONDS):
            _stop_if(self.cancelled)
            if _workers(self._pool) != self._writers:  # it died, and the pool started another
                raise ExplorerError(
                    "The search index could not be written: the process writing it stopped "
                    "(a script that opens the window must put its code under "
                    '`if __name__ == "__main__":`); the reports were added, and search '
                    "takes them in when it is next used."
                )
            if self.cancel_seen:  # while the queue was full: the child waits for more rows
                raise Cancelled("Indexing was cancelled.")
        self._written.get()

    def _open(self) -> None:
        """Make the index anew, or open it here: a missing or damaged one raises here."""
        if self.fresh:
            self.search.create()
        else:
            self.search.ix  # noqa: B018
        self.opened = True

    def close(self) -> None:
        """Stop a child that is still writing (and reap it), and remove what a writer left
        half-written; nothing more is written. Called again, it does nothing."""
        pool, batches, self._pool, self._queue = self._pool, self._queue, None, None
        self.stopped, self.waiting = True, []
        if batches is not None and not self.committed:
            batches.cancel_join_thread()  # rows the child will never read are not waited for
        if pool is not None:
            pool.terminate()
        if batches is not None:
            batches.close()
        if self.opened and not self.committed:
            self.opened = False
            with contextlib.suppress(Exception):  # unreadable: the next update makes it anew
                _discard_unfinished(self.search.folder)


def _workers(pool: multiprocessing.pool.Pool) -> list[int | None]:
    """The pids of the pool's processes: a Pool starts a new one, silently, when one dies."""
    return [process.pid for process in getattr(pool, "_pool", [])]


def _finished(result: multiprocessing.pool.AsyncResult[Any], seconds: float) -> bool:
    result.wait(seconds)
    return result.ready()


def _stop_if(cancelled: Cancel | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("Indexing was cancelled.")


_batches: _BatchQueue | None = None
"""In the child that writes the index: where its batches come from (set as it starts)."""


def _take_queue(batches: _BatchQueue) -> None:
    global _batches
    _batches = batches


def _write_from_queue(folder: str) -> None:
    batches = _batches
    assert batches is not None

    def received() -> Iterator[tuple[list[str], Iterator[Row]]]:
        while (item := batches.get()) is not None:
            deleted, rows = item
            yield deleted, (Row(*row) for row in rows)  # type: ignore[arg-type]

    _write(folder, received())


class SearchIndex:
    """A whoosh index in one folder. Writers must be serialised by the caller.

    Readers in other threads may search while one writes: they read the generation that
    was current when they opened it (whoosh never changes a committed segment) until the
    writer commits; then the next read opens the new one. Reads share one searcher and its
    caches, so they take turns on ``_reading``; a writer takes it only to let go of the
    searcher once it has committed, never while it writes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._reading = threading.RLock()
        self._index: index.Index | None = None
        self._searcher: Searcher | None = None
        self._lexicons: dict[str, list[str]] = {}
        self._arrays: ArrayScorer | None = None

    def create(self) -> None:
        """Start an empty index, discarding whatever was in the folder."""
        with self._reading:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.iterdir():
                if old.is_file():
                    old.unlink()
            self.close()
            self._index = index.create_in(str(self.folder), make_schema())

    def open(self) -> None:
        """Open an existing index; whoosh raises if it is missing or unreadable. Its files
        are read, not mapped: whoosh copies each file of a mapped segment whole into memory
        (260 MB for 2,960 reports, with the first search), and reading them through the
        page cache searches as fast."""
        from whoosh.filedb.filestore import FileStorage

        with self._reading:
            self.close()
            self._index = FileStorage(str(self.folder), supports_mmap=False).open_index()

    def close(self) -> None:
        """Let go of the open searcher; the next search opens the newest generation."""
        with self._reading:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher, self._index, self._lexicons, self._arrays = None, None, {}, None

    def searcher(self) -> Searcher:
        """One searcher kept open between queries: opening one copies every segment."""
        with self._reading:
            if self._searcher is None or not self._searcher.up_to_date():
                if self._searcher is not None:
                    self._searcher.close()
                self._searcher = self.ix.searcher(weighting=scoring.BM25F())
                self._lexicons, self._arrays = {}, None
            return self._searcher

    @property
    def ix(self) -> index.Index:
        with self._reading:
            if self._index is None:
                self.open()
            assert self._index is not None
            return self._index

    def doc_count(self) -> int:
        with self._reading:
            return int(self.ix.doc_count())

    def writer(
        self,
        fresh: bool,
        on_each: Callable[[Report], None] | None = None,
        cancelled: Cancel | None = None,
    ) -> IndexWriter:
        """A write of this index (see IndexWriter); with ``fresh``, of a new one in its place.

        One writer: a second writer process (whoosh's procs=2) saves little on two cores and
        leaves the index in several segments, where fuzzy terms are ten times slower."""
        return IndexWriter(self, fresh, on_each, cancelled)

    def search(
        self,
        text: str,
        limit: int = 10,
        report: str | None = None,
        marked: int | None = None,
        group: bool = False,
        fold: bool = True,
    ) -> SearchResult:
        """Ranked passages with escaped, marked snippets and the exact total; bad queries
        raise BadQuery. (One search at a time: they share the searcher's caches.)

        Every match is scored and counted, on arrays (see arrays.py) or, for the queries
        those leave, by whoosh's collector, which neither skips blocks by quality nor prunes
        the query as its top list fills. Both shortcuts were slower on this kind of
        index than scoring every match (on milvus-blog-en the slowest query, vector*, took
        54 ms pruned against 27 ms), and pruning leaves the count short.

        Only the first ``marked`` hits (all when None) get marked snippets; see snippets().
        With ``fold``, a passage that stands word for word in several places is one hit,
        the others in its ``also_in`` (see copies.py), and counted in ``copies``.
        With ``group``, the hits are the best passage of each report, best first, and
        ``more`` says how many other passages of each report match; when every match is in
        one report, they are that report's passages, ranked, as without ``group``. With
        ``group`` and ``report``: the passages of that report the grouped search counts in
        its ``more`` (those whose copy in another report stands for them left out)."""
        with self._reading:
            searcher = self.searcher()
            q = self._parse(searcher, text)
            arrays = self._scorer(searcher)
            found = arrays.matches(q)
            if found is None:  # a query the arrays leave to whoosh
                found = _collected(searcher, q)
            ranked = arrays.ranked(found, limit, group, report, fold)
            return self._page(searcher, q, text, marked, ranked, fold)

    def _scorer(self, searcher: Searcher) -> ArrayScorer:
        if self._arrays is None:
            self._arrays = ArrayScorer(searcher)
        return self._arrays

    def _page(
        self,
        searcher: Searcher,
        q: Query,
        text: str,
        marked: int | None,
        ranked: Ranked,
        fold: bool,
    ) -> SearchResult:
        """Hits with snippets for a ranked page."""
        results = Results(searcher, q, ranked.top_n)
        results.fragmenter, results.formatter = _fragmenter(), _MarkFormatter()
        upto = len(ranked.top_n) if marked is None else marked
        copies = self._scorer(searcher).copies() if fold else None
        hits = []
        for rank, hit in enumerate(results, 1):
            found = self._hit(rank, hit, rank <= upto)
            if copies is not None and (others := copies.others(hit.docnum)):
                found = found.model_copy(update={"also_in": _places(searcher, others)})
            hits.append(found)
        counts = ranked.per_report
        return SearchResult(
            query=text,
            total=ranked.total,
            suggestion=None,
            hits=tuple(hits),
            reports=len(counts),
            more={h.report: counts[h.report] - 1 for h in hits if counts.get(h.report, 0) > 1},
            copies=ranked.copies,
        )

    def near_copies(self) -> dict[str, list[NearCopy]]:
        """Reports that share most of their passages with another, and those others (see
        copies.py), from the fingerprints the index holds."""
        with self._reading:
            arrays = self._scorer(self.searcher())
            codes, names = arrays.owners()
            return arrays.copies().near_copies(codes, names)

    def snippets(self, text: str, passage_ids: Iterable[str]) -> dict[str, str]:
        """Marked snippets of these passages for a query (those search() left unmarked)."""
        with self._reading:
            return self._snippets(text, passage_ids)

    def _snippets(self, text: str, passage_ids: Iterable[str]) -> dict[str, str]:
        searcher = self.searcher()
        q = self._parse(searcher, text)
        words = frozenset(  # prefixes and fuzzy terms are expanded already (queries.build)
            word.decode("utf-8") if isinstance(word, bytes) else str(word)
            for field, word in q.iter_all_terms(phrases=True)
            if field == "text"
        )
        analyzer = self.ix.schema["text"].analyzer
        out: dict[str, str] = {}
        for passage_id in passage_ids:
            fields = searcher.document(passage_id=passage_id)
            if fields is None:
                continue
            found = highlight.highlight(
                fields["text"],
                words,
                analyzer,
                _fragmenter(),
                _MarkFormatter(),
                top=2,
            )
            out[passage_id] = found or _opening(fields["text"])
        return out

    def passage_ids(self, text: str, report: str | None = None, fold: bool = False) -> list[str]:
        """Every passage a query matches (to count what a facet keeps); with ``fold``, one of
        each set of copies."""
        with self._reading:
            searcher = self.searcher()
            q = self._parse(searcher, text)
            flt = Term("report_id", report) if report else None
            results = searcher.search(q, limit=None, filter=flt, optimize=False)
            docs = np.asarray(sorted(results.docs()), dtype=np.int64)
            if fold and len(docs):
                docs = docs[
                    self._scorer(searcher).copies().representatives(docs, np.zeros(len(docs)))
                ]
            return [str(searcher.stored_fields(int(n))["passage_id"]) for n in docs]

    def _parse(self, searcher: Searcher, text: str) -> Query:
        """A query's text as a whoosh query, its prefixes and fuzzy terms expanded."""
        return queries.build(
            queries.clean(text), self.ix.schema, searcher.reader(), fuzzy=self._fuzzy
        )

    def _fuzzy(self, fieldname: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """Indexed terms within an edit distance, searched in a cached sorted lexicon.

        whoosh's own lookup compares every term when the index has several segments.
        """
        if fieldname not in self._lexicons:
            reader = self.searcher().reader()
            self._lexicons[fieldname] = sorted(
                t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(fieldname)
            )
        found = ListCorrector(self._lexicons[fieldname]).suggest(
            text, limit=queries.MAX_EXPANSION, maxdist=maxdist, prefix=prefix
        )
        return [str(w) for w in found]

    @staticmethod
    def _hit(rank: int, hit: object, marked: bool) -> SearchHit:
        fields = hit.fields()  # type: ignore[attr-defined]
        snippet = hit.highlights("text", top=2) if marked else ""  # type: ignore[attr-defined]
        return SearchHit(
            rank=rank,
            score=round(float(hit.score), 4),  # type: ignore[attr-defined]
            report=fields["report_id"],
            section_id=fields["section_id"],
            section=fields["place"],
            passage_id=fields["passage_id"],
            snippet=snippet or _opening(fields["text"]),
            marked=marked,
            page=fields.get("page") or None,
        )

    def word_frequency(self, word: str) -> int | None:
        """In how many passages a word (any form with the same stem) occurs; None: a stopword."""
        with self._reading:
            stems = [t.text for t in self.ix.schema["text"].analyzer(word)]
            if not stems:
                return None
            reader = self.searcher().reader()
            return min(int(reader.doc_frequency("text", s)) for s in stems)


def _discard_unfinished(folder: Path) -> None:
    """Remove the files a stopped writer left half-made, so the folder holds exactly the
    last committed generation again (and the manifest of it still holds)."""
    from whoosh.index import TOC, clean_files

    ix = index.open_dir(str(folder))
    toc = TOC.read(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
    for left in folder.iterdir():  # a stopped writer's temporary folders and files
        if left.name.endswith(".tmp") or left.name.startswith("."):
            if left.is_dir():
                import shutil

                shutil.rmtree(left, ignore_errors=True)
            else:
                left.unlink(missing_ok=True)


def _places(searcher: Searcher, docs: Iterable[int]) -> tuple[Copy, ...]:
    """Where these documents stand, as a hit's ``also_in`` lists them."""
    out = []
    for doc in docs:
        fields = searcher.stored_fields(doc)
        out.append(
            Copy(
                report=fields["report_id"],
                passage=fields["passage_id"],
                section=fields["place"],
                page=fields.get("page") or None,
            )
        )
    return tuple(out)


def _collected(searcher: Searcher, q: Query) -> Matches:
    """Every match as whoosh's own collector scores it, for the queries ArrayScorer leaves."""
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(q, collector)
    ordered = sorted((docnum, score) for score, docnum in collector.results().top_n)
    ids = np.fromiter((d for d, _ in ordered), dtype=np.int64, count=len(ordered))
    scores = np.fromiter((sc for _, sc in ordered), dtype=np.float64, count=len(ordered))
    return Matches(ids, scores)


def _fragmenter() -> highlight.ContextFragmenter:
    """Snippets: up to SNIPPET_CHARS around the marked words."""
    return highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)


def _opening(body: str) -> str:
    """A passage's first words, escaped: the snippet when no query word can be marked."""
    cut = body[:SNIPPET_CHARS]
    return html.escape(cut + ("…" if len(body) > SNIPPET_CHARS else ""), quote=False)


def term_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of a query (any form with the same stem) occur in text."""
    analyzer = make_schema()["text"].analyzer
    wanted = {t.text for t in analyzer(" ".join(queries.plain_words(queries.clean(query))))}
    if not wanted:
        return []
    folded = fold_map(text)  # as the index saw it: "Lo\u200bRA" is LoRA
    return [
        unfold_span(folded, t.startchar, t.endchar)
        for t in analyzer(folded[0] if folded else text, chars=True, mode="index")
        if t.text in wanted
    ]
