"""What the worker trains on besides the user's examples, and what it validates on.

General examples: a small built-in set of everyday questions with short, correct answers
(app.training.general_examples), mixed in so an adapter that learnt a business's
facts still answers other questions plainly instead of bringing up the business.

Validation: the user's held-out set when the job has one; otherwise one phrasing of each
answer that the dataset teaches four or more ways, so early stopping sees questions the run did
not train on without taking a fact away.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache
from typing import Final

from app.training.config import Hyperparameters
from app.training.examples import TrainingExample, make_example
from app.training.general_examples import GENERAL_PAIRS
from app.training.schedule import general_count

MIN_PHRASINGS_FOR_SLICE: Final = 4  # an answer taught fewer ways keeps all its phrasings
MIN_VALIDATION: Final = 3  # fewer validation examples than this give too noisy a loss
MAX_VALIDATION_SHARE: Final = 0.2


@cache
def general_examples() -> tuple[TrainingExample, ...]:
    return tuple(make_example(q, a, source="general", split="train") for q, a in GENERAL_PAIRS)


def mix_general(
    train: Sequence[TrainingExample],
    fraction: float,
    seed: int,
    pool: Sequence[TrainingExample] | None = None,
) -> tuple[TrainingExample, ...]:
    """`train` plus a seeded sample of general examples (none whose question the user's
    examples already ask), appended after the user's."""
    if fraction <= 0:
        return tuple(train)
    asked = {_key(e.question) for e in train}
    source = general_examples() if pool is None else pool
    candidates = [e for e in source if _key(e.question) not in asked]
    count = general_count(len(train), fraction, len(candidates))
    chosen = random.Random(seed).sample(candidates, count) if count else []
    return (*train, *chosen)


def validation_slice(
    train: Sequence[TrainingExample],
) -> tuple[tuple[TrainingExample, ...], tuple[TrainingExample, ...]]:
    """(examples to train on, examples to validate on): the last phrasing of every answer
    taught MIN_PHRASINGS_FOR_SLICE or more ways, at most MAX_VALIDATION_SHARE of the examples;
    no validation at all when that gives fewer than MIN_VALIDATION."""
    groups: dict[str, list[int]] = {}
    for index, example in enumerate(train):
        groups.setdefault(_key(example.reply), []).append(index)
    picked = [rows[-1] for rows in groups.values() if len(rows) >= MIN_PHRASINGS_FOR_SLICE]
    picked = picked[: int(len(train) * MAX_VALIDATION_SHARE)]
    if len(picked) < MIN_VALIDATION:
        return tuple(train), ()
    chosen = set(picked)
    kept = tuple(e for i, e in enumerate(train) if i not in chosen)
    return kept, tuple(train[i] for i in sorted(chosen))


def run_examples(
    train: Sequence[TrainingExample],
    held_out: Sequence[TrainingExample],
    hyper: Hyperparameters,
) -> tuple[tuple[TrainingExample, ...], tuple[TrainingExample, ...]]:
    """(what a run trains on, what decides its early stop), as the worker does it: the user's
    held-out examples validate when there are MIN_VALIDATION of them, else a slice of the
    training ones does (nothing without a patience); then the general examples are mixed in."""
    validation: tuple[TrainingExample, ...] = ()
    if hyper.patience > 0:
        if len(held_out) >= MIN_VALIDATION:
            validation = tuple(held_out)
        else:
            train, validation = validation_slice(train)
    return mix_general(train, hyper.general_fraction, hyper.seed), validation


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
