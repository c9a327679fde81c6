"""Training presets by model size: settings that finish in reasonable time on a laptop.

Measured with bench/training_step_cost.py on a 2-core CPU (LoRA step: forward, backward,
AdamW): about 62-67 µs per million parameters per token in fp32 with every projection adapted,
13-23 µs in bf16 with the attention projections only. The step cost grows with the model, so
bigger models get fewer targets and epochs, a smaller learning rate and bf16 (half the memory).

The tiny preset (the starter model's) was measured with bench/bench_training.py on two
50-example sets over 3 seeds: epochs scaled to about 50 optimizer steps, early stopping on the
held-out loss, and a tenth of general examples mixed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from app.training.config import ALL_TARGETS, Hyperparameters


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    max_parameters: int  # the largest model (parameter count) this preset is meant for
    hyper: Hyperparameters
    note: str


PRESETS: Final[tuple[Preset, ...]] = (
    Preset(
        "tiny",
        "Tiny model (under 0.5 B parameters)",
        500_000_000,
        Hyperparameters(
            rank=8,
            alpha=16,
            targets=ALL_TARGETS,
            epochs=8,  # the ceiling: a small dataset gets up to 8 passes
            learning_rate=2e-3,
            max_length=256,
            batch_size=4,
            warmup_steps=6,
            precision="float32",
            target_steps=50,
            patience=2,
            general_fraction=0.1,
        ),
        "All projections, a high learning rate, about 50 steps whatever the dataset's size "
        "(3.6 passes over 50 short examples plus 5 general ones; at most 8, at least 2), "
        "stopping early when the held-out loss stops improving: 2 to 3 minutes on 2 CPU "
        "cores. Bench: 9.3 and 9.7 of 10 held-out facts recalled on average, never under 9 "
        "(two 50-example sets, 3 seeds each).",
    ),
    Preset(
        "small",
        "Small model (0.5 B to 2 B)",
        2_000_000_000,
        Hyperparameters(
            rank=8,
            alpha=16,
            targets=("q", "k", "v", "o"),
            epochs=3,
            learning_rate=5e-4,
            max_length=384,
            batch_size=4,
            precision="bfloat16",
        ),
        "Attention projections, bf16: about 5 minutes per 60 short examples (13 for "
        "256-token ones) on 2 CPU cores, plus loading the model.",
    ),
    Preset(
        "medium",
        "Medium model (2 B to 8 B)",
        8_000_000_000,
        Hyperparameters(
            rank=16,
            alpha=32,
            targets=("q", "v"),
            epochs=2,
            learning_rate=2e-4,
            max_length=512,
            batch_size=2,
            precision="bfloat16",
        ),
        "q and v only, bf16: about 5 minutes per 60 short examples (17 for 256-token ones) "
        "on 2 CPU cores for a 3 B model, 13 GB of memory; a GPU helps a lot.",
    ),
    Preset(
        "large",
        "Large model (over 8 B)",
        10**15,
        Hyperparameters(
            rank=16,
            alpha=32,
            targets=("q", "v"),
            epochs=2,
            learning_rate=1e-4,
            max_length=512,
            batch_size=1,
            precision="bfloat16",
        ),
        "Needs a GPU with enough memory for the dequantised model in bf16.",
    ),
)


def preset_for(parameter_count: int | None) -> Preset:
    """The preset for a model of this size (the tiny one when the size is unknown)."""
    if parameter_count is None or parameter_count <= 0:
        return PRESETS[0]
    for preset in PRESETS:
        if parameter_count <= preset.max_parameters:
            return preset
    return PRESETS[-1]


def preset_by_key(key: str) -> Preset:
    for preset in PRESETS:
        if preset.key == key:
            return preset
    raise KeyError(key)


def customised(preset: Preset, **changes: object) -> Hyperparameters:
    """The preset's settings with the user's changes (None values keep the preset's)."""
    values = {k: v for k, v in changes.items() if v is not None}
    return replace(preset.hyper, **values).validated()  # type: ignore[arg-type]
