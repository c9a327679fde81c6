"""The reply-speed estimate: memory throughput over model size, in plain words."""

from __future__ import annotations

import pytest

from app.library.fit import DeviceMemory
from app.library.machine import Machine
from app.library.speed_estimate import (
    DECODE_EFFICIENCY,
    DISCRETE_GPU_DECODE_BYTES_PER_S,
    WORDS_PER_TOKEN,
    estimate_speed,
    measure_memory_throughput,
    reading_comparison,
    words_per_second_text,
)

GIB = 1024**3
GB = 1_000_000_000
CPU_RATE = 12e9  # what the probe would have measured, given here


def machine(*gpus: DeviceMemory) -> Machine:
    return Machine(16 * GIB, 10 * GIB, tuple(gpus), "CUDA" if gpus else "CPU", 8)


def test_on_the_cpu_speed_is_memory_throughput_over_model_size() -> None:
    small = estimate_speed(2 * GB, machine(), CPU_RATE)
    large = estimate_speed(4 * GB, machine(), CPU_RATE)
    assert small.runs_on == large.runs_on == "cpu"
    assert small.tokens_per_s == pytest.approx(CPU_RATE * DECODE_EFFICIENCY / (2 * GB))
    assert large.tokens_per_s == pytest.approx(small.tokens_per_s / 2)
    assert small.words_per_s == pytest.approx(small.tokens_per_s * WORDS_PER_TOKEN)
    assert "measured" in small.basis


def test_a_model_that_fits_on_the_graphics_card_runs_at_its_speed() -> None:
    card = DeviceMemory("CUDA0", 12 * GIB, 16 * GIB)
    on_gpu = estimate_speed(4 * GB, machine(card), CPU_RATE)
    assert on_gpu.runs_on == "gpu"
    assert on_gpu.tokens_per_s == pytest.approx(DISCRETE_GPU_DECODE_BYTES_PER_S / (4 * GB))


def test_a_model_partly_on_the_graphics_card_lies_between_cpu_and_gpu_speed() -> None:
    card = DeviceMemory("CUDA0", 3 * GIB, 4 * GIB)
    split = estimate_speed(6 * GB, machine(card), CPU_RATE)
    cpu_only = estimate_speed(6 * GB, machine(), CPU_RATE)
    assert split.runs_on == "cpu"
    assert cpu_only.tokens_per_s < split.tokens_per_s
    assert split.tokens_per_s < DISCRETE_GPU_DECODE_BYTES_PER_S / (6 * GB)


def test_unified_memory_gpus_are_a_little_faster_than_the_cpu() -> None:
    apple = DeviceMemory("MTL0", 10 * GIB, 16 * GIB, unified=True)
    gpu = estimate_speed(4 * GB, machine(apple), CPU_RATE)
    cpu = estimate_speed(4 * GB, machine(), CPU_RATE)
    assert gpu.runs_on == "gpu"
    assert gpu.tokens_per_s > cpu.tokens_per_s


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (0.4, "less than one word a second"),
        (1.2, "about one word a second"),
        (11.6, "about 12 words a second"),
        (33.0, "about 35 words a second"),
        (250.0, "over 100 words a second"),
    ],
)
def test_speed_reads_as_plain_words(words: float, text: str) -> None:
    assert words_per_second_text(words) == text


def test_speed_is_compared_with_reading() -> None:
    assert reading_comparison(12) == "faster than you can read"
    assert reading_comparison(4) == "about as fast as you read"
    assert reading_comparison(1).startswith("slower than you read")


def test_the_probe_measures_a_positive_throughput() -> None:
    measured = measure_memory_throughput(size_bytes=4 * 1024**2, repeats=2)
    assert measured > 0
