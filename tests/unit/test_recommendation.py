"""Which catalog model the first-run screen recommends, on computers described in the test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app.library.fit import VRAM_RESERVE_BYTES, DeviceMemory, rough_fit
from app.library.machine import Machine, fits_on_gpu, memory_text
from app.library.recommendation import (
    MIN_USEFUL_WORDS_PER_S,
    RAM_TIERS,
    alternatives,
    ram_tier,
    recommend,
    uses_text,
)

GIB = 1024**3
GB = 1_000_000_000


@dataclass(frozen=True)
class Entry:
    """What the recommendation reads of a catalog entry, and nothing else."""

    id: str
    parameters: int
    size_bytes: int
    recommended_for: tuple[str, ...] = ()
    uses: tuple[str, ...] = ("chat", "documents", "writing")

    @property
    def name(self) -> str:
        return self.id.title()


SMALL = Entry("small-1b", 1_200_000_000, int(0.8 * GB), ("ram-8",))
MEDIUM = Entry("medium-8b", 8_000_000_000, int(5.0 * GB), ("ram-16",))
LARGE = Entry("large-14b", 14_000_000_000, int(9.0 * GB), ("ram-32",))
GPU = Entry("gpu-12b", 12_000_000_000, int(7.3 * GB), ("gpu",))
CATALOG = (SMALL, MEDIUM, LARGE, GPU)


def computer(
    total_gib: float, *, free_share: float = 0.7, gpus: tuple[DeviceMemory, ...] = ()
) -> Machine:
    total = int(total_gib * GIB)
    return Machine(
        total_ram_bytes=total,
        available_ram_bytes=int(total * free_share),
        gpus=gpus,
        backend="CUDA" if gpus else "CPU",
        cpu_cores=4,
    )


def card(free_gib: float, *, unified: bool = False) -> DeviceMemory:
    return DeviceMemory("CUDA0", int(free_gib * GIB), int((free_gib + 1) * GIB), unified)


@pytest.mark.parametrize(
    ("total_gib", "tier"),
    [(3.8, None), (6.9, None), (7.6, "ram-8"), (15.4, "ram-16"), (31.2, "ram-32"), (128, "ram-32")],
)
def test_a_computer_sold_with_8_16_or_32_gb_reaches_that_tier(
    total_gib: float, tier: str | None
) -> None:
    assert ram_tier(int(total_gib * GIB)) == tier


def test_tier_thresholds_are_ordered_largest_first() -> None:
    minimums = [minimum for _tier, minimum in RAM_TIERS]
    assert minimums == sorted(minimums, reverse=True)


@pytest.mark.parametrize(
    ("total_gib", "expected"), [(7.6, SMALL), (15.4, MEDIUM), (31.2, LARGE), (64, LARGE)]
)
def test_each_memory_size_gets_the_entry_marked_for_it(total_gib: float, expected: Entry) -> None:
    chosen = recommend(CATALOG, computer(total_gib))
    assert chosen is not None
    assert chosen.entry == expected
    assert chosen.tier == expected.recommended_for[0]
    assert chosen.runs_on == "cpu"
    assert memory_text(int(total_gib * GIB)) in chosen.reason


def test_a_gpu_with_room_for_the_gpu_pick_gets_it() -> None:
    chosen = recommend(CATALOG, computer(15.4, gpus=(card(11.5),)))
    assert chosen is not None
    assert (chosen.entry, chosen.tier, chosen.runs_on) == (GPU, "gpu", "gpu")
    assert "CUDA0" in chosen.reason


def test_a_gpu_too_small_for_the_gpu_pick_falls_back_to_the_memory_tier() -> None:
    small_card = card(4.0)
    assert not fits_on_gpu(GPU.size_bytes, computer(15.4, gpus=(small_card,)))
    chosen = recommend(CATALOG, computer(15.4, gpus=(small_card,)))
    assert chosen is not None
    assert chosen.entry == MEDIUM
    # 4 GiB of VRAM does not hold the 5 GB model either: it runs (partly) on the CPU.
    assert chosen.runs_on == "cpu"


def test_the_whole_model_must_fit_in_vram_with_the_reserve_kept_back() -> None:
    size = 2 * GB
    needed = rough_fit(size, system=computer(16).system).needed_bytes
    roomy = DeviceMemory("CUDA0", needed + VRAM_RESERVE_BYTES, 24 * GIB)
    short = DeviceMemory("CUDA0", needed + VRAM_RESERVE_BYTES - 1, 24 * GIB)
    assert fits_on_gpu(size, computer(16, gpus=(roomy,)))
    assert not fits_on_gpu(size, computer(16, gpus=(short,)))
    assert not fits_on_gpu(size, computer(16))  # no GPU at all


def test_unified_memory_counts_the_system_ram() -> None:
    apple = computer(31.2, gpus=(card(20, unified=True),))
    chosen = recommend(CATALOG, apple)
    assert chosen is not None
    assert (chosen.entry, chosen.runs_on) == (GPU, "gpu")


def test_a_marked_entry_too_big_for_this_computer_steps_down_a_tier() -> None:
    oversized = Entry("huge-16gb-pick", 27_000_000_000, int(17 * GB), ("ram-16",))
    chosen = recommend((SMALL, oversized, LARGE), computer(14.5))
    assert chosen is not None
    assert chosen.entry == SMALL
    assert chosen.tier == "ram-8"
    assert "smaller computers" in chosen.reason


def test_without_marks_the_largest_chat_model_that_fits_comfortably_wins() -> None:
    plain = (
        Entry("tiny", 135_000_000, 100_000_000),
        Entry("mid", 3_000_000_000, 2 * GB),
        Entry("coder", 7_000_000_000, int(4.5 * GB), uses=("coding",)),
        Entry("too-big", 30_000_000_000, 18 * GB),
    )
    chosen = recommend(plain, computer(7.6))
    assert chosen is not None
    assert chosen.entry.id == "mid"  # coder fits too, but a chat model comes first
    assert chosen.tier is None
    assert "largest catalog model" in chosen.reason


def test_a_very_small_computer_gets_a_model_only_if_one_fits() -> None:
    assert recommend(CATALOG, computer(1.0, free_share=0.5)) is None
    chosen = recommend(CATALOG, computer(3.8))
    assert chosen is not None and chosen.entry == SMALL and chosen.tier is None


def speed_by_size(bytes_per_s: float) -> Callable[[Entry], float]:
    """Words a second as the estimate makes them: proportional to 1 / model size."""
    return lambda entry: bytes_per_s / entry.size_bytes


def test_a_pick_too_slow_here_gives_way_to_a_quicker_smaller_pick() -> None:
    slow_memory = speed_by_size(MIN_USEFUL_WORDS_PER_S * 2 * GB)  # 2 GB models: just quick
    chosen = recommend(CATALOG, computer(31.2), words_per_s=slow_memory)
    assert chosen is not None
    assert chosen.entry == SMALL  # 9 GB and 5 GB picks would write under 2 words a second
    assert chosen.tier == "ram-8"
    assert "Large-14B would fit, but would write only" in chosen.reason
    fast_memory = speed_by_size(MIN_USEFUL_WORDS_PER_S * 10 * GB)
    fast = recommend(CATALOG, computer(31.2), words_per_s=fast_memory)
    assert fast is not None and fast.entry == LARGE
    assert fast.reason == recommend(CATALOG, computer(31.2)).reason  # type: ignore[union-attr]


def test_when_every_pick_is_slow_the_smallest_one_is_recommended() -> None:
    crawling = speed_by_size(0.1 * GB)
    chosen = recommend(CATALOG, computer(31.2), words_per_s=crawling)
    assert chosen is not None and chosen.entry == SMALL


def test_without_marks_speed_also_limits_the_size() -> None:
    plain = (
        Entry("tiny", 135_000_000, 100_000_000),
        Entry("mid", 3_000_000_000, 2 * GB),
        Entry("big", 8_000_000_000, 5 * GB),
    )
    chosen = recommend(
        plain, computer(31.2), words_per_s=speed_by_size(MIN_USEFUL_WORDS_PER_S * 3 * GB)
    )
    assert chosen is not None and chosen.entry.id == "mid"
    assert "useful speed" in chosen.reason


def test_alternatives_are_those_that_fit_largest_first() -> None:
    assert [e.id for e in alternatives(CATALOG, computer(15.4))] == [
        "large-14b",  # tight with 70% of the memory free, but it fits
        "gpu-12b",
        "medium-8b",
        "small-1b",
    ]
    assert [e.id for e in alternatives(CATALOG, computer(7.6))] == ["medium-8b", "small-1b"]
    assert alternatives(CATALOG, computer(0.5)) == []


def test_uses_read_as_plain_words_in_a_fixed_order() -> None:
    assert uses_text(["writing", "chat"]) == "chat and business writing"
    assert uses_text(["documents", "chat", "writing"]) == (
        "chat, questions about your documents and business writing"
    )
    assert uses_text(["coding"]) == "code"
    assert uses_text([]) == ""


def test_memory_reads_as_an_operating_system_shows_it() -> None:
    assert memory_text(16 * GIB) == "16.0 GB"
    assert memory_text(int(7.6 * GIB)) == "7.6 GB"
    assert memory_text(256 * GIB) == "256 GB"
