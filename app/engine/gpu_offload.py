"""How many layers to put on the GPU, what to try when that runs out of memory, and what to tell
the user about it.

"auto" asks the devices how much memory is free now and offloads the most layers that fit
(`app.library.fit.layers_that_fit`). The estimate can still be wrong (another program takes
video memory, a backend needs more than expected), so a failed load with layers on the GPU is
retried with half as many, then a quarter, then none, and the note says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from app.library.fit import DeviceMemory, ModelShape, layers_that_fit

LLAMA_CPP_LOGGER = "hearth.llama_cpp"
# Phrases of llama.cpp's (and its backends') log lines when a buffer cannot be allocated:
# "unable to allocate CUDA0 buffer", "cudaMalloc failed: out of memory",
# "failed to allocate buffer for kv cache", "vk::Device::allocateMemory: ErrorOutOfDeviceMemory".
_OUT_OF_MEMORY_HINTS = ("out of memory", "unable to allocate", "failed to allocate", "outofdevice")


@dataclass(frozen=True)
class OffloadPlan:
    layers: int  # what to ask llama.cpp for first (0 .. total_layers)
    total_layers: int  # repeating blocks + the output layer
    devices: tuple[DeviceMemory, ...]
    auto_limited: bool  # "auto" chose fewer than all layers because of free memory

    @property
    def device_names(self) -> str:
        return ", ".join(d.name for d in self.devices) or "the GPU"

    @property
    def unified_memory(self) -> bool:
        return any(d.unified for d in self.devices)

    def attempts(self) -> list[int]:
        """The layer counts to try in order: the plan, half, a quarter, then the CPU alone."""
        tries = [self.layers]
        for smaller in (self.layers // 2, self.layers // 4, 0):
            if smaller < tries[-1]:
                tries.append(smaller)
        return tries


def plan_offload(
    shape: ModelShape,
    *,
    setting: int | Literal["auto"],
    n_ctx: int,
    n_batch: int,
    devices: Sequence[DeviceMemory],
) -> OffloadPlan:
    """Layers to offload for a `LoadOptions.n_gpu_layers` setting: "auto", -1 (all) or a count.
    Without an offload device the answer is always 0."""
    total = shape.offloadable_layers
    found = tuple(devices)
    if not found:
        return OffloadPlan(0, total, found, auto_limited=False)
    if setting == "auto":
        layers = layers_that_fit(shape, n_ctx=n_ctx, n_batch=n_batch, devices=found)
        return OffloadPlan(layers, total, found, auto_limited=layers < total)
    layers = total if setting < 0 else min(setting, total)
    return OffloadPlan(layers, total, found, auto_limited=False)


def looks_out_of_memory(messages: Sequence[str]) -> bool:
    text = " ".join(messages).lower()
    return any(hint in text for hint in _OUT_OF_MEMORY_HINTS)


def offload_note(plan: OffloadPlan, used: int, failures: Sequence[tuple[int, str]]) -> str | None:
    """One sentence for the user when the model is not entirely on the GPU although one exists.

    `failures` holds (layers tried, why) for each attempt that failed before the one that worked.
    """
    if not plan.devices or used >= plan.total_layers:
        return None
    where = (
        f"with {used} of {plan.total_layers} layers on {plan.device_names}"
        if used
        else "on the CPU only"
    )
    if failures:
        tried, reason = failures[0]
        return (
            f"Loading with {tried} of {plan.total_layers} layers on {plan.device_names} "
            f"failed ({reason}); loaded {where} instead."
        )
    if plan.auto_limited:
        free = sum(d.free_bytes for d in plan.devices) / 1024**3
        if used:
            return f"Loaded {where}: not enough free video memory for all ({free:.1f} GiB free)."
        return (
            f"Loaded on the CPU only: {plan.device_names} has too little free memory "
            f"({free:.1f} GiB)."
        )
    return f"Loaded {where}, as set in Settings."


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def llama_cpp_warnings() -> Iterator[list[str]]:
    """Collect llama.cpp's warning and error lines while the block runs (the reason a load
    failed is only in its log; the Python exception just says "Failed to load model")."""
    handler = _Collect()
    logger = logging.getLogger(LLAMA_CPP_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
