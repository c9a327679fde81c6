"""Download speed over a sliding window, and byte counts written for people.

A whole-download average hides a stall, and a per-chunk rate jumps wildly; a few seconds of
recent samples is what a person expects "speed" to mean.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Final

WINDOW_S: Final = 4.0
_UNITS: Final = ("bytes", "KB", "MB", "GB", "TB")


class TransferRate:
    """Feed it (bytes done) as they grow; `bytes_per_s` is the rate over the last few seconds."""

    def __init__(
        self, *, window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._window_s = window_s
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        """Forget old samples (after a pause, the bytes already on disk are not speed)."""
        self._samples.clear()

    def add(self, done: int) -> None:
        now = self._clock()
        if self._samples and done < self._samples[-1][1]:
            self._samples.clear()  # the download restarted from an earlier offset
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self._window_s:
            self._samples.popleft()

    @property
    def bytes_per_s(self) -> float | None:
        """None until two samples some time apart exist."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 <= 0:
            return None
        return (b1 - b0) / (t1 - t0)

    def seconds_left(self, done: int, total: int) -> float | None:
        rate = self.bytes_per_s
        if rate is None or rate <= 0 or total <= 0:
            return None
        return max(0.0, (total - done) / rate)


def human_bytes(count: float) -> str:
    """1234567 -> '1.2 MB' (decimal units, as disks and download pages count)."""
    value = float(count)
    for unit in _UNITS:
        if abs(value) < 1000 or unit == _UNITS[-1]:
            if unit == "bytes":
                return f"{int(value)} bytes"
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def human_duration(seconds: float) -> str:
    """75 -> '1 min 15 s'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
