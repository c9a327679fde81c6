"""Tool calls out of a model's reply, per family (see families.py): the reply's plain text and
the calls, each with OpenAI's JSON-text arguments. Text that only looks like a call but does
not parse stays in the plain text: nothing the model wrote is lost."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from app.engine.types import ToolCall

_HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_PYTHON_TAG = "<|python_tag|>"
_MISTRAL_TAG = "[TOOL_CALLS]"


def new_call_id() -> str:
    return f"call_{uuid.uuid4().hex[:24]}"


def _call(payload: Any) -> ToolCall | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("name"), str):
        return None
    arguments = payload.get("arguments", payload.get("parameters", {}))
    if isinstance(arguments, str):  # some models send the JSON text itself
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return None
    if not isinstance(arguments, dict):
        return None
    return ToolCall(new_call_id(), payload["name"], json.dumps(arguments, ensure_ascii=False))


def _json_values(text: str) -> list[Any] | None:
    """All JSON values in `text`, one after another (separated by blanks, `;` or `,`)."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    index = 0
    while True:
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
        if index >= len(text):
            return values
        try:
            value, index = decoder.raw_decode(text, index)
        except ValueError:
            return None
        values.append(value)


def _hermes(text: str) -> tuple[str, list[ToolCall]]:
    calls: list[ToolCall] = []
    kept: list[str] = []
    last = 0
    for match in _HERMES.finditer(text):
        values = _json_values(match.group(1))
        parsed = [_call(v) for v in values or []]
        if not values or None in parsed:
            continue  # not a call after all: it stays in the text
        kept.append(text[last : match.start()])
        last = match.end()
        calls += [c for c in parsed if c is not None]
    kept.append(text[last:])
    return "".join(kept).strip() if calls else text, calls


def _bare_json(text: str, prefix: str) -> tuple[str, list[ToolCall]]:
    """A reply that is (after `prefix`) nothing but calls: objects, or lists of objects."""
    body = text.strip()
    start = body.find(prefix) if prefix else -1
    head, body = (body[:start].strip(), body[start + len(prefix) :]) if start >= 0 else ("", body)
    if not body.lstrip().startswith(("{", "[")):
        return text, []
    values = _json_values(body)
    if not values:
        return text, []
    flat = [item for v in values for item in (v if isinstance(v, list) else [v])]
    calls = [_call(item) for item in flat]
    if not calls or None in calls:
        return text, []
    return head, [c for c in calls if c is not None]


def parse_tool_calls(text: str, family: str) -> tuple[str, list[ToolCall]]:
    """(the reply without its calls, the calls in order)."""
    if family == "llama3":
        plain, calls = _bare_json(text, _PYTHON_TAG)
        return (plain, calls) if calls else _hermes(text)
    if family == "mistral":
        plain, calls = _bare_json(text, _MISTRAL_TAG)
        return (plain, calls) if calls else _hermes(text)
    return _hermes(text)
