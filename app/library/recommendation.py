"""Which catalog model suits this computer best, and why, in words a new user understands.

The catalog marks one entry per kind of computer (`recommended_for`: "ram-8", "ram-16",
"ram-32", "gpu"). This module decides which kind this computer is and checks that the marked
entry really fits here now; when none is marked for it (a very small computer, or a catalog
without marks) it falls back to the largest chat model that fits comfortably. Qt-free, and free
of llama.cpp: the GPU list arrives as plain `DeviceMemory` values.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Generic, Literal, Protocol, TypeVar

import psutil

from app.library.fit import (
    RAM_COMFORT_SHARE,
    VRAM_RESERVE_BYTES,
    DeviceMemory,
    Fit,
    SystemMemory,
    rough_fit,
)

Tier = Literal["ram-8", "ram-16", "ram-32", "gpu"]
RunsOn = Literal["gpu", "cpu"]

_GIB: Final = 1024**3
# A computer sold with 16 GB reports less to programs (firmware and integrated graphics keep
# some: 15.0-15.7 GiB is usual), so each tier starts a little below its nominal size.
RAM_TIERS: Final[tuple[tuple[Tier, int], ...]] = (
    ("ram-32", 28 * _GIB),
    ("ram-16", 14 * _GIB),
    ("ram-8", 7 * _GIB),
)
# Plain words for the catalog's `uses`, in the order they are listed.
USE_WORDS: Final = {
    "chat": "chat",
    "documents": "questions about your documents",
    "writing": "business writing",
    "coding": "code",
    "multilingual": "other languages",
}


class CatalogModel(Protocol):
    """What the recommendation reads of a catalog entry (`CatalogEntry` has all of it)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def parameters(self) -> int: ...
    @property
    def size_bytes(self) -> int: ...
    @property
    def uses(self) -> Collection[str]: ...
    @property
    def recommended_for(self) -> Collection[str]: ...


Model = TypeVar("Model", bound=CatalogModel)


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


@dataclass(frozen=True)
class Recommendation(Generic[Model]):
    entry: Model
    tier: Tier | None  # the catalog's mark it was chosen by; None: chosen by size
    runs_on: RunsOn
    fit: Fit  # the estimate from the download size
    reason: str  # one plain sentence: why this one


def ram_tier(total_ram_bytes: int) -> Tier | None:
    """The largest memory tier this much RAM reaches; None below the smallest."""
    for tier, minimum in RAM_TIERS:
        if total_ram_bytes >= minimum:
            return tier
    return None


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


def uses_text(uses: Iterable[str]) -> str:
    """ "chat, questions about your documents and business writing"; "" for none."""
    words = [USE_WORDS[use] for use in USE_WORDS if use in set(uses)]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def recommend(entries: Sequence[Model], machine: Machine) -> Recommendation[Model] | None:
    """The best catalog model for `machine`, or None when no catalog model fits at all."""
    marked = _marked(entries)
    gpu_pick = marked.get("gpu")
    if gpu_pick is not None and fits_on_gpu(gpu_pick.size_bytes, machine):
        gpu_names = ", ".join(gpu.name for gpu in machine.gpus)
        return Recommendation(
            entry=gpu_pick,
            tier="gpu",
            runs_on="gpu",
            fit=fit_here(gpu_pick, machine),
            reason=(
                f"It fits entirely in the memory of your graphics card ({gpu_names}), "
                "where it runs fastest."
            ),
        )
    tier = ram_tier(machine.total_ram_bytes)
    if tier is not None:
        ram = memory_text(machine.total_ram_bytes)
        tiers = [name for name, _minimum in RAM_TIERS]
        for candidate in tiers[tiers.index(tier) :]:
            entry = marked.get(candidate)
            if entry is None:
                continue
            fit = fit_here(entry, machine)
            if fit.verdict == "won't fit":
                continue
            if candidate == tier:
                reason = f"It is the catalog's choice for a computer with {ram} of memory."
            else:
                reason = (
                    f"It is the catalog's choice for smaller computers: the one for {ram} "
                    "does not fit in the memory free now."
                )
            return Recommendation(entry, candidate, _runs_on(entry, machine), fit, reason)
    return _largest_that_fits(entries, machine)


def alternatives(entries: Sequence[Model], machine: Machine) -> list[Model]:
    """Every entry that fits here (comfortably or tightly), largest first: the other choices."""
    fitting = [e for e in entries if fit_here(e, machine).verdict != "won't fit"]
    return sorted(fitting, key=lambda e: (-e.parameters, e.size_bytes, e.id))


def _marked(entries: Sequence[Model]) -> dict[str, Model]:
    """The first entry marked for each tier (the catalog allows one; a second is ignored)."""
    marked: dict[str, Model] = {}
    for entry in entries:
        for tier in entry.recommended_for:
            marked.setdefault(tier, entry)
    return marked


def _largest_that_fits(entries: Sequence[Model], machine: Machine) -> Recommendation[Model] | None:
    comfortable = [e for e in entries if fit_here(e, machine).verdict == "fits"]
    if not comfortable:
        return None
    # A chat model first: the first-run screen is about getting a useful answer.
    best = max(comfortable, key=lambda e: ("chat" in e.uses, e.parameters, -e.size_bytes))
    return Recommendation(
        entry=best,
        tier=None,
        runs_on=_runs_on(best, machine),
        fit=fit_here(best, machine),
        reason=(
            f"It is the largest catalog model that fits comfortably in this computer's "
            f"{memory_text(machine.total_ram_bytes)} of memory."
        ),
    )


def fit_here(entry: CatalogModel, machine: Machine) -> Fit:
    """The estimate from the download size, with this computer's free memory and GPUs."""
    return rough_fit(entry.size_bytes, system=machine.system, devices=machine.gpus)


def fit_sentence(fit: Fit) -> str:
    """The estimate in one plain sentence."""
    if fit.verdict == "fits":
        return "It fits in this computer's memory."
    if fit.verdict == "tight":
        return "It is tight here: close other programs while you use it, or it will be slow."
    return "It does not fit in this computer's memory."


def _runs_on(entry: CatalogModel, machine: Machine) -> RunsOn:
    return "gpu" if fits_on_gpu(entry.size_bytes, machine) else "cpu"
