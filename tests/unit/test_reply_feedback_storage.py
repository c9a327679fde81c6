"""Marks and edits of assistant replies in a real SQLite profile: the rules, and that an edit
and the text as generated are written in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import app.storage.assistant_schema  # noqa: F401  # conversations refer to assistants
from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository, ReplyFeedbackError
from app.config import Paths
from app.storage import Database, NotFoundError, StorageError
from app.storage.records import Message
from app.training.repository import TrainingRepository

QUESTION = "Which warehouse ships to Lyon?"
GENERATED = "The Paris warehouse ships to Lyon."
FIXED = "The Villeurbanne depot ships to Lyon, within two working days."


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


def chat_with_reply(db: Database, *, complete: bool = True) -> tuple[Message, Message]:
    chat = ConversationRepository(db).create("Shipping")
    messages = MessageRepository(db)
    question = messages.add(chat.id, "user", QUESTION)
    reply = messages.add(chat.id, "assistant", GENERATED, complete=complete)
    return question, reply


def feedback_rows(db: Database) -> dict[int, tuple[str | None, str | None]]:
    return {
        f.message_id: (f.mark, f.generated_content)
        for f in TrainingRepository(db, MessageRepository(db)).feedback()
    }


def add_failing_trigger(db: Database, table: str, event: str) -> None:
    """Make SQLite refuse the write, as a full disk or a crash half way would stop it."""
    with db.session() as session:
        session.execute(
            text(
                f"CREATE TRIGGER fail_{table} BEFORE {event} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
            )
        )


def test_edit_keeps_the_text_as_generated_and_lifts_a_bad_mark(db: Database) -> None:
    messages = MessageRepository(db)
    _question, reply = chat_with_reply(db)
    messages.mark_reply(reply.id, "bad")
    edit = messages.edit_reply(reply.id, FIXED)
    assert edit.changed
    assert edit.message.content == FIXED
    assert edit.feedback.edited and edit.feedback.generated_content == GENERATED
    assert edit.feedback.mark is None  # the "bad" verdict was on the text now replaced
    assert feedback_rows(db) == {reply.id: (None, GENERATED)}
    assert messages.get(reply.id).content == FIXED
    messages.edit_reply(reply.id, FIXED + " Ask for tracking.")
    assert feedback_rows(db) == {reply.id: (None, GENERATED)}  # the first original stays
    # Edited back to exactly what was generated: no longer counts as edited.
    back = messages.edit_reply(reply.id, GENERATED)
    assert back.changed and not back.feedback.edited
    assert messages.reply_feedback(reply.conversation_id)[reply.id].edited is False


def test_an_unchanged_edit_writes_nothing(db: Database) -> None:
    messages = MessageRepository(db)
    conversations = ConversationRepository(db)
    _question, reply = chat_with_reply(db)
    before = conversations.get(reply.conversation_id).updated_at
    edit = messages.edit_reply(reply.id, GENERATED)
    assert not edit.changed and not edit.feedback.edited
    assert feedback_rows(db) == {}
    assert conversations.get(reply.conversation_id).updated_at == before


def test_refusals_name_the_problem(db: Database) -> None:
    messages = MessageRepository(db)
    question, reply = chat_with_reply(db)
    with pytest.raises(ReplyFeedbackError, match="cannot be empty"):
        messages.edit_reply(reply.id, " \n\t")
    with pytest.raises(ReplyFeedbackError, match="user message, not an assistant reply"):
        messages.edit_reply(question.id, "changed")
    with pytest.raises(ReplyFeedbackError, match="user message, not an assistant reply"):
        messages.mark_reply(question.id, "good")
    with pytest.raises(ReplyFeedbackError, match="one of good, bad"):
        messages.mark_reply(reply.id, "great")
    with pytest.raises(NotFoundError):
        messages.mark_reply(reply.id + 100, "good")
    with pytest.raises(NotFoundError):
        messages.edit_reply(reply.id + 100, "text")
    assert feedback_rows(db) == {}
    assert messages.get(reply.id).content == GENERATED


def test_an_incomplete_reply_cannot_be_marked_but_can_be_edited(db: Database) -> None:
    messages = MessageRepository(db)
    _question, reply = chat_with_reply(db, complete=False)
    with pytest.raises(ReplyFeedbackError, match="incomplete"):
        messages.mark_reply(reply.id, "good")
    with pytest.raises(ReplyFeedbackError, match="incomplete"):
        TrainingRepository(db, messages).mark_reply(reply.id, "bad")  # the Studio's path: same rule
    assert messages.mark_reply(reply.id, None).mark is None  # clearing is always fine
    edit = messages.edit_reply(reply.id, FIXED)
    assert edit.feedback.edited
    assert not messages.get(reply.id).complete  # still says how the generation ended


@pytest.mark.parametrize(
    ("table", "event"),
    [("reply_feedback", "INSERT"), ("messages", "UPDATE")],
)
def test_edit_and_original_are_saved_together_or_not_at_all(
    db: Database, table: str, event: str
) -> None:
    messages = MessageRepository(db)
    _question, reply = chat_with_reply(db)
    add_failing_trigger(db, table, event)
    with pytest.raises(StorageError, match="simulated failure"):
        messages.edit_reply(reply.id, FIXED)
    # Neither half was kept: not the edit without its original, nor an original without edit.
    assert messages.get(reply.id).content == GENERATED
    assert feedback_rows(db) == {}


def test_marks_are_listed_per_chat_and_go_with_their_reply(db: Database) -> None:
    messages = MessageRepository(db)
    _question, reply = chat_with_reply(db)
    _other_question, other = chat_with_reply(db)
    messages.mark_reply(reply.id, "good")
    messages.mark_reply(other.id, "bad")
    listed = messages.reply_feedback(reply.conversation_id)
    assert {k: v.mark for k, v in listed.items()} == {reply.id: "good"}
    # Regenerating deletes the reply: its mark goes with it (ON DELETE CASCADE).
    messages.truncate_from(reply.conversation_id, reply.position)
    assert messages.reply_feedback(reply.conversation_id) == {}
    assert feedback_rows(db) == {other.id: ("bad", None)}
