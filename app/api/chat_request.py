"""Requests in: /v1/chat/completions and /v1/completions bodies checked and turned into Hearth's
values. What Hearth can honour is applied; anything else is a 400 naming the field, rather than
silently ignored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from app.api.openai_format import RequestError
from app.engine.schema_grammar import JSON_OBJECT_GRAMMAR, UnsupportedSchema, json_schema_grammar
from app.engine.types import ChatTurn, SamplingParams, ToolCall, ToolSpec
from app.tools import ToolGrammarError, tool_call_grammar

MAX_STOP_SEQUENCES = 4
MAX_TOOLS = 64
# No max_tokens from the client: the reply may run until the context is full (the engine stops
# there with finish_reason "length"); the app's own shorter default is for its chat only.
UNTIL_CONTEXT_FULL: Final = 1 << 30
_ROLES = ("system", "user", "assistant", "tool")
# Fields llama.cpp cannot honour here: refused by name. Everything else unknown is ignored, as
# OpenAI's own server ignores what it does not use (user, metadata, store...).
_REFUSED = (
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "functions",
    "function_call",
    "audio",
    "modalities",
    "prediction",
    "web_search_options",
    "suffix",
    "echo",
    "best_of",
)


@dataclass(frozen=True)
class ToolUse:
    """The tools offered and how the model may use them."""

    tools: tuple[ToolSpec, ...] = ()
    choice: str = "auto"  # "auto", "none", "required" or a function's name
    parallel: bool = True

    @property
    def active(self) -> bool:
        return bool(self.tools) and self.choice != "none"

    @property
    def forced(self) -> bool:
        return self.active and self.choice != "auto"


@dataclass(frozen=True)
class ChatRequest:
    model: str
    turns: tuple[ChatTurn, ...]
    sampling: SamplingParams
    stream: bool
    include_usage: bool
    stop: tuple[str, ...]
    tool_use: ToolUse = field(default_factory=ToolUse)
    kind: str = "chat"  # "chat" or "text" (/v1/completions)


def _number(body: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise RequestError(f"“{key}” must be a number from {low:g} to {high:g}.")
    return float(value)


def _pick(value: float | None, default: float) -> float:
    return default if value is None else value


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


def _tool_calls(message: dict[str, Any], index: int) -> tuple[ToolCall, ...]:
    raw = message.get("tool_calls") or []
    if not isinstance(raw, list):
        raise RequestError(f"messages[{index}].tool_calls must be a list.")
    calls = []
    for number, call in enumerate(raw):
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise RequestError(f"messages[{index}].tool_calls[{number}] needs a function name.")
        arguments = function.get("arguments", "{}")
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments)
        calls.append(
            ToolCall(str(call.get("id") or f"call_{index}_{number}"), function["name"], arguments)
        )
    return tuple(calls)


def _turns(messages: Any) -> tuple[ChatTurn, ...]:
    if not isinstance(messages, list) or not messages:
        raise RequestError("“messages” must be a non-empty list.")
    turns = []
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role == "developer":  # newer clients' name for the system role
            role = "system"
        if role not in _ROLES:
            raise RequestError(f"messages[{index}].role must be system, user, assistant or tool.")
        assert isinstance(message, dict)
        call_id = message.get("tool_call_id") if role == "tool" else None
        if role == "tool" and not isinstance(call_id, str):
            raise RequestError(f"messages[{index}] (a tool result) needs its “tool_call_id”.")
        name = message.get("name")
        turns.append(
            ChatTurn(
                role,
                _content(message, index),
                tool_calls=_tool_calls(message, index) if role == "assistant" else (),
                tool_call_id=call_id,
                name=name if isinstance(name, str) else None,
            )
        )
    return tuple(turns)


def _tools(body: dict[str, Any]) -> ToolUse:
    raw = body.get("tools") or []
    if not isinstance(raw, list) or len(raw) > MAX_TOOLS:
        raise RequestError(f"“tools” must be a list of at most {MAX_TOOLS} functions.")
    tools = []
    for index, tool in enumerate(raw):
        function = tool.get("function") if isinstance(tool, dict) else None
        if (
            not isinstance(tool, dict)
            or tool.get("type") != "function"
            or not isinstance(function, dict)
        ):
            raise RequestError(f"tools[{index}] must be {{“type”: “function”, “function”: …}}.")
        name = function.get("name")
        parameters = function.get("parameters") or {"type": "object", "properties": {}}
        if not isinstance(name, str) or not name or not isinstance(parameters, dict):
            raise RequestError(f"tools[{index}].function needs a name and a parameters object.")
        tools.append(ToolSpec(name, str(function.get("description") or ""), parameters))
    choice = body.get("tool_choice") or ("auto" if tools else "none")
    if isinstance(choice, dict):
        function = choice.get("function")
        named = function.get("name") if isinstance(function, dict) else None
        if choice.get("type") != "function" or not isinstance(named, str):
            raise RequestError("“tool_choice” names a function as {“type”: “function”, …}.")
        choice = named
    elif choice not in ("auto", "none", "required"):
        raise RequestError("“tool_choice” must be auto, none, required or a named function.")
    use = ToolUse(tuple(tools), choice, body.get("parallel_tool_calls") is not False)
    if choice not in ("auto", "none") and not tools:
        raise RequestError(f"“tool_choice” is {choice!r} but no “tools” were given.")
    if use.forced:  # the schemas must be enforceable: say which feature is not, now
        try:
            tool_call_grammar(use.tools, use.choice)
        except ToolGrammarError as exc:
            raise RequestError(str(exc), code="unsupported_schema") from None
    return use


def _response_grammar(body: dict[str, Any]) -> str | None:
    spec = body.get("response_format")
    if spec is None:
        return None
    kind = spec.get("type") if isinstance(spec, dict) else None
    if kind == "text":
        return None
    if kind == "json_object":
        return JSON_OBJECT_GRAMMAR
    if kind == "json_schema":
        assert isinstance(spec, dict)
        wrapper = spec.get("json_schema")
        schema = wrapper.get("schema") if isinstance(wrapper, dict) else None
        if not isinstance(schema, dict):
            raise RequestError("“response_format.json_schema.schema” must be a JSON schema.")
        try:
            return json_schema_grammar(schema)
        except UnsupportedSchema as exc:
            raise RequestError(str(exc), code="unsupported_schema") from None
    raise RequestError("“response_format.type” must be text, json_object or json_schema.")


def _stops(body: dict[str, Any]) -> tuple[str, ...]:
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
    return stops


def _sampling(body: dict[str, Any], defaults: SamplingParams) -> SamplingParams:
    for name in _REFUSED:
        if body.get(name) not in (None, False, {}, []):
            raise RequestError(f"“{name}” is not supported by Hearth's local API.")
    if body.get("n") not in (None, 1):
        raise RequestError("Only n = 1 is supported.")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None and (
        isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1
    ):
        raise RequestError("“max_tokens” must be a positive integer.")
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise RequestError("“seed” must be an integer.")
    return SamplingParams(
        temperature=_pick(_number(body, "temperature", 0, 2), defaults.temperature),
        top_p=_pick(_number(body, "top_p", 0, 1), defaults.top_p),
        top_k=int(_pick(_number(body, "top_k", 0, 1000), defaults.top_k)),
        min_p=_pick(_number(body, "min_p", 0, 1), defaults.min_p),
        repeat_penalty=_pick(_number(body, "repeat_penalty", 0.5, 2), defaults.repeat_penalty),
        frequency_penalty=_pick(_number(body, "frequency_penalty", -2, 2), 0.0),
        presence_penalty=_pick(_number(body, "presence_penalty", -2, 2), 0.0),
        max_tokens=max_tokens or UNTIL_CONTEXT_FULL,
        seed=seed if seed is not None else defaults.seed,
        grammar=_response_grammar(body),
    )


def _model(body: Any) -> str:
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise RequestError("“model” is required: one of the ids that /v1/models lists.")
    return model


def _include_usage(body: dict[str, Any]) -> bool:
    options = body.get("stream_options") or {}
    return bool(isinstance(options, dict) and options.get("include_usage"))


def parse_chat_request(body: Any, defaults: SamplingParams) -> ChatRequest:
    model = _model(body)
    turns = _turns(body.get("messages"))
    tool_use = _tools(body)
    sampling = _sampling(body, defaults)
    if tool_use.forced and sampling.grammar is not None:
        raise RequestError("“response_format” cannot be combined with a required tool call.")
    return ChatRequest(
        model=model,
        turns=turns,
        sampling=sampling,
        stream=bool(body.get("stream")),
        include_usage=_include_usage(body),
        stop=_stops(body),
        tool_use=tool_use,
    )


def parse_completion_request(body: Any, defaults: SamplingParams) -> ChatRequest:
    """/v1/completions: one prompt, continued as is (no chat template)."""
    model = _model(body)
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str) or not prompt:
        raise RequestError("“prompt” must be one non-empty string (token lists are not taken).")
    return ChatRequest(
        model=model,
        turns=(ChatTurn("user", prompt, raw=True),),
        sampling=_sampling(body, defaults),
        stream=bool(body.get("stream")),
        include_usage=_include_usage(body),
        stop=_stops(body),
        kind="text",
    )
