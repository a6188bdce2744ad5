"""Work done in a spawned child process, so that a window's process stays responsive.

Some work holds the interpreter for seconds of Python and C calls (building the graph of
hundreds of reports): on a worker thread of the window's own process it stalls the
repaints (up to 127 ms while milvus-blog-en was added). In a child it stalls nothing; it
hands its result over through the data folder (a cache) and the caller reads it there. The
wait asks every ``POLL_SECONDS`` whether the user cancelled, and kills the child then.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable

from explorer.core.errors import Cancel, Cancelled

POLL_SECONDS = 0.05


def run_apart(
    work: Callable[..., object], *args: object, name: str, cancelled: Cancel | None = None
) -> bool:
    """Run ``work(*args)`` (a module-level function: the child imports it) in a spawned
    child and wait for it; whether it finished without an error. Cancelled, the child
    killed, when ``cancelled()`` turns true meanwhile."""
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_child_main, args=(work, args), name=name, daemon=True)
    child.start()
    try:
        while child.is_alive():
            child.join(POLL_SECONDS)
            if cancelled is not None and cancelled():
                raise Cancelled(f"Stopped: {name} was cancelled.")
        return child.exitcode == 0
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        child.close()


def _child_main(work: Callable[..., object], args: tuple[object, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to act on
    work(*args)
