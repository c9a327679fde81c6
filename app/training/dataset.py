"""A dataset version: validated examples, deduplicated, split into train and held-out, hashed."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from app.training.errors import DatasetError
from app.training.examples import TrainingExample

DEFAULT_HELD_OUT_FRACTION: Final = 0.2
MAX_HELD_OUT: Final = 50  # each held-out row is generated twice (before/after) in evaluation


@dataclass(frozen=True)
class Dataset:
    name: str
    examples: tuple[TrainingExample, ...]

    @property
    def train(self) -> tuple[TrainingExample, ...]:
        return tuple(e for e in self.examples if e.split != "held_out")

    @property
    def held_out(self) -> tuple[TrainingExample, ...]:
        return tuple(e for e in self.examples if e.split == "held_out")

    @property
    def content_hash(self) -> str:
        """The version: sha256 over the examples in order (their content, phrases and split)."""
        digest = hashlib.sha256()
        for example in self.examples:
            digest.update(example.content_hash.encode("ascii"))
        return digest.hexdigest()

    def with_examples(self, examples: Iterable[TrainingExample]) -> Dataset:
        return replace(self, examples=tuple(examples))


def deduplicate(
    examples: Sequence[TrainingExample],
) -> tuple[tuple[TrainingExample, ...], int]:
    """Drop repeated conversations (case and spacing ignored), keeping the first of each.

    Returns the kept examples and how many were dropped."""
    seen: set[str] = set()
    kept: list[TrainingExample] = []
    for example in examples:
        key = example.content_key
        if key in seen:
            continue
        seen.add(key)
        kept.append(example)
    return tuple(kept), len(examples) - len(kept)


def split_examples(
    examples: Sequence[TrainingExample],
    *,
    held_out_fraction: float = DEFAULT_HELD_OUT_FRACTION,
    seed: int = 0,
) -> tuple[TrainingExample, ...]:
    """Give every example without a split one: a seeded random `held_out_fraction` of them is
    held out (at least one when there are two or more, at most MAX_HELD_OUT), the rest train.

    When some examples already carry a split (a file may say which rows are held out), the
    user chose the held-out set: they keep theirs and the others are trained on.
    """
    if not 0.0 <= held_out_fraction < 1.0:
        raise DatasetError(
            f"the held-out fraction must be at least 0 and below 1, not {held_out_fraction}"
        )
    if any(e.split is not None for e in examples):
        return tuple(e if e.split is not None else replace(e, split="train") for e in examples)
    open_rows = [i for i, e in enumerate(examples) if e.split is None]
    wanted = round(len(open_rows) * held_out_fraction)
    if held_out_fraction > 0 and len(open_rows) >= 2:
        wanted = max(1, wanted)
    wanted = min(wanted, MAX_HELD_OUT, max(0, len(open_rows) - 1))
    chosen = set(random.Random(seed).sample(open_rows, wanted)) if wanted else set()
    result: list[TrainingExample] = []
    for i, example in enumerate(examples):
        if example.split is None:
            example = replace(example, split="held_out" if i in chosen else "train")
        result.append(example)
    return tuple(result)


def prepare_dataset(
    name: str,
    examples: Sequence[TrainingExample],
    *,
    held_out_fraction: float = DEFAULT_HELD_OUT_FRACTION,
    seed: int = 0,
) -> tuple[Dataset, int]:
    """Deduplicate and split; returns the dataset and the number of duplicates dropped."""
    if not name.strip():
        raise DatasetError("the dataset needs a name")
    unique, dropped = deduplicate(examples)
    if not unique:
        raise DatasetError(f"the dataset '{name}' has no examples")
    split = split_examples(unique, held_out_fraction=held_out_fraction, seed=seed)
    dataset = Dataset(name=name.strip(), examples=split)
    if not dataset.train:
        raise DatasetError(f"the dataset '{name}' has no training examples (all are held out)")
    return dataset, dropped
