"""`hearth docs draft-training`: question/answer training examples drafted from documents by a
model, written as a JSONL file for the user to review before `hearth train --data FILE`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from app.chats.sampling import load_options_from_settings
from app.core import Core
from app.engine.errors import EngineError
from app.engine.types import LoadModel
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import NotFoundError
from app.training.dataset_files import write_jsonl
from app.training.document_drafts import (
    Draft,
    SourcePassage,
    draft_examples,
    passages_in,
)

from .model_choice import choose_model
from .output import CliError, emit_json

DEFAULT_PASSAGES = 20


def add_parser(docs_commands: Any) -> None:
    draft = docs_commands.add_parser(
        "draft-training",
        help="draft question/answer training examples from documents with a model, to review",
    )
    target = draft.add_mutually_exclusive_group(required=True)
    target.add_argument("--collection", metavar="NAME", help="draft from this collection")
    target.add_argument(
        "--document", type=int, action="append", metavar="ID", help="draft from document ID"
    )
    draft.add_argument("--out", required=True, metavar="FILE.jsonl", help="where to write them")
    draft.add_argument("--model", metavar="ID|PATH", help="the model that drafts (default model)")
    draft.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_PASSAGES,
        metavar="N",
        help=f"passages to draft from, spread over the documents (default {DEFAULT_PASSAGES})",
    )
    draft.add_argument("--system", metavar="TEXT", help="system prompt for the drafted examples")
    draft.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".jsonl":
        raise CliError(f"{out.name}: the drafts are written as JSONL; name the file *.jsonl")
    if not out.parent.is_dir():
        raise CliError(f"folder not found: {out.parent}")
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    passages = _passages(core.knowledge, args)
    if not passages:
        raise CliError(
            "those documents have no passage long enough to draft from "
            "(failed, empty or only very short sections)"
        )
    chosen = choose_model(core, args.model)
    client = core.start_engine(remote=False)  # this thread waits; the worker owns llama.cpp
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        try:
            client.load(
                LoadModel(chosen.path, chosen.sha256, load_options_from_settings(core.settings))
            )
        except EngineError as exc:
            raise CliError(str(exc)) from exc

        def on_draft(index: int, draft: Draft) -> None:
            if not args.json:
                verdict = "kept" if draft.kept else f"set aside: {draft.problem}"
                print(
                    f"[{index + 1}/{len(passages)}] {draft.passage.label}: {verdict}",
                    file=sys.stderr,
                )

        try:
            drafts = draft_examples(
                client.text_generator(),
                passages,
                system=args.system or None,
                stop=stop,
                on_draft=on_draft,
            )
        except EngineError as exc:
            raise CliError(str(exc)) from exc
    finally:
        signal.signal(signal.SIGINT, previous)
        client.shutdown()
    kept = [d for d in drafts if d.kept]
    _write(out, kept)
    return _report(out, drafts, kept, len(passages), cancelled=stop.is_set(), as_json=args.json)


def _passages(knowledge: KnowledgeBase, args: argparse.Namespace) -> list[SourcePassage]:
    if args.collection is not None:
        try:
            records = knowledge.documents(collection=args.collection)
        except NotFoundError:
            raise CliError(f"no collection named {args.collection!r}") from None
        if not records:
            raise CliError(f"the collection {args.collection!r} has no documents")
    else:
        records = []
        for document_id in args.document:
            try:
                records.append(knowledge.document(document_id))
            except NotFoundError:
                raise CliError(f"no document with id {document_id}") from None
    return passages_in(knowledge.store, records, limit=args.limit)


def _write(out: Path, kept: list[Draft]) -> None:
    examples = [d.example for d in kept if d.example is not None]
    try:
        write_jsonl(out, examples, with_sources=True)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _report(
    out: Path,
    drafts: list[Draft],
    kept: list[Draft],
    passages: int,
    *,
    cancelled: bool,
    as_json: bool,
) -> int:
    set_aside = [d for d in drafts if not d.kept]
    if as_json:
        emit_json(
            {
                "out": str(out),
                "passages": passages,
                "drafted": len(drafts),
                "kept": len(kept),
                "cancelled": cancelled,
                "set_aside": [
                    {"source": d.passage.label, "reason": d.problem, "support": round(d.support, 3)}
                    for d in set_aside
                ],
            }
        )
    else:
        stopped = " (stopped early)" if cancelled else ""
        print(
            f"Wrote {len(kept)} drafted examples to {out}{stopped}; {len(set_aside)} set aside. "
            "Review and edit them before training on them."
        )
    return 130 if cancelled else 0
