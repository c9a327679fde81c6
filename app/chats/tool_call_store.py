"""The tool calls a reply made, stored with the reply (the message_tool_calls table): so that a
reopened chat shows them again and an export carries them. Stored as ToolEvents, the same values
the chat showed while the reply ran."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select

from app.chats.tool_loop import ToolEvent, ToolRequest, call_arguments
from app.engine.types import ToolCall
from app.storage.database import Database
from app.storage.schema import MessageRow
from app.storage.tool_schema import ToolCallRow
from app.tools.tool_result import ToolResult

ToolCallsByMessage = Mapping[int, tuple[ToolEvent, ...]]


def _event(row: ToolCallRow) -> ToolEvent:
    call = ToolCall(id=row.call_id, name=row.name, arguments=row.arguments)
    return ToolEvent(
        request=ToolRequest(call, key=row.tool_key, source=row.source),
        result=ToolResult(row.result, is_error=row.is_error, truncated=row.truncated),
        allowed=row.allowed,
    )


class ToolCallStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, message_id: int, events: Sequence[ToolEvent]) -> None:
        """The calls of reply `message_id`, in order; they replace any it had (a regenerated
        reply keeps its message row but not the old reply's calls)."""
        with self._db.session(action="save the reply's tool calls") as session:
            session.execute(delete(ToolCallRow).where(ToolCallRow.message_id == message_id))
            for position, event in enumerate(events):
                call = event.request.call
                session.add(
                    ToolCallRow(
                        message_id=message_id,
                        position=position,
                        call_id=call.id,
                        name=call.name,
                        source=event.request.source,
                        tool_key=event.request.key,
                        arguments=call.arguments,
                        allowed=event.allowed,
                        result=event.result.text,
                        is_error=event.result.is_error,
                        truncated=event.result.truncated,
                    )
                )

    def of_conversation(self, conversation_id: int) -> dict[int, tuple[ToolEvent, ...]]:
        """Message id -> its calls in order, for the replies of a chat that made any."""
        with self._db.session(write=False, action="read the chat's tool calls") as session:
            query = (
                select(ToolCallRow)
                .join(MessageRow, MessageRow.id == ToolCallRow.message_id)
                .where(MessageRow.conversation_id == conversation_id)
                .order_by(ToolCallRow.message_id, ToolCallRow.position)
            )
            found: dict[int, list[ToolEvent]] = {}
            for row in session.scalars(query).all():
                found.setdefault(row.message_id, []).append(_event(row))
            return {message_id: tuple(events) for message_id, events in found.items()}


def tool_call_as_dict(event: ToolEvent) -> dict[str, Any]:
    """One call for JSON (`chats show --json`, export, `chat --json`)."""
    return {
        "name": event.request.call.name,
        "source": event.request.source,
        "arguments": call_arguments(event.request.call),
        "allowed": event.allowed,
        "result": event.result.text,
        "is_error": event.result.is_error,
        "truncated": event.result.truncated,
    }


def tool_call_status(event: ToolEvent) -> str:
    """ "done", "failed" or "denied" (also a tool that does not exist: it never ran)."""
    if not event.allowed:
        return "denied" if event.request.key else "failed"
    return "failed" if event.result.is_error else "done"
