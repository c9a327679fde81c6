"""How fast a model will write on this computer, estimated before it is downloaded.

Generating one token reads every weight of the model once, so on a CPU the reply speed is
bounded by how fast memory delivers the file's bytes, not by arithmetic. The estimate is
therefore: memory throughput, measured here by copying buffers much larger than the CPU caches
on as many threads as llama.cpp decodes with, times the share of it that llama.cpp's decode
turns into reading weights (`DECODE_EFFICIENCY`, measured by bench/first_run_speed.py),
divided by the model's size. A GPU has no such quick measurement; a conservative figure for discrete
cards stands in. Every figure shown to the user is called an estimate.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from typing import Final

import numpy as np
import psutil

from app.library.machine import Machine, RunsOn, fits_on_gpu
from app.library.transfer_rate import human_bytes

WORDS_PER_TOKEN: Final = 0.75  # English text averages about 4 characters, 3/4 of a word, a token
PROBE_BYTES: Final = 128 * 1024**2  # well past any CPU cache; copied in ~10-40 ms
PROBE_REPEATS: Final = 4
PROBE_MAX_THREADS: Final = 8  # memory is saturated well before this many cores
# Decode throughput (model bytes x tokens/s) as a share of the copy throughput the probe
# measures. bench/first_run_speed.py on a 2-core VM: 0.84 (1 thread) and 0.99 (2 threads) for
# the Q4_1 starter, 1.7-2.1 for it re-encoded as F16/F32 (a copy also writes, decoding only
# reads, and unpacked weights cost no arithmetic). The catalog's models are 4- to 8-bit, whose
# unpacking costs arithmetic per byte: the Q4_1 figure, a little lower, keeps on the slow side.
DECODE_EFFICIENCY: Final = 0.9
# When the probe cannot run: what a modest laptop's memory delivers.
FALLBACK_CPU_BYTES_PER_S: Final = 8e9
# What llama.cpp's decode reads per second on a discrete card: cards range from ~130 GB/s
# (entry level) to over 1 TB/s of memory bandwidth, and decoding reaches most of it. An
# entry-level card's figure keeps the promise honest (not measured here: no GPU).
DISCRETE_GPU_DECODE_BYTES_PER_S: Final = 100e9
# Apple silicon and integrated GPUs share the system memory: at least as fast as the CPU there.
UNIFIED_GPU_FACTOR: Final = 1.5


@dataclass(frozen=True)
class SpeedEstimate:
    tokens_per_s: float
    runs_on: RunsOn
    basis: str  # what the figure rests on, for a tooltip

    @property
    def words_per_s(self) -> float:
        return self.tokens_per_s * WORDS_PER_TOKEN

    def text(self) -> str:
        """ "about 12 words a second" (plain; the caller says it is an estimate)."""
        return words_per_second_text(self.words_per_s)


def measure_memory_throughput(
    size_bytes: int = PROBE_BYTES, repeats: int = PROBE_REPEATS, threads: int = 1
) -> float:
    """Bytes a second that `threads` threads together copy between large buffers (each its
    own part; numpy copies without holding the GIL). The best of a few tries: another program
    busy for a moment only makes a try slower."""
    threads = max(1, threads)
    part = max(1, size_bytes // threads)
    sources = [np.ones(part, dtype=np.uint8) for _ in range(threads)]
    targets = [np.empty_like(source) for source in sources]
    for source, target in zip(sources, targets, strict=True):
        np.copyto(target, source)  # touch every page first: page faults are not memory speed
    best = float("inf")
    for _ in range(repeats):
        start = threading.Barrier(threads + 1)

        def copy(index: int, start: threading.Barrier = start) -> None:
            start.wait()
            np.copyto(targets[index], sources[index])

        workers = [threading.Thread(target=copy, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        start.wait()
        started = time.perf_counter()
        for worker in workers:
            worker.join()
        best = min(best, time.perf_counter() - started)
    return part * threads / max(best, 1e-9)


@functools.cache
def cpu_memory_throughput() -> float:
    """This computer's memory throughput, measured once per run on as many threads as it has
    cores (llama.cpp decodes on all of them); a modest laptop's figure when it cannot be
    measured (no memory for the buffers)."""
    cores = psutil.cpu_count(logical=False) or psutil.cpu_count() or 1
    try:
        return measure_memory_throughput(threads=min(PROBE_MAX_THREADS, cores))
    except (MemoryError, ValueError, RuntimeError):
        return FALLBACK_CPU_BYTES_PER_S


def estimate_speed(size_bytes: int, machine: Machine, cpu_bytes_per_s: float) -> SpeedEstimate:
    """Tokens a second for a model of `size_bytes`, where `recommend` would run it.

    Layers that fit on a discrete GPU run at its speed and the rest at the CPU's: the time per
    token is the sum of both parts' reading time."""
    cpu_rate = cpu_bytes_per_s * DECODE_EFFICIENCY
    size = max(1, size_bytes)
    if machine.gpus and not machine.discrete_gpus:
        if fits_on_gpu(size_bytes, machine):
            rate = cpu_rate * UNIFIED_GPU_FACTOR
            return SpeedEstimate(
                rate / size, "gpu", f"{_basis(cpu_bytes_per_s)}, on the GPU that shares it"
            )
        return SpeedEstimate(cpu_rate / size, "cpu", _basis(cpu_bytes_per_s))
    on_gpu = min(size, machine.usable_vram_bytes) if machine.discrete_gpus else 0
    seconds = on_gpu / DISCRETE_GPU_DECODE_BYTES_PER_S + (size - on_gpu) / cpu_rate
    if on_gpu >= size:
        rate_text = human_bytes(DISCRETE_GPU_DECODE_BYTES_PER_S)
        basis = f"an entry-level graphics card's {rate_text}/s"
        return SpeedEstimate(1 / seconds, "gpu", basis)
    return SpeedEstimate(1 / seconds, "cpu", _basis(cpu_bytes_per_s))


def words_per_second_text(words_per_s: float) -> str:
    if words_per_s < 1:
        return "less than one word a second"
    if words_per_s < 1.5:
        return "about one word a second"
    if words_per_s < 20:
        return f"about {round(words_per_s)} words a second"
    if words_per_s < 100:
        return f"about {5 * round(words_per_s / 5)} words a second"
    return "over 100 words a second"


def reading_comparison(words_per_s: float) -> str:
    """How the speed feels: people read about 4 words a second (240 a minute)."""
    if words_per_s >= 6:
        return "faster than you can read"
    if words_per_s >= 3:
        return "about as fast as you read"
    return "slower than you read; fine for short answers"


def _basis(cpu_bytes_per_s: float) -> str:
    return f"this computer's memory, measured at {human_bytes(cpu_bytes_per_s)}/s"
