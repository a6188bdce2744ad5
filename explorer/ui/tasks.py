"""The one task runner: it alone holds the Workspace, and every call the window makes of it
leaves the GUI thread here.

Like Anki's QueryOp/CollectionOp: give it a function of the Workspace, ``on_success`` and
``on_failure``; progress and results arrive on the main thread through queued signals. The
work runs on one of three lanes, each a single worker thread, so that a read never waits
behind a write:

- **read**: search, a section for the reader, a passage for a tooltip, concept details;
- **write**: every operation that changes the user's data or the library (add, remove, a
  date, notes, tours), serialised; each returns a :class:`Done` whose ``Changes`` the runner
  publishes, with the operation's initiator, on :attr:`TaskRunner.changed`;
- **build**: derived views that take a while (the concept graph, the map, trends, a tour).

A task started with a ``key`` (such as "search") makes older tasks of the same key stale: a
stale task that has not started is skipped, and the result of one that has is dropped, so the
latest search wins however fast the user types. A task can be asked to stop; the function
sees that through ``task.cancelled`` (closing the window asks every task).

The runner can be given the Workspace, or a function that opens it: the window is then shown
before the library is opened (importing the core and reading the library take a second on a
big one). :meth:`TaskRunner.open` opens it on the write lane; tasks asked for meanwhile are
held, in order, and start once it is open (a search typed at once is answered then).
"""

from __future__ import annotations

import contextlib
import os
import threading
import traceback
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from explorer.core.changes import Done
from explorer.core.errors import ExplorerError, shortened

if TYPE_CHECKING:
    from explorer.core.workspace import Workspace

T = TypeVar("T")
Work = Callable[["Workspace", "Task"], T]
"""A function of the Workspace (and its task, for progress and cancelling)."""
Opener = Callable[[], "Workspace"]
"""Opens the Workspace (on a worker thread: it imports the core and reads the library)."""


class Lane(Enum):
    """A lane, and how much nicer than the GUI thread its thread is: reads are short and
    wanted at once, builds are long and wanted some time."""

    READ = 5
    WRITE = 10
    BUILD = 15


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """A function of (task) → result, run on a lane's worker thread."""

    def __init__(
        self,
        work: Callable[[Task], Any],
        stale: Callable[[], bool] = bool,
        must_run: bool = False,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._work = work
        self._stale = stale
        self.cancelled = False
        self.done = False
        self.skipped = False
        self.must_run = must_run
        self.niceness = 10
        """How much nicer than the GUI thread its lane's thread is (see Lane)."""
        """A write the user asked for runs even when it is stale or the window is closing."""

    def report(self, done: int, total: int, what: str) -> None:
        """Called from the worker thread; delivered on the main thread."""
        self._emit(self.signals.progress, done, total, what)

    def cancel(self) -> None:
        self.cancelled = True

    def is_stale(self) -> bool:
        """A newer task of the same key was started: this one's result is not wanted."""
        return self._stale()

    @Slot()
    def run(self) -> None:
        _yield_to_the_window(self.niceness)
        if not self.must_run and (self.is_stale() or self.cancelled):
            self.skipped = True
            self.done = True
            self._emit(self.signals.failed, "")  # lets the runner forget it
            return
        try:
            result = self._work(self)
        except ExplorerError as exc:  # one sentence, whatever was typed (see shortened)
            self._emit(self.signals.failed, shortened(str(exc)))
        except Exception as exc:  # shown to the user in one sentence; details on stderr
            traceback.print_exc()
            self._emit(self.signals.failed, f"Something went wrong: {exc}.")
        else:
            self._emit(self.signals.succeeded, result)
        finally:
            self.done = True

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window and its receivers are gone
            signal.emit(*args)


_reniced: set[int] = set()


def _yield_to_the_window(niceness: int) -> None:
    """Make this worker thread nicer than the GUI thread, once. Python runs one thread at a
    time: when the GUI thread and three busy lanes all want the interpreter, the operating
    system's choice of who runs next decides how long a repaint waits, and at equal
    priority the window lost to the lanes for up to a quarter of a second."""
    native = threading.get_native_id()
    if native in _reniced or not hasattr(os, "setpriority"):
        return
    _reniced.add(native)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, native, niceness)


class TaskRunner(QObject):
    """Holds the Workspace; runs functions of it on three lanes, keeping the tasks alive."""

    opened = Signal()
    """The Workspace is open (see open): what was held has started."""
    changed = Signal(object, object)
    """(Changes, initiator) after each operation that changed something."""
    progressed = Signal(int, int, str)
    """(done, total, what) of any task that reports its progress (an add: files read)."""
    problem = Signal(str)
    """A task without its own failure handler failed: one sentence for the status bar."""

    def __init__(self, workspace: Workspace | Opener, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._opener: Opener | None = None
        if callable(workspace):
            self._opener = workspace
        else:
            self._ws = workspace
        self._held: list[tuple[Lane, Task]] = []  # asked for before the Workspace was open
        self._opened: Workspace | None = None
        self._pools: dict[Lane, QThreadPool] = {}
        for lane in Lane:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._pools[lane] = pool
        self._tasks: dict[Task, Lane] = {}
        self._generations: dict[str, int] = {}
        self._closed = False

    # ---- opening the Workspace -----------------------------------------------------------

    def is_open(self) -> bool:
        return self._ws is not None

    def open(self, on_failure: Callable[[str], None] | None = None) -> None:
        """Open the Workspace on the write lane, once (it was given open: ``opened`` at
        once); then start what was held. When it cannot be opened, ``on_failure`` (or
        ``problem``) gets one sentence and the held tasks are dropped."""
        opener, self._opener = self._opener, None
        if opener is None:
            if self._ws is not None and not self._held:
                self.opened.emit()
            return

        def opening(_task: Task) -> Workspace:
            self._opened = opener()  # for close(), which cannot wait for the signal
            return self._opened

        task = Task(opening, must_run=True)
        task.niceness = Lane.WRITE.value
        failed = on_failure or self.problem.emit

        def succeeded(workspace: Workspace) -> None:
            self._forget(task)
            self._release(workspace)
            if not self._closed:
                self.opened.emit()

        def failure(message: str) -> None:
            self._forget(task)
            self._release(None)
            if message and not self._closed:
                failed(message)

        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failure)
        self._tasks[task] = Lane.WRITE
        self._pools[Lane.WRITE].start(task)

    def _release(self, workspace: Workspace | None) -> None:
        """Start the held tasks on the Workspace just opened, in the order they were asked
        for; or drop them, when it could not be opened."""
        held, self._held = self._held, []
        if workspace is None:
            for _lane, task in held:
                task.done = task.skipped = True
                self._forget(task)
            return
        self._ws = workspace
        for lane, task in held:
            self._pools[lane].start(task)

    # ---- starting work -------------------------------------------------------------------

    def read(
        self,
        work: Work[T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
        *,
        key: str | None = None,
    ) -> Task:
        """A read (search, a section, a passage): never waits behind a write or a build."""
        return self._start(Lane.READ, work, on_success, on_failure, None, key)

    def build(
        self,
        work: Work[T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
        *,
        key: str | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Derived work that takes a while (the graph, the map, trends, a tour's scenes)."""
        return self._start(Lane.BUILD, work, on_success, on_failure, on_progress, key)

    def op(
        self,
        work: Work[Done[T]],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        *,
        initiator: object = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        key: str | None = None,
        must_run: bool = True,
    ) -> Task:
        """An operation that changes something, on the write lane. Its Changes are published
        on ``changed`` with ``initiator`` (even when a newer one of its key made its result
        stale), then ``on_success`` gets its value. ``must_run``: it still runs when the
        window is closing (what the user typed); an add is cancelled instead."""

        def succeeded(done: Done[T]) -> None:
            if on_success is not None:
                on_success(done.value)

        return self._start(
            Lane.WRITE, work, succeeded, on_failure, on_progress, key,
            publish=True, initiator=initiator, must_run=must_run,
        )  # fmt: skip

    def export(
        self,
        work: Work[T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
    ) -> Task:
        """Write a file the user asked for (an export), on the write lane: after the changes
        asked for before it, and never while they are half made. It changes no user data."""
        return self._start(Lane.WRITE, work, on_success, on_failure, None, None, must_run=True)

    def _start(
        self,
        lane: Lane,
        work: Work[Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        key: str | None,
        *,
        publish: bool = False,
        initiator: object = None,
        must_run: bool = False,
    ) -> Task:
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation

        def stale() -> bool:
            return key is not None and self._generations.get(key) != generation

        def run(t: Task) -> Any:
            assert self._ws is not None  # held until it is open
            return work(self._ws, t)

        task = Task(run, stale, must_run)
        task.niceness = lane.value
        failed = on_failure or self.problem.emit

        def succeeded(result: Any) -> None:
            self._forget(task)
            if publish and not self._closed and result.changes.any:
                self.changed.emit(result.changes, initiator)  # even when stale: it was made
            if not task.is_stale() and not self._closed:
                on_success(result)

        def failure(message: str) -> None:
            self._forget(task)
            if message and not task.skipped and not task.is_stale() and not self._closed:
                failed(message)

        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failure)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        task.signals.progress.connect(self.progressed)
        self._tasks[task] = lane
        if self._ws is None:
            self._held.append((lane, task))
        else:
            self._pools[lane].start(task)
        return task

    def supersede(self, key: str) -> None:
        """Make every task of this key stale (queued ones are skipped, results dropped)."""
        self._generations[key] = self._generations.get(key, 0) + 1

    def _forget(self, task: Task) -> None:
        self._tasks.pop(task, None)

    # ---- state -------------------------------------------------------------------------

    def busy(self, lane: Lane | None = None) -> bool:
        """Work is queued or running (on ``lane``, or on any)."""
        return any(lane is None or on is lane for on in self._tasks.values())

    def writing(self) -> bool:
        """An operation is under way: what reads answer may change when it is done."""
        return self.busy(Lane.WRITE)

    def close(self, msecs: int = 10_000) -> bool:
        """The window is going: long work is cancelled, what the user saved is written, and
        answers still on their way are dropped. Waits up to ``msecs`` for the lanes."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        idle = self.wait(msecs)
        if self._held:  # asked for while the Workspace was opening: what must run, runs
            self._release(self._opened)
            idle = self.wait(msecs)
        self._tasks = {t: lane for t, lane in self._tasks.items() if not t.done}
        return idle

    def wait(self, msecs: int = -1) -> bool:
        """Block until every lane is idle (for shutdown and tests)."""
        return all([pool.waitForDone(msecs) for pool in self._pools.values()])
