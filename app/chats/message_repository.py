"""Messages of a conversation, with the metadata of the replies Hearth generated, and what the
user said about a reply (marked good or bad, edited): Adapter Studio learns from those."""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.chats.conversation_repository import load_conversation
from app.storage.convert import ROLES, fill_generation, message_record, storable_text, utc_now
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.records import GenerationRecord, Message, Role
from app.storage.schema import GenerationRow, MessageRow
from app.storage.training_schema import ReplyFeedbackRow

REPLY_MARKS: Final = ("good", "bad")


class ReplyFeedbackError(ValueError):
    """A mark or an edit that cannot apply to this message; `str(error)` says why."""


@dataclass(frozen=True)
class ReplyFeedbackState:
    """What the user said about one assistant reply."""

    mark: str | None  # "good", "bad" or None
    generated_content: str | None  # the text as generated, kept at the user's first edit
    edited: bool  # the stored text differs from the text as generated


NO_FEEDBACK: Final = ReplyFeedbackState(mark=None, generated_content=None, edited=False)


@dataclass(frozen=True)
class ReplyEdit:
    message: Message  # the reply as stored now
    changed: bool  # False: the text was already this, nothing was written
    feedback: ReplyFeedbackState


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


def _load_reply(session: Session, message_id: int) -> MessageRow:
    row = _load_message(session, message_id)
    if row.role != "assistant":
        raise ReplyFeedbackError(
            f"message {message_id} is a {row.role} message, not an assistant reply"
        )
    return row


def _feedback_state(row: ReplyFeedbackRow | None, content: str) -> ReplyFeedbackState:
    if row is None:
        return NO_FEEDBACK
    generated = row.generated_content
    return ReplyFeedbackState(
        mark=row.mark,
        generated_content=generated,
        edited=generated is not None and generated != content,
    )


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
        issues: Sequence[Mapping[str, Any]] | None = None,
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
            if issues is not None:
                # A new text has new flags: an earlier "Accept as is" was about another text.
                row.issues = json.dumps([dict(i) for i in issues], ensure_ascii=False)
                row.issues_accepted_at = None
            _touch(session, row.conversation_id)
            session.flush()
            return message_record(row)

    def accept_issues(self, message_id: int) -> Message:
        """Record that the user accepts this reply's flagged details as they are."""
        with self._db.session(action="save the acceptance") as session:
            row = _load_reply(session, message_id)
            row.issues_accepted_at = utc_now()
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

    # ---- the user's feedback on replies ------------------------------------------------------

    def mark_reply(self, message_id: int, mark: str | None) -> ReplyFeedbackState:
        """Mark an assistant reply "good" or "bad", or clear the mark (None).

        Only a complete reply can be marked: a reply cut short is no example of a good (or a
        bad) answer; the user can edit it into one instead.
        """
        if mark is not None and mark not in REPLY_MARKS:
            raise ReplyFeedbackError(
                f"a reply mark is one of {', '.join(REPLY_MARKS)}, or none; not {mark!r}"
            )
        with self._db.session(action="save the reply mark") as session:
            message = _load_reply(session, message_id)
            if mark is not None and not message.complete:
                raise ReplyFeedbackError(
                    f"reply {message_id} is incomplete (stopped or failed), so it cannot be "
                    "marked; regenerate it, or edit it into the reply you want"
                )
            row = session.get(ReplyFeedbackRow, message_id)
            if row is None:
                if mark is None:
                    return NO_FEEDBACK
                row = ReplyFeedbackRow(message_id=message_id)
                session.add(row)
            row.mark = mark
            row.updated_at = utc_now()
            session.flush()
            return _feedback_state(row, message.content)

    def edit_reply(self, message_id: int, content: str) -> ReplyEdit:
        """Replace an assistant reply's text with the user's version.

        The text as generated is kept (at the first edit only, so the pair stays generated ->
        latest edit) in the same transaction as the new text: a crash cannot keep the edit and
        lose the original. Generation metadata and completeness stay as they were. An edit also
        lifts a "bad" mark: that verdict was on the text the edit replaces.
        """
        if not content.strip():
            raise ReplyFeedbackError(
                f"reply {message_id} cannot be empty; write the reply you want, or cancel the edit"
            )
        content = storable_text(content)
        with self._db.session(action="save the edited reply") as session:
            message = _load_reply(session, message_id)
            row = session.get(ReplyFeedbackRow, message_id)
            if content == message.content:
                return ReplyEdit(message_record(message), False, _feedback_state(row, content))
            if row is None:
                row = ReplyFeedbackRow(message_id=message_id)
                session.add(row)
            if row.generated_content is None:
                row.generated_content = message.content
            if row.mark == "bad":
                row.mark = None
            row.updated_at = utc_now()
            message.content = content
            _touch(session, message.conversation_id)
            session.flush()
            return ReplyEdit(message_record(message), True, _feedback_state(row, content))

    def reply_feedback(self, conversation_id: int) -> dict[int, ReplyFeedbackState]:
        """The marks and edits of the conversation's replies, by message id (replies the user
        never marked or edited are left out)."""
        with self._db.session(write=False, action="read the reply marks") as session:
            load_conversation(session, conversation_id)
            pairs = session.execute(
                select(ReplyFeedbackRow, MessageRow.content)
                .join(MessageRow, MessageRow.id == ReplyFeedbackRow.message_id)
                .where(MessageRow.conversation_id == conversation_id)
            ).all()
            return {row.message_id: _feedback_state(row, content) for row, content in pairs}
