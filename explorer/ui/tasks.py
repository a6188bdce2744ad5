"""The one task runner: every Workspace call of the window leaves the GUI thread here.

Like Anki's QueryOp/CollectionOp: give it a function, ``on_success`` and ``on_failure``;
progress and results arrive on the main thread through queued signals. Tasks run one at a
time on one worker thread, so the Workspace is only ever used by that thread (this is how
its state stays safe: one thread, not locks). A task can be asked to stop; the function
sees that through ``task.cancelled``.

A task started with a ``key`` (such as "search") makes older tasks of the same key stale:
a stale task that has not started is skipped, and the result of one that has is dropped,
so the latest search wins however fast the user types.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from explorer.core.errors import ExplorerError


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """A function of (task) → result, run on a worker thread."""

    def __init__(self, work: Callable[[Task], Any], stale: Callable[[], bool] = bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._work = work
        self._stale = stale
        self.cancelled = False
        self.done = False
        self.skipped = False

    def report(self, done: int, total: int, what: str) -> None:
        """Called from the worker thread; delivered on the main thread."""
        self.signals.progress.emit(done, total, what)

    def cancel(self) -> None:
        self.cancelled = True

    def is_stale(self) -> bool:
        """A newer task of the same key was started: this one's result is not wanted."""
        return self._stale()

    @Slot()
    def run(self) -> None:
        if self.is_stale():
            self.skipped = True
            self.done = True
            self.signals.failed.emit("")  # lets the runner forget it; callers never see it
            return
        try:
            result = self._work(self)
        except ExplorerError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # shown to the user in one sentence; details on stderr
            traceback.print_exc()
            self.signals.failed.emit(f"Something went wrong: {exc}.")
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.done = True


class TaskRunner(QObject):
    """Runs tasks one at a time (index writes are serialised), keeping them alive."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: list[Task] = []
        self._generations: dict[str, int] = {}
        self._closed = False

    def start(
        self,
        work: Callable[[Task], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None],
        on_progress: Callable[[int, int, str], None] | None = None,
        key: str | None = None,
    ) -> Task:
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation

        def stale() -> bool:
            return key is not None and self._generations.get(key) != generation

        task = Task(work, stale)
        task.signals.succeeded.connect(
            lambda r: None if task.is_stale() or self._closed else on_success(r)
        )
        task.signals.failed.connect(
            lambda m: None if task.skipped or task.is_stale() or self._closed else on_failure(m)
        )
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        task.signals.succeeded.connect(lambda _r: self._forget(task))
        task.signals.failed.connect(lambda _m: self._forget(task))
        self._tasks.append(task)
        self._pool.start(task)
        return task

    def supersede(self, key: str) -> None:
        """Make every task of this key stale (queued ones are skipped, results dropped)."""
        self._generations[key] = self._generations.get(key, 0) + 1

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def busy(self) -> bool:
        return bool(self._tasks)

    def close(self) -> None:
        """The window is gone: answers still on their way are dropped (the work itself, such
        as a save, has been done; only its report to the vanished widgets is not)."""
        self._closed = True

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task is done (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))
