"""Which catalog model suits this computer best, and why, in words a new user understands.

The catalog marks one entry per kind of computer (`recommended_for`: "ram-8", "ram-16",
"ram-32", "gpu"). This module decides which kind this computer is and checks that the marked
entry really fits here now; when none is marked for it (a very small computer, or a catalog
without marks) it falls back to the largest chat model that fits comfortably. Qt-free, and free
of llama.cpp: the GPU list arrives as plain `DeviceMemory` values (see app/library/machine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Generic, Literal, Protocol, TypeVar

from app.library.fit import Fit, rough_fit
from app.library.machine import Machine, RunsOn, fits_on_gpu, memory_text
from app.library.speed_estimate import words_per_second_text

Tier = Literal["ram-8", "ram-16", "ram-32", "gpu"]

_GIB: Final = 1024**3
# A computer sold with 16 GB reports less to programs (firmware and integrated graphics keep
# some: 15.0-15.7 GiB is usual), so each tier starts a little below its nominal size.
RAM_TIERS: Final[tuple[tuple[Tier, int], ...]] = (
    ("ram-32", 28 * _GIB),
    ("ram-16", 14 * _GIB),
    ("ram-8", 7 * _GIB),
)
# Slower than this, a reply of a few sentences takes over a minute: a smaller model serves
# better (people read about 4 words a second).
MIN_USEFUL_WORDS_PER_S: Final = 2.0
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


def uses_text(uses: Iterable[str]) -> str:
    """ "chat, questions about your documents and business writing"; "" for none."""
    words = [USE_WORDS[use] for use in USE_WORDS if use in set(uses)]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def recommend(
    entries: Sequence[Model],
    machine: Machine,
    *,
    words_per_s: Callable[[Model], float] | None = None,
) -> Recommendation[Model] | None:
    """The best catalog model for `machine`, or None when no catalog model fits at all.

    With `words_per_s` (the speed estimate), a pick that would write slower than
    `MIN_USEFUL_WORDS_PER_S` gives way to the next smaller pick that is quick enough: a
    model that fits but answers a word every two seconds is not the best one here."""
    candidates = _marked_candidates(entries, machine)
    if not candidates:
        return _largest_that_fits(entries, machine, words_per_s)
    if words_per_s is None:
        return candidates[0]
    quick = [c for c in candidates if words_per_s(c.entry) >= MIN_USEFUL_WORDS_PER_S]
    if not quick:
        return candidates[-1]  # the smallest marked pick: the quickest there is
    chosen = quick[0]
    if chosen is candidates[0]:
        return chosen
    slow = candidates[0]
    reason = (
        f"It is the catalog's choice for smaller computers: {slow.entry.name} would fit, "
        f"but would write only {words_per_second_text(words_per_s(slow.entry))} here."
    )
    return Recommendation(chosen.entry, chosen.tier, chosen.runs_on, chosen.fit, reason)


def _marked_candidates(entries: Sequence[Model], machine: Machine) -> list[Recommendation[Model]]:
    """The catalog's picks that suit this computer and fit in it, best first: the GPU's pick
    when the whole model fits on the card, then the pick for this much memory, then those for
    smaller computers."""
    marked = _marked(entries)
    candidates: list[Recommendation[Model]] = []
    gpu_pick = marked.get("gpu")
    if gpu_pick is not None and fits_on_gpu(gpu_pick.size_bytes, machine):
        gpu_names = ", ".join(gpu.description or gpu.name for gpu in machine.gpus)
        reason = (
            f"It fits entirely in the memory of your graphics card ({gpu_names}), where it "
            "runs fastest."
        )
        candidates.append(
            Recommendation(gpu_pick, "gpu", "gpu", fit_here(gpu_pick, machine), reason)
        )
    tier = ram_tier(machine.total_ram_bytes)
    if tier is None:
        return candidates
    ram = memory_text(machine.total_ram_bytes)
    tiers = [name for name, _minimum in RAM_TIERS]
    for candidate in tiers[tiers.index(tier) :]:
        entry = marked.get(candidate)
        if entry is None or any(c.entry is entry for c in candidates):
            continue
        fit = fit_here(entry, machine)
        if fit.verdict == "won't fit":
            continue
        if candidate == tier:
            reason = f"It is the catalog's choice for a computer with {ram} of memory."
        else:
            reason = (
                f"It is the catalog's choice for smaller computers: the one for {ram} does "
                "not fit in this computer's memory."
            )
        candidates.append(Recommendation(entry, candidate, _runs_on(entry, machine), fit, reason))
    return candidates


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


def _largest_that_fits(
    entries: Sequence[Model],
    machine: Machine,
    words_per_s: Callable[[Model], float] | None,
) -> Recommendation[Model] | None:
    comfortable = [e for e in entries if fit_here(e, machine).verdict == "fits"]
    if words_per_s is not None:
        quick = [e for e in comfortable if words_per_s(e) >= MIN_USEFUL_WORDS_PER_S]
        # None quick enough: the smallest is the quickest there is.
        comfortable = quick or sorted(comfortable, key=lambda e: e.size_bytes)[:1]
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
            "It is the largest catalog model that fits comfortably in this computer's "
            f"{memory_text(machine.total_ram_bytes)} of memory"
            + (" and still answers at a useful speed." if words_per_s is not None else ".")
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
