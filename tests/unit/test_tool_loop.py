"""The tool loop: a call runs only when allowed, a denial is told to the model, "always allow"
is remembered, and the rounds are bounded. The model is a scripted stand-in; the tools are the
real built-ins (the real model and MCP servers are in the integration tests)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.chats.tool_loop import DENIED_TEXT, Decision, ToolReply, ToolRequest, reply_with_tools
from app.engine.types import ChatTurn, GenerationResult, GenerationStats, SamplingParams
from app.tools.builtin_tools import BuiltinTools
from app.tools.toolbox import Toolbox

CALL = '<tool_call>\n{"name": "today", "arguments": {}}\n</tool_call>'


class ScriptedModel:
    """Answers with `replies` in turn, and keeps every prompt it was given."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.prompts: list[tuple[ChatTurn, ...]] = []
        self.grammars: list[str | None] = []

    def __call__(self, turns: Sequence[ChatTurn], sampling: SamplingParams) -> GenerationResult:
        self.prompts.append(tuple(turns))
        self.grammars.append(sampling.grammar)
        text = self.replies.pop(0) if self.replies else CALL
        stats = GenerationStats(1, 1, 1, 0.0, 0.0, 0.0, "stop", 0, 0, 1, 2048)
        return GenerationResult(text, stats)


class Clock:
    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return datetime(2026, 12, 6, 15, 0).astimezone()


def run(
    model: ScriptedModel, clock: Clock, answers: list[Decision], **options: Any
) -> tuple[ToolReply, list[ToolRequest]]:
    asked: list[ToolRequest] = []

    def approve(request: ToolRequest) -> Decision:
        asked.append(request)
        return answers.pop(0)

    toolbox = Toolbox.gather(BuiltinTools(now=clock), [], None)
    reply = reply_with_tools(
        [ChatTurn("user", "What day is it?")],
        toolbox=toolbox,
        family="hermes",
        sampling=SamplingParams(),
        generate=model,
        approve=approve,
        **options,
    )
    return reply, asked


def test_a_denied_call_does_not_run_and_the_model_is_told() -> None:
    model, clock = ScriptedModel(CALL, "I cannot tell the date."), Clock()
    reply, asked = run(model, clock, [Decision.DENY])
    assert [r.call.name for r in asked] == ["today"] and asked[0].key == "builtin/today"
    assert clock.reads == 0
    assert reply.text == "I cannot tell the date."
    told = model.prompts[1][-1]
    assert told.role == "tool" and told.content == DENIED_TEXT
    assert told.tool_call_id == model.prompts[1][-2].tool_calls[0].id
    assert not reply.events[0].allowed


def test_an_allowed_call_runs_and_its_result_goes_back() -> None:
    model, clock = ScriptedModel(CALL, "It is Sunday."), Clock()
    reply, _ = run(model, clock, [Decision.ALLOW])
    assert clock.reads == 1
    assert "Sunday 06 December 2026" in model.prompts[1][-1].content
    assert reply.events[0].allowed and reply.text == "It is Sunday."
    assert [t.role for t in reply.turns] == ["assistant", "tool"]


def test_always_allow_asks_once_and_is_remembered() -> None:
    remembered: list[str] = []
    model, clock = ScriptedModel(CALL, CALL, "Done."), Clock()
    _, asked = run(model, clock, [Decision.ALLOW_ALWAYS], on_allow_always=remembered.append)
    assert len(asked) == 1 and remembered == ["builtin/today"] and clock.reads == 2
    # A tool ticked earlier is not asked about at all.
    model, clock = ScriptedModel(CALL, "Done."), Clock()
    _, asked = run(model, clock, [], always_allowed={"builtin/today"})
    assert asked == [] and clock.reads == 1


def test_rounds_are_bounded_and_the_last_offers_no_tools() -> None:
    model, clock = ScriptedModel(), Clock()  # a model that only ever calls
    reply, asked = run(model, clock, [Decision.ALLOW] * 10, max_rounds=2)
    assert len(model.prompts) == 3 and len(asked) == 2
    assert all(turn.tools == () for turn in model.prompts[-1])
    assert model.prompts[0][-1].tools  # the first round offered them
    assert reply.text == CALL  # the last round's text is the answer, not parsed as a call


def test_a_first_choice_forces_a_grammar_on_the_first_round_only() -> None:
    model, clock = ScriptedModel(CALL, "ok"), Clock()
    run(model, clock, [Decision.ALLOW], first_choice="today")
    assert model.grammars[0] is not None and "tool-today ::=" in model.grammars[0]
    assert model.grammars[1] is None
