"""Tool calling, Qt-free and without llama.cpp: the tools offered, the calls a model makes,
how each model family writes them, the grammar that forces a call, and the prompt side."""

from app.engine.types import ToolCall, ToolSpec
from app.tools.families import family_from_template, family_of_model
from app.tools.grammar import ToolGrammarError, tool_call_grammar
from app.tools.parsing import new_call_id, parse_tool_calls
from app.tools.prompt import tool_instructions, turns_for_family

__all__ = [
    "ToolCall",
    "ToolGrammarError",
    "ToolSpec",
    "family_from_template",
    "family_of_model",
    "new_call_id",
    "parse_tool_calls",
    "tool_call_grammar",
    "tool_instructions",
    "turns_for_family",
]
