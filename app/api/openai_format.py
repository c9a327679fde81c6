"""The OpenAI chat-completions wire format: request checks in, response objects out.

Only what Hearth can honour is accepted; anything else is a 400 that says what is not
supported, rather than silently ignored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from app.engine.types import ChatTurn, GenerationStats, SamplingParams

MAX_STOP_SEQUENCES = 4
_ROLES = ("system", "user", "assistant")


class RequestError(Exception):
    """A request Hearth cannot serve; becomes an OpenAI-style error with this status."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid_request") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class ChatRequest:
    model: str
    turns: tuple[ChatTurn, ...]
    sampling: SamplingParams
    stream: bool
    include_usage: bool
    stop: tuple[str, ...]


def _number(body: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise RequestError(f"“{key}” must be a number from {low:g} to {high:g}.")
    return float(value)


def _content(message: dict[str, Any], index: int) -> str:
    content = message.get("content")
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise RequestError(f"messages[{index}]: only text content is supported.")
            texts.append(str(part.get("text", "")))
        return "".join(texts)
    raise RequestError(f"messages[{index}].content must be a string or a list of text parts.")


def parse_chat_request(body: Any, defaults: SamplingParams) -> ChatRequest:
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise RequestError("“model” is required: one of the ids that /v1/models lists.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError("“messages” must be a non-empty list.")
    turns = []
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role == "developer":  # newer clients' name for the system role
            role = "system"
        if role not in _ROLES:
            raise RequestError(
                f"messages[{index}].role must be system, user or assistant (tools and function "
                "calls are not supported)."
            )
        turns.append(ChatTurn(role, _content(message, index)))
    for unsupported in ("tools", "functions", "tool_choice", "logprobs", "response_format"):
        if body.get(unsupported):
            raise RequestError(f"“{unsupported}” is not supported by Hearth's local API.")
    if body.get("n") not in (None, 1):
        raise RequestError("Only n = 1 is supported.")
    stop = body.get("stop")
    stops: tuple[str, ...] = ()
    if isinstance(stop, str):
        stops = (stop,)
    elif isinstance(stop, list) and all(isinstance(s, str) for s in stop):
        stops = tuple(stop)
    elif stop is not None:
        raise RequestError("“stop” must be a string or a list of strings.")
    stops = tuple(s for s in stops if s)
    if len(stops) > MAX_STOP_SEQUENCES:
        raise RequestError(f"At most {MAX_STOP_SEQUENCES} stop sequences are supported.")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None and (
        isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1
    ):
        raise RequestError("“max_tokens” must be a positive integer.")
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise RequestError("“seed” must be an integer.")
    options = body.get("stream_options") or {}
    sampling = SamplingParams(
        temperature=_pick(_number(body, "temperature", 0, 2), defaults.temperature),
        top_p=_pick(_number(body, "top_p", 0, 1), defaults.top_p),
        top_k=int(_pick(_number(body, "top_k", 0, 1000), defaults.top_k)),
        min_p=_pick(_number(body, "min_p", 0, 1), defaults.min_p),
        repeat_penalty=_pick(_number(body, "repeat_penalty", 0.5, 2), defaults.repeat_penalty),
        max_tokens=max_tokens or defaults.max_tokens,
        seed=seed if seed is not None else defaults.seed,
    )
    return ChatRequest(
        model=model,
        turns=tuple(turns),
        sampling=sampling,
        stream=bool(body.get("stream")),
        include_usage=bool(isinstance(options, dict) and options.get("include_usage")),
        stop=stops,
    )


def _pick(value: float | None, default: float) -> float:
    return default if value is None else value


def finish_reason(stats: GenerationStats | None, stopped_by_sequence: bool) -> str:
    if stopped_by_sequence or stats is None:
        return "stop"
    return "length" if stats.finish_reason == "length" else "stop"


def usage(stats: GenerationStats) -> dict[str, int]:
    return {
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.completion_tokens,
        "total_tokens": stats.prompt_tokens + stats.completion_tokens,
    }


def completion(
    request_id: str, model: str, text: str, stats: GenerationStats | None, reason: str
) -> dict[str, Any]:
    """`stats` None: the reply was cut at a stop sequence before the worker counted it."""
    return {
        "id": request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": reason,
            }
        ],
        "usage": usage(stats) if stats is not None else None,
    }


def chunk(
    request_id: str,
    model: str,
    delta: dict[str, str],
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
