"""A chat request as the engine gets it, for the model it will run on: the tools offered in the
way that model's family reads them, and the grammar that forces a call when one is required."""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from pathlib import Path

from app.api.chat_request import ChatRequest
from app.api.openai_format import RequestError
from app.engine.types import ChatTurn, Generate
from app.library.gguf_header import read_gguf_header
from app.tools import ToolGrammarError, family_from_template, tool_call_grammar, turns_for_family

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=32)
def model_family(path: str | None) -> str:
    """The tool-call family of the GGUF at `path` ("generic" when unknown, e.g. remote)."""
    if not path:
        return "generic"
    try:
        return family_from_template(read_gguf_header(Path(path)).chat_template)
    # An unreadable header only loses the native tool prompt: the generic one still works.
    except Exception as exc:
        log.info("no chat template read from %s: %s", path, exc)
        return "generic"


def prepared(
    request: ChatRequest, turns: tuple[ChatTurn, ...], model_path: str | None
) -> tuple[Generate, str]:
    """The Generate to queue, and the family its reply is parsed with."""
    if request.kind != "chat":
        return Generate(turns, request.sampling), "generic"
    family = model_family(model_path)
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
