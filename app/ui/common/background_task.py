"""A byte-counting job (hashing a model, copying a file) as a Task: `progress(done, total)`.

The job is `job(report, cancel_event)`; it runs on a Task's thread (see app.ui.common.task), so
its progress and result arrive in the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.common.task import Task, TaskControl

Job = Callable[[Callable[[int, int], None], threading.Event], Any]


class BackgroundTask(QObject):
    progress = Signal(int, int)  # done, total (scaled to fit a Qt int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)

        def work(control: TaskControl) -> object:
            return job(lambda done, total: control.report((done, total)), control.cancel_event)

        self._task = Task(work, name="BackgroundTask", parent=self)
        self.cancel_event = self._task.cancel_event
        self._task.progress.connect(self._relay_progress)
        self._task.succeeded.connect(self.succeeded)
        self._task.failed.connect(self.failed)

    def start(self) -> None:
        self._task.start()

    def cancel(self) -> None:
        self._task.cancel()

    def wait(self, timeout_s: float | None = None) -> None:
        self._task.wait(timeout_s)

    def _relay_progress(self, value: object) -> None:
        # Signal(int, int) overflows past 2 GiB: the job's Python ints are scaled here.
        done, total = value if isinstance(value, tuple) else (0, 0)
        scale = max(1, int(total) // 1_000_000)
        self.progress.emit(int(done) // scale, int(total) // scale)
