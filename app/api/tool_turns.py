"""A chat request as the engine gets it, for the model it will run on: the tools offered in the
way that model's family reads them, and the grammar that forces a call when one is required."""

from __future__ import annotations

from dataclasses import replace

from app.api.chat_request import ChatRequest
from app.api.openai_format import RequestError
from app.engine.types import ChatTurn, Generate
from app.tools import ToolGrammarError, family_of_model, tool_call_grammar, turns_for_family


def prepared(
    request: ChatRequest, turns: tuple[ChatTurn, ...], model_path: str | None
) -> tuple[Generate, str]:
    """The Generate to queue, and the family its reply is parsed with."""
    if request.kind != "chat":
        return Generate(turns, request.sampling), "generic"
    family = family_of_model(model_path)
    use = request.tool_use
    sampling = request.sampling
    if use.forced:
        try:
            grammar = tool_call_grammar(use.tools, use.choice, family, parallel=use.parallel)
        except ToolGrammarError as exc:  # checked when parsed; kept clear should it differ
            raise RequestError(str(exc), code="unsupported_schema") from None
        sampling = replace(sampling, grammar=grammar)
    offered = use.tools if use.active else ()
    return Generate(turns_for_family(turns, offered, family), sampling), family
