"""Engine events into OpenAI replies: a whole JSON reply or a server-sent event stream, for chat
(with tool calls) and for text completions. A stop sequence cancels the generation but still
waits for its counts, so every reply carries `usage`."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

from app.api import openai_format as fmt
from app.api.chat_request import ChatRequest
from app.api.dispatch import Admission
from app.api.openai_format import RequestError, StopSequenceFilter
from app.api.tool_stream import ToolStreamSplitter
from app.engine.types import Failed, Finished, GenerationStats, TextChunk, ToolCall
from app.tools import parse_tool_calls

ARGUMENT_PIECE = 24  # characters of a call's arguments per streamed delta
log = logging.getLogger(__name__)
Events = AsyncGenerator[Any, None]


def sse(payload: dict[str, Any] | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return f"data: {data}\n\n"


class _Reading:
    """Text through the stop filter; cancels the generation at a stop sequence."""

    def __init__(self, request: ChatRequest, cancel: Callable[[], None]) -> None:
        self.stops = StopSequenceFilter(request.stop)
        self.cancel = cancel
        self.cut = False
        self.stats: GenerationStats | None = None

    def text(self, event: Any) -> str | None:
        """The text to pass on for `event`; None once the reply is over."""
        if isinstance(event, TextChunk):
            if self.cut:
                return ""
            text = self.stops.feed(event.text)
            if self.stops.done:
                self.cut = True
                self.cancel()  # its Finished still comes, with the counts
            return text
        if isinstance(event, Finished):
            self.stats = event.stats
            return None
        if isinstance(event, Failed):
            raise RequestError(event.message, status=500, code="generation_failed")
        return ""

    def tail(self) -> str:
        return "" if self.cut else self.stops.flush()

    @property
    def reason(self) -> str:
        return fmt.finish_reason(self.stats, self.cut)


async def whole(
    events: Events, request: ChatRequest, admission: Admission, rid: str, cancel: Callable[[], None]
) -> dict[str, Any]:
    reading = _Reading(request, cancel)
    parts: list[str] = []
    try:
        async for event in events:
            text = reading.text(event)
            if text is None:
                break
            parts.append(text)
    finally:
        await events.aclose()
    text = "".join(parts) + reading.tail()
    if request.kind == "text":
        return fmt.text_completion(rid, admission.model_id, text, reading.stats, reading.reason)
    calls: list[ToolCall] = []
    if request.tool_use.active:
        text, calls = parse_tool_calls(text, admission.family)
    reason = "tool_calls" if calls else reading.reason
    content = text if text or not calls else None
    return fmt.completion(rid, admission.model_id, content, reading.stats, reason, calls)


def _call_deltas(calls: list[ToolCall]) -> list[dict[str, Any]]:
    deltas = []
    for index, entry in enumerate(fmt.tool_call_entries(calls)):
        arguments = entry["function"]["arguments"]
        deltas.append(
            {"tool_calls": [{**entry, "function": {**entry["function"], "arguments": ""}}]}
        )
        for start in range(0, len(arguments), ARGUMENT_PIECE):
            piece = arguments[start : start + ARGUMENT_PIECE]
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    return deltas


async def stream(
    events: Events, request: ChatRequest, admission: Admission, rid: str, cancel: Callable[[], None]
) -> AsyncIterator[str]:
    model = admission.model_id
    reading = _Reading(request, cancel)
    text_kind = request.kind == "text"
    splitter = ToolStreamSplitter(admission.family) if request.tool_use.active else None

    def piece(text: str) -> str:
        if text_kind:
            return sse(fmt.text_completion(rid, model, text, None, None))
        return sse(fmt.chunk(rid, model, {"content": text}))

    finished = False
    try:
        if not text_kind:
            yield sse(fmt.chunk(rid, model, {"role": "assistant", "content": ""}))
        async for event in events:
            text = reading.text(event)
            if text is None:
                finished = True
                break
            if splitter is not None:
                text = splitter.feed(text)
            if text:
                yield piece(text)
        tail = reading.tail()
        if splitter is not None:
            tail = splitter.feed(tail)
            rest, calls = splitter.finish()
            tail += rest
        else:
            calls = []
        if tail:
            yield piece(tail)
        for delta in _call_deltas(calls):
            yield sse(fmt.chunk(rid, model, delta))
        reason = "tool_calls" if calls else reading.reason
        if text_kind:
            final = fmt.text_completion(rid, model, "", reading.stats, reason)
        else:
            final = fmt.chunk(rid, model, {}, reason)
            final["usage"] = None if request.include_usage else fmt.usage(reading.stats)
        yield sse(final)
        if request.include_usage:
            last = fmt.chunk(rid, model, {})
            last["object"] = final["object"]
            last["choices"], last["usage"] = [], fmt.usage(reading.stats)
            yield sse(last)
        yield sse("[DONE]")
    except RequestError as exc:
        yield sse(fmt.error_body(str(exc), exc.code, "server_error"))
    finally:
        if not finished:
            log.info("an API client went away before its reply ended: %s", fmt.usage(reading.stats))
        # Also reached when the client disconnects: Starlette cancels this generator, and
        # closing `events` cancels the request on the worker.
        await events.aclose()
