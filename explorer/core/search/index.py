"""The full-text index: one whoosh document per passage, BM25F ranking, snippets, suggestions.

The index is derived data. :class:`SearchIndex` only reads and writes it; deciding when it is
stale and must be rebuilt is the workspace's job.
"""

from __future__ import annotations

import html
import multiprocessing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from whoosh import highlight, index, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Term
from whoosh.searching import Searcher
from whoosh.spelling import ListCorrector

from explorer.core.reports import Report
from explorer.core.search import query as queries
from explorer.core.search.results import SearchHit, SearchResult

SNIPPET_CHARS = 240
WRITER_MB = 256
"""The writer's posting buffer. whoosh sorts and dumps a full buffer in calls that hold the
interpreter (0.4 s once, at commit, for milvus-blog-en); 8 MB buffers made that several
0.19 s pauses and the add 25% slower, so the one pause is kept (see gui_stall.py)."""


WORDS = r"[^\W_]+(?:\.?[^\W_]+)*"
"""Words split at underscores too, so `bulk insert` finds `do_bulk_insert`."""


def make_schema() -> Schema:
    """Section titles weigh twice as much as body text in the BM25F ranking."""
    analyzer = StemmingAnalyzer(expression=WORDS)
    return Schema(
        passage_id=ID(stored=True, unique=True),
        report_id=ID(stored=True),
        section_id=ID(stored=True),
        section=TEXT(stored=True, analyzer=analyzer, field_boost=2.0),
        text=TEXT(stored=True, analyzer=analyzer),
        date=ID(stored=True),
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
"""From this many passages on, the index is written by a child process (see add_reports)."""


class Row(NamedTuple):
    """One passage as the index stores it."""

    passage_id: str
    report_id: str
    section_id: str
    section: str
    text: str
    date: str


def write_rows(folder: str, delete_reports: Sequence[str], rows: Sequence[Row]) -> None:
    """Delete these reports' passages and add these rows, in one commit (any process)."""
    writer = index.open_dir(folder).writer(limitmb=WRITER_MB)
    try:
        for report_id in delete_reports:
            writer.delete_by_term("report_id", report_id)
        for row in rows:
            writer.add_document(**row._asdict())
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=False)


class SearchIndex:
    """A whoosh index in one folder. Writers must be serialised by the caller."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: index.Index | None = None
        self._searcher: Searcher | None = None
        self._lexicons: dict[str, list[str]] = {}

    def create(self) -> None:
        """Start an empty index, discarding whatever was in the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.iterdir():
            if old.is_file():
                old.unlink()
        self.close()
        self._index = index.create_in(str(self.folder), make_schema())

    def open(self) -> None:
        """Open an existing index; whoosh raises if it is missing or unreadable."""
        self.close()
        self._index = index.open_dir(str(self.folder))

    def close(self) -> None:
        """Let go of the open searcher; the next search opens the newest generation."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher, self._index, self._lexicons = None, None, {}

    def searcher(self) -> Searcher:
        """One searcher kept open between queries: opening one copies every segment."""
        if self._searcher is None or not self._searcher.up_to_date():
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self.ix.searcher(weighting=scoring.BM25F())
            self._lexicons = {}
        return self._searcher

    @property
    def ix(self) -> index.Index:
        if self._index is None:
            self.open()
        assert self._index is not None
        return self._index

    def doc_count(self) -> int:
        return int(self.ix.doc_count())

    def add_reports(self, reports: Iterable[Report], remove: Sequence[str] = ()) -> int:
        """Index every passage of these reports, and drop reports by id; returns passages added.

        One writer: a second writer process (whoosh's procs=2) saves little on two cores and
        leaves the index in several segments, where fuzzy terms are ten times slower. A large
        batch is written by a child process: whoosh sorts its postings in calls that hold the
        interpreter for most of a second, which would freeze a window in this process.
        """
        rows = [
            Row(passage.id, report.id, section.id, section.title, passage.text, report.date or "")
            for report in reports
            for section in report.sections
            for passage in section.passages
        ]
        ids = sorted({row.report_id for row in rows} | set(remove))
        self.ix  # noqa: B018  (opens it: a missing or damaged index raises here, in this process)
        if len(rows) >= OUT_OF_PROCESS_ROWS:
            context = multiprocessing.get_context("spawn")
            with context.Pool(1) as pool:
                pool.apply(write_rows, (str(self.folder), ids, rows))
        else:
            write_rows(str(self.folder), ids, rows)
        self.close()  # the next search opens the new generation
        return len(rows)

    def search(
        self, text: str, limit: int = 10, report: str | None = None, exact_total: bool = True
    ) -> SearchResult:
        """Ranked passages with escaped, marked snippets; bad queries raise BadQuery.

        Counting every match is a second pass over the postings; without ``exact_total``
        the total is whoosh's estimate unless that is already exact."""
        cleaned = queries.clean(text)
        searcher = self.searcher()
        q = queries.build(cleaned, self.ix.schema, searcher.reader(), fuzzy=self._fuzzy)
        flt = Term("report_id", report) if report else None
        results = searcher.search(q, limit=max(1, limit), filter=flt, terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        results.formatter = _MarkFormatter()
        stats = flt is None and not searcher.reader().has_deletions()
        if exact_total:
            total, exact = _count(results, exact_stats=stats), True
        else:
            total = int(results.estimated_length())
            exact = stats and total == int(results.estimated_min_length())
        hits = tuple(self._hit(rank, hit) for rank, hit in enumerate(results, start=1))
        return SearchResult(query=text, total=total, suggestion=None, hits=hits, exact=exact)

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
    def _hit(rank: int, hit: object) -> SearchHit:
        fields = hit.fields()  # type: ignore[attr-defined]
        snippet = hit.highlights("text", top=2)  # type: ignore[attr-defined]
        if not snippet:
            body = fields["text"]
            cut = body[:SNIPPET_CHARS]
            snippet = html.escape(cut + ("…" if len(body) > SNIPPET_CHARS else ""), quote=False)
        return SearchHit(
            rank=rank,
            score=round(float(hit.score), 4),  # type: ignore[attr-defined]
            report=fields["report_id"],
            section_id=fields["section_id"],
            section=fields["section"],
            passage_id=fields["passage_id"],
            snippet=snippet,
        )

    def word_frequency(self, word: str) -> int | None:
        """In how many passages a word (any form with the same stem) occurs; None: a stopword."""
        stems = [t.text for t in self.ix.schema["text"].analyzer(word)]
        if not stems:
            return None
        reader = self.searcher().reader()
        return min(int(reader.doc_frequency("text", s)) for s in stems)


def _count(results: object, exact_stats: bool) -> int:
    """How many passages match: from the term statistics when they are exact (one word, no
    filter, no deleted documents), else by counting, a second pass over the postings."""
    if exact_stats:
        low = results.estimated_min_length()  # type: ignore[attr-defined]
        if low == results.estimated_length():  # type: ignore[attr-defined]
            return int(low)
    return len(results)  # type: ignore[arg-type]


def term_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of a query (any form with the same stem) occur in text."""
    analyzer = make_schema()["text"].analyzer
    wanted = {t.text for t in analyzer(" ".join(queries.plain_words(queries.clean(query))))}
    if not wanted:
        return []
    return [
        (t.startchar, t.endchar)
        for t in analyzer(text, chars=True, mode="index")
        if t.text in wanted
    ]
