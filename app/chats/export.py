"""A conversation as Markdown (for people) or a plain dict (for JSON), metadata included.

Given the chat's reply feedback (MessageRepository.reply_feedback), each marked or edited reply
carries it: in the dict a "feedback" entry (mark, edited, and for an edited reply the text as
generated), in Markdown an "(edited)" note after the reply's heading. Given its tool calls
(ToolCallStore.of_conversation), a reply that used tools carries them: in the dict a
"tool_calls" list, in Markdown a quoted line per call before the reply's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from app.chats.message_repository import ReplyFeedbackState
from app.storage.records import Conversation, Message

from .recording import summary_line
from .tool_call_store import ToolCallsByMessage, tool_call_as_dict, tool_call_status
from .tool_loop import ToolEvent

_ROLE_TITLES = {"user": "You", "assistant": "Assistant", "system": "System"}

Feedback = Mapping[int, ReplyFeedbackState]


def feedback_as_dict(state: ReplyFeedbackState) -> dict[str, Any]:
    """A reply's mark and whether the user edited it; for an edited reply, also the text as
    the model generated it (the stored content is the user's version)."""
    entry: dict[str, Any] = {"mark": state.mark, "edited": state.edited}
    if state.edited:
        entry["generated_content"] = state.generated_content
    return entry


def conversation_as_dict(
    conversation: Conversation,
    messages: list[Message],
    feedback: Feedback | None = None,
    tool_calls: ToolCallsByMessage | None = None,
) -> dict[str, Any]:
    items = []
    for message in messages:
        item = asdict(message)
        state = feedback.get(message.id) if feedback else None
        if state is not None:
            item["feedback"] = feedback_as_dict(state)
        calls = tool_calls.get(message.id) if tool_calls else None
        if calls:
            item["tool_calls"] = [tool_call_as_dict(event) for event in calls]
        items.append(item)
    return {**asdict(conversation), "messages": items}


def conversation_as_markdown(
    conversation: Conversation,
    messages: list[Message],
    feedback: Feedback | None = None,
    tool_calls: ToolCallsByMessage | None = None,
) -> str:
    lines = [f"# {conversation.title}", ""]
    for message in messages:
        title = _ROLE_TITLES.get(message.role, message.role)
        state = feedback.get(message.id) if feedback else None
        badges = ""
        if not message.complete:
            badges += " (incomplete)"
        if state is not None and state.edited:
            badges += " (edited)"
        lines += [f"## {title}{badges}", ""]
        for event in tool_calls.get(message.id, ()) if tool_calls else ():
            lines += [_tool_call_line(event), ""]
        lines += [message.content or "_(no text)_", ""]
        summary = summary_line(message.generation)
        if summary:
            lines += [f"<sub>{summary}</sub>", ""]
    return "\n".join(lines).rstrip() + "\n"


def _tool_call_line(event: ToolEvent) -> str:
    """e.g. > Tool `add` (calc) with `{"a": 1, "b": 2}`: done. Result: 3.0"""
    request = event.request
    status = tool_call_status(event)
    line = f"> Tool `{request.call.name}` ({request.source}) with `{request.call.arguments}`: "
    if status == "denied":
        return line + "denied by the user."
    result = " ".join(event.result.text.split())
    if len(result) > 300:
        result = result[:299] + "…"
    return line + f"{status}. Result: {result}"
