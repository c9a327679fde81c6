"""`hearth chat --prompt TEXT`: one turn with a model, stored like a chat in the app."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.assistants.model import Assistant, AssistantError
from app.chats.confidence import confidence_json
from app.chats.sampling import (
    document_budget,
    load_options_from_settings,
    sampling_from_settings,
)
from app.chats.streaming_reply import StreamingReply
from app.chats.tool_call_store import ToolCallStore, tool_call_as_dict
from app.chats.tool_loop import ToolEvent
from app.core import Core
from app.engine.errors import EngineError
from app.engine.types import LoadedModel, LoadModel, SetAdapters
from app.file_names import shown_file_name
from app.knowledge.knowledge_base import Attach
from app.library.model_names import model_display_name

from . import chat_tools
from .adapter_choice import ChosenAdapter, choose_adapters
from .endpoint_choice import load_remote
from .model_choice import ChosenModel, choose_model
from .output import CliError, emit_json


def add_parser(commands: Any) -> None:
    chat = commands.add_parser("chat", help="ask a model one question (stored as a chat)")
    chat.add_argument("--prompt", required=True, help="the message to send")
    chat.add_argument(
        "--model",
        help="model id or GGUF path (default: the default model); with --endpoint, the "
        "server's model name (default: the endpoint's default, else its first model)",
    )
    chat.add_argument(
        "--endpoint",
        metavar="NAME",
        help="answer with a remote server added by `hearth endpoints add` (not this computer)",
    )
    chat.add_argument(
        "--adapter",
        action="append",
        metavar="ID[:SCALE]",
        help="apply a LoRA adapter (id or path; scale 0-2, default 1); repeatable",
    )
    chat.add_argument(
        "--attach",
        action="append",
        metavar="FILE",
        help="a document to answer from (indexed first); repeatable",
    )
    chat.add_argument(
        "--grounded-only",
        action="store_true",
        help="answer only from the attached documents",
    )
    chat.add_argument(
        "--max-tokens", type=int, help="reply length limit (default: Settings, else by model size)"
    )
    chat.add_argument("--seed", type=int, help="fixed seed (the same seed gives the same text)")
    chat.add_argument("--system", help="system prompt for this chat")
    chat.add_argument(
        "--assistant",
        metavar="NAME",
        help="start from this assistant (its model, adapters, instructions, sampling and "
        "knowledge); --model, --adapter and --system override its choices",
    )
    chat_tools.add_arguments(chat)
    chat.add_argument("--json", action="store_true")


def _attach(core: Core, conversation_id: int, files: list[str], *, grounded_only: bool) -> None:
    """Index the files (already indexed, unchanged ones are reused) and attach them to the chat."""
    report = core.knowledge.add_files(
        [Path(f).expanduser() for f in files], attach_to=Attach.to_chat(conversation_id)
    )
    for failure in report.failed:
        sys.stderr.write(f"hearth: {failure.error}\n")  # the error names the file
    for document in (o.document for o in report.indexed if o.document is not None):
        for note in document.notes:
            sys.stderr.write(f"hearth: {shown_file_name(document.file_name)}: note: {note}\n")
    if files and not report.indexed:
        raise CliError("none of the --attach files could be read (see the messages above)")
    if grounded_only:
        core.chats.conversations.set_grounded_only(conversation_id, True)


def run(core: Core, args: argparse.Namespace) -> int:
    if not args.prompt.strip():
        raise CliError("--prompt is empty")
    if args.max_tokens is not None and args.max_tokens < 1:
        raise CliError("--max-tokens must be at least 1")
    if args.endpoint and args.adapter:
        raise CliError("--adapter cannot be used with --endpoint: adapters run only locally")
    chat_tools.check_arguments(args)
    assistant = _find_assistant(core, args.assistant) if args.assistant else None
    # The assistant's sampling defaults over the user's settings (--seed/--max-tokens still win).
    settings = assistant.profile.sampling.over(core.settings) if assistant else core.settings
    # The inference thread owns the model; this thread waits on its client (Ctrl+C stops it).
    client = core.start_engine(remote=bool(args.endpoint))
    model: LoadedModel
    model_id: int | None = None
    model_path: str | None = None
    tool_events: list[dict[str, object]] = []
    tool_events_stored: tuple[ToolEvent, ...] = ()
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        if args.endpoint:
            model = load_remote(core, client, args.endpoint, args.model)
        else:
            if assistant is not None and args.model is None:
                chosen = _assistant_model(core, assistant)
            else:
                chosen = choose_model(core, args.model)
            if assistant is not None and not args.adapter:
                adapters = _assistant_adapters(core, assistant)
            else:
                adapters = choose_adapters(core, args.adapter)
            model_id = chosen.model_id
            model_path = chosen.path
            try:
                model = client.load(
                    LoadModel(chosen.path, chosen.sha256, load_options_from_settings(core.settings))
                )
                if adapters:
                    client.run(SetAdapters(tuple((a.path, a.scale) for a in adapters)))
            except EngineError as exc:
                raise CliError(str(exc)) from exc
        if assistant is not None:
            # Its instructions become the chat's system prompt; its collections are attached.
            conversation = core.assistants.apply_to_new_chat(assistant, model_id=model_id)
        else:
            conversation = core.chats.new_conversation(model_id=model_id)
        if args.system:
            core.chats.conversations.set_system_prompt(conversation.id, args.system)
        sampling = sampling_from_settings(
            settings,
            seed=args.seed,
            max_tokens=args.max_tokens,
            parameter_count=model.parameter_count,
        )
        if assistant is not None and assistant.profile.knowledge_collections:
            n_ctx = model.n_ctx or core.settings.n_ctx
            core.chats.document_budget = document_budget(n_ctx, sampling.max_tokens)
        if args.attach or args.grounded_only:
            _attach(core, conversation.id, args.attach or [], grounded_only=args.grounded_only)
            # A remote server does not say its context size: assume the local setting.
            n_ctx = model.n_ctx or core.settings.n_ctx
            core.chats.document_budget = document_budget(n_ctx, sampling.max_tokens)
        pending = core.chats.send(conversation.id, args.prompt)
        reply = StreamingReply(core.chats, pending.reply_message_id)

        def on_text(text: str) -> None:
            reply.add(text)
            if not args.json:
                sys.stdout.write(text)
                sys.stdout.flush()

        try:
            if args.tools:
                tool_reply = chat_tools.reply(
                    core,
                    client,
                    args,
                    assistant=assistant,
                    model_path=model_path,
                    turns=pending.turns,
                    sampling=sampling,
                    stop=stop,
                    on_text=on_text,
                )
                result = replace(tool_reply.last, text=tool_reply.text)
                tool_events_stored = tool_reply.events
                tool_events = [tool_call_as_dict(e) for e in tool_reply.events]
            else:
                result = client.generate(pending.turns, sampling, on_text=on_text, stop=stop)
        except EngineError as exc:
            core.chats.fail(pending.reply_message_id, reply.text)
            raise CliError(str(exc)) from exc
        message = core.chats.finish(
            pending.reply_message_id,
            result.text,
            stats=result.stats,
            sampling=sampling,
            model=model,
            citations=pending.citations,
            turns=pending.turns,
        )
        if tool_events_stored:
            ToolCallStore(core.database).save(message.id, tool_events_stored)
    finally:
        signal.signal(signal.SIGINT, previous)
        client.shutdown()
    stats = result.stats
    if args.json:
        emit_json(
            {
                # With documents, the stored text carries the [n] markers Hearth placed.
                "text": message.content,
                "prompt_tokens": stats.prompt_tokens,
                "prompt_tokens_evaluated": stats.prompt_tokens_evaluated,
                "completion_tokens": stats.completion_tokens,
                "ttft_s": round(stats.ttft_s, 4),
                "decode_tokens_per_s": round(stats.decode_tokens_per_s, 2),
                "total_s": round(stats.total_s, 4),
                "finish_reason": stats.finish_reason,
                # CPU threads at the reply's start and end (0: a remote server decoded it).
                "n_threads": stats.n_threads,
                "n_threads_end": stats.n_threads_end,
                "seed": sampling.seed,
                "model": model.name,
                "model_sha256": model.sha256,
                "backend": model.backend,
                "n_ctx": model.n_ctx,
                "endpoint": model.endpoint,
                "remote_model": model.remote_model,
                "conversation_id": conversation.id,
                "message_id": message.id,
                "adapters": [
                    {"name": a.name, "sha256": a.sha256, "scale": a.scale}
                    for a in (message.generation.adapters if message.generation else ())
                ],
                "citations": list(message.citations),
                "issues": list(message.issues),
                # Mean token probability and the uncertain spans; None without values.
                "confidence": confidence_json(
                    message.generation.confidence if message.generation else None,
                    message.content,
                ),
                "tool_calls": tool_events,
                "assistant": (
                    {"id": assistant.id, "name": assistant.name} if assistant is not None else None
                ),
            }
        )
    else:
        sys.stdout.write("\n")
    return 130 if stats.finish_reason == "cancelled" else 0


# ---- --assistant NAME ---------------------------------------------------------------------------


def _find_assistant(core: Core, name: str) -> Assistant:
    try:
        return core.assistants.find(name)
    except AssistantError as exc:
        raise CliError(str(exc)) from exc


def _assistant_model(core: Core, assistant: Assistant) -> ChosenModel:
    plan = core.assistants.plan(assistant)
    if plan.model is None:
        assert plan.missing_model is not None
        raise CliError(f"{assistant.name}: {plan.missing_model.message()}")
    model = plan.model
    return ChosenModel(model.path, model.sha256, model_display_name(model), model.id)


def _assistant_adapters(core: Core, assistant: Assistant) -> list[ChosenAdapter]:
    plan = core.assistants.plan(assistant)
    if plan.missing_adapters:
        raise CliError(f"{assistant.name}: {plan.problems()[-1]}")
    return [ChosenAdapter(path, scale) for path, scale in plan.adapter_pairs()]
