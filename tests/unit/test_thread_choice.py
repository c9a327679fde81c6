"""Adaptive threads: driven by injected CPU-time samples, and once by a real busy process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from app.engine.thread_choice import (
    BASELINE_TOKENS,
    STRETCH_TOKENS,
    CpuSample,
    SlowdownWatch,
    ThreadChooser,
    read_cpu_sample,
    threads_for,
)


class FakeClock:
    """Samples as a machine would give them: `others` cores busy elsewhere, `own` here."""

    def __init__(self, others: float, own: float = 0.0) -> None:
        self.others = others
        self.own = own
        self.at = 100.0
        self.sleeps: list[float] = []

    def read(self) -> CpuSample:
        busy = (self.others + self.own) * self.at
        return CpuSample(self.at, busy, self.own * self.at)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.at += seconds


def chooser(clock: FakeClock, *, max_threads: int = 2, fixed: bool = False) -> ThreadChooser:
    return ThreadChooser(max_threads=max_threads, fixed=fixed, read=clock.read, sleep=clock.sleep)


def test_a_quiet_machine_gets_every_core() -> None:
    assert chooser(FakeClock(others=0.05)).choose() == 2
    assert chooser(FakeClock(others=0.2), max_threads=8).choose() == 8


def test_a_core_busy_elsewhere_leaves_one_thread_fewer() -> None:
    assert chooser(FakeClock(others=1.0)).choose() == 1
    assert chooser(FakeClock(others=0.7)).choose() == 1
    assert chooser(FakeClock(others=2.0), max_threads=8).choose() == 6
    # Never below one thread, however busy the machine.
    assert chooser(FakeClock(others=5.0)).choose() == 1


def test_this_process_own_work_does_not_count_as_load() -> None:
    assert chooser(FakeClock(others=0.0, own=1.5)).choose() == 2


def test_each_reply_applies_its_choice_to_the_context() -> None:
    clock = FakeClock(others=1.0)
    applied: list[int] = []
    threads = ThreadChooser(
        max_threads=2, fixed=False, apply=applied.append, read=clock.read, sleep=clock.sleep
    )
    assert threads.start_reply().started == 1
    clock.others, clock.at = 0.0, clock.at + 30
    assert threads.start_reply().started == 2
    assert applied == [1, 2]


def test_a_fixed_number_is_used_whatever_the_load() -> None:
    clock = FakeClock(others=1.0)
    fixed = chooser(clock, max_threads=2, fixed=True)
    assert [fixed.choose() for _ in range(3)] == [2, 2, 2]
    assert clock.sleeps == []  # nothing measured


def test_a_sample_kept_from_the_last_reply_spares_the_measuring_window() -> None:
    clock = FakeClock(others=1.0)
    threads = chooser(clock)
    assert threads.choose() == 1
    assert len(clock.sleeps) == 1
    threads.reply_ended()
    clock.at += 0.5  # the next request comes half a second later (an API client)
    clock.others = 0.0
    # The load since the kept sample is what counts, and no new window was waited for; the
    # busy core's history is already in the kept sample's totals, so only the last 0.5 s count.
    assert threads.choose() == 2
    assert len(clock.sleeps) == 1
    clock.at += 60.0  # long after a reply: a fresh window is measured
    assert threads.choose() == 2
    assert len(clock.sleeps) == 2


def test_the_load_change_between_replies_changes_the_choice() -> None:
    clock = FakeClock(others=0.0)
    threads = chooser(clock)
    assert threads.choose() == 2
    clock.at += 30
    clock.others = 1.0
    assert threads.choose() == 1


def token_times(rates: list[tuple[int, float]]) -> list[float]:
    """Times of tokens produced at `rate` tok/s for `count` tokens each, in order."""
    times, at = [0.0], 0.0
    for count, rate in rates:
        for _ in range(count):
            at += 1.0 / rate
            times.append(at)
    return times


def drops(watch: SlowdownWatch, times: list[float]) -> list[int]:
    return [n for n in (watch.on_token(t) for t in times) if n is not None]


def test_a_steady_reply_keeps_its_threads() -> None:
    watch = SlowdownWatch(2, enabled=True)
    assert drops(watch, token_times([(200, 100.0)])) == []
    assert watch.threads == 2


def test_a_reply_that_slows_sharply_gives_up_one_thread() -> None:
    applied: list[int] = []
    watch = SlowdownWatch(2, enabled=True, apply=applied.append)
    slow = token_times([(BASELINE_TOKENS + 4, 100.0), (4 * STRETCH_TOKENS, 30.0)])
    assert drops(watch, slow) == [1]
    assert watch.threads == 1
    assert applied == [1] and watch.started == 2


def test_a_fixed_count_or_one_thread_never_drops() -> None:
    slow = token_times([(BASELINE_TOKENS + 4, 100.0), (4 * STRETCH_TOKENS, 10.0)])
    assert drops(SlowdownWatch(4, enabled=False), slow) == []
    assert drops(SlowdownWatch(1, enabled=True), slow) == []


def test_threads_for_rounds_half_a_core_up() -> None:
    assert [threads_for(4, load) for load in (0.0, 0.49, 0.5, 1.49, 1.5, 9.0)] == [
        4,
        4,
        3,
        3,
        2,
        1,
    ]


@pytest.mark.skipif(read_cpu_sample() is None, reason="this platform hides CPU times")
def test_a_real_busy_process_takes_a_thread() -> None:
    cores = os.cpu_count() or 1
    if cores < 2:
        pytest.skip("one CPU: there is no thread to give up")
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)  # the interpreter starts and spins
        threads = ThreadChooser(max_threads=cores, fixed=False)
        assert threads.choose() < cores
        assert threads.last_others_load is not None and threads.last_others_load >= 0.5
    finally:
        busy.kill()
        busy.wait()
