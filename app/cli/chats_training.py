"""`hearth chats training-data --out FILE.jsonl`: the replies the user marked good or corrected,
as the training examples Adapter Studio's "Add replies from chats" makes of them, in the JSONL
form `hearth train --data` reads (to review, version or train on headless)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.core import Core
from app.training.repository import TrainingRepository
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
        TrainingRepository(core.database).feedback(),
        core.chats.messages,
        core.chats.conversations,
    )
    if not examples:
        raise CliError(
            "no reply is marked good or edited yet: mark one with `hearth chats mark ID good` "
            "or correct it with `hearth chats edit-reply ID --text ...`"
        )
    lines = []
    for example in examples:
        record = example.as_record()
        record["source"] = example.source  # for the reviewer; training ignores it
        lines.append(json.dumps(record, ensure_ascii=False))
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if args.json:
        emit_json({"out": str(out), "examples": len(examples)})
    else:
        print(f"Wrote {len(examples)} training examples from your chats to {out}")
    return 0
