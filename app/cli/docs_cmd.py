"""`hearth docs add|list|remove|search|watch|sync|draft-training`: the document index,
headless."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.core import Core
from app.file_names import shown_file_name
from app.knowledge.excerpts import Excerpt, centred_excerpt
from app.knowledge.folder_sync import JobProgress
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.knowledge.records import DocumentRecord, Passage
from app.storage import NotFoundError

from . import docs_drafts
from .output import CliError, emit_json, table

EXCERPT_CHARS = 240
# Matched words in a terminal: bold. Only when stdout is a terminal (and NO_COLOR is not set);
# piped output stays plain.
BOLD, RESET = "\033[1m", "\033[0m"


def add_parser(commands: Any) -> None:
    docs = commands.add_parser("docs", help="index documents for chats and search them")
    sub = docs.add_subparsers(dest="docs_command", required=True)
    add = sub.add_parser("add", help="index files (PDF, DOCX, XLSX, PPTX, ODT, RTF, CSV, ...)")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--collection", metavar="NAME", help="add them to this collection")
    add.add_argument("--json", action="store_true")
    listing = sub.add_parser("list", help="list indexed documents")
    listing.add_argument("--collection", metavar="NAME")
    listing.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="forget a document and its index entries")
    remove.add_argument("id", type=int)
    remove.add_argument("--json", action="store_true")
    search = sub.add_parser("search", help="ranked passages for a query (BM25)")
    search.add_argument("query")
    search.add_argument("--collection", metavar="NAME")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    watch = sub.add_parser("watch", help="watch a folder into a collection and index it now")
    watch.add_argument("folder")
    watch.add_argument("--collection", metavar="NAME")
    watch.add_argument("--json", action="store_true")
    sync = sub.add_parser("sync", help="re-index watched folders (resumes unfinished jobs)")
    sync.add_argument("--json", action="store_true")
    docs_drafts.add_parser(sub)


def document_json(record: DocumentRecord) -> dict[str, Any]:
    payload = asdict(record)
    payload["source"] = record.source
    if record.ocr_confidence is not None:
        payload["ocr_confidence"] = round(record.ocr_confidence, 3)
    return payload


def passage_json(rank: int, passage: Passage, query: str = "") -> dict[str, Any]:
    """A search result; its excerpt is centred on the sentence that best matches `query`, and
    `highlights` lists the matched words as [start, end) character offsets into it."""
    excerpt = centred_excerpt(passage.text, query, max_chars=EXCERPT_CHARS)
    return {
        "rank": rank,
        "document_id": passage.document_id,
        "chunk_id": passage.chunk_id,
        "file": passage.file_name,
        "path": passage.path,
        "page": passage.page,
        "position": passage.position,
        "score": round(passage.score, 6),
        "excerpt": excerpt.text,
        "highlights": [list(span) for span in excerpt.highlights],
        # Where on the page OCR read the passage: [x0, y0, x1, y1] in page fractions; or null.
        "box": passage.box.to_list() if passage.box is not None else None,
    }


def marked(excerpt: Excerpt, *, bold: bool) -> str:
    """The excerpt with its highlights in bold (for a terminal), or as it is."""
    if not bold:
        return excerpt.text
    parts: list[str] = []
    at = 0
    for start, end in excerpt.highlights:
        parts += [excerpt.text[at:start], BOLD, excerpt.text[start:end], RESET]
        at = end
    parts.append(excerpt.text[at:])
    return "".join(parts)


def run(core: Core, args: argparse.Namespace) -> int:
    knowledge = core.knowledge
    command = args.docs_command
    if command == "add":
        return _add(knowledge, args)
    if command == "list":
        return _list(knowledge, args)
    if command == "remove":
        try:
            record = knowledge.remove(args.id)
        except NotFoundError:
            raise CliError(f"no document with id {args.id}") from None
        if args.json:
            emit_json({"removed": record.id, "file": record.file_name})
        else:
            print(f"Removed {shown_file_name(record.file_name)} (document {record.id})")
        return 0
    if command == "search":
        return _search(knowledge, args)
    if command in ("watch", "sync"):
        return _sync(knowledge, args)
    if command == "draft-training":
        return docs_drafts.run(core, args)
    raise CliError(f"unknown docs command {command}")


def _add(knowledge: KnowledgeBase, args: argparse.Namespace) -> int:
    target = Attach.to_collection(args.collection) if args.collection else None
    report = knowledge.add_files([Path(f) for f in args.files], attach_to=target)
    added = [o for o in report.outcomes if o.ok and o.document is not None]
    failed = report.failed
    for outcome in failed:
        print(f"hearth: {outcome.error}", file=sys.stderr)
    if args.json:
        payload: dict[str, Any] = {
            "documents": [document_json(o.document) for o in added if o.document is not None],
            "failed": [
                {"file": o.path.name, "path": str(o.path), "error": o.error, "kind": o.kind}
                for o in failed
            ],
        }
        if failed:
            payload["error"] = f"{len(failed)} of {len(report.outcomes)} files could not be indexed"
        emit_json(payload)
    else:
        for outcome in added:
            doc = outcome.document
            assert doc is not None
            verb = "Already indexed" if outcome.unchanged else "Indexed"
            pages = f", {doc.page_count} pages" if doc.page_count else ""
            name = shown_file_name(doc.file_name)
            print(f"{verb} {name} as document {doc.id} ({doc.chunk_count} chunks{pages})")
            if doc.ocr_pages and doc.ocr_confidence is not None:
                read = "pages" if doc.ocr_pages > 1 else "page"
                print(
                    f"  read with OCR: {doc.ocr_pages} {read}, mean confidence "
                    f"{doc.ocr_confidence:.0%}"
                )
            print_notes(doc.notes)
    return 1 if failed else 0


def print_notes(notes: Sequence[str], *, indent: str = "  ") -> None:
    """A document's notes (what was skipped or capped), one line each under its line."""
    for note in notes:
        print(f"{indent}note: {note}")


def _list(knowledge: KnowledgeBase, args: argparse.Namespace) -> int:
    try:
        records = knowledge.documents(collection=args.collection)
    except NotFoundError:
        raise CliError(f"no collection named {args.collection!r}") from None
    collections = knowledge.collections()
    if args.json:
        emit_json(
            {
                "documents": [document_json(r) for r in records],
                "collections": [asdict(c) for c in collections],
            }
        )
        return 0
    if not records:
        print("No documents yet. Add some with `hearth docs add FILE...`.")
        return 0
    names = {c.id: c.name for c in collections}
    rows = [
        [
            str(r.id),
            shown_file_name(r.file_name)
            if r.parent_id is None
            else f"{shown_file_name(r.file_name)} (attached to {r.parent_id})",
            r.format if r.source == "text" else f"{r.format} ({r.source})",
            str(r.page_count or ""),
            str(r.chunk_count),
            _status(r),
            ", ".join(names.get(i, "?") for i in r.collection_ids),
        ]
        for r in records
    ]
    print(table(rows, ["ID", "FILE", "FORMAT", "PAGES", "CHUNKS", "STATUS", "COLLECTIONS"]))
    noted = [r for r in records if r.notes]
    if noted:
        print("\nNotes:")
        for record in noted:
            print(f"  {record.id} {shown_file_name(record.file_name)}")
            print_notes(record.notes, indent="    ")
    return 0


def _status(record: DocumentRecord) -> str:
    if record.error is not None:
        return f"failed: {record.error}"
    if record.notes:
        count = len(record.notes)
        return f"indexed, {count} note{'s' if count > 1 else ''}"
    return record.status


def _search(knowledge: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    try:
        passages = knowledge.search(args.query, collection=args.collection, limit=args.limit)
    except NotFoundError:
        raise CliError(f"no collection named {args.collection!r}") from None
    results = [passage_json(rank, p, args.query) for rank, p in enumerate(passages, start=1)]
    if args.json:
        emit_json({"query": args.query, "results": results})
    elif not results:
        print("No passage matches.")
    else:
        bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        for result in results:
            spans = tuple((start, end) for start, end in result["highlights"])
            excerpt = Excerpt(result["excerpt"], spans)
            print(
                f"{result['rank']}. {shown_file_name(result['file'])} ({result['position']}) "
                f"score {result['score']:.3f}\n   {marked(excerpt, bold=bold)}"
            )
    return 0


def _sync(knowledge: KnowledgeBase, args: argparse.Namespace) -> int:
    folders = knowledge.folders
    if args.docs_command == "watch":
        folder_path = Path(args.folder).expanduser()
        if not folder_path.is_dir():
            raise CliError(f"{folder_path} is not a folder")
        targets = [folders.watch(folder_path, collection_name=args.collection).id]
    else:
        targets = [f.id for f in folders.folders()]

    def show(progress: JobProgress) -> None:
        if not args.json and progress.current is not None:
            name = shown_file_name(Path(progress.current).name)
            print(f"[{progress.done}/{progress.total}] {name}", flush=True)

    jobs = knowledge.sync_folders(targets, listener=show)
    failed = sum(j.failed for j in jobs)
    if args.json:
        emit_json({"jobs": [asdict(j) for j in jobs]})
    else:
        total = sum(j.total for j in jobs)
        print(f"Re-indexed {len(jobs)} folder(s): {total} changes, {failed} failed")
    return 0
