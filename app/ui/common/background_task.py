"""Run one slow, Qt-free job (hashing a model, copying a file) off the GUI thread.

The job runs on a plain Python thread; its progress and result come back as queued signals, so
the slots run in the GUI thread like any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

Job = Callable[[Callable[[int, int], None], threading.Event], Any]


class BackgroundTask(QObject):
    progress = Signal(int, int)  # done, total (bytes)
    succeeded = Signal(object)
    failed = Signal(str)
    _progress_from_thread = Signal(object, object)
    _result_from_thread = Signal(object, object)  # (result, error message or None)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_thread.connect(self._relay_progress, queued)
        self._result_from_thread.connect(self._relay_result, queued)
        self._thread = threading.Thread(target=self._run, name="BackgroundTask", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.cancel_event.set()

    def wait(self, timeout_s: float | None = None) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            result = self._job(self._report, self.cancel_event)
        except Exception as exc:  # the GUI shows every failure as a message
            self._result_from_thread.emit(None, str(exc) or type(exc).__name__)
        else:
            self._result_from_thread.emit(result, None)

    def _report(self, done: int, total: int) -> None:
        self._progress_from_thread.emit(done, total)

    def _relay_progress(self, done: object, total: object) -> None:
        # Signal(int, int) overflows past 2 GiB: pass Python ints, scale here.
        done_i, total_i = int(str(done)), int(str(total))
        scale = max(1, total_i // 1_000_000)
        self.progress.emit(done_i // scale, total_i // scale)

    def _relay_result(self, result: object, error: object) -> None:
        if error is not None:
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(result)
