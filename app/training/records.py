"""Plain values the training repository returns (no ORM rows leave the storage code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.training.evaluation import EvaluationReport


@dataclass(frozen=True)
class DatasetRecord:
    id: int
    name: str
    version: int
    content_hash: str
    example_count: int
    held_out_count: int
    created_at: datetime


@dataclass(frozen=True)
class NewCard:
    name: str
    adapter_id: int | None
    adapter_sha256: str
    base_sha256: str
    base_name: str
    dataset_id: int | None
    dataset_hash: str
    hyperparameters: dict[str, Any]
    steps: int
    final_loss: float | None
    train_seconds: float


@dataclass(frozen=True)
class AdapterCard:
    """What an adapter is: base, data, settings, training cost and held-out scores."""

    id: int
    name: str
    adapter_id: int | None
    adapter_sha256: str
    base_sha256: str
    base_name: str
    dataset_id: int | None
    dataset_hash: str
    hyperparameters: dict[str, Any]
    steps: int
    final_loss: float | None
    train_seconds: float
    score_before: float | None
    score_after: float | None
    created_at: datetime
    evaluation: EvaluationReport

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "adapter_id": self.adapter_id,
            "adapter_sha256": self.adapter_sha256,
            "base_sha256": self.base_sha256,
            "base_name": self.base_name,
            "dataset_id": self.dataset_id,
            "dataset_hash": self.dataset_hash,
            "hyperparameters": self.hyperparameters,
            "steps": self.steps,
            "final_loss": self.final_loss,
            "train_seconds": self.train_seconds,
            "score_before": self.score_before,
            "score_after": self.score_after,
            "created_at": self.created_at.isoformat(),
            "held_out": len(self.evaluation.rows),
        }


@dataclass(frozen=True)
class ReplyFeedback:
    message_id: int
    mark: str | None  # "good", "bad" or None
    generated_content: str | None  # the reply as generated, when the user edited it
