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
from app.tools import ToolGrammarError, parse_tool_calls
from app.tools.call_stream import CallHidingStream
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
    sys.stderr.flush()


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

        last_sent = [""]  # the last character on stdout: a tool line starts on a line of its own

        def send(text: str) -> None:
            last_sent[0] = text[-1]
            on_text(text)

        def generate(
            prompt: Sequence[ChatTurn], round_sampling: SamplingParams
        ) -> GenerationResult:
            # Each round streams as plain `chat` does; its call markup is held back.
            stream = CallHidingStream(tools.family, send)
            result = client.generate(prompt, round_sampling, on_text=stream.feed, stop=stop)
            plain, calls = parse_tool_calls(result.text, tools.family)
            stream.finish(plain if calls else result.text)
            return result

        def show(event: ToolEvent) -> None:
            if args.json:
                return
            if last_sent[0] not in ("", "\n"):
                sys.stdout.write("\n")
                sys.stdout.flush()
                last_sent[0] = "\n"
            show_event(event)

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
                on_event=show,
                first_choice=args.tool_choice,
                max_rounds=args.tool_rounds,
            )
        except ToolGrammarError as error:
            raise CliError(f"--tool-choice: {error}") from error
    finally:
        mcp.close()
    return result


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
