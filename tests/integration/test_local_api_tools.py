"""Tool calling, structured output and /v1/completions through the local API, with the official
`openai` client against a real server on 127.0.0.1 running the starter model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import openai
import pytest

from app.api.served_models import ServedModel
from tests.integration.test_local_api import TOKEN, Api, start_api, stop_api

WEATHER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "maxLength": 40},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city", "unit"],
    "additionalProperties": False,
}
TOOLS: list[Any] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The current weather in a city",
            "parameters": WEATHER_SCHEMA,
        },
    },
    {
        "type": "function",
        "function": {
            "name": "add",
            "description": "Add two numbers",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                "required": ["a", "b"],
            },
        },
    },
]
ASK = [{"role": "user", "content": "What is the weather in Paris right now?"}]
PERSON: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 30},
        "age": {"type": "integer"},
        "languages": {"type": "array", "items": {"type": "string", "maxLength": 20}, "maxItems": 3},
    },
    "required": ["name", "age", "languages"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def api(starter_model: Path) -> Iterator[Api]:
    started = start_api(
        [ServedModel("smol", "SmolLM2 135M", str(starter_model))], allow_switching=True, token=TOKEN
    )
    yield started
    stop_api(started)


def test_a_named_tool_call_returns_arguments_that_validate(api: Api) -> None:
    reply = api.client().chat.completions.create(
        model="smol",
        messages=ASK,
        tools=TOOLS,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        max_tokens=120,
        seed=2,
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert len(calls) == 1 and calls[0].type == "function"
    assert calls[0].function.name == "get_weather" and calls[0].id.startswith("call_")
    jsonschema.validate(json.loads(calls[0].function.arguments), WEATHER_SCHEMA)
    assert reply.usage is not None and reply.usage.completion_tokens > 5
    assert reply.id.startswith("chatcmpl-") and len(reply.id) == len("chatcmpl-") + 36  # a uuid


def test_a_required_tool_call_streams_and_reassembles(api: Api) -> None:
    stream = api.client().chat.completions.create(
        model="smol",
        messages=[{"role": "user", "content": "Add 2 and 3."}],
        tools=TOOLS,
        tool_choice="required",
        parallel_tool_calls=False,
        max_tokens=120,
        seed=4,
        stream=True,
    )
    calls: dict[int, dict[str, str]] = {}
    reasons, pieces = [], 0
    for chunk in stream:
        for choice in chunk.choices:
            reasons.append(choice.finish_reason)
            for delta in choice.delta.tool_calls or []:
                pieces += 1
                entry = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
                entry["id"] += delta.id or ""
                if delta.function is not None:
                    entry["name"] += delta.function.name or ""
                    entry["arguments"] += delta.function.arguments or ""
    assert reasons[-1] == "tool_calls" and len(calls) == 1 and pieces > 1
    call = calls[0]
    assert call["id"].startswith("call_") and call["name"] in ("get_weather", "add")
    parameters = next(
        t["function"]["parameters"] for t in TOOLS if t["function"]["name"] == call["name"]
    )
    jsonschema.validate(json.loads(call["arguments"]), parameters)


def test_tool_results_go_back_to_the_model(api: Api) -> None:
    call = {
        "id": "call_abc",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris", "unit": "celsius"}'},
    }
    reply = api.client().chat.completions.create(
        model="smol",
        messages=[
            *ASK,
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_abc", "content": "Sunny, 24 degrees"},
        ],
        tools=TOOLS,
        tool_choice="none",
        max_tokens=16,
        seed=1,
    )
    assert reply.choices[0].message.content and not reply.choices[0].message.tool_calls
    assert reply.usage is not None and reply.usage.prompt_tokens > 40  # the result was read


def test_json_schema_output_validates(api: Api) -> None:
    reply = api.client().chat.completions.create(
        model="smol",
        messages=[{"role": "user", "content": "Describe a French programmer as JSON."}],
        response_format={"type": "json_schema", "json_schema": {"name": "p", "schema": PERSON}},
        max_tokens=200,
        seed=5,
    )
    assert reply.choices[0].finish_reason == "stop"
    jsonschema.validate(json.loads(reply.choices[0].message.content or ""), PERSON)


def test_json_cut_by_max_tokens_says_length(api: Api) -> None:
    reply = api.client().chat.completions.create(
        model="smol",
        messages=[{"role": "user", "content": "Describe a programmer as JSON."}],
        response_format={"type": "json_object"},
        max_tokens=4,
        seed=5,
    )
    assert reply.choices[0].finish_reason == "length"
    with pytest.raises(ValueError):
        json.loads(reply.choices[0].message.content or "")


def test_schema_features_a_grammar_cannot_enforce_are_named(api: Api) -> None:
    schema = {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0}}}
    with pytest.raises(openai.BadRequestError, match=r"properties\.age: minimum"):
        api.client().chat.completions.create(
            model="smol",
            messages=ASK,
            response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": schema}},
        )


def test_fields_llama_cpp_cannot_apply_are_refused_by_name(api: Api) -> None:
    with pytest.raises(openai.BadRequestError, match="logit_bias"):
        api.client().chat.completions.create(
            model="smol", messages=ASK, logit_bias={"50256": -100}, max_tokens=2
        )
    penalised = api.client().chat.completions.create(
        model="smol", messages=ASK, frequency_penalty=1.5, presence_penalty=0.5, max_tokens=3
    )
    assert penalised.choices[0].message.content is not None


def test_text_completions_stream_and_count(api: Api) -> None:
    client = api.client()
    pieces, reasons = [], []
    for chunk in client.completions.create(
        model="smol", prompt="Once upon a time", max_tokens=12, seed=3, stream=True
    ):
        pieces.append(chunk.choices[0].text)
        reasons.append(chunk.choices[0].finish_reason)
    whole = client.completions.create(
        model="smol", prompt="Once upon a time", max_tokens=12, seed=3
    )
    assert "".join(pieces) == whole.choices[0].text and whole.choices[0].text.strip()
    assert reasons[-1] == "length" and whole.choices[0].finish_reason == "length"
    assert whole.usage is not None and whole.usage.completion_tokens == 12
    assert whole.usage.prompt_tokens < 8  # the prompt as is, no chat template around it


def test_a_stop_sequence_cut_still_counts_usage(api: Api) -> None:
    client = api.client()
    full = client.completions.create(model="smol", prompt="1, 2, 3,", max_tokens=20, temperature=0)
    text = full.choices[0].text
    stop = text[len(text) // 2 : len(text) // 2 + 2]
    cut = client.completions.create(
        model="smol", prompt="1, 2, 3,", max_tokens=20, temperature=0, stop=[stop]
    )
    assert cut.choices[0].text == text[: text.index(stop)]
    assert cut.choices[0].finish_reason == "stop"
    assert cut.usage is not None and cut.usage.completion_tokens >= 1


def test_one_model_can_be_looked_up(api: Api) -> None:
    assert api.client().models.retrieve("smol").id == "smol"
    with pytest.raises(openai.NotFoundError):
        api.client().models.retrieve("nope")
