"""`hearth chats list|show ID|export ID --format md|json`, and the user's feedback on a reply:
`chats mark MESSAGE_ID good|bad|clear` and `chats edit-reply MESSAGE_ID (--text T | --file F)`
(what Adapter Studio's "from chats" examples are made of), and `chats training-data --out F`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.chats.export import conversation_as_dict, conversation_as_markdown
from app.chats.message_repository import MessageRepository, ReplyFeedbackError, ReplyFeedbackState
from app.chats.tool_call_store import ToolCallStore
from app.core import Core
from app.storage import NotFoundError

from . import chats_training
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
    mark = sub.add_parser(
        "mark", help="mark an assistant reply good or bad (Adapter Studio learns from good ones)"
    )
    mark.add_argument("message_id", type=int, metavar="MESSAGE_ID")
    mark.add_argument("mark", choices=["good", "bad", "clear"])
    mark.add_argument("--json", action="store_true")
    edit = sub.add_parser(
        "edit-reply",
        help="replace an assistant reply with your version (kept with the text as generated)",
    )
    edit.add_argument("message_id", type=int, metavar="MESSAGE_ID")
    source = edit.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the new text of the reply")
    source.add_argument("--file", help="a UTF-8 text file with the new text ('-': standard input)")
    edit.add_argument("--json", action="store_true")
    chats_training.add_parser(sub)


def run(core: Core, args: argparse.Namespace) -> int:
    conversations = core.chats.conversations
    messages = core.chats.messages
    command = args.chats_command
    if command == "mark":
        return _mark(messages, args)
    if command == "edit-reply":
        return _edit_reply(messages, args)
    if command == "training-data":
        return chats_training.run(core, args)
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
    # Marks and edits go with the messages, the same in `show --json` and `export --format json`.
    feedback = messages.reply_feedback(conversation.id)
    tool_calls = ToolCallStore(core.database).of_conversation(conversation.id)
    if command == "show":
        if args.json:
            emit_json({"chat": conversation_as_dict(conversation, history, feedback, tool_calls)})
        else:
            print(conversation_as_markdown(conversation, history, feedback, tool_calls))
        return 0
    if command == "export":
        if args.format == "md":
            text = conversation_as_markdown(conversation, history, feedback, tool_calls)
        else:
            text = json.dumps(
                conversation_as_dict(conversation, history, feedback, tool_calls),
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


def _feedback_json(state: ReplyFeedbackState) -> dict[str, Any]:
    return {"mark": state.mark, "edited": state.edited}


def _reply_problem(error: Exception, message_id: int) -> CliError:
    if isinstance(error, NotFoundError):
        return CliError(
            f"no message with id {message_id}; `hearth chats show CHAT_ID --json` lists the "
            "ids of a chat's messages"
        )
    return CliError(str(error))


def _mark(messages: MessageRepository, args: argparse.Namespace) -> int:
    mark = None if args.mark == "clear" else args.mark
    try:
        state = messages.mark_reply(args.message_id, mark)
    except (NotFoundError, ReplyFeedbackError) as exc:
        raise _reply_problem(exc, args.message_id) from None
    if args.json:
        emit_json({"message_id": args.message_id, **_feedback_json(state)})
    elif mark is None:
        print(f"Cleared the mark on reply {args.message_id}.")
    else:
        print(f"Marked reply {args.message_id} {mark}.")
    return 0


def _read_new_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        text: str = args.text
        return text
    if args.file == "-":
        return sys.stdin.read()
    path = Path(args.file).expanduser()
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def _edit_reply(messages: MessageRepository, args: argparse.Namespace) -> int:
    text = _read_new_text(args)
    try:
        edit = messages.edit_reply(args.message_id, text)
    except (NotFoundError, ReplyFeedbackError) as exc:
        raise _reply_problem(exc, args.message_id) from None
    if args.json:
        emit_json(
            {
                "message_id": edit.message.id,
                "conversation_id": edit.message.conversation_id,
                "changed": edit.changed,
                **_feedback_json(edit.feedback),
                "content": edit.message.content,
                "generated_content": edit.feedback.generated_content,
            }
        )
    elif edit.changed:
        print(
            f"Saved your version of reply {edit.message.id}; the text as generated is kept, "
            "and Adapter Studio learns from your version."
        )
    else:
        print(f"Reply {edit.message.id} already has this text; nothing changed.")
    return 0
