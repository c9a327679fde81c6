"""The grammar that makes a model call a tool (tool_choice "required" or a named function):
the call is written in the family's form, and its arguments follow the function's JSON schema,
so they always validate."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from app.engine.schema_grammar import GrammarBuilder, UnsupportedSchema
from app.engine.types import ToolSpec
from app.tools.families import parallel_calls

MAX_PARALLEL_CALLS = 4  # a small model asked for "one or more" should not loop on calls


class ToolGrammarError(ValueError):
    """A tool cannot be forced: unknown name, or arguments a grammar cannot enforce."""


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _rule_name(name: str) -> str:
    return "tool-" + (re.sub(r"[^a-zA-Z0-9]+", "-", name).strip("-") or "x")


def tool_call_grammar(
    tools: Sequence[ToolSpec],
    choice: str | None,
    family: str = "generic",
    *,
    parallel: bool = True,
) -> str:
    """GBNF for one call (or, when `parallel` and the family allows, up to
    MAX_PARALLEL_CALLS) of `choice`, a function name; None or "required": any of `tools`."""
    if choice in (None, "required"):
        chosen = list(tools)
    else:
        chosen = [t for t in tools if t.name == choice]
        if not chosen:
            names = ", ".join(t.name for t in tools) or "none"
            raise ToolGrammarError(f"There is no tool “{choice}” among the tools ({names}).")
        parallel = False  # a named function: exactly one call, as OpenAI does
    if not chosen:
        raise ToolGrammarError("A tool call was required but no tools were given.")
    builder = GrammarBuilder()
    key = "parameters" if family == "llama3" else "arguments"
    alternatives = []
    for tool in chosen:
        where = f"the arguments of “{tool.name}”"
        try:
            arguments = builder.add(_rule_name(tool.name), tool.parameters or {}, where)
        except UnsupportedSchema as exc:
            raise ToolGrammarError(str(exc)) from exc
        head = '{"name": ' + json.dumps(tool.name) + f', "{key}": '
        alternatives.append(f'{_literal(head)} {arguments} "}}"')
    lines = [f"call-object ::= {' | '.join(f'( {a} )' for a in alternatives)}"]
    extra = MAX_PARALLEL_CALLS - 1 if parallel and parallel_calls(family) else 0
    if family == "mistral":
        lines.append(f'root ::= "[" call-object ( ", " call-object ){{0,{extra}}} "]"')
    elif family == "llama3":
        lines.append("root ::= call-object")
    else:
        lines.append('call ::= "<tool_call>\\n" call-object "\\n</tool_call>"')
        lines.append(f'root ::= call ( "\\n" call ){{0,{extra}}}')
    return "\n".join(lines) + "\n" + builder.rules()
