"""The search wing's upkeep for one library: its index, the manifest that tells a current
index from a stale one, the word lists behind did-you-mean, and the reading of all three.

The Workspace hands search work here (as it hands the graph to GraphService) and keeps only
what is its own: the data folder's write lock, and the notes that follow a re-cut report.

Threads: one writer (``update``, under the Workspace's write lock) and readers at the same
time. A reader is answered from the index as it stood when the writer began: the writer's
new generation is seen once it is committed (see SearchIndex).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.errors import Cancelled, ExplorerError
from explorer.core.library import Library, ReportMissing
from explorer.core.reports import CUT, Report, ReportEntry
from explorer.core.search.freshness import IndexManifest
from explorer.core.search.near import NearCopiesStore, near_key
from explorer.core.search.results import SearchResult

if TYPE_CHECKING:
    from explorer.core.search.index import SearchIndex
    from explorer.core.search.results import NearCopy
    from explorer.core.search.spelling import Vocabulary

RARE_WORD = 3
"""A query word in fewer passages than this may be a typo of a common word ("databse")."""
RARE_RESULT = 3
"""Fewer passages than this found: the query gets a did-you-mean."""


class SearchService:
    """The library's search index, kept in line with the library, and searched.

    ``cache`` is the folder of derived data (``index/``, ``index.json``, ``words/``);
    ``library`` says which reports there are (its entries are recounted here when a newer
    parser cut a report anew); ``report`` gives a parsed report by id."""

    def __init__(self, cache: Path, library: Library, report: Callable[[str], Report]) -> None:
        self.library = library
        self._report = report
        self._making = threading.Lock()  # the index and the word lists are made once
        self._index: SearchIndex | None = None
        self._vocabulary: Vocabulary | None = None
        self.cache = cache
        self.manifest = IndexManifest(cache / "index.json", self.index_folder)
        self.near = NearCopiesStore(cache / "copies")

    # whoosh takes a quarter of a second to import: only when first needed

    @property
    def index_folder(self) -> Path:
        return self.cache / "index"

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            with self._making:
                if self._index is None:
                    from explorer.core.search.index import SearchIndex

                    self._index = SearchIndex(self.index_folder)
        return self._index

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            with self._making:
                if self._vocabulary is None:
                    from explorer.core.search.spelling import Vocabulary

                    self._vocabulary = Vocabulary(self.cache / "words")
        return self._vocabulary

    def move(self, cache: Path) -> None:
        """Keep the derived data in another folder from now on (the old one could not be
        written); the index there is built anew on the next update."""
        with self._making:
            if self._index is not None:
                self._index.close()
            self._index, self._vocabulary, self.cache = None, None, cache
            self.manifest = IndexManifest(cache / "index.json", self.index_folder)
            self.near = NearCopiesStore(cache / "copies")

    def close(self) -> None:
        """Let go of the index's open files."""
        if self._index is not None:
            self._index.close()

    # ---- is the index current? ---------------------------------------------------------

    def indexable(self) -> dict[str, str]:
        """Report id → content hash of every report whose text can be read."""
        return {e.id: e.content_hash for e in self._available()}

    def _available(self) -> list[ReportEntry]:
        return self.library.present(self.library.entries)

    def cut_before(self) -> set[str]:
        """Reports counted by an older parser (``CUT``): they are cut anew on the next index
        update, and the notes on them follow their words to the new section ids."""
        old = (e for e in self.library.entries if e.cut != CUT)  # none, once cut anew
        return {e.id for e in old if self.library.available(e)}

    def is_current(self) -> bool:
        """The index holds exactly the library's reports, each as the newest parser cuts it."""
        return self.manifest.matches(self.indexable()) and not self.cut_before()

    # ---- keeping it current (callers hold the data folder's write lock) -----------------

    def begin(self, cancelled: Callable[[], bool] | None = None) -> IndexUpdate:
        """An index update begun before the reports it takes are all read: reports handed
        to it as they are read are indexed meanwhile (see IndexUpdate); ``update`` with it
        finishes it, and it must be closed."""
        return IndexUpdate(self, cancelled)

    def update(
        self,
        parsed: dict[str, Report] | None = None,
        rebuild: bool = False,
        cancelled: Callable[[], bool] | None = None,
        begun: IndexUpdate | None = None,
    ) -> list[Report]:
        """Bring the index in line with the library: update it (or rebuild it). ``parsed``
        holds reports already parsed, by id; ``begun``, an update begun with them (which
        the reports handed to it spare). Returns the reports a newer parser cut anew
        (their notes must follow). OSError when the cache cannot be written; Cancelled when
        ``cancelled()`` turned true, the index and the manifest then as they were."""
        update = begun if begun is not None and begun.service_cache == self.cache else None
        if update is None:
            with IndexUpdate(self, cancelled) as own:
                return self._update(parsed or {}, rebuild, cancelled, own)
        return self._update(parsed or {}, rebuild, cancelled, update)

    def _update(
        self,
        parsed: dict[str, Report],
        rebuild: bool,
        cancelled: Callable[[], bool] | None,
        update: IndexUpdate,
    ) -> list[Report]:
        wanted = self.indexable()
        if (rebuild and not update.fresh) or any(
            wanted.get(rid) != digest for rid, digest in update.sent.items()
        ):  # what was handed over is no longer what is wanted: start again
            update.restart(fresh=rebuild or update.fresh)
        if update.fresh:
            skipped = self._index_reports(update, wanted, list(wanted), parsed, (), cancelled)
        else:
            have = self.manifest.reports
            stale = [rid for rid, digest in have.items() if wanted.get(rid) != digest]
            old_cut = self.cut_before()
            fresh = [
                rid for rid, digest in wanted.items() if have.get(rid) != digest or rid in old_cut
            ]
            if not stale and not fresh and not update.sent:
                return []
            try:
                skipped = self._index_reports(update, wanted, fresh, parsed, stale, cancelled)
            except (OSError, Cancelled):
                raise
            except Exception:  # a damaged index: start it again
                update.restart(fresh=True)
                return self._update(parsed, True, cancelled, update)
        self.manifest.save({rid: d for rid, d in wanted.items() if rid not in skipped})
        return update.recut

    def _index_reports(
        self,
        update: IndexUpdate,
        wanted: dict[str, str],
        report_ids: list[str],
        parsed: dict[str, Report],
        remove: Sequence[str],
        cancelled: Callable[[], bool] | None,
    ) -> set[str]:
        """Index these reports (those handed to the update already are not read again),
        drop those removed, and commit; returns the ids of those whose text turned out to
        be gone. ``wanted``: report id → content hash, of every report the index takes."""
        skipped = set()
        for rid in report_ids:
            if rid in update.sent:
                continue
            if cancelled is not None and cancelled():
                raise Cancelled("Indexing was cancelled.")
            try:
                report = parsed.get(rid) or self._report(rid)
            except ReportMissing:
                skipped.add(rid)
                continue
            update.add(report, wanted[rid])
        update.delete([rid for rid in [*remove, *skipped] if rid not in update.sent])
        update.commit()
        if update.recounted:  # only once indexed: a cancelled update leaves the old cut pending
            for entry in update.recounted:
                self.library.put(entry)
            self.library.save()
        return skipped

    # ---- reading ------------------------------------------------------------------------

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
        """Ranked passages for a query from the index as it stands (see SearchIndex.search);
        with ``suggest`` a query that finds almost nothing carries a did-you-mean. With
        ``correct``, a query that finds nothing while its did-you-mean finds something
        answers with the did-you-mean's passages, saying so in ``corrected`` (as search
        engines show "results for" the corrected words)."""
        result = self.index.search(query, limit, report, marked, group, fold)
        if correct and result.total == 0:
            better = self.did_you_mean(query)
            if better:
                fixed = self.index.search(better, limit, report, marked, group, fold)
                if fixed.total:
                    return fixed.model_copy(update={"query": query, "corrected": better})
        if suggest and result.total < RARE_RESULT:
            result = result.model_copy(update={"suggestion": self.did_you_mean(query)})
        return result

    def snippets(self, query: str, passage_ids: Iterable[str]) -> dict[str, str]:
        """Marked snippets for hits that search() left unmarked, by passage id."""
        return self.index.snippets(query, passage_ids)

    def suggestion(self, query: str, total: int) -> str | None:
        """The did-you-mean for a query that found ``total`` passages (None when enough)."""
        return self.did_you_mean(query) if total < RARE_RESULT else None

    def passage_ids(self, query: str, report: str | None = None, fold: bool = False) -> list[str]:
        """Every passage a query matches, unranked (to count what a facet keeps); with
        ``fold``, one of each set of copies."""
        return self.index.passage_ids(query, report, fold)

    def near_copies(self) -> dict[str, list[NearCopy]]:
        """Reports sharing most of their passages with others, by report id (see copies.py):
        as kept for the index as it stands (see near.py), else told apart from it."""
        kept = self.near.load(near_key(self.manifest.indexed()))
        return kept if kept is not None else self.index.near_copies()

    def has_near_copies(self) -> bool:
        """Whether the near copies of the index as it stands are kept."""
        return self.near.has(near_key(self.manifest.indexed()))

    def keep_near_copies(self) -> None:
        """Tell the near copies apart once for the index as it is and keep them. Callers
        hold the write lock, so that the index and its manifest agree."""
        if self.manifest.is_usable() and not self.has_near_copies():
            self.near.save(near_key(self.manifest.indexed()), self.index.near_copies())

    def did_you_mean(self, query: str) -> str | None:
        """The query with each unknown word replaced by the closest word the indexed
        reports use (the index as it stands: reports an add is still reading are not
        parsed here for their words)."""
        from explorer.core.search.query import clean, plain_words

        words = plain_words(clean(query))
        by_digest = {digest: rid for rid, digest in self.manifest.indexed().items()}
        digests = list(by_digest)

        def rebuild(digest: str) -> Report | None:
            try:
                return self._report(by_digest[digest])
            except ExplorerError:  # its text is gone, or it was removed meanwhile
                return None

        def frequency(word: str) -> int:
            return self.index.word_frequency(word) or 0

        changed, out = False, []
        for word in words:
            seen = self.index.word_frequency(word)
            if seen is None or seen >= RARE_WORD:
                out.append(word)
                continue
            better = self.vocabulary.suggest(word, digests, rebuild=rebuild, frequency=frequency)
            if better and seen and frequency(better) < 10 * seen:
                better = None  # a rare word is only "corrected" to a far more common one
            changed = changed or better is not None
            out.append(better or word)
        return " ".join(out) if changed else None

    @staticmethod
    def nothing_found(query: str) -> SearchResult:
        """The answer while there is no index yet to search (another thread builds it)."""
        return SearchResult(query=query, total=0, suggestion=None, hits=())


class IndexUpdate:
    """One update of the index under way: the reports handed to it (``add``) go to the
    index writer as they come (see SearchIndex.writer), so the index is written while the
    rest are read; ``SearchService.update`` finishes it (the other reports the library
    wants, the deletions, the commit). Closed before that, nothing is written.

    ``fresh``: the index is made anew (the manifest says the one there is not usable, or it
    cannot be opened). Each report indexed gets its word list (did-you-mean), and its entry
    its counts when a newer parser cut it anew (``recounted``; ``recut`` once committed)."""

    def __init__(self, service: SearchService, cancelled: Callable[[], bool] | None) -> None:
        self.service, self.cancelled = service, cancelled
        self.service_cache = service.cache
        self.fresh = not service.manifest.is_usable()
        if not self.fresh:
            try:
                service.index.ix  # noqa: B018  (opens it: a damaged index is made anew)
            except Exception:  # whoosh raises many kinds
                self.fresh = True
        self._start()

    def _start(self) -> None:
        self.sent: dict[str, str] = {}  # report id → content hash, of those handed over
        self.recounted: list[ReportEntry] = []
        self.recut: list[Report] = []
        self.writer = self.service.index.writer(self.fresh, self._indexing, self.cancelled)

    def restart(self, fresh: bool) -> None:
        """Drop what was handed over, and begin again (a new index with ``fresh``)."""
        self.writer.close()
        self.fresh = fresh
        self._start()

    def add(self, report: Report, digest: str) -> None:
        """Index this report (its text's content hash ``digest``), replacing what was."""
        self.sent[report.id] = digest
        self.writer.add(report)

    def delete(self, report_ids: Iterable[str]) -> None:
        self.writer.delete(report_ids)

    def coming(self, size: int) -> None:
        """A file of ``size`` bytes is about to be read and handed over (see IndexWriter)."""
        self.writer.coming(size)

    def commit(self) -> None:
        self.writer.commit()

    def close(self) -> None:
        self.writer.close()

    def __enter__(self) -> IndexUpdate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _indexing(self, report: Report) -> None:  # while the index child writes those before
        entry = self.service.library.get(report.id)
        if entry is None:
            return
        self.service.vocabulary.remember(entry.content_hash, report)
        counts = {"sections": len(report.sections), "passages": report.passage_count}
        if (entry.sections, entry.passages, entry.cut) != (*counts.values(), CUT):
            self.recounted.append(entry.model_copy(update={**counts, "cut": CUT}))
            if entry.cut != CUT:  # a newer parser cut it anew: its section ids moved
                self.recut.append(report)
