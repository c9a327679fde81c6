"""A chat reply that may use tools: the model asks for a tool, the user allows or denies it, the
tool runs, its result goes back as a "tool" turn, and the model goes on, for a bounded number of
rounds. Qt-free: the GUI and the CLI hand in how to generate and how to ask the user.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.engine.types import ChatTurn, GenerationResult, SamplingParams, ToolCall
from app.tools import parse_tool_calls, tool_call_grammar, turns_for_family
from app.tools.tool_result import ToolResult
from app.tools.toolbox import Toolbox, ToolRoute

MAX_TOOL_ROUNDS = 4  # then the model must answer with what it has

DENIED_TEXT = (
    "The user did not allow this tool call. Answer without it, or ask the user what to do."
)


class Decision(enum.Enum):
    ALLOW = "allow"
    ALLOW_ALWAYS = "always"
    DENY = "deny"


@dataclass(frozen=True)
class ToolRequest:
    """A call waiting for the user's answer: what runs, where, and with which arguments."""

    call: ToolCall
    key: str
    source: str

    @property
    def arguments_text(self) -> str:
        try:
            return json.dumps(json.loads(self.call.arguments), ensure_ascii=False, indent=1)
        except ValueError:
            return self.call.arguments


@dataclass(frozen=True)
class ToolEvent:
    """A call that was answered: allowed and run, or denied; for the chat to show."""

    request: ToolRequest
    result: ToolResult
    allowed: bool


@dataclass(frozen=True)
class ToolReply:
    text: str
    turns: tuple[ChatTurn, ...]  # the assistant's calls and the tool results, in order
    events: tuple[ToolEvent, ...]
    last: GenerationResult


Generate = Callable[[Sequence[ChatTurn], SamplingParams], GenerationResult]
Approve = Callable[[ToolRequest], Decision]


def reply_with_tools(
    turns: Sequence[ChatTurn],
    *,
    toolbox: Toolbox,
    family: str,
    sampling: SamplingParams,
    generate: Generate,
    approve: Approve,
    always_allowed: Collection[str] = (),
    on_allow_always: Callable[[str], None] = lambda key: None,
    on_event: Callable[[ToolEvent], None] = lambda event: None,
    first_choice: str | None = None,
    max_rounds: int = MAX_TOOL_ROUNDS,
) -> ToolReply:
    """Generate until the model answers without calling a tool (or the rounds run out).

    `first_choice` ("required" or a tool's name) forces the first reply to be that call, its
    arguments grammar-constrained to the tool's schema."""
    history = list(turns)
    added: list[ChatTurn] = []
    events: list[ToolEvent] = []
    allowed = set(always_allowed)
    specs = toolbox.specs
    for round_number in range(max_rounds + 1):
        offered = specs if round_number < max_rounds else ()
        round_sampling = sampling
        if round_number == 0 and first_choice is not None and offered:
            grammar = tool_call_grammar(offered, first_choice, family, parallel=False)
            round_sampling = replace(sampling, grammar=grammar)
        result = generate(turns_for_family(history, offered, family), round_sampling)
        if not offered:
            return ToolReply(result.text, tuple(added), tuple(events), result)
        text, calls = parse_tool_calls(result.text, family)
        if not calls or result.stats.finish_reason == "cancelled":
            return ToolReply(text, tuple(added), tuple(events), result)
        asked = ChatTurn("assistant", text, tool_calls=tuple(calls))
        history.append(asked)
        added.append(asked)
        for call in calls:
            event = _answer(call, toolbox, approve, allowed, on_allow_always)
            events.append(event)
            on_event(event)
            answer = ChatTurn("tool", event.result.text, tool_call_id=call.id, name=call.name)
            history.append(answer)
            added.append(answer)
    raise AssertionError("the last round offers no tools, so it always returns")


def _answer(
    call: ToolCall,
    toolbox: Toolbox,
    approve: Approve,
    allowed: set[str],
    on_allow_always: Callable[[str], None],
) -> ToolEvent:
    route = toolbox.route(call.name)
    request = _request(call, route)
    if route is None:  # nothing to approve: tell the model which tools exist
        return ToolEvent(request, toolbox.run(call), allowed=False)
    decision = Decision.ALLOW if route.key in allowed else approve(request)
    if decision is Decision.DENY:
        return ToolEvent(request, ToolResult(DENIED_TEXT, is_error=True), allowed=False)
    if decision is Decision.ALLOW_ALWAYS:
        allowed.add(route.key)
        on_allow_always(route.key)
    return ToolEvent(request, toolbox.run(call), allowed=True)


def _request(call: ToolCall, route: ToolRoute | None) -> ToolRequest:
    if route is None:
        return ToolRequest(call, key="", source="unknown")
    return ToolRequest(call, key=route.key, source=route.source)


def call_arguments(call: ToolCall) -> Any:
    try:
        return json.loads(call.arguments)
    except ValueError:
        return call.arguments
