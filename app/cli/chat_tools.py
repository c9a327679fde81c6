"""`hearth chat --tools`: the reply may call the assistant's enabled tools, each after a yes on
the terminal (or with --yes, without asking)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from app.assistants.model import Assistant
from app.chats.tool_loop import (
    MAX_TOOL_ROUNDS,
    Decision,
    ToolEvent,
    ToolReply,
    ToolRequest,
    reply_with_tools,
)
from app.chats.tool_setup import gather_chat_tools
from app.core import Core
from app.engine.client import EngineClient
from app.engine.types import ChatTurn, GenerationResult, SamplingParams
from app.tools import ToolGrammarError
from app.tools.mcp_client import McpClient

from .output import CliError


def add_arguments(chat: Any) -> None:
    chat.add_argument(
        "--tools",
        action="store_true",
        help="let the model call tools: the built-ins (calculator, today's date, the "
        "assistant's documents) and the assistant's MCP servers; each call asks first",
    )
    chat.add_argument(
        "--yes", action="store_true", help="with --tools: run every tool call without asking"
    )
    chat.add_argument(
        "--tool-choice",
        metavar="NAME",
        help="with --tools: make the first reply call this tool (or 'required': any tool)",
    )

    chat.add_argument(
        "--tool-rounds",
        type=int,
        default=MAX_TOOL_ROUNDS,
        metavar="N",
        help="with --tools: at most N rounds of calls before the answer "
        f"(default {MAX_TOOL_ROUNDS})",
    )


def check_arguments(args: argparse.Namespace) -> None:
    if (args.yes or args.tool_choice) and not args.tools:
        raise CliError("--yes and --tool-choice go with --tools")
    if not 1 <= args.tool_rounds <= 16:
        raise CliError("--tool-rounds must be between 1 and 16")


def ask_on_terminal(request: ToolRequest) -> Decision:
    sys.stderr.write(
        f"\nThe model wants to call “{request.call.name}” ({request.source}) with:\n"
        f"{request.arguments_text}\nAllow it? [y]es / [n]o / [a]lways for this tool: "
    )
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer in ("a", "always"):
        return Decision.ALLOW_ALWAYS
    if answer in ("y", "yes"):
        return Decision.ALLOW
    return Decision.DENY  # no answer (closed stdin) is a no


def show_event(event: ToolEvent) -> None:
    status = "denied" if not event.allowed else ("failed" if event.result.is_error else "done")
    sys.stderr.write(
        f"[tool {event.request.call.name} {event.request.call.arguments} {status}] "
        f"{_one_line(event.result.text)}\n"
    )


def reply(
    core: Core,
    client: EngineClient,
    args: argparse.Namespace,
    *,
    assistant: Assistant | None,
    model_path: str | None,
    turns: Sequence[ChatTurn],
    sampling: SamplingParams,
    stop: threading.Event,
    on_text: Callable[[str], None],
) -> ToolReply:
    mcp = McpClient()
    try:
        tools = gather_chat_tools(
            core.mcp_servers,
            core.knowledge,
            mcp,
            assistant_id=assistant.id if assistant else None,
            collections=assistant.profile.knowledge_collections if assistant else (),
            model_path=model_path,
        )
        for note in tools.toolbox.notes:
            sys.stderr.write(f"hearth: {note}\n")
        choice = args.tool_choice
        if choice and choice != "required" and tools.toolbox.route(choice) is None:
            names = ", ".join(tools.toolbox.routes)
            raise CliError(f"--tool-choice: no tool “{choice}” (tools: {names})")

        def generate(
            prompt: Sequence[ChatTurn], round_sampling: SamplingParams
        ) -> GenerationResult:
            return client.generate(prompt, round_sampling, on_text=lambda _t: None, stop=stop)

        assistant_id = tools.assistant_id
        try:
            result = reply_with_tools(
                turns,
                toolbox=tools.toolbox,
                family=tools.family,
                sampling=sampling,
                generate=generate,
                approve=(lambda _r: Decision.ALLOW) if args.yes else ask_on_terminal,
                always_allowed=tools.always_allowed,
                on_allow_always=lambda key: core.mcp_servers.allow_always(key, assistant_id),
                on_event=show_event if not args.json else (lambda _e: None),
                first_choice=args.tool_choice,
                max_rounds=args.tool_rounds,
            )
        except ToolGrammarError as error:
            raise CliError(f"--tool-choice: {error}") from error
    finally:
        mcp.close()
    on_text(result.text)
    return result


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
