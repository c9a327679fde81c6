"""Streaming a reply that may call tools: plain text goes out as it comes, call markup never,
and what went out in the end is the parsed plain text."""

from __future__ import annotations

import pytest

from app.tools import parse_tool_calls
from app.tools.call_stream import CallHidingStream


def streamed(raw: str, family: str, piece: int) -> tuple[list[str], str]:
    out: list[str] = []
    stream = CallHidingStream(family, out.append)
    for start in range(0, len(raw), piece):
        stream.feed(raw[start : start + piece])
    during = list(out)
    plain, _calls = parse_tool_calls(raw, family)
    stream.finish(plain)
    return during, "".join(out)


@pytest.mark.parametrize("piece", [1, 2, 5, 100])
def test_text_before_a_hermes_call_streams_and_the_call_never_does(piece: int) -> None:
    raw = 'Let me check. <tool_call>{"name": "today", "arguments": {}}</tool_call>'
    during, total = streamed(raw, "hermes", piece)
    assert "".join(during).startswith("Let me check.")
    assert "<" not in total and "today" not in total
    assert total.strip() == "Let me check."


@pytest.mark.parametrize("piece", [1, 3, 100])
def test_a_plain_answer_streams_whole(piece: int) -> None:
    raw = "The sum is 5 < 6, and <b> is not a call."
    during, total = streamed(raw, "hermes", piece)
    assert total == raw
    if piece < len(raw):
        assert during and "".join(during).startswith("The sum")


@pytest.mark.parametrize("family", ["llama3", "mistral"])
def test_a_bare_json_call_is_held_back(family: str) -> None:
    prefix = "[TOOL_CALLS]" if family == "mistral" else ""
    raw = prefix + '[{"name": "add", "arguments": {"a": 1, "b": 2}}]'
    during, total = streamed(raw, family, 2)
    assert during == [] and total == ""


def test_text_that_only_looks_like_a_call_comes_out_at_the_end() -> None:
    raw = "Use <tool_call>not json</tool_call> like that."
    during, total = streamed(raw, "hermes", 4)
    assert "".join(during) == "Use "
    assert total == raw
