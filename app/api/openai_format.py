"""The OpenAI wire format going out: replies, stream chunks, errors, usage, and the stop-sequence
filter. Requests coming in are checked in chat_request.py."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from app.engine.types import GenerationStats, ToolCall


class RequestError(Exception):
    """A request Hearth cannot serve; becomes an OpenAI-style error with this status."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid_request") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def reply_id(kind: str) -> str:
    """A fresh id: "chatcmpl-<uuid>" for chat replies, "cmpl-<uuid>" for text completions."""
    return f"{'chatcmpl' if kind == 'chat' else 'cmpl'}-{uuid.uuid4()}"


def finish_reason(stats: GenerationStats | None, stopped_by_sequence: bool) -> str:
    if stopped_by_sequence or stats is None:
        return "stop"
    return "length" if stats.finish_reason == "length" else "stop"


def usage(stats: GenerationStats | None) -> dict[str, int]:
    """Token counts (zeros when the engine never counted: a request cut before it ran)."""
    prompt = stats.prompt_tokens if stats is not None else 0
    completion_tokens = stats.completion_tokens if stats is not None else 0
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def tool_call_entries(calls: Sequence[ToolCall]) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for index, call in enumerate(calls)
    ]


def completion(
    request_id: str,
    model: str,
    text: str | None,
    stats: GenerationStats | None,
    reason: str,
    calls: Sequence[ToolCall] = (),
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if calls:
        message["tool_calls"] = [
            {k: v for k, v in entry.items() if k != "index"} for entry in tool_call_entries(calls)
        ]
    return {
        "id": request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": reason}],
        "usage": usage(stats),
    }


def text_completion(
    request_id: str, model: str, text: str, stats: GenerationStats | None, reason: str | None
) -> dict[str, Any]:
    """/v1/completions: a whole reply, or (streamed) one piece of it."""
    return {
        "id": request_id,
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": reason}],
        "usage": usage(stats) if reason is not None else None,
    }


def chunk(
    request_id: str,
    model: str,
    delta: dict[str, Any],
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "id": request_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": reason}],
    }


def error_body(message: str, code: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": code}}


class StopSequenceFilter:
    """Passes streamed text on, holding back just enough to cut at the first stop sequence.

    `feed` returns the text that is safe to send now; `done` is True once a stop sequence
    was seen (the caller then cancels the generation)."""

    def __init__(self, stops: tuple[str, ...]) -> None:
        self._stops = stops
        self._hold = max((len(s) for s in stops), default=1) - 1
        self._buffer = ""
        self.done = False

    def feed(self, text: str) -> str:
        if self.done:
            return ""
        if not self._stops:
            return text
        self._buffer += text
        cut = min((i for i in (self._buffer.find(s) for s in self._stops) if i >= 0), default=-1)
        if cut >= 0:
            self.done = True
            out, self._buffer = self._buffer[:cut], ""
            return out
        safe = len(self._buffer) - self._hold
        if safe <= 0:
            return ""
        out, self._buffer = self._buffer[:safe], self._buffer[safe:]
        return out

    def flush(self) -> str:
        out, self._buffer = ("" if self.done else self._buffer), ""
        return out
