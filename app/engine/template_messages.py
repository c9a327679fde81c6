"""Turns and tools as a chat template reads them (the Hugging Face conventions): tool calls
with their arguments as objects, tool results with their call's id, tools as OpenAI functions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.engine.types import ChatTurn, ToolCall, ToolSpec


def _arguments(call: ToolCall) -> Any:
    # Templates write `arguments | tojson`: an object, not the JSON text OpenAI sends.
    try:
        return json.loads(call.arguments)
    except ValueError:
        return call.arguments


def template_messages(turns: Sequence[ChatTurn]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for turn in turns:
        message: dict[str, Any] = {"role": turn.role, "content": turn.content}
        if turn.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": _arguments(call)},
                }
                for call in turn.tool_calls
            ]
        if turn.tool_call_id is not None:
            message["tool_call_id"] = turn.tool_call_id
        if turn.name is not None:
            message["name"] = turn.name
        messages.append(message)
    return messages


def template_tools(tools: Sequence[ToolSpec]) -> list[Any] | None:
    """None when there are none: templates test `tools is defined/none`, not emptiness."""
    if not tools:
        return None
    return [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": dict(tool.parameters),
            },
        }
        for tool in tools
    ]


def template_arguments(turns: Sequence[ChatTurn]) -> dict[str, Any]:
    """What the chat formatter is called with: the messages, and the tools the turns offer."""
    tools = [tool for turn in turns for tool in turn.tools]
    return {"messages": template_messages(turns), "tools": template_tools(tools)}
