"""Messages of a conversation, with the metadata of the replies Hearth generated."""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.storage.conversation_repository import load_conversation
from app.storage.convert import ROLES, fill_generation, message_record, storable_text, utc_now
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.records import GenerationRecord, Message, Role
from app.storage.schema import GenerationRow, MessageRow


def _load_message(session: Session, message_id: int) -> MessageRow:
    row = session.get(MessageRow, message_id)
    if row is None:
        raise NotFoundError("message", message_id)
    return row


def _set_generation(row: MessageRow, generation: GenerationRecord) -> None:
    if row.generation is None:
        row.generation = GenerationRow()
    fill_generation(row.generation, generation)


def _touch(session: Session, conversation_id: int) -> None:
    load_conversation(session, conversation_id).updated_at = utc_now()


class MessageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        complete: bool = True,
        generation: GenerationRecord | None = None,
    ) -> Message:
        """Append a message at the end of the conversation and mark the conversation updated."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {sorted(ROLES)}")
        with self._db.session(action="save the message") as session:
            _touch(session, conversation_id)
            last = session.scalar(
                select(func.max(MessageRow.position)).where(
                    MessageRow.conversation_id == conversation_id
                )
            )
            row = MessageRow(
                conversation_id=conversation_id,
                position=0 if last is None else last + 1,
                role=role,
                content=storable_text(content),
                created_at=utc_now(),
                complete=complete,
            )
            if generation is not None:
                _set_generation(row, generation)
            session.add(row)
            session.flush()
            return message_record(row)

    def update(
        self,
        message_id: int,
        *,
        content: str,
        complete: bool,
        generation: GenerationRecord | None = None,
        citations: Sequence[Mapping[str, Any]] | None = None,
    ) -> Message:
        """Replace the text of a (streaming) message and its completeness.

        `generation=None` leaves any stored generation metadata as it is, so a reply can be saved
        periodically while it streams and finalised with its metadata at the end.
        """
        with self._db.session(action="save the message") as session:
            row = _load_message(session, message_id)
            row.content = storable_text(content)
            row.complete = complete
            if generation is not None:
                _set_generation(row, generation)
            if citations is not None:
                row.citations = json.dumps([dict(c) for c in citations], ensure_ascii=False)
            _touch(session, row.conversation_id)
            session.flush()
            return message_record(row)

    def edit_content(self, message_id: int, content: str) -> Message:
        """Change only the text (completeness and generation metadata are kept)."""
        with self._db.session(action="save the message") as session:
            row = _load_message(session, message_id)
            row.content = storable_text(content)
            _touch(session, row.conversation_id)
            session.flush()
            return message_record(row)

    def list(self, conversation_id: int) -> builtins.list[Message]:
        """The conversation's messages in order."""
        with self._db.session(write=False, action="read the messages") as session:
            load_conversation(session, conversation_id)
            rows = session.scalars(
                select(MessageRow)
                .where(MessageRow.conversation_id == conversation_id)
                .order_by(MessageRow.position)
            ).unique()
            return [message_record(row) for row in rows]

    def get(self, message_id: int) -> Message:
        with self._db.session(write=False, action="read the message") as session:
            return message_record(_load_message(session, message_id))

    def truncate_from(self, conversation_id: int, position: int) -> int:
        """Delete the messages at `position` and after; returns how many went.

        Used to regenerate a reply, or to resend after editing an earlier message.
        """
        if position < 0:
            raise ValueError("position must be 0 or more")
        with self._db.session(action="delete the messages") as session:
            conversation = load_conversation(session, conversation_id)
            ids = session.scalars(
                select(MessageRow.id).where(
                    MessageRow.conversation_id == conversation_id,
                    MessageRow.position >= position,
                )
            ).all()
            if ids:
                session.execute(delete(MessageRow).where(MessageRow.id.in_(ids)))
                conversation.updated_at = utc_now()
            return len(ids)
