"""A conversation as Markdown (for people) or a plain dict (for JSON), metadata included."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.storage.records import Conversation, Message

from .recording import summary_line

_ROLE_TITLES = {"user": "You", "assistant": "Assistant", "system": "System"}


def conversation_as_dict(conversation: Conversation, messages: list[Message]) -> dict[str, Any]:
    return {**asdict(conversation), "messages": [asdict(m) for m in messages]}


def conversation_as_markdown(conversation: Conversation, messages: list[Message]) -> str:
    lines = [f"# {conversation.title}", ""]
    for message in messages:
        title = _ROLE_TITLES.get(message.role, message.role)
        badge = " (incomplete)" if not message.complete else ""
        lines += [f"## {title}{badge}", "", message.content or "_(no text)_", ""]
        summary = summary_line(message.generation)
        if summary:
            lines += [f"<sub>{summary}</sub>", ""]
    return "\n".join(lines).rstrip() + "\n"
