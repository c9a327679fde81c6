"""What one training run needs, as a JSON-friendly value handed to the worker subprocess."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Final, Literal

from app.training.errors import TrainingError

Device = Literal["auto", "cpu", "cuda", "mps"]
Precision = Literal["auto", "float32", "bfloat16"]

# Short target names (CLI, UI) -> the projection module names of llama, mistral, qwen2 and gemma
# in transformers, and the llama.cpp tensor each one becomes.
TARGET_MODULES: Final[dict[str, str]] = {
    "q": "q_proj",
    "k": "k_proj",
    "v": "v_proj",
    "o": "o_proj",
    "gate": "gate_proj",
    "up": "up_proj",
    "down": "down_proj",
}
ALL_TARGETS: Final = tuple(TARGET_MODULES)
DEVICES: Final = ("auto", "cpu", "cuda", "mps")


def file_stem(name: str) -> str:
    """A file-name-safe form of an adapter name ("Brightwater support" -> "Brightwater-support")."""
    stem = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.")
    return stem[:80] or "adapter"


def parse_targets(text: str) -> tuple[str, ...]:
    """ "q,v" -> ("q", "v"); "all" -> every projection. Raises TrainingError on unknown names."""
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if names == ["all"]:
        return ALL_TARGETS
    unknown = [n for n in names if n not in TARGET_MODULES]
    if unknown or not names:
        raise TrainingError(
            f"unknown LoRA target(s) {', '.join(unknown) or '(none given)'}; use some of "
            f"{', '.join(ALL_TARGETS)} or 'all'"
        )
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Hyperparameters:
    rank: int = 8
    alpha: float = 16.0
    targets: tuple[str, ...] = ("q", "v")
    epochs: float = 3.0
    learning_rate: float = 1e-3
    max_length: int = 256
    batch_size: int = 4
    dropout: float = 0.0
    warmup_steps: int = 4
    seed: int = 0
    # 0: train exactly `epochs`; above 0: about this many optimizer steps, `epochs` at most
    # (app.training.schedule.planned_epochs).
    target_steps: int = 0
    # Epochs without a better held-out loss before stopping early; 0: never stop early.
    patience: int = 0
    # Built-in general examples mixed in, as a share of the training examples (0: none), so
    # the adapter still answers other questions as the base model did.
    general_fraction: float = 0.0
    device: Device = "auto"
    precision: Precision = "auto"

    def validated(self) -> Hyperparameters:
        problems: list[str] = []
        if not 1 <= self.rank <= 256:
            problems.append(f"rank {self.rank} (use 1 to 256)")
        if not 0 < self.alpha <= 1024:
            problems.append(f"alpha {self.alpha:g} (use above 0, up to 1024)")
        if not 0 < self.epochs <= 100:
            problems.append(f"epochs {self.epochs:g} (use above 0, up to 100)")
        if not 0 < self.learning_rate <= 0.1:
            problems.append(f"learning rate {self.learning_rate:g} (use above 0, up to 0.1)")
        if not 16 <= self.max_length <= 32768:
            problems.append(f"max length {self.max_length} (use 16 to 32768 tokens)")
        if not 1 <= self.batch_size <= 256:
            problems.append(f"batch size {self.batch_size} (use 1 to 256)")
        if not 0 <= self.dropout < 1:
            problems.append(f"dropout {self.dropout:g} (use 0 up to below 1)")
        if not 0 <= self.target_steps <= 100_000:
            problems.append(f"target steps {self.target_steps} (use 0 to 100000)")
        if not 0 <= self.patience <= 100:
            problems.append(f"patience {self.patience} (use 0 to 100 epochs)")
        if not 0 <= self.general_fraction <= 1:
            problems.append(f"general fraction {self.general_fraction:g} (use 0 to 1)")
        if self.device not in DEVICES:
            problems.append(f"device {self.device!r} (use {', '.join(DEVICES)})")
        unknown = [t for t in self.targets if t not in TARGET_MODULES]
        if unknown or not self.targets:
            problems.append(f"targets {', '.join(self.targets) or '(none)'}")
        if problems:
            raise TrainingError("invalid training settings: " + "; ".join(problems))
        return self

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["targets"] = list(self.targets)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Hyperparameters:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in known}
        if "targets" in values:
            values["targets"] = tuple(values["targets"])
        return replace(cls(), **values)


@dataclass(frozen=True)
class TrainingJob:
    """Everything the worker reads: the base, the data, where to write, and how to train."""

    base_gguf: str  # the GGUF the adapter is for (and, without original weights, trained on)
    train_file: str  # JSONL of the training examples (dataset_files.write_jsonl)
    run_dir: str  # checkpoints, the PEFT adapter and the exported GGUF go here
    adapter_name: str
    hyper: Hyperparameters = field(default_factory=Hyperparameters)
    original_weights: str | None = None  # a transformers model folder of the same model
    checkpoint_every_steps: int = 25
    threads: int = 0  # torch CPU threads; 0: torch's default
    # JSONL of examples whose loss decides early stopping (the user's held-out set); None: a
    # slice of the training examples is used when there is one (app.training.mixing).
    validation_file: str | None = None

    @property
    def checkpoint_dir(self) -> Path:
        return Path(self.run_dir) / "checkpoint"

    @property
    def gguf_path(self) -> Path:
        """The exported adapter, named after it (the library copies it under this name)."""
        return Path(self.run_dir) / f"{file_stem(self.adapter_name)}.gguf"

    def write(self, path: Path) -> Path:
        record = asdict(self)
        record["hyper"] = self.hyper.as_record()
        Path(path).write_text(json.dumps(record, indent=2), encoding="utf-8")
        return Path(path)

    @classmethod
    def read(cls, path: Path) -> TrainingJob:
        try:
            record = json.loads(Path(path).read_text(encoding="utf-8"))
            hyper = Hyperparameters.from_record(record.pop("hyper", {}))
            return cls(hyper=hyper, **record)
        except (OSError, ValueError, TypeError) as exc:
            raise TrainingError(f"cannot read the training job {path}: {exc}") from exc
