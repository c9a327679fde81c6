"""What this computer has for running a model: memory, GPUs, llama.cpp's backend, cores.

Plain values (the GPU list comes from the engine as `DeviceMemory`), so the recommendation and
the speed estimate stay free of llama.cpp and Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import psutil

from app.library.fit import (
    RAM_COMFORT_SHARE,
    VRAM_RESERVE_BYTES,
    DeviceMemory,
    SystemMemory,
    rough_fit,
)

RunsOn = Literal["gpu", "cpu"]
_GIB: Final = 1024**3


@dataclass(frozen=True)
class Machine:
    """What this computer has, as far as running a model goes."""

    total_ram_bytes: int
    available_ram_bytes: int
    gpus: tuple[DeviceMemory, ...]  # the devices llama.cpp offloads to; empty: CPU only
    backend: str  # llama.cpp's backend for them: "CPU", "CUDA", "Metal", "Vulkan"...
    cpu_cores: int

    @classmethod
    def current(cls, gpus: Sequence[DeviceMemory], backend: str) -> Machine:
        memory = psutil.virtual_memory()
        cores = psutil.cpu_count(logical=False) or psutil.cpu_count() or 1
        return cls(
            total_ram_bytes=int(memory.total),
            available_ram_bytes=int(memory.available),
            gpus=tuple(gpus),
            backend=backend,
            cpu_cores=int(cores),
        )

    @property
    def system(self) -> SystemMemory:
        return SystemMemory(
            available_bytes=self.available_ram_bytes, total_bytes=self.total_ram_bytes
        )

    @property
    def discrete_gpus(self) -> tuple[DeviceMemory, ...]:
        return tuple(gpu for gpu in self.gpus if not gpu.unified)

    @property
    def usable_vram_bytes(self) -> int:
        """Free memory of the discrete GPUs that a model may use (the reserve kept back)."""
        return sum(max(0, gpu.free_bytes - VRAM_RESERVE_BYTES) for gpu in self.discrete_gpus)


def fits_on_gpu(size_bytes: int, machine: Machine) -> bool:
    """Whether the whole model (with its context cache and work buffers, estimated from the
    download size) fits in the GPU's free memory, so that every layer runs there."""
    if not machine.gpus:
        return False
    needed = rough_fit(size_bytes, system=machine.system).needed_bytes
    if machine.discrete_gpus:
        return needed <= machine.usable_vram_bytes
    # Unified memory (Apple silicon, integrated GPUs): the GPU works from the system RAM.
    return needed <= machine.available_ram_bytes * RAM_COMFORT_SHARE


def memory_text(n_bytes: int) -> str:
    """ "15.5 GB": memory as operating systems show it (binary gigabytes labelled GB)."""
    value = n_bytes / _GIB
    return f"{value:.1f} GB" if value < 100 else f"{value:.0f} GB"
