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
from app.training.batching import EncodedExample, collate
from app.training.config import TARGET_MODULES, TrainingJob
from app.training.errors import TrainingError

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


def steps_per_epoch(examples: int, batch_size: int) -> int:
    return max(1, math.ceil(examples / batch_size))


def total_steps(examples: int, batch_size: int, epochs: float) -> int:
    return max(1, math.ceil(steps_per_epoch(examples, batch_size) * epochs))


def batch_indices(step: int, examples: int, batch_size: int, seed: int) -> list[int]:
    import torch

    per_epoch = steps_per_epoch(examples, batch_size)
    epoch, index = divmod(step, per_epoch)
    order = torch.randperm(examples, generator=torch.Generator().manual_seed(seed * 1000 + epoch))
    return [int(i) for i in order[index * batch_size : (index + 1) * batch_size]]


def learning_rate_at(step: int, total: int, peak: float, warmup: int) -> float:
    """Linear warm-up, then a linear decay to a tenth of the peak."""
    if warmup > 0 and step < warmup:
        return peak * (step + 1) / warmup
    span = max(1, total - warmup)
    progress = min(1.0, (step - warmup) / span)
    return peak * (1.0 - 0.9 * progress)


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
) -> LoopResult:
    """Train to the end, or until paused or cancelled. With `key` (an encrypted profile) the
    checkpoint is written sealed; a sealed or plain checkpoint is read either way."""
    import torch
    from peft import get_peft_model_state_dict, set_peft_model_state_dict

    hyper = job.hyper
    total = total_steps(len(encoded), hyper.batch_size, hyper.epochs)
    per_epoch = steps_per_epoch(len(encoded), hyper.batch_size)
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=hyper.learning_rate, weight_decay=0.0)
    start_step, spent, last_loss = 0, 0.0, None
    state_path = job.checkpoint_dir / STATE_FILE
    if state_path.is_file():
        state = _load_state(state_path, key, device)
        set_peft_model_state_dict(peft_model, state["lora"])
        optimizer.load_state_dict(state["optimizer"])
        start_step, spent, last_loss = int(state["step"]), float(state["seconds"]), state["loss"]
    emit(
        "started",
        total_steps=total,
        start_step=start_step,
        train_examples=len(encoded),
        trainable_parameters=sum(p.numel() for p in params),
        device=device,
        precision=str(next(peft_model.parameters()).dtype).removeprefix("torch."),
    )

    def save_checkpoint(step: int, seconds: float, loss: float | None) -> Path:
        job.checkpoint_dir.mkdir(parents=True, exist_ok=True)
        state = {
            "lora": get_peft_model_state_dict(peft_model),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "seconds": seconds,
            "loss": loss,
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
        )
        if (
            job.checkpoint_every_steps > 0
            and step % job.checkpoint_every_steps == 0
            and step < total
        ):
            emit("checkpoint", step=step, path=str(save_checkpoint(step, spent, last_loss)))
    return LoopResult("done", step, last_loss, spent, peft_model)


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
