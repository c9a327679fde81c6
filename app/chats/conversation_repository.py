"""Conversations (their messages live in message_repository.py)."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.storage.connection import CASEFOLD_FUNCTION
from app.storage.convert import (
    LIKE_ESCAPE,
    conversation_record,
    like_substring,
    storable_text,
    utc_now,
)
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.records import Conversation
from app.storage.schema import ConversationRow, ModelRow


def load_conversation(session: Session, conversation_id: int) -> ConversationRow:
    row = session.get(ConversationRow, conversation_id)
    if row is None:
        raise NotFoundError("conversation", conversation_id)
    return row


def _check_model(session: Session, model_id: int | None) -> None:
    if model_id is not None and session.get(ModelRow, model_id) is None:
        raise NotFoundError("model", model_id)


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(
        self, title: str, *, model_id: int | None = None, system_prompt: str | None = None
    ) -> Conversation:
        with self._db.session(action="create the conversation") as session:
            _check_model(session, model_id)
            now = utc_now()
            row = ConversationRow(
                title=storable_text(title),
                created_at=now,
                updated_at=now,
                model_id=model_id,
                system_prompt=None if system_prompt is None else storable_text(system_prompt),
            )
            session.add(row)
            session.flush()
            return conversation_record(row)

    def list(self, title_filter: str | None = None) -> builtins.list[Conversation]:
        """Conversations, most recently updated first.

        `title_filter` keeps those whose title contains it, ignoring case (Unicode-aware);
        `%` and `_` in it are matched literally.
        """
        query = select(ConversationRow).order_by(
            ConversationRow.updated_at.desc(), ConversationRow.id.desc()
        )
        if title_filter:
            folded = getattr(func, CASEFOLD_FUNCTION)(ConversationRow.title)
            query = query.where(
                folded.like(like_substring(title_filter.casefold()), escape=LIKE_ESCAPE)
            )
        with self._db.session(write=False, action="read the conversations") as session:
            return [conversation_record(row) for row in session.scalars(query).all()]

    def get(self, conversation_id: int) -> Conversation:
        with self._db.session(write=False, action="read the conversation") as session:
            return conversation_record(load_conversation(session, conversation_id))

    def rename(self, conversation_id: int, title: str) -> Conversation:
        """Change the title (this does not count as an update for the ordering)."""
        with self._db.session(action="rename the conversation") as session:
            row = load_conversation(session, conversation_id)
            row.title = storable_text(title)
            session.flush()
            return conversation_record(row)

    def delete(self, conversation_id: int) -> None:
        """Delete the conversation and, through the foreign key, all its messages."""
        with self._db.session(action="delete the conversation") as session:
            load_conversation(session, conversation_id)
            session.execute(delete(ConversationRow).where(ConversationRow.id == conversation_id))

    def touch(self, conversation_id: int) -> Conversation:
        """Mark the conversation as just updated (it moves to the top of `list`)."""
        with self._db.session(action="update the conversation") as session:
            row = load_conversation(session, conversation_id)
            row.updated_at = utc_now()
            session.flush()
            return conversation_record(row)

    def set_system_prompt(self, conversation_id: int, system_prompt: str | None) -> Conversation:
        """Give the conversation its own system prompt (None: use the default one)."""
        with self._db.session(action="change the conversation's system prompt") as session:
            row = load_conversation(session, conversation_id)
            row.system_prompt = None if system_prompt is None else storable_text(system_prompt)
            session.flush()
            return conversation_record(row)

    def set_grounded_only(self, conversation_id: int, grounded_only: bool) -> Conversation:
        with self._db.session(action="change the conversation's grounding") as session:
            row = load_conversation(session, conversation_id)
            row.grounded_only = grounded_only
            session.flush()
            return conversation_record(row)

    def set_model(self, conversation_id: int, model_id: int | None) -> Conversation:
        with self._db.session(action="change the conversation's model") as session:
            _check_model(session, model_id)
            row = load_conversation(session, conversation_id)
            row.model_id = model_id
            session.flush()
            return conversation_record(row)
