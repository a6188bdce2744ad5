"""Working out many reports' shares at once, in processes of their own.

A library of thousands of reports, first built, has thousands of shares to work out, each
on its own: a pool of spawned processes (never forked: the app builds from a worker thread
of a Qt process) reads, parses and works out each report's share, writes it to the store,
and answers only its key. A few reports are worked out in the caller's process instead,
where starting the processes (a second or two of imports) would cost more than it saves.

A share the pool could not work out (its stored text gone or changed, an error) is simply
not answered: the caller works it out itself, the way that repairs or reports what is wrong.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from explorer.core.graph.parts.model import worked_out
from explorer.core.graph.parts.store import PartsStore
from explorer.core.graph.vocabulary import Matcher, load_taxonomy

POOL_FROM = 48
"""Shares to work out before a pool is worth starting (a report takes some 20 ms)."""
WORKERS = 2
"""Processes at most: this machine's two cores (fewer where there are fewer)."""
BESIDE_INDEX = 1
"""Processes beside an add's index writer (which takes the other core)."""
CHUNK = 4
POLL_SECONDS = 0.05
"""How often a wait for the pool asks whether the work was cancelled."""


@dataclass(frozen=True)
class Job:
    """One report to work out: where its stored text is, what it must hash to, and how the
    library names it."""

    key: str
    report_id: str
    content_hash: str
    stored: str
    path: str
    cuts: str


def workers_for(jobs: int) -> int:
    """How many processes to work out this many shares in (0: in the caller's)."""
    if jobs < POOL_FROM:
        return 0
    return max(0, min(WORKERS, os.cpu_count() or 1))


def work_out(
    jobs: Sequence[Job],
    store: PartsStore,
    vocabulary: Path,
    workers: int,
) -> Iterator[str]:
    """Work out the jobs' shares in ``workers`` spawned processes, into ``store``; yields
    the key of each share written. The processes are stopped (and reaped) when this ends,
    however it ends: all done, an error, or the caller letting go of it early."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(
        workers, initializer=_start, initargs=(str(vocabulary), str(store.folder))
    ) as pool:  # leaving the block terminates the processes
        for key in pool.imap_unordered(_work, jobs, chunksize=CHUNK):
            if key is not None:
                yield key


@contextmanager
def working_out(
    jobs: Sequence[Job], store: PartsStore, vocabulary: Path, workers: int
) -> Iterator[Callable[[float], bool]]:
    """Work out the jobs' shares in ``workers`` spawned processes, into ``store``, while
    the block runs; it is given a function that waits up to some seconds and says whether
    all are done. The processes are stopped (and reaped) when the block ends, done or not."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(
        workers, initializer=_start, initargs=(str(vocabulary), str(store.folder))
    ) as pool:  # leaving the block terminates the processes
        result = pool.map_async(_work, jobs, chunksize=CHUNK)

        def done(seconds: float) -> bool:
            result.wait(seconds)
            return result.ready()

        yield done


_matcher: Matcher | None = None
_store: PartsStore | None = None


def _start(vocabulary: str, folder: str) -> None:
    """In each process, once: the vocabulary's matcher and the store."""
    global _matcher, _store
    _matcher = Matcher(load_taxonomy(Path(vocabulary)))
    _store = PartsStore(Path(folder))


def _work(job: Job) -> str | None:
    """In a process of the pool: one report's share, written; its key, or None when it
    could not be worked out here (the caller then does it)."""
    from explorer.core.library import content_hash
    from explorer.core.reports import decode_report_bytes, load_cut, parse_text
    from explorer.core.storage import STORED_TEXT_LIMIT, read_regular_file

    assert _matcher is not None and _store is not None
    try:
        stored = Path(job.stored)
        text = decode_report_bytes(read_regular_file(stored, STORED_TEXT_LIMIT), job.stored)
        if content_hash(text) != job.content_hash:
            return None
        report = load_cut(Path(job.cuts), job.content_hash, job.report_id, text)
        if report is None:
            report = parse_text(text, job.report_id, Path(job.path).stem, where=job.path)
        parts, marks = worked_out(report, _matcher)
    except Exception:  # anything: the caller works it out again, and says what is wrong
        return None
    return job.key if _store.save(job.key, parts, marks) else None
