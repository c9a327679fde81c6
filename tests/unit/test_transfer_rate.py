"""Download speed over a sliding window, and sizes written for people."""

from __future__ import annotations

import pytest

from app.library.transfer_rate import TransferRate, human_bytes, human_duration


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_follows_recent_samples_not_the_whole_download() -> None:
    clock = Clock()
    rate = TransferRate(window_s=4.0, clock=clock)
    assert rate.bytes_per_s is None
    for second in range(10):  # 10 MB/s for ten seconds...
        clock.now = float(second)
        rate.add(second * 10_000_000)
    assert rate.bytes_per_s == pytest.approx(10_000_000)
    for second in range(10, 20):  # ...then 1 MB/s: the window forgets the fast start
        clock.now = float(second)
        rate.add(90_000_000 + (second - 9) * 1_000_000)
    assert rate.bytes_per_s == pytest.approx(1_000_000)
    assert rate.seconds_left(100_000_000, 150_000_000) == pytest.approx(50.0)


def test_a_restart_from_an_earlier_offset_forgets_old_samples() -> None:
    clock = Clock()
    rate = TransferRate(clock=clock)
    rate.add(5_000_000)
    clock.now = 1.0
    rate.add(6_000_000)
    clock.now = 2.0
    rate.add(0)  # the server ignored Range: the download started again
    assert rate.bytes_per_s is None


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1_500, "1.5 KB"),
        (98_362_432, "98.4 MB"),
        (491_000_000, "491 MB"),
        (4_680_000_000, "4.7 GB"),
        (12_000_000_000_000, "12.0 TB"),
    ],
)
def test_human_bytes(count: int, text: str) -> None:
    assert human_bytes(count) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(4.4, "4 s"), (75, "1 min 15 s"), (120, "2 min"), (3_900, "1 h 5 min")]
)
def test_human_duration(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text
