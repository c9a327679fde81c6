"""Datasets, adapter cards, thumbs and reply feedback in a real SQLite profile (schema v7), and
examples built from the user's chats and edited documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

import app.storage.assistant_schema  # noqa: F401  # conversations refer to assistants
from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.storage import Database, NotFoundError
from app.training.dataset import prepare_dataset
from app.training.evaluation import EvaluationReport, EvaluationRow
from app.training.examples import make_example
from app.training.records import NewCard
from app.training.repository import TrainingRepository
from app.training.sources import examples_from_chats, examples_from_documents


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


def test_dataset_versions_round_trip_and_cascade(db: Database) -> None:
    repo = TrainingRepository(db, MessageRepository(db))
    examples = [make_example(f"q{i}", f"a{i}", expected=(f"a{i}",)) for i in range(6)]
    dataset, _ = prepare_dataset("support", examples, seed=2)
    first = repo.save_dataset(dataset)
    assert (first.version, first.example_count, first.held_out_count) == (1, 6, 1)
    assert repo.save_dataset(dataset) == first  # same content: same version
    changed, _ = prepare_dataset("support", examples[:5], seed=2)
    second = repo.save_dataset(changed)
    assert second.version == 2 and second.content_hash != first.content_hash
    loaded = repo.load_dataset(first.id)
    assert loaded.content_hash == dataset.content_hash
    assert [e.split for e in loaded.examples] == [e.split for e in dataset.examples]
    assert [r.version for r in repo.list_datasets()] == [1, 2]
    repo.delete_dataset(first.id)
    with pytest.raises(NotFoundError):
        repo.load_dataset(first.id)


def test_card_keeps_scores_and_thumbs(db: Database) -> None:
    repo = TrainingRepository(db, MessageRepository(db))
    rows = (
        EvaluationRow(0, "Who?", "Odessa.", ("Odessa",), "I don't know.", "Odessa.", 0.0, 1.0),
        EvaluationRow(1, "Where?", "Quillon.", ("Quillon",), "Paris.", "Harbor.", 0.0, 0.0),
    )
    card = repo.add_card(
        NewCard(
            name="support",
            adapter_id=None,
            adapter_sha256="ab" * 32,
            base_sha256="cd" * 32,
            base_name="Starter",
            dataset_id=None,
            dataset_hash="ef" * 32,
            hyperparameters={"rank": 8, "targets": ["q", "v"]},
            steps=12,
            final_loss=0.25,
            train_seconds=30.5,
        ),
        EvaluationReport(rows),
    )
    assert (card.score_before, card.score_after) == (0.0, 0.5)
    assert card.hyperparameters == {"rank": 8, "targets": ["q", "v"]}
    repo.set_thumb(card.id, 1, after=True, thumb=-1)
    repo.set_thumb(card.id, 0, after=False, thumb=1)
    stored = repo.get_card(card.id).evaluation.rows
    assert [(r.thumbs_before, r.thumbs_after) for r in stored] == [(1, None), (None, -1)]
    assert stored[0].expected == ("Odessa",)
    with pytest.raises(NotFoundError):
        repo.set_thumb(card.id, 9, after=True, thumb=1)
    with pytest.raises(ValueError):
        repo.set_thumb(card.id, 0, after=True, thumb=5)
    assert [c.id for c in repo.cards()] == [card.id]


def test_marked_and_edited_replies_become_examples(db: Database) -> None:
    chats = ConversationRepository(db)
    messages = MessageRepository(db)
    repo = TrainingRepository(db, messages)
    chat = chats.create("Support", system_prompt="You answer for Larkspur.")
    messages.add(chat.id, "user", "Who founded Larkspur?")
    good = messages.add(chat.id, "assistant", "Odessa Varnholt founded it.")
    messages.add(chat.id, "user", "Where is it based?")
    edited = messages.add(chat.id, "assistant", "In Paris.")
    messages.add(chat.id, "user", "And the warranty?")
    rejected = messages.add(chat.id, "assistant", "Forever.")
    messages.add(chat.id, "user", "Colour?")
    untouched_edit = messages.add(chat.id, "assistant", "Green.")

    repo.mark_reply(good.id, "good")
    repo.record_edit(edited.id, "In Paris.")
    messages.edit_content(edited.id, "Larkspur is based in Quillon Harbor.")
    repo.record_edit(edited.id, "a later edit must not replace the generated text")
    repo.mark_reply(rejected.id, "bad")
    repo.record_edit(untouched_edit.id, "Green.")  # opened for editing, saved unchanged
    with pytest.raises(ValueError):
        repo.mark_reply(good.id, "great")

    examples = examples_from_chats(repo.feedback(), messages, chats)
    assert [e.reply for e in examples] == [
        "Odessa Varnholt founded it.",
        "Larkspur is based in Quillon Harbor.",
    ]
    assert [(t.role, t.content) for t in examples[1].turns] == [
        ("system", "You answer for Larkspur."),
        ("user", "Who founded Larkspur?"),
        ("assistant", "Odessa Varnholt founded it."),
        ("user", "Where is it based?"),
        ("assistant", "Larkspur is based in Quillon Harbor."),
    ]
    assert "(edited)" in examples[1].source and "(marked good)" in examples[0].source


def document(doc_id: int, generated: str, saved: str) -> Any:
    plan = SimpleNamespace(brief=f"Write memo {doc_id}.", system_prompt="Formal tone.")
    return SimpleNamespace(
        id=doc_id,
        title=f"Memo {doc_id}",
        edited=generated != saved,
        content=saved,
        recipe=SimpleNamespace(plan=plan),
    )


def test_only_edited_documents_become_examples() -> None:
    docs = [document(1, "draft", "draft"), document(2, "draft", "Final text by the user.")]
    source = cast(Any, SimpleNamespace(list=lambda: docs))
    examples = examples_from_documents(source)
    assert len(examples) == 1
    assert [(t.role, t.content) for t in examples[0].turns] == [
        ("system", "Formal tone."),
        ("user", "Write memo 2."),
        ("assistant", "Final text by the user."),
    ]
    assert examples[0].source == "document 2 (Memo 2)"
