"""The one background-task helper: run a function off the GUI thread, report back on it.

Like Anki's QueryOp: give it a function, ``on_success`` and ``on_failure``; progress and
results arrive on the main thread through queued signals. A task can be asked to stop;
the function sees that through ``task.cancelled``.
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

    def __init__(self, work: Callable[[Task], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._work = work
        self.cancelled = False
        self.done = False

    def report(self, done: int, total: int, what: str) -> None:
        """Called from the worker thread; delivered on the main thread."""
        self.signals.progress.emit(done, total, what)

    def cancel(self) -> None:
        self.cancelled = True

    @Slot()
    def run(self) -> None:
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

    def start(
        self,
        work: Callable[[Task], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(work)
        task.signals.succeeded.connect(on_success)
        task.signals.failed.connect(on_failure)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        task.signals.succeeded.connect(lambda _r: self._forget(task))
        task.signals.failed.connect(lambda _m: self._forget(task))
        self._tasks.append(task)
        self._pool.start(task)
        return task

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def busy(self) -> bool:
        return bool(self._tasks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task is done (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))
