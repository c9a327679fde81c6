"""Datasets, adapter cards, held-out evaluations and reply feedback in the database (v7 tables)."""

from __future__ import annotations

import builtins
import json
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import func, select

from app.chats.message_repository import REPLY_MARKS, MessageRepository, ReplyEdit
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.training_schema import (
    AdapterCardRow,
    AdapterEvaluationRow,
    ReplyFeedbackRow,
    TrainingDatasetRow,
    TrainingExampleRow,
)
from app.training.dataset import Dataset
from app.training.dataset_files import parse_jsonl
from app.training.evaluation import EvaluationReport, EvaluationRow, Thumb
from app.training.examples import TrainingExample
from app.training.records import AdapterCard, DatasetRecord, NewCard, ReplyFeedback

MARKS: Final = REPLY_MARKS


def _now() -> datetime:
    return datetime.now(UTC)


def _dataset_record(row: TrainingDatasetRow) -> DatasetRecord:
    return DatasetRecord(
        id=row.id,
        name=row.name,
        version=row.version,
        content_hash=row.content_hash,
        example_count=row.example_count,
        held_out_count=row.held_out_count,
        created_at=row.created_at,
    )


def _evaluation_row(row: AdapterEvaluationRow) -> EvaluationRow:
    expected = json.loads(row.expected)
    return EvaluationRow(
        position=row.position,
        prompt=row.prompt,
        reference=row.reference,
        expected=tuple(str(e) for e in expected) if isinstance(expected, list) else (),
        reply_before=row.reply_before,
        reply_after=row.reply_after,
        score_before=row.score_before,
        score_after=row.score_after,
        thumbs_before=row.thumbs_before,
        thumbs_after=row.thumbs_after,
    )


class TrainingRepository:
    def __init__(self, db: Database, messages: MessageRepository) -> None:
        """`messages` is the chat's repository: a reply's mark and edit follow the chat's rules,
        so the Studio and the chat can never disagree on what a reply may carry."""
        self._db = db
        self._messages = messages

    # ---- datasets ----------------------------------------------------------------------------

    def save_dataset(self, dataset: Dataset) -> DatasetRecord:
        """Store a dataset version; the same name and content again returns the stored one."""
        content_hash = dataset.content_hash
        with self._db.session(action="save the dataset") as session:
            existing = session.scalars(
                select(TrainingDatasetRow).where(
                    TrainingDatasetRow.name == dataset.name,
                    TrainingDatasetRow.content_hash == content_hash,
                )
            ).first()
            if existing is not None:
                return _dataset_record(existing)
            latest = session.scalar(
                select(func.max(TrainingDatasetRow.version)).where(
                    TrainingDatasetRow.name == dataset.name
                )
            )
            row = TrainingDatasetRow(
                name=dataset.name,
                version=(latest or 0) + 1,
                content_hash=content_hash,
                example_count=len(dataset.examples),
                held_out_count=len(dataset.held_out),
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            for position, example in enumerate(dataset.examples):
                session.add(
                    TrainingExampleRow(
                        dataset_id=row.id,
                        position=position,
                        split=example.split or "train",
                        record=json.dumps(example.as_record(), ensure_ascii=False),
                        source=example.source,
                    )
                )
            session.flush()
            return _dataset_record(row)

    def list_datasets(self) -> builtins.list[DatasetRecord]:
        with self._db.session(write=False, action="read the datasets") as session:
            rows = session.scalars(
                select(TrainingDatasetRow).order_by(
                    TrainingDatasetRow.name, TrainingDatasetRow.version
                )
            ).all()
            return [_dataset_record(r) for r in rows]

    def load_dataset(self, dataset_id: int) -> Dataset:
        with self._db.session(write=False, action="read the dataset") as session:
            row = session.get(TrainingDatasetRow, dataset_id)
            if row is None:
                raise NotFoundError("dataset", dataset_id)
            rows = session.scalars(
                select(TrainingExampleRow)
                .where(TrainingExampleRow.dataset_id == dataset_id)
                .order_by(TrainingExampleRow.position)
            ).all()
            parsed = parse_jsonl("\n".join(r.record for r in rows), source=row.name)
            examples: list[TrainingExample] = []
            for example, stored in zip(parsed.examples, rows, strict=False):
                examples.append(
                    TrainingExample(
                        turns=example.turns,
                        source=stored.source,
                        expected=example.expected,
                        split="held_out" if stored.split == "held_out" else "train",
                    )
                )
            return Dataset(name=row.name, examples=tuple(examples))

    def delete_dataset(self, dataset_id: int) -> None:
        with self._db.session(action="delete the dataset") as session:
            row = session.get(TrainingDatasetRow, dataset_id)
            if row is None:
                raise NotFoundError("dataset", dataset_id)
            session.delete(row)

    # ---- adapter cards -----------------------------------------------------------------------

    def add_card(self, card: NewCard, evaluation: EvaluationReport) -> AdapterCard:
        with self._db.session(action="save the adapter card") as session:
            row = AdapterCardRow(
                adapter_id=card.adapter_id,
                name=card.name,
                adapter_sha256=card.adapter_sha256,
                base_sha256=card.base_sha256,
                base_name=card.base_name,
                dataset_id=card.dataset_id,
                dataset_hash=card.dataset_hash,
                hyperparameters=json.dumps(card.hyperparameters, sort_keys=True),
                steps=card.steps,
                final_loss=card.final_loss,
                train_seconds=card.train_seconds,
                score_before=evaluation.score_before,
                score_after=evaluation.score_after,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            for item in evaluation.rows:
                session.add(
                    AdapterEvaluationRow(
                        card_id=row.id,
                        position=item.position,
                        prompt=item.prompt,
                        reference=item.reference,
                        expected=json.dumps(list(item.expected), ensure_ascii=False),
                        reply_before=item.reply_before,
                        reply_after=item.reply_after,
                        score_before=item.score_before,
                        score_after=item.score_after,
                        thumbs_before=item.thumbs_before,
                        thumbs_after=item.thumbs_after,
                    )
                )
            session.flush()
            card_id = row.id
        return self.get_card(card_id)

    def get_card(self, card_id: int) -> AdapterCard:
        with self._db.session(write=False, action="read the adapter card") as session:
            row = session.get(AdapterCardRow, card_id)
            if row is None:
                raise NotFoundError("adapter card", card_id)
            evaluations = session.scalars(
                select(AdapterEvaluationRow)
                .where(AdapterEvaluationRow.card_id == card_id)
                .order_by(AdapterEvaluationRow.position)
            ).all()
            report = EvaluationReport(tuple(_evaluation_row(e) for e in evaluations))
            hyper = json.loads(row.hyperparameters)
            return AdapterCard(
                id=row.id,
                name=row.name,
                adapter_id=row.adapter_id,
                adapter_sha256=row.adapter_sha256,
                base_sha256=row.base_sha256,
                base_name=row.base_name,
                dataset_id=row.dataset_id,
                dataset_hash=row.dataset_hash,
                hyperparameters=hyper if isinstance(hyper, dict) else {},
                steps=row.steps,
                final_loss=row.final_loss,
                train_seconds=row.train_seconds,
                score_before=row.score_before,
                score_after=row.score_after,
                created_at=row.created_at,
                evaluation=report,
            )

    def cards(self, adapter_id: int | None = None) -> builtins.list[AdapterCard]:
        """Every card, newest first; with `adapter_id`, that adapter's cards only."""
        with self._db.session(write=False, action="read the adapter cards") as session:
            query = select(AdapterCardRow.id).order_by(AdapterCardRow.id.desc())
            if adapter_id is not None:
                query = query.where(AdapterCardRow.adapter_id == adapter_id)
            ids = list(session.scalars(query).all())
        return [self.get_card(card_id) for card_id in ids]

    def set_thumb(self, card_id: int, position: int, *, after: bool, thumb: Thumb) -> None:
        if thumb not in (1, -1, None):
            raise ValueError("a thumb is 1 (up), -1 (down) or None")
        with self._db.session(action="save the rating") as session:
            row = session.scalars(
                select(AdapterEvaluationRow).where(
                    AdapterEvaluationRow.card_id == card_id,
                    AdapterEvaluationRow.position == position,
                )
            ).first()
            if row is None:
                raise NotFoundError("evaluation row", position)
            if after:
                row.thumbs_after = thumb
            else:
                row.thumbs_before = thumb

    # ---- reply feedback ----------------------------------------------------------------------

    def mark_reply(self, message_id: int, mark: str | None) -> None:
        """The user's verdict on an assistant reply ("good", "bad", or None to clear it).

        The same rule as the chat's thumbs (MessageRepository.mark_reply): only a complete
        assistant reply can be marked."""
        self._messages.mark_reply(message_id, mark)

    def edit_reply(self, message_id: int, content: str) -> ReplyEdit:
        """Save the user's version of a reply and keep the text as generated, in one
        transaction (see MessageRepository.edit_reply)."""
        return self._messages.edit_reply(message_id, content)

    def record_edit(self, message_id: int, generated_content: str) -> None:
        """Keep the text as generated of a reply the user edits (only the first edit's original
        is kept, so the pair stays generated -> latest edit). A separate transaction from the
        edit itself: prefer edit_reply, which does both at once."""
        with self._db.session(action="save the reply's original text") as session:
            row = session.get(ReplyFeedbackRow, message_id) or ReplyFeedbackRow(
                message_id=message_id
            )
            if row.generated_content is None:
                row.generated_content = generated_content
            row.updated_at = _now()
            session.add(row)

    def feedback(self) -> builtins.list[ReplyFeedback]:
        with self._db.session(write=False, action="read the reply feedback") as session:
            rows = session.scalars(
                select(ReplyFeedbackRow).order_by(ReplyFeedbackRow.message_id)
            ).all()
            return [ReplyFeedback(r.message_id, r.mark, r.generated_content) for r in rows]
