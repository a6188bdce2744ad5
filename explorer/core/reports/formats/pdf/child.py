"""Run PDF reading in a child process with a time and memory limit.

pdfium is C++: a damaged file can crash it, loop or eat memory. In a child process such a
fault costs that one file, never the app: the child is killed at the time limit, cannot
take more than ``MEMORY_BYTES`` of address space (where the system can limit it), and is
always reaped. The wait for it asks every ``POLL_SECONDS`` whether the user cancelled: a
cancelled add (or Ctrl+C on the command line, which the child itself ignores) kills it at
once rather than at its time limit.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from explorer.core.errors import Cancel
from explorer.core.reports.formats.pdf.document import Unreadable, convert

MEMORY_BYTES = 2 * 1024**3
"""The most address space the child may take (2 GB)."""
BASE_SECONDS = 60.0
SECONDS_PER_MB = 2.0
POLL_SECONDS = 0.05
"""How often the wait for the child asks whether the user cancelled."""

Work = Callable[[bytes], str]


def time_limit(size: int) -> float:
    """Seconds a file of ``size`` bytes may take: a minute, and two more per megabyte."""
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


def run(
    data: bytes,
    work: Work = convert,
    seconds: float | None = None,
    cancelled: Cancel | None = None,
) -> tuple[str, str]:
    """("ok", markdown), or (why, "") when it failed: "scan", "encrypted", "damaged",
    "memory", "time", "crashed", or "cancelled" when ``cancelled()`` turned true while it
    read. The child is gone when this returns (or raises, as on Ctrl+C)."""
    seconds = time_limit(len(data)) if seconds is None else seconds
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, args=(sender, data, work), name="pdf-reader", daemon=True
    )
    child.start()
    sender.close()
    try:
        stopped = _wait(receiver, seconds, cancelled)
        if stopped:
            return stopped, ""
        kind, text = receiver.recv()
        return str(kind), str(text)
    except (EOFError, OSError):  # it died without a word: a crash, or killed by a limit
        return "crashed", ""
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
        receiver.close()


def _wait(receiver: Connection, seconds: float, cancelled: Cancel | None) -> str | None:
    """None once the child answered (or died), else "time" or "cancelled"."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if receiver.poll(max(0.0, min(POLL_SECONDS, left))):
            return None
        if cancelled is not None and cancelled():
            return "cancelled"
        if left <= 0:
            return "time"


def _child_main(sender: Connection, data: bytes, work: Work) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to act on
    _limit_memory()
    try:
        reply = ("ok", work(data))
    except Unreadable as why:
        reply = (why.kind, "")
    except MemoryError:
        reply = ("memory", "")
    except Exception:  # whatever pdfium or the layout trips on: the file is not readable
        reply = ("damaged", "")
    sender.send(reply)
    sender.close()


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no such limit there
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
