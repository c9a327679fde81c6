"""Hearth's own tools: search this assistant's knowledge, a calculator, and today's date.

They run in Hearth's process and read nothing but what their description says; like MCP tools
they still run only when the user allows them (or ticked "always allow").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from app.engine.types import ToolSpec
from app.knowledge.records import Passage
from app.tools.calculator import CalculatorError, calculate, formatted
from app.tools.tool_result import ToolResult, capped

BUILTIN_PREFIX: Final = "builtin/"
SEARCH_LIMIT: Final = 5

CALCULATOR = ToolSpec(
    name="calculator",
    description='Work out an arithmetic expression exactly, e.g. "(1200 * 0.19) + 35".',
    parameters={
        "type": "object",
        # The pattern keeps a forced call's grammar to arithmetic and closes the string: a small
        # model otherwise writes on inside it until the token limit.
        "properties": {"expression": {"type": "string", "pattern": "^[0-9a-z+*/().,^% -]{1,60}$"}},
        "required": ["expression"],
    },
)
TODAY = ToolSpec(
    name="today",
    description="Today's date, weekday and the time on this computer.",
    parameters={"type": "object", "properties": {}},
)
SEARCH_KNOWLEDGE = ToolSpec(
    name="search_knowledge",
    description="Search this assistant's documents and return the passages that match the query.",
    parameters={
        "type": "object",
        "properties": {"query": {"type": "string"}},
        "required": ["query"],
    },
)

# query -> passages, already scoped to the assistant's collections by whoever builds it.
KnowledgeSearch = Callable[[str, int], Sequence[Passage]]


class BuiltinTools:
    def __init__(
        self,
        *,
        search: KnowledgeSearch | None = None,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        disabled: Collection[str] = (),
    ) -> None:
        self._search = search
        self._now = now
        self._disabled = frozenset(disabled)  # names the user switched off for the assistant

    @property
    def specs(self) -> tuple[ToolSpec, ...]:
        tools = (CALCULATOR, TODAY)
        offered = (*tools, SEARCH_KNOWLEDGE) if self._search is not None else tools
        return tuple(spec for spec in offered if spec.name not in self._disabled)

    def run(self, name: str, arguments: Mapping[str, Any]) -> ToolResult:
        if name in self._disabled:
            return ToolResult(f"The built-in tool “{name}” is switched off.", is_error=True)
        if name == CALCULATOR.name:
            expression = arguments.get("expression")
            if not isinstance(expression, str):
                return ToolResult("The calculator needs an “expression” text.", is_error=True)
            try:
                return ToolResult(f"{expression} = {formatted(calculate(expression))}")
            except CalculatorError as error:
                return ToolResult(str(error), is_error=True)
        if name == TODAY.name:
            now = self._now()
            return ToolResult(now.strftime("%A %d %B %Y, %H:%M (UTC%z)"))
        if name == SEARCH_KNOWLEDGE.name and self._search is not None:
            query = arguments.get("query")
            if not isinstance(query, str) or not query.strip():
                return ToolResult("The search needs a “query” text.", is_error=True)
            passages = self._search(query, SEARCH_LIMIT)
            if not passages:
                return ToolResult(f"No passage in this assistant's documents matches “{query}”.")
            return capped(json.dumps([_passage(p) for p in passages], ensure_ascii=False))
        return ToolResult(f"Hearth has no built-in tool “{name}”.", is_error=True)


def _passage(passage: Passage) -> dict[str, Any]:
    where: dict[str, Any] = {"document": passage.file_name, "text": passage.text}
    if passage.page is not None:
        where["page"] = passage.page
    if passage.heading:
        where["heading"] = passage.heading
    return where


BUILTIN_SPECS: Final = (CALCULATOR, TODAY, SEARCH_KNOWLEDGE)
