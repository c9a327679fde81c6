"""Run one catalog download on a plain thread; its progress and its end come back as signals.

Like `BackgroundTask`, but a download ends in one of four ways (done, paused, cancelled,
failed) and its byte counts pass 2 GiB, so they travel as Python ints (`Signal(object, ...)`).
Progress is thinned to about ten updates a second: a fast connection delivers thousands of
network reads a second, and the GUI thread must not redraw for each.
"""

from __future__ import annotations

import threading
import time
from typing import Final

from PySide6.QtCore import QObject, Qt, Signal

from app.library.catalog import CatalogEntry
from app.library.download import (
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadManager,
    DownloadPaused,
    Phase,
)

PROGRESS_INTERVAL_S: Final = 0.1


class DownloadTask(QObject):
    progress = Signal(object, object)  # bytes done, bytes total (Python ints)
    phase_changed = Signal(str)  # "checking", "downloading", "verifying", "registering"
    succeeded = Signal(object)  # DownloadResult
    paused = Signal(object)  # bytes kept on disk
    cancelled = Signal()
    failed = Signal(str)
    _progress_from_thread = Signal(object, object)
    _phase_from_thread = Signal(str)
    _end_from_thread = Signal(str, object)  # (how it ended, value)

    def __init__(
        self, downloads: DownloadManager, entry: CatalogEntry, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.entry = entry
        self._downloads = downloads
        self._control = DownloadControl()
        self._last_report = 0.0
        self._running = False
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_thread.connect(self.progress, queued)
        self._phase_from_thread.connect(self.phase_changed, queued)
        self._end_from_thread.connect(self._relay_end, queued)
        self._thread = threading.Thread(target=self._run, name="DownloadTask", daemon=True)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def pause(self) -> None:
        self._control.pause()

    def cancel(self) -> None:
        self._control.cancel()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Join the thread; True when it has ended."""
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._downloads.download(
                self.entry, progress=self._report, on_phase=self._phase, control=self._control
            )
        except DownloadPaused as stop:
            self._end_from_thread.emit("paused", stop.bytes_kept)
        except DownloadCancelled:
            self._end_from_thread.emit("cancelled", None)
        except DownloadError as exc:
            self._end_from_thread.emit("failed", str(exc))
        except Exception as exc:  # the dialog shows every failure as a message
            self._end_from_thread.emit("failed", f"{type(exc).__name__}: {exc}")
        else:
            self._end_from_thread.emit("succeeded", result)

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_report = now
            self._progress_from_thread.emit(done, total)

    def _phase(self, phase: Phase) -> None:
        self._last_report = 0.0  # show the first update of the next phase at once
        self._phase_from_thread.emit(phase)

    def _relay_end(self, how: str, value: object) -> None:
        self._running = False
        if how == "succeeded":
            self.succeeded.emit(value)
        elif how == "paused":
            self.paused.emit(value)
        elif how == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))
