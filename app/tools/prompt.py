"""The prompt side of tool calling: for a template that renders tools itself the turns go as
they are; for one that does not ("generic"), the tools are described in the system prompt, and
past calls and results are written as text the model can read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from app.engine.types import ChatTurn, ToolCall, ToolSpec
from app.tools.families import renders_tools


def tool_instructions(tools: Sequence[ToolSpec]) -> str:
    """The system-prompt paragraph that offers `tools` to a model whose template cannot."""
    described = "\n".join(
        json.dumps(
            {"name": t.name, "description": t.description, "parameters": dict(t.parameters)},
            ensure_ascii=False,
        )
        for t in tools
    )
    return (
        "You can call these tools (function signatures inside <tools></tools>):\n"
        f"<tools>\n{described}\n</tools>\n"
        "To call one, reply with a JSON object with the function's name and arguments inside "
        "<tool_call></tool_call> tags:\n"
        '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>\n'
        "A tool's result comes back inside <tool_response></tool_response>."
    )


def _written_calls(calls: Sequence[ToolCall]) -> str:
    return "\n".join(
        f'<tool_call>\n{{"name": {json.dumps(c.name)}, "arguments": {c.arguments}}}\n</tool_call>'
        for c in calls
    )


def turns_for_family(
    turns: Sequence[ChatTurn], tools: Sequence[ToolSpec], family: str
) -> tuple[ChatTurn, ...]:
    """The turns to send: `tools` attached to the last turn for a template that renders them,
    else described in the system prompt, with calls and results rewritten as plain text."""
    if renders_tools(family):
        if not tools or not turns:
            return tuple(turns)
        return (*turns[:-1], replace(turns[-1], tools=tuple(tools)))
    plain: list[ChatTurn] = []
    for turn in turns:
        if turn.role == "tool":
            result = f"<tool_response>\n{turn.content}\n</tool_response>"
            if plain and plain[-1].role == "user" and plain[-1].content.startswith("<tool_resp"):
                plain[-1] = replace(plain[-1], content=f"{plain[-1].content}\n{result}")
            else:
                plain.append(ChatTurn("user", result))
        elif turn.tool_calls:
            text = "\n".join(p for p in (turn.content, _written_calls(turn.tool_calls)) if p)
            plain.append(ChatTurn("assistant", text))
        else:
            plain.append(turn)
    if tools:
        instructions = tool_instructions(tools)
        if plain and plain[0].role == "system":
            plain[0] = replace(plain[0], content=f"{plain[0].content}\n\n{instructions}")
        else:
            plain.insert(0, ChatTurn("system", instructions))
    return tuple(plain)
