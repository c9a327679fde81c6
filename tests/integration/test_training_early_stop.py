"""The training loop's early stop on a tiny random llama (in process, a second or two): held-out
examples that contradict the training ones make the held-out loss rise from the first epoch on,
so the run stops after `patience` epochs without progress and keeps the first epoch's weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.training.availability import missing_training_modules
from app.training.batching import IGNORE_INDEX, EncodedExample
from app.training.config import Hyperparameters, TrainingJob
from app.training.trainer import Controls, held_out_loss, run_loop

pytestmark = pytest.mark.skipif(
    bool(missing_training_modules()), reason="training extra not installed"
)


def _example(prompt: list[int], reply: list[int]) -> EncodedExample:
    return EncodedExample(tuple(prompt + reply), tuple([IGNORE_INDEX] * len(prompt) + reply))


def _tiny_lora_model() -> Any:
    import torch
    from peft import LoraConfig, get_peft_model

    from tests.fixtures.tiny_architectures import TINY_ARCHITECTURES

    torch.manual_seed(0)
    model = TINY_ARCHITECTURES["llama"].build()
    config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], bias="none")
    return get_peft_model(model, config)


def _job(tmp_path: Path, patience: int) -> TrainingJob:
    return TrainingJob(
        base_gguf="unused.gguf",
        train_file="unused.jsonl",
        run_dir=str(tmp_path / "run"),
        adapter_name="early stop",
        hyper=Hyperparameters(
            rank=4,
            alpha=8,
            epochs=6,
            learning_rate=2e-2,
            batch_size=2,
            warmup_steps=0,
            patience=patience,
        ),
        checkpoint_every_steps=0,
    )


def test_a_rising_held_out_loss_stops_the_run_and_keeps_the_best_epoch(tmp_path: Path) -> None:
    train = [_example([10, 11, 12, 13 + i], [40, 41, 42]) for i in range(4)]
    contradicting = [_example([10, 11, 12, 13 + i], [60, 61, 62]) for i in range(4)]
    model = _tiny_lora_model()
    events: list[tuple[str, dict[str, Any]]] = []
    result = run_loop(
        model,
        train,
        _job(tmp_path, patience=2),
        pad_id=0,
        device="cpu",
        emit=lambda kind, **data: events.append((kind, data)),
        controls=Controls(),
        validation=contradicting,
    )
    assert result.outcome == "done"
    assert result.stopped_early
    assert result.steps < 6 * 2  # 6 epochs of 2 steps were planned
    checked = [data for kind, data in events if kind == "step" and "held_out_loss" in data]
    losses = [d["held_out_loss"] for d in checked]
    assert [round(d["epoch"]) for d in checked] == list(range(1, len(checked) + 1))
    best = losses.index(min(losses)) + 1
    assert result.best_epoch == best
    assert len(checked) == best + 2  # patience 2: two epochs no better, then the stop
    stops = [d["message"] for kind, d in events if kind == "status"]
    assert stops == [
        f"stopped early at epoch {len(checked)} (held-out loss no longer improving); "
        f"kept the weights of epoch {best}"
    ]
    # The weights are the best epoch's again, not the last one's.
    restored = held_out_loss(model, contradicting, 2, 0, "cpu")
    assert restored == pytest.approx(losses[best - 1], rel=1e-3)
    assert restored < losses[-1]


def test_without_patience_the_run_goes_to_its_end(tmp_path: Path) -> None:
    train = [_example([10, 11, 12, 13 + i], [40, 41, 42]) for i in range(4)]
    contradicting = [_example([10, 11, 12, 13 + i], [60, 61, 62]) for i in range(4)]
    events: list[tuple[str, dict[str, Any]]] = []
    result = run_loop(
        _tiny_lora_model(),
        train,
        _job(tmp_path, patience=0),
        pad_id=0,
        device="cpu",
        emit=lambda kind, **data: events.append((kind, data)),
        controls=Controls(),
        validation=contradicting,
    )
    assert not result.stopped_early
    assert result.steps == 12
    assert all("held_out_loss" not in data for kind, data in events if kind == "step")
