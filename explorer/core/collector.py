"""Keeping Python's cyclic garbage collector away from the concept graph.

Building milvus-blog-en's graph set off 13 full collections, each walking every object the
process holds (up to 121 ms, 0.9 s in all); a full collection holds the interpreter, so the
window froze for as long, and the first one after the build took 60 ms more. So the build
(or load) runs with the collector paused, and what it made is then frozen out of the
collector's walks (``gc.freeze``). Adding reports runs with it paused too: parsing a report of
100,000 headings set off 13 full collections (up to 0.57 s each), none of which found
anything to free. Reference counting still frees everything that has no
cycle; a graph that is replaced has its cycles broken (ConceptGraph.release) for that.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic full collections inside this block (nestable, any thread)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def keep_long_lived() -> None:
    """Take every object alive now out of future collections (after a big build, while the
    collector is paused). No collection first: the young generation then holds all the
    build made, and walking it took 0.43 s for a graph of 100,000 sections."""
    gc.freeze()


def let_go(items: list[Any], step: int = 1000) -> None:
    """Empty a big list a few items at a time. Freeing a large tree of objects at once is
    one call that holds the interpreter (over a tenth of a second for a report of 100,000
    sections, the window frozen meanwhile); in steps, other threads get their turns."""
    while items:
        del items[-step:]
