"""ORM mapping of the v7 training tables (see migration_steps/v7_training.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import REAL, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime

__all__ = [
    "AdapterCardRow",
    "AdapterEvaluationRow",
    "ReplyFeedbackRow",
    "TrainingDatasetRow",
    "TrainingExampleRow",
]


class TrainingDatasetRow(Base):
    __tablename__ = "training_datasets"
    __table_args__ = (
        UniqueConstraint("name", "content_hash", name="uq_training_datasets_name_hash"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(Text)
    example_count: Mapped[int] = mapped_column(Integer)
    held_out_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrainingExampleRow(Base):
    __tablename__ = "training_examples"
    __table_args__ = (
        UniqueConstraint("dataset_id", "position", name="uq_training_examples_dataset_position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("training_datasets.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    split: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)  # JSON: one JSONL training object
    source: Mapped[str] = mapped_column(Text)


class AdapterCardRow(Base):
    __tablename__ = "adapter_cards"
    __table_args__ = (
        Index("ix_adapter_cards_adapter_id", "adapter_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    adapter_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("adapters.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(Text)
    adapter_sha256: Mapped[str] = mapped_column(Text)
    base_sha256: Mapped[str] = mapped_column(Text)
    base_name: Mapped[str] = mapped_column(Text)
    dataset_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("training_datasets.id", ondelete="SET NULL")
    )
    dataset_hash: Mapped[str] = mapped_column(Text)
    hyperparameters: Mapped[str] = mapped_column(Text)  # JSON object (Hyperparameters)
    steps: Mapped[int] = mapped_column(Integer)
    final_loss: Mapped[float | None] = mapped_column(REAL)
    train_seconds: Mapped[float] = mapped_column(REAL)
    score_before: Mapped[float | None] = mapped_column(REAL)
    score_after: Mapped[float | None] = mapped_column(REAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AdapterEvaluationRow(Base):
    __tablename__ = "adapter_evaluations"
    __table_args__ = (
        UniqueConstraint("card_id", "position", name="uq_adapter_evaluations_card_position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("adapter_cards.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    prompt: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(Text)
    expected: Mapped[str] = mapped_column(Text)  # JSON list of phrases
    reply_before: Mapped[str] = mapped_column(Text)
    reply_after: Mapped[str] = mapped_column(Text)
    score_before: Mapped[float] = mapped_column(REAL)
    score_after: Mapped[float] = mapped_column(REAL)
    thumbs_before: Mapped[int | None] = mapped_column(Integer)
    thumbs_after: Mapped[int | None] = mapped_column(Integer)


class ReplyFeedbackRow(Base):
    __tablename__ = "reply_feedback"

    message_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    mark: Mapped[str | None] = mapped_column(Text)  # "good", "bad" or None
    generated_content: Mapped[str | None] = mapped_column(Text)  # before the user's edit
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
