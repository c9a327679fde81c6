"""`hearth chats list|show ID|export ID --format md|json`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.chats.export import conversation_as_dict, conversation_as_markdown
from app.core import Core
from app.storage import NotFoundError

from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    chats = commands.add_parser("chats", help="stored conversations")
    sub = chats.add_subparsers(dest="chats_command", required=True)
    listing = sub.add_parser("list", help="list conversations, newest first")
    listing.add_argument("--filter", help="only titles containing this text")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="print a conversation with its messages")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    export = sub.add_parser("export", help="export a conversation")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=["md", "json"], required=True)
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    conversations = core.chats.conversations
    messages = core.chats.messages
    command = args.chats_command
    if command == "list":
        items = conversations.list(args.filter)
        if args.json:
            emit_json(
                {"chats": [{**asdict(c), "messages": len(messages.list(c.id))} for c in items]}
            )
        else:
            rows = [[str(c.id), c.title, c.updated_at.strftime("%Y-%m-%d %H:%M")] for c in items]
            print(table(rows, ["ID", "TITLE", "UPDATED"]) if rows else "No chats yet.")
        return 0
    try:
        conversation = conversations.get(args.id)
    except NotFoundError:
        raise CliError(f"no chat with id {args.id}; see `hearth chats list`") from None
    history = messages.list(conversation.id)
    if command == "show":
        if args.json:
            emit_json({"chat": conversation_as_dict(conversation, history)})
        else:
            print(conversation_as_markdown(conversation, history))
        return 0
    if command == "export":
        if args.format == "md":
            text = conversation_as_markdown(conversation, history)
        else:
            text = json.dumps(
                conversation_as_dict(conversation, history),
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        if args.out:
            out = Path(args.out).expanduser()
            try:
                out.write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
            if args.json:
                emit_json({"exported": str(out), "format": args.format})
            else:
                print(f"Exported chat {conversation.id} to {out}")
        elif args.json:
            emit_json({"format": args.format, "content": text})
        else:
            print(text)
        return 0
    raise CliError(f"unknown chats command {command}")
