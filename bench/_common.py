"""What every bench script shares: the settings all contenders use, and how results travel.

Each measurement runs in its own subprocess (`python bench/<script>.py --config JSON`) and
prints its result as one line `BENCH_RESULT {...}` on stdout; `run.py` collects those lines.
Nothing here asserts a timing: the scripts print figures, people judge them.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
STARTER_MODEL = REPO_ROOT / ".cache" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
RESULT_PREFIX = "BENCH_RESULT "

# A prompt that makes the starter model write well past 200 tokens with the sampling below, so
# no contender stops early at an end-of-generation token (run.py checks the counts agree).
SYSTEM_PROMPT = "You are a helpful assistant who writes long, detailed answers."
LONG_PROMPT = (
    "Write a long, detailed story about a lighthouse keeper on a stormy island who finds a "
    "message in a bottle. Describe the island, the storm, the keeper's daily routine and what "
    "the message says, in at least ten paragraphs."
)
# Short turns for the time-to-first-token bench (one conversation, eight user turns).
SHORT_TURNS = (
    "Hi! Who are you?",
    "What is the capital of France?",
    "And of Italy?",
    "Name a fruit that is yellow.",
    "How many legs does a spider have?",
    "What colour is the sky on a clear day?",
    "Give me a word that rhymes with cat.",
    "Thanks! Say goodbye in one short sentence.",
)


@dataclass(frozen=True)
class BenchConfig:
    """Identical settings for every contender (threads, context, batch, sampling, prompt)."""

    model: str
    n_threads: int
    n_ctx: int = 4096
    n_batch: int = 512
    n_tokens: int = 128  # decode bench: every contender generates exactly this many tokens
    stall_tokens: int = 200  # GUI stall bench: length of the streamed reply
    short_reply_tokens: int = 24  # TTFT bench: reply length per turn
    seed: int = 42
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    warmup_tokens: int = 8
    measure_repeats: int = 3  # decode bench: timed generations per process (median taken)
    system_prompt: str = SYSTEM_PROMPT
    prompt: str = LONG_PROMPT

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> BenchConfig:
        return cls(**json.loads(text))


def config_from_argv(argv: Sequence[str] | None = None) -> tuple[BenchConfig, list[str]]:
    """`--config JSON` (required) plus any other flags, returned untouched for the script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--config" not in args:
        raise SystemExit("usage: bench script --config JSON [flags]  (run.py passes it)")
    index = args.index("--config")
    config = BenchConfig.from_json(args[index + 1])
    return config, args[:index] + args[index + 2 :]


def emit(result: dict[str, Any]) -> None:
    """Print a script's result for run.py (one line, flushed at once)."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def parse_result(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            parsed: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return parsed
    raise ValueError("no BENCH_RESULT line in the script's output")


def decode_rate(n_tokens: int, first_at: float | None, last_at: float | None) -> float:
    """Tokens/s over the decode phase: the first token belongs to prompt evaluation, so the
    rate is (n - 1) tokens over the time from the first token to the last (as Hearth's
    GenerationStats computes it)."""
    if first_at is None or last_at is None or n_tokens < 2 or last_at <= first_at:
        return 0.0
    return (n_tokens - 1) / (last_at - first_at)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1) of a non-empty sequence."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


# ---- a shared machine ------------------------------------------------------------------------
# Two-thread decoding on two cores collapses when anything else wants a core (ggml's threads
# spin at a barrier while their partner waits to be scheduled), so the bench notes how much CPU
# other processes used during each run and retries a disturbed one.

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def system_busy_s() -> float | None:
    """CPU seconds all processes have used since boot (Linux /proc/stat), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def children_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def self_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class ForeignLoad:
    """How much of the machine other processes used between start() and stop()."""

    def __init__(self) -> None:
        self._start: tuple[float | None, float, float] | None = None

    @staticmethod
    def _sample() -> tuple[float | None, float, float]:
        return system_busy_s(), children_cpu_s() + self_cpu_s(), time.monotonic()

    def start(self) -> None:
        self._start = self._sample()

    def stop(self) -> float:
        """Fraction of all CPUs busy with other processes (0..1); 0.0 where unknown."""
        assert self._start is not None
        busy0, ours0, t0 = self._start
        busy1, ours1, t1 = self._sample()
        if busy0 is None or busy1 is None or t1 <= t0:
            return 0.0
        foreign = (busy1 - busy0) - (ours1 - ours0)
        return max(0.0, foreign / ((t1 - t0) * (os.cpu_count() or 1)))


def wait_for_quiet(threshold: float = 0.1, limit_s: float = 120.0) -> float:
    """Wait until the machine's CPUs are less than `threshold` busy; return the last reading."""
    deadline = time.monotonic() + limit_s
    while True:
        before, at = system_busy_s(), time.monotonic()
        time.sleep(0.5)
        after = system_busy_s()
        if before is None or after is None:
            return 0.0
        busy = (after - before) / ((time.monotonic() - at) * (os.cpu_count() or 1))
        if busy < threshold or time.monotonic() > deadline:
            return busy
