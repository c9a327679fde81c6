"""How many CPU threads a reply decodes with: every core that is free when it starts.

llama.cpp's threads meet at a barrier after every graph node, so one thread that the scheduler
keeps waiting (because another program wants its core) stalls all of them. Measured on a 2-core
machine (issue 21): quiet, 2 threads decoded at 120 tok/s against 78 for 1; with one core kept
busy by another process, 2 threads fell to 36-39 tok/s while 1 thread kept 78-83. No fixed count
is right, so in Automatic mode each reply measures what other processes use right before it
starts and takes the cores they leave; a reply that slows sharply mid-way (someone else started
working) gives up a thread. Switching costs nothing (`llama_set_n_threads`).

Qt-free and llama-free: the engine passes a function that applies a count to its context.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

_log = logging.getLogger(__name__)

# Another program's load counts as taking a core once it uses half of one: below that the
# barrier waits are short enough that the extra thread still pays (quiet machines show a few
# percent of background load from the desktop alone).
CORE_TAKEN_AT = 0.5
# The measuring window before a reply when no recent sample is kept: /proc/stat counts in 10 ms
# ticks, so 50 ms on two cores resolves a busy core to about a fifth of a core.
FRESH_WINDOW_S = 0.05
# A sample kept from the end of the previous reply is used instead of waiting for a fresh
# window when it is at least this fresh: back-to-back requests (the API) then wait for nothing.
KEPT_SAMPLE_MAX_AGE_S = 2.0
# Mid-reply: the reply's rate over its first tokens is the baseline; a later stretch slower
# than this share of it means the machine got busy, so one thread is given up.
SLOWDOWN_SHARE = 0.5
BASELINE_TOKENS = 8
STRETCH_TOKENS = 16


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used since boot by every process, and by this one, at one moment."""

    at_s: float  # time.monotonic()
    all_busy_s: float
    own_busy_s: float


def physical_cores() -> int:
    """Physical cores: hyper-threads share a core's vector units and slow decoding down."""
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:  # pragma: no cover - psutil is a dependency; be safe when frozen
        physical = None
    return max(1, physical or os.cpu_count() or 1)


def read_cpu_sample() -> CpuSample | None:
    """The machine's and this process's CPU time now (None where the platform hides it)."""
    try:
        import psutil

        times = psutil.cpu_times()
    except (ImportError, OSError, RuntimeError):  # pragma: no cover - defensive
        return None
    # iowait is waiting, not using a core; guest time is already inside user on Linux.
    busy = sum(
        getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq", "steal")
    )
    return CpuSample(time.monotonic(), busy, time.process_time())


def others_load(before: CpuSample, after: CpuSample) -> float:
    """Cores' worth of CPU that other processes used between the two samples."""
    wall = after.at_s - before.at_s
    if wall <= 0:
        return 0.0
    others = (after.all_busy_s - before.all_busy_s) - (after.own_busy_s - before.own_busy_s)
    return max(0.0, others / wall)


def threads_for(cores: int, others: float) -> int:
    """The threads to use on `cores` cores when other processes use `others` cores' worth."""
    taken = int(others + (1.0 - CORE_TAKEN_AT))
    return max(1, min(cores, cores - taken))


class ThreadChooser:
    """Picks each reply's thread count (Automatic), or always the user's fixed number."""

    def __init__(
        self,
        *,
        max_threads: int,
        fixed: bool,
        apply: Callable[[int], None] = lambda _threads: None,
        read: Callable[[], CpuSample | None] = read_cpu_sample,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`apply` sets the thread count of the context the replies are decoded in."""
        self.max_threads = max(1, max_threads)
        self.fixed = fixed
        self._apply = apply
        self._read = read
        self._sleep = sleep
        self._kept: CpuSample | None = None
        self.last_others_load: float | None = None

    def start_reply(self) -> SlowdownWatch:
        """Choose and apply the reply's thread count; the watch drops one when it slows."""
        threads = self.choose()
        self._apply(threads)
        return SlowdownWatch(threads, enabled=not self.fixed, apply=self._apply)

    def choose(self) -> int:
        if self.fixed or self.max_threads == 1:
            return self.max_threads
        before = self._kept
        now = self._read()
        if now is None:
            return self.max_threads
        if before is None or not FRESH_WINDOW_S <= now.at_s - before.at_s <= KEPT_SAMPLE_MAX_AGE_S:
            self._sleep(FRESH_WINDOW_S)
            before, now = now, self._read()
            if now is None:
                return self.max_threads
        self._kept = None
        self.last_others_load = others_load(before, now)
        return threads_for(self.max_threads, self.last_others_load)

    def reply_ended(self) -> None:
        """Keep a sample, so a request that follows at once needs no measuring window."""
        if not self.fixed:
            self._kept = self._read()


class SlowdownWatch:
    """Within one reply: compares the rate of each stretch of tokens with the reply's start and
    says when to give up a thread (never below one, never back up within the reply)."""

    def __init__(
        self,
        threads: int,
        *,
        enabled: bool,
        apply: Callable[[int], None] = lambda _threads: None,
    ) -> None:
        self.started = threads
        self.threads = threads
        self._apply = apply
        self._enabled = enabled and threads > 1
        self._times: list[float] = []
        self._baseline: float | None = None

    def on_token(self, at_s: float) -> int | None:
        """Note a generated token's time; returns the new thread count when one is dropped."""
        if not self._enabled:
            return None
        self._times.append(at_s)
        if self._baseline is None:
            if len(self._times) > BASELINE_TOKENS:
                self._baseline = _rate(self._times)
                self._times = self._times[-1:]
            return None
        if len(self._times) <= STRETCH_TOKENS:
            return None
        stretch = _rate(self._times)
        self._times = self._times[-1:]
        if self._baseline > 0 and stretch < SLOWDOWN_SHARE * self._baseline:
            self.threads -= 1
            self._enabled = self.threads > 1
            self._baseline = None  # the new count gets its own baseline
            _log.info("decoding slowed down mid-reply; going on with %d threads", self.threads)
            self._apply(self.threads)
            return self.threads
        return None


def _rate(times: list[float]) -> float:
    span = times[-1] - times[0]
    return (len(times) - 1) / span if span > 0 else float("inf")
