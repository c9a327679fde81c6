"""Tool calling without a model: families from templates, calls out of replies, the grammar
that forces a call, the schema features a grammar cannot enforce, and the prompt side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.engine.schema_grammar import UnsupportedSchema, json_schema_grammar
from app.engine.types import ChatTurn, ToolCall, ToolSpec
from app.tools import (
    ToolGrammarError,
    family_from_template,
    parse_tool_calls,
    tool_call_grammar,
    turns_for_family,
)

WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


@pytest.mark.parametrize(
    ("template", "family"),
    [
        (None, "generic"),
        ("{{ messages }}", "generic"),
        ("{% if tools %}<tool_call>{{ tools }}{% endif %}", "hermes"),
        ("{% if tools %}[AVAILABLE_TOOLS]{% endif %}[TOOL_CALLS]", "mistral"),
        ("<|start_header_id|>ipython<|end_header_id|>{{ tools }}", "llama3"),
    ],
)
def test_the_family_is_read_from_the_chat_template(template: str | None, family: str) -> None:
    assert family_from_template(template) == family


def test_hermes_calls_are_taken_out_of_the_text() -> None:
    reply = (
        'Let me look.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n'
        '</tool_call>\n<tool_call>{"name": "get_weather", "arguments": {"city": "Rome"}}'
        "</tool_call>"
    )
    text, calls = parse_tool_calls(reply, "hermes")
    assert text == "Let me look."
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [
        ("get_weather", {"city": "Oslo"}),
        ("get_weather", {"city": "Rome"}),
    ]
    assert len({c.id for c in calls}) == 2 and all(c.id.startswith("call_") for c in calls)


def test_llama3_and_mistral_calls_parse() -> None:
    _, llama = parse_tool_calls(
        '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Oslo"}}', "llama3"
    )
    _, mistral = parse_tool_calls(
        '[TOOL_CALLS][{"name": "a", "arguments": {}}, {"name": "b", "arguments": "{\\"x\\": 1}"}]',
        "mistral",
    )
    assert [(c.name, c.arguments) for c in llama] == [("get_weather", '{"city": "Oslo"}')]
    assert [(c.name, json.loads(c.arguments)) for c in mistral] == [("a", {}), ("b", {"x": 1})]


@pytest.mark.parametrize(
    "reply",
    ["Just text.", "<tool_call>not json</tool_call>", '{"no": "name"}', '<tool_call>{"name": 3}'],
)
def test_text_that_is_not_a_call_stays_text(reply: str) -> None:
    for family in ("hermes", "llama3", "mistral", "generic"):
        assert parse_tool_calls(reply, family) == (reply, [])


def test_a_forced_call_grammar_names_the_function_and_its_arguments() -> None:
    other = ToolSpec("add", "", {"type": "object", "properties": {"a": {"type": "number"}}})
    named = tool_call_grammar([WEATHER, other], "get_weather")
    assert '\\"get_weather\\"' in named and '\\"add\\"' not in named
    assert "{0,0}" in named  # a named function: exactly one call
    either = tool_call_grammar([WEATHER, other], "required")
    assert '\\"get_weather\\"' in either and '\\"add\\"' in either
    assert '\\"parameters\\"' in tool_call_grammar([WEATHER], "required", "llama3")


def test_forcing_an_unknown_tool_or_an_unenforceable_schema_is_refused() -> None:
    with pytest.raises(ToolGrammarError, match="no tool “nope”"):
        tool_call_grammar([WEATHER], "nope")
    bounded = ToolSpec("f", "", {"type": "object", "properties": {"n": {"minimum": 0}}})
    with pytest.raises(ToolGrammarError, match=r"properties\.n: minimum"):
        tool_call_grammar([bounded], "required")


def test_unsupported_schema_features_are_all_named() -> None:
    schema = {
        "type": "object",
        "properties": {
            "mail": {"type": "string", "format": "email"},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        },
        "not": {"required": ["x"]},
    }
    with pytest.raises(UnsupportedSchema) as caught:
        json_schema_grammar(schema)
    message = str(caught.value)
    assert "format “email”" in message and "uniqueItems" in message and "schema: not" in message
    assert json_schema_grammar({"type": "object", "properties": {"d": {"format": "date"}}})


def test_a_template_without_tools_gets_them_in_the_system_prompt() -> None:
    call = ToolCall("call_1", "get_weather", '{"city": "Oslo"}')
    turns = (
        ChatTurn("system", "Be brief."),
        ChatTurn("user", "Weather in Oslo?"),
        ChatTurn("assistant", "", tool_calls=(call,)),
        ChatTurn("tool", "Sunny, 21 C", tool_call_id="call_1"),
    )
    plain = turns_for_family(turns, [WEATHER], "generic")
    assert plain[0].content.startswith("Be brief.") and '"get_weather"' in plain[0].content
    assert '"arguments": {"city": "Oslo"}' in plain[2].content
    assert plain[3] == ChatTurn("user", "<tool_response>\nSunny, 21 C\n</tool_response>")
    native = turns_for_family(turns, [WEATHER], "hermes")
    assert native[:3] == turns[:3] and native[3].tools == (WEATHER,)


QWEN_LIKE = (
    "{%- if tools %}<|im_start|>system\n<tools>{% for t in tools %}\n{{ t | tojson }}{% endfor %}"
    "\n</tools><|im_end|>\n{%- endif %}"
    "{%- for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}"
    "{%- for c in m.tool_calls or [] %}<tool_call>{{ c.function | tojson }}</tool_call>"
    "{%- endfor %}<|im_end|>\n{%- endfor %}<|im_start|>assistant\n"
)


def test_a_tool_template_renders_the_tools_calls_and_results() -> None:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    from app.engine.template_messages import template_arguments

    call = ToolCall("call_1", "get_weather", '{"city": "Oslo"}')
    turns = turns_for_family(
        (
            ChatTurn("user", "Weather in Oslo?"),
            ChatTurn("assistant", "", tool_calls=(call,)),
            ChatTurn("tool", "Sunny", tool_call_id="call_1"),
        ),
        [WEATHER],
        family_from_template(QWEN_LIKE),
    )
    formatter = Jinja2ChatFormatter(template=QWEN_LIKE, eos_token="", bos_token="")
    prompt = formatter(**template_arguments(turns)).prompt
    assert '"name": "get_weather", "description": "The weather in a city"' in prompt
    assert '<tool_call>{"name": "get_weather", "arguments": {"city": "Oslo"}}</tool_call>' in prompt
    assert "<|im_start|>tool\nSunny<|im_end|>" in prompt


def test_streamed_text_flows_until_a_call_begins() -> None:
    from app.api.tool_stream import ToolStreamSplitter

    splitter = ToolStreamSplitter("hermes")
    pieces = [
        "Let me ",
        "check. <tool",
        '_call>\n{"name": "get_weather", ',
        '"arguments": {}}\n</tool_call>',
    ]
    sent = [splitter.feed(p) for p in pieces]
    assert sent == ["Let me ", "check. ", "", ""]
    text, calls = splitter.finish()
    assert text == "" and [c.name for c in calls] == ["get_weather"]
    plain = ToolStreamSplitter("hermes")
    assert plain.feed("a < b") + plain.feed(" and <tool") + plain.finish()[0] == "a < b and <tool"


def test_a_llama3_reply_that_opens_with_json_is_held_for_parsing() -> None:
    from app.api.tool_stream import ToolStreamSplitter

    splitter = ToolStreamSplitter("llama3")
    assert splitter.feed(' {"name": "get_weather",') == ""
    assert splitter.feed(' "parameters": {"city": "Oslo"}}') == ""
    assert [c.arguments for c in splitter.finish()[1]] == ['{"city": "Oslo"}']


def test_the_family_of_a_model_file(starter_model: Path, tmp_path: Path) -> None:
    from app.tools import family_of_model

    assert family_of_model(str(starter_model)) == "generic"  # SmolLM2's template knows no tools
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a gguf")
    assert family_of_model(str(broken)) == "generic" and family_of_model(None) == "generic"
