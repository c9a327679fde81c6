"""`hearth chats training-data --out FILE.jsonl`: the replies the user marked good or corrected,
as the training examples Adapter Studio's "Add replies from chats" makes of them, in the JSONL
form `hearth train --data` reads (to review, version or train on headless)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.core import Core
from app.training.dataset_files import write_jsonl
from app.training.sources import examples_from_chats

from .output import CliError, emit_json


def add_parser(chats_commands: Any) -> None:
    export = chats_commands.add_parser(
        "training-data",
        help="write the replies marked good or edited as training examples (JSONL)",
    )
    export.add_argument("--out", required=True, metavar="FILE.jsonl")
    export.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".jsonl":
        raise CliError(f"{out.name}: training data is written as JSONL; name the file *.jsonl")
    examples = examples_from_chats(
        core.training.feedback(),
        core.chats.messages,
        core.chats.conversations,
    )
    if not examples:
        raise CliError(
            "no reply is marked good or edited yet: mark one with `hearth chats mark ID good` "
            "or correct it with `hearth chats edit-reply ID --text ...`"
        )
    try:
        write_jsonl(out, examples, with_sources=True)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if args.json:
        emit_json({"out": str(out), "examples": len(examples)})
    else:
        print(f"Wrote {len(examples)} training examples from your chats to {out}")
    return 0
