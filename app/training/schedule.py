"""How long a run trains and when it stops (pure arithmetic: no torch).

Epochs scale with the dataset: a preset asks for about `target_steps` optimizer steps, so a
small dataset gets more passes and a big one fewer, clamped between MIN_AUTO_EPOCHS and the
preset's `epochs` (the most it may run). Early stopping watches the held-out loss after each
epoch and stops once it has not improved for `patience` epochs; the best epoch's weights win.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

MIN_AUTO_EPOCHS: Final = 2.0  # fewer passes than this rarely teach a fact
MIN_DELTA: Final = 1e-3  # a held-out loss must fall by this much to count as better


def steps_per_epoch(examples: int, batch_size: int) -> int:
    return max(1, math.ceil(examples / batch_size))


def total_steps(examples: int, batch_size: int, epochs: float) -> int:
    return max(1, math.ceil(steps_per_epoch(examples, batch_size) * epochs))


def planned_epochs(examples: int, batch_size: int, epochs: float, target_steps: int) -> float:
    """The passes a run makes: `epochs` as given, or with `target_steps` > 0 about that many
    optimizer steps, at least MIN_AUTO_EPOCHS and at most `epochs` (rounded to a tenth)."""
    if target_steps <= 0:
        return epochs
    wanted = target_steps / steps_per_epoch(examples, batch_size)
    low = min(MIN_AUTO_EPOCHS, epochs)
    return round(min(epochs, max(low, wanted)), 1)


def learning_rate_at(step: int, total: int, peak: float, warmup: int) -> float:
    """Linear warm-up, then a linear decay to a tenth of the peak."""
    if warmup > 0 and step < warmup:
        return peak * (step + 1) / warmup
    span = max(1, total - warmup)
    progress = min(1.0, (step - warmup) / span)
    return peak * (1.0 - 0.9 * progress)


def general_count(train_examples: int, fraction: float, available: int) -> int:
    """How many built-in general examples to mix into `train_examples` of the user's: a
    `fraction` of them, rounded (none for a handful of examples), never more than there are."""
    if fraction <= 0 or train_examples <= 0 or available <= 0:
        return 0
    return min(available, round(train_examples * fraction))


@dataclass
class EarlyStopping:
    """Decides, after each epoch's held-out loss, whether the run goes on.

    `patience` epochs without an improvement of at least MIN_DELTA stop it (0: never stops);
    it never stops before `min_epochs`. `best_epoch` is where the weights to keep were."""

    patience: int
    min_epochs: int = 2
    best_loss: float | None = None
    best_epoch: int = 0
    history: list[tuple[int, float]] = field(default_factory=list)

    def update(self, epoch: int, loss: float) -> bool:
        """Record `loss` at the end of `epoch`; True when it is the best so far."""
        self.history.append((epoch, loss))
        if self.best_loss is None or loss < self.best_loss - MIN_DELTA:
            self.best_loss, self.best_epoch = loss, epoch
            return True
        return False

    def should_stop(self) -> bool:
        if self.patience <= 0 or not self.history:
            return False
        epoch = self.history[-1][0]
        return epoch >= self.min_epochs and epoch - self.best_epoch >= self.patience

    def as_record(self) -> dict[str, Any]:
        return {
            "patience": self.patience,
            "min_epochs": self.min_epochs,
            "best_loss": self.best_loss,
            "best_epoch": self.best_epoch,
            "history": [list(h) for h in self.history],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> EarlyStopping:
        return cls(
            patience=int(record["patience"]),
            min_epochs=int(record.get("min_epochs", 2)),
            best_loss=record.get("best_loss"),
            best_epoch=int(record.get("best_epoch", 0)),
            history=[(int(e), float(v)) for e, v in record.get("history", [])],
        )


def stopped_early_text(epoch: int, best_epoch: int) -> str:
    """What the Studio and the CLI say when early stopping ended a run."""
    return (
        f"stopped early at epoch {epoch} (held-out loss no longer improving); "
        f"kept the weights of epoch {best_epoch}"
    )
