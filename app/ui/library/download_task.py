"""One catalog download as a Task; its progress and its end come back as signals.

A download ends in one of four ways (done, paused, cancelled, failed) and its byte counts pass
2 GiB, so they travel as Python ints (`Signal(object, ...)`). Progress is thinned to about ten
updates a second: a fast connection delivers thousands of network reads a second, and the GUI
thread must not redraw for each. The thread itself is a Task's (app.ui.common.task).
"""

from __future__ import annotations

import time
from typing import Final

from PySide6.QtCore import QObject, Signal

from app.library.catalog import CatalogEntry
from app.library.download import (
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadManager,
    DownloadPaused,
    Phase,
)
from app.ui.common.task import Task, TaskControl

PROGRESS_INTERVAL_S: Final = 0.1


class DownloadTask(QObject):
    progress = Signal(object, object)  # bytes done, bytes total (Python ints)
    phase_changed = Signal(str)  # "checking", "downloading", "verifying", "registering"
    succeeded = Signal(object)  # DownloadResult
    paused = Signal(object)  # bytes kept on disk
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self, downloads: DownloadManager, entry: CatalogEntry, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.entry = entry
        self._downloads = downloads
        self._control = DownloadControl()
        self._last_report = 0.0
        self._task = Task(self._download, name="DownloadTask", parent=self)
        self._task.progress.connect(self._relay_progress)
        self._task.succeeded.connect(self._relay_end)
        self._task.failed.connect(self.failed)

    @property
    def running(self) -> bool:
        return self._task.is_running()

    def start(self) -> None:
        self._task.start()

    def pause(self) -> None:
        self._control.pause()

    def cancel(self) -> None:
        self._control.cancel()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Join the thread; True when it has ended."""
        return self._task.wait(timeout_s)

    def _download(self, control: TaskControl) -> tuple[str, object]:
        """On the Task's thread: the download, its end as (how it ended, value)."""

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - self._last_report >= PROGRESS_INTERVAL_S or (total and done >= total):
                self._last_report = now
                control.report(("bytes", done, total))

        def on_phase(phase: Phase) -> None:
            self._last_report = 0.0  # show the first update of the next phase at once
            control.report(("phase", phase))

        try:
            result = self._downloads.download(
                self.entry, progress=report, on_phase=on_phase, control=self._control
            )
        except DownloadPaused as stop:
            return ("paused", stop.bytes_kept)
        except DownloadCancelled:
            return ("cancelled", None)
        except DownloadError as exc:
            return ("failed", str(exc))
        except Exception as exc:  # the dialog shows every failure as a message
            return ("failed", f"{type(exc).__name__}: {exc}")
        return ("succeeded", result)

    def _relay_progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        if value[0] == "phase":
            self.phase_changed.emit(value[1])
        else:
            self.progress.emit(value[1], value[2])

    def _relay_end(self, end: object) -> None:
        how, value = end if isinstance(end, tuple) else ("failed", "no result")
        if how == "succeeded":
            self.succeeded.emit(value)
        elif how == "paused":
            self.paused.emit(value)
        elif how == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))
