"""Pause and cancel for a download running on another thread, and how a download ends badly.

The download loop calls `DownloadControl.check()` between network reads, so a pause or cancel
takes effect mid-file within one read (a read waits at most the HTTP read timeout on a stalled
connection). Pausing keeps the partial file for a later resume; cancelling removes it.
"""

from __future__ import annotations

import threading


class DownloadError(Exception):
    """A download failed; `str(error)` says why and what the user can do."""


class DownloadStopped(Exception):
    """The user paused or cancelled the download."""

    def __init__(self, message: str, *, bytes_kept: int) -> None:
        super().__init__(message)
        self.bytes_kept = bytes_kept


class DownloadPaused(DownloadStopped):
    """Paused: the partial file is kept and a later download of the same entry resumes it."""


class DownloadCancelled(DownloadStopped):
    """Cancelled: the partial file was removed."""


class DownloadControl:
    """Thread-safe pause/cancel flags for one download.

    `cancel_event` may be shared with other code (e.g. a background task's own cancel event);
    it also interrupts the final hashing pass.
    """

    def __init__(self, cancel_event: threading.Event | None = None) -> None:
        self.cancel_event = cancel_event or threading.Event()
        self._pause = threading.Event()
        self._wake = threading.Condition()

    def pause(self) -> None:
        self._pause.set()
        self._notify()

    def cancel(self) -> None:
        self.cancel_event.set()
        self._notify()

    @property
    def pause_requested(self) -> bool:
        return self._pause.is_set()

    @property
    def cancel_requested(self) -> bool:
        return self.cancel_event.is_set()

    def check(self, *, bytes_kept: int) -> None:
        """Raise `DownloadCancelled` or `DownloadPaused` when the user asked for it."""
        if self.cancel_event.is_set():
            raise DownloadCancelled("the download was cancelled", bytes_kept=0)
        if self._pause.is_set():
            raise DownloadPaused("the download was paused", bytes_kept=bytes_kept)

    def sleep(self, seconds: float) -> None:
        """Wait before a retry, waking early when the user pauses or cancels."""
        with self._wake:
            self._wake.wait_for(
                lambda: self._pause.is_set() or self.cancel_event.is_set(), timeout=seconds
            )

    def _notify(self) -> None:
        with self._wake:
            self._wake.notify_all()
