"""Shared pieces of the hostile-input tests: example counts, a memory bound, byte mutations.

HEARTH_FUZZ_EXAMPLES scales every target: the default keeps the suite fast; a soak run sets it
to, say, 5000. Each target prints how many inputs it tried (`pytest -s` shows them).
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

DEFAULT_EXAMPLES = 100
EXAMPLES = int(os.environ.get("HEARTH_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
# A hang guard, not a performance figure: far above any honest parse of these small inputs.
DEADLINE_MS = 10_000
# Python-level allocations one hostile input may cause (inputs are at most a few MB).
MEMORY_BOUND_BYTES = 256 * 1024 * 1024

T = TypeVar("T")


def fuzz_settings(scale: float = 1.0) -> settings:
    return settings(
        max_examples=max(10, int(EXAMPLES * scale)),
        deadline=DEADLINE_MS,
        derandomize=os.environ.get("HEARTH_FUZZ_RANDOM") is None,  # reproducible by default
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


class Tally:
    """Counts the inputs a target was given, for the report."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.tried = 0
        self.outcomes: dict[str, int] = {}

    def note(self, outcome: str) -> None:
        self.tried += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def report(self) -> None:
        print(f"\nfuzz target {self.target}: {self.tried} inputs tried; outcomes {self.outcomes}")


@contextmanager
def bounded_memory(what: str) -> Iterator[None]:
    """Fail if the block allocates more than MEMORY_BOUND_BYTES at its peak (Python heap)."""
    tracemalloc.start()
    try:
        yield
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND_BYTES, f"{what}: {peak:,} bytes allocated at the peak"


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, *, protect: int = 0) -> bytes:
    """`seed` with a few hostile edits: truncation, flipped bytes, spliced junk, huge integers.

    `protect` keeps that many leading bytes intact (e.g. the magic), so most inputs get past the
    first check and reach the deeper parsing.
    """
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["truncate", "flip", "splice", "u64", "zero", "dup"]))
        if len(data) <= protect:
            break
        at = draw(st.integers(protect, len(data) - 1))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "u64":
            value = draw(st.sampled_from([0, 1, 2**31, 2**32 - 1, 2**63 - 1, 2**64 - 1]))
            data[at : at + 8] = value.to_bytes(8, "little")
        elif kind == "zero":
            end = min(len(data), at + draw(st.integers(1, 4096)))
            data[at:end] = bytes(end - at)
        else:
            end = min(len(data), at + draw(st.integers(1, 512)))
            data[at:at] = data[at:end]
    return bytes(data)


def expect_only(
    call: Callable[[], T], allowed: tuple[type[BaseException], ...]
) -> T | BaseException:
    """Run `call`; return its result, or the allowed exception it raised (anything else fails)."""
    try:
        return call()
    except allowed as exc:
        return exc
