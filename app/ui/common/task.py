"""One way to run slow, Qt-free work off the GUI thread (modelled on Anki's QueryOp).

`Task(work)` runs `work(control)` on a plain Python thread. Whatever the work reports through
`control.report(value)` arrives as `progress(value)`, and its end as `succeeded(result)` or
`failed(message)`, all in the GUI thread (queued signals), so slots may touch widgets.

What every background job in the app needs, done once here:
- The thread is joined before `succeeded`/`failed` is emitted: a slot may delete the task (or its
  parent) at once, and a QObject deleted while another thread is still inside one of its signal
  emissions crashes the process.
- The worker thread never emits on the Task itself but on a private courier that lives until
  the thread has ended, so a Task (or the window that parents it) may be deleted mid-run: the
  late result is then dropped instead of reaching a dead object.
- A running Task is referenced from a module-level set, so one started without a parent (or
  whose owner dropped it) is not garbage-collected while its thread runs.
- When the application quits, every running Task is asked to cancel and its thread is joined
  (within a bound), so no job is cut off mid-write when the interpreter exits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from shiboken6 import isValid

_log = logging.getLogger(__name__)

QUIT_WAIT_S: Final = 5.0  # the most a quit waits for running tasks, all together


def error_message(exc: BaseException) -> str:
    """The default user-facing text of a failure: the exception's message, else its type."""
    return str(exc) or type(exc).__name__


class TaskControl:
    """What the work function gets: a way to report progress and to see a cancel request."""

    def __init__(self, report: Callable[[object], None]) -> None:
        self._report = report
        self.cancel_event = threading.Event()

    def report(self, value: object) -> None:
        """Send one progress value (any object) to the GUI thread's `progress` signal."""
        self._report(value)

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


Work = Callable[[TaskControl], object]


class _Courier(QObject):
    """Carries the worker thread's signals into the GUI thread. It has no parent and lives as
    long as its Task's Python object, so the worker always emits on a live object even when the
    Task's C++ side was deleted with its window."""

    progress_from_thread = Signal(object)
    end_from_thread = Signal(object, object)  # (result, exception or None)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task: Task | None = task
        queued = Qt.ConnectionType.QueuedConnection
        # Queued into this object's thread (the GUI thread, where the Task was made).
        self.progress_from_thread.connect(self._on_progress, queued)
        self.end_from_thread.connect(self._on_end, queued)

    def _on_progress(self, value: object) -> None:
        task = self.task
        if task is not None and isValid(task):
            task.progress.emit(value)

    def _on_end(self, result: object, error: object) -> None:
        task, self.task = self.task, None
        if task is not None:
            task._deliver(result, error if isinstance(error, BaseException) else None)


class Task(QObject):
    progress = Signal(object)  # whatever the work passed to control.report()
    succeeded = Signal(object)  # the work's return value
    failed = Signal(str)  # a clear message (see `describe_error`); `error` holds the exception

    def __init__(
        self,
        work: Work,
        *,
        name: str = "Task",
        describe_error: Callable[[BaseException], str] = error_message,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._name = name
        self._describe_error = describe_error
        self._courier = _Courier(self)
        self.control = TaskControl(self._courier.progress_from_thread.emit)
        self.error: BaseException | None = None
        self._running = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def name(self) -> str:
        return self._name

    @property
    def cancel_event(self) -> threading.Event:
        return self.control.cancel_event

    def start(self) -> None:
        """Start the work (call from the GUI thread, once)."""
        self._running = True
        _running_tasks.add(self)
        _stop_tasks_on_quit()
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; it ends as the work decides (a partial result, or failure)."""
        self.control.cancel_event.set()

    def is_cancelled(self) -> bool:
        return self.control.cancelled

    def is_running(self) -> bool:
        """True from start() until the result has been emitted."""
        return self._running

    def wait(self, timeout_s: float | None = None) -> bool:
        """Join the worker thread (for shutdown); True when it has ended. The result still
        arrives through the event loop."""
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self.control)
        except BaseException as exc:  # every failure reaches the user as a message
            self._courier.end_from_thread.emit(None, exc)
            if not isinstance(exc, Exception):
                raise  # SystemExit, KeyboardInterrupt: delivered, and still allowed to stop us
        else:
            self._courier.end_from_thread.emit(result, None)

    def _deliver(self, result: object, error: BaseException | None) -> None:
        # The worker's last act was to emit this; let it leave that emit (and the thread)
        # before anyone may delete this object in reaction.
        self._thread.join()
        self._running = False
        _running_tasks.discard(self)
        if not isValid(self):  # deleted with its owner while the work ran: nobody to tell
            return
        if error is not None:
            self.error = error
            message = self._describe_error(error)
            _log.info("%s failed: %s", self._name, message)
            self.failed.emit(message)
        else:
            self.succeeded.emit(result)


_running_tasks: set[Task] = set()
_quit_hook_installed = False


def running_tasks() -> list[Task]:
    return list(_running_tasks)


def stop_running_tasks(timeout_s: float = QUIT_WAIT_S) -> None:
    """Cancel every running task and join their threads, waiting `timeout_s` at most in all."""
    tasks = list(_running_tasks)
    for task in tasks:
        task.cancel()
    ends = time.monotonic() + timeout_s
    for task in tasks:
        if not task.wait(max(0.0, ends - time.monotonic())):
            _log.warning("%s still running at quit", task.name)


def _stop_tasks_on_quit() -> None:
    global _quit_hook_installed
    app = QCoreApplication.instance()
    if _quit_hook_installed or app is None:
        return
    app.aboutToQuit.connect(stop_running_tasks)
    _quit_hook_installed = True
