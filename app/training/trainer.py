"""The LoRA training loop (worker only: torch, transformers and peft).

A plain loop rather than transformers' Trainer: it keeps pause, cancel, checkpoints and the
progress events simple and exact. The batch order of each epoch comes from the seed and the
epoch number, so resuming from a checkpoint at step k continues exactly where it stopped.
"""

from __future__ import annotations

import io
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.training.base_model import LoadedBase
from app.training.batching import IGNORE_INDEX, EncodedExample, collate
from app.training.config import TARGET_MODULES, Hyperparameters, TrainingJob
from app.training.errors import TrainingError
from app.training.schedule import (
    EarlyStopping,
    learning_rate_at,
    planned_epochs,
    steps_per_epoch,
    stopped_early_text,
    total_steps,
)

if TYPE_CHECKING:
    from app.security.keys import MasterKey

Emit = Callable[..., None]
STATE_FILE = "state.pt"


@dataclass
class Controls:
    pause: threading.Event = field(default_factory=threading.Event)
    cancel: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class LoopResult:
    outcome: str  # "done", "paused" or "cancelled"
    steps: int
    final_loss: float | None
    seconds: float  # training time over all sessions of this run (resumes included)
    peft_model: Any
    stopped_early: bool = False
    best_epoch: int | None = None  # the epoch whose weights were kept (with validation)
    best_held_out_loss: float | None = None
    epochs_planned: float | None = None
    epochs_run: float | None = None


def batch_indices(step: int, examples: int, batch_size: int, seed: int) -> list[int]:
    import torch

    per_epoch = steps_per_epoch(examples, batch_size)
    epoch, index = divmod(step, per_epoch)
    order = torch.randperm(examples, generator=torch.Generator().manual_seed(seed * 1000 + epoch))
    return [int(i) for i in order[index * batch_size : (index + 1) * batch_size]]


def run_total_steps(examples: int, hyper: Hyperparameters) -> int:
    """The most steps this run makes (early stopping may end it sooner)."""
    epochs = planned_epochs(examples, hyper.batch_size, hyper.epochs, hyper.target_steps)
    return total_steps(examples, hyper.batch_size, epochs)


def held_out_loss(
    peft_model: Any, examples: Sequence[EncodedExample], batch_size: int, pad_id: int, device: str
) -> float:
    """The mean loss per reply token over `examples`, without training."""
    import torch

    peft_model.eval()
    total, tokens = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            chunk = examples[start : start + batch_size]
            batch = {k: v.to(device) for k, v in collate(chunk, pad_id).items()}
            counted = int((batch["labels"][:, 1:] != IGNORE_INDEX).sum())
            total += float(peft_model(**batch).loss) * counted
            tokens += counted
    peft_model.train()
    return total / max(1, tokens)


def wrap_with_lora(base: LoadedBase, job: TrainingJob) -> Any:
    from peft import LoraConfig, get_peft_model

    hyper = job.hyper
    config = LoraConfig(
        r=hyper.rank,
        lora_alpha=hyper.alpha,  # type: ignore[arg-type]  # annotated int, used as a number
        lora_dropout=hyper.dropout,
        target_modules=[TARGET_MODULES[t] for t in hyper.targets],
        bias="none",
        task_type="CAUSAL_LM",
    )
    try:
        return get_peft_model(base.model, config)
    except ValueError as exc:
        raise TrainingError(f"cannot put a LoRA on this model: {exc}") from exc


def run_loop(
    peft_model: Any,
    encoded: Sequence[EncodedExample],
    job: TrainingJob,
    *,
    pad_id: int,
    device: str,
    emit: Emit,
    controls: Controls,
    key: MasterKey | None = None,
    validation: Sequence[EncodedExample] = (),
) -> LoopResult:
    """Train to the end, or until paused, cancelled or (with `validation` examples and a
    patience) the held-out loss stops improving; then the best epoch's weights are restored.

    With `key` (an encrypted profile) the checkpoint is written sealed; a sealed or plain
    checkpoint is read either way."""
    import torch
    from peft import get_peft_model_state_dict, set_peft_model_state_dict

    hyper = job.hyper
    epochs = planned_epochs(len(encoded), hyper.batch_size, hyper.epochs, hyper.target_steps)
    total = total_steps(len(encoded), hyper.batch_size, epochs)
    per_epoch = steps_per_epoch(len(encoded), hyper.batch_size)
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=hyper.learning_rate, weight_decay=0.0)
    watching = bool(validation) and hyper.patience > 0
    stopper = EarlyStopping(hyper.patience)
    best_lora: dict[str, Any] | None = None
    start_step, spent, last_loss = 0, 0.0, None
    state_path = job.checkpoint_dir / STATE_FILE
    if state_path.is_file():
        state = _load_state(state_path, key, device)
        set_peft_model_state_dict(peft_model, state["lora"])
        optimizer.load_state_dict(state["optimizer"])
        start_step, spent, last_loss = int(state["step"]), float(state["seconds"]), state["loss"]
        if state.get("early_stopping"):
            stopper = EarlyStopping.from_record(state["early_stopping"])
            best_lora = state.get("best_lora")
    emit(
        "started",
        total_steps=total,
        start_step=start_step,
        train_examples=len(encoded),
        trainable_parameters=sum(p.numel() for p in params),
        device=device,
        precision=str(next(peft_model.parameters()).dtype).removeprefix("torch."),
        epochs=epochs,
        validation_examples=len(validation) if watching else 0,
        patience=hyper.patience if watching else 0,
    )

    def save_checkpoint(step: int, seconds: float, loss: float | None) -> Path:
        job.checkpoint_dir.mkdir(parents=True, exist_ok=True)
        state = {
            "lora": get_peft_model_state_dict(peft_model),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "seconds": seconds,
            "loss": loss,
            "early_stopping": stopper.as_record() if watching else None,
            "best_lora": best_lora,
        }
        if key is not None:
            # Adapter weights and optimizer moments are what the examples taught: never plain.
            from app.training.sealed_files import write_sealed

            buffer = io.BytesIO()
            torch.save(state, buffer)
            buffer.seek(0)
            return write_sealed(state_path, buffer, key)
        partial = state_path.with_name(STATE_FILE + ".partial")
        torch.save(state, partial)
        os.replace(partial, state_path)
        return state_path

    peft_model.train()
    session_started = time.perf_counter()
    step = start_step
    stopped_early = False
    while step < total:
        if controls.cancel.is_set():
            return LoopResult("cancelled", step, last_loss, spent, peft_model)
        if controls.pause.is_set():
            path = save_checkpoint(step, spent, last_loss)
            emit("paused", step=step, path=str(path))
            return LoopResult("paused", step, last_loss, spent, peft_model)
        step_started = time.perf_counter()
        lr = learning_rate_at(step, total, hyper.learning_rate, hyper.warmup_steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        rows = batch_indices(step, len(encoded), hyper.batch_size, hyper.seed)
        batch = {k: v.to(device) for k, v in collate([encoded[i] for i in rows], pad_id).items()}
        loss = peft_model(**batch).loss
        if not torch.isfinite(loss):
            raise TrainingError(
                f"the loss became {loss.item()} at step {step + 1}; try a lower learning rate"
            )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        last_loss = float(loss.item())
        checked: dict[str, Any] = {}
        if watching and (step % per_epoch == 0 or step == total):
            epoch = math.ceil(step / per_epoch)  # a last, partial epoch counts as one
            held = held_out_loss(peft_model, validation, hyper.batch_size, pad_id, device)
            if stopper.update(epoch, held):
                best_lora = {
                    k: v.detach().clone() for k, v in get_peft_model_state_dict(peft_model).items()
                }
            checked = {"held_out_loss": round(held, 5), "best_epoch": stopper.best_epoch}
            stopped_early = stopper.should_stop() and step < total
        spent += time.perf_counter() - step_started
        elapsed = time.perf_counter() - session_started
        done_here = step - start_step
        emit(
            "step",
            step=step,
            total_steps=total,
            epoch=round(step / per_epoch, 3),
            loss=last_loss,
            lr=lr,
            elapsed_s=round(spent, 3),
            eta_s=round(elapsed / done_here * (total - step), 1),
            **checked,
        )
        if stopped_early:
            emit("status", message=stopped_early_text(step // per_epoch, stopper.best_epoch))
            break
        if (
            job.checkpoint_every_steps > 0
            and step % job.checkpoint_every_steps == 0
            and step < total
        ):
            emit("checkpoint", step=step, path=str(save_checkpoint(step, spent, last_loss)))
    if watching and best_lora is not None and stopper.history[-1][0] != stopper.best_epoch:
        set_peft_model_state_dict(peft_model, best_lora)
    return LoopResult(
        "done",
        step,
        last_loss,
        spent,
        peft_model,
        stopped_early=stopped_early,
        best_epoch=stopper.best_epoch if watching and stopper.history else None,
        best_held_out_loss=stopper.best_loss if watching else None,
        epochs_planned=epochs,
        epochs_run=round(step / per_epoch, 3),
    )


def _load_state(path: Path, key: MasterKey | None, device: str) -> Any:
    import torch

    from app.training.sealed_files import is_sealed, read_bytes

    if is_sealed(path):  # decrypted in memory only
        return torch.load(
            io.BytesIO(read_bytes(path, key)), map_location=device, weights_only=False
        )
    return torch.load(path, map_location=device, weights_only=False)


def lora_state_as_numpy(peft_model: Any) -> dict[str, Any]:
    from peft import get_peft_model_state_dict

    return {
        key: value.detach().to("cpu").float().numpy()
        for key, value in get_peft_model_state_dict(peft_model).items()
    }
