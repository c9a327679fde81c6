"""Time to first token with attached documents, a follow-up about the same document, and the
prompt-processing rate against llama.cpp's own (`llama-bench` pp512).

    PYTHONPATH=. flock /tmp/hearth-heavy.lock python bench/document_ttft.py \
        [--reps 3] [--llama-bench /path/to/llama-bench]

In this process: the real KnowledgeBase (a text document indexed and attached to a chat), the
ConversationService that builds the turns (whole documents in the system turn) and LlamaEngine
on the starter model, n_ctx 8192, threads Automatic. For a document of about 2k and about 6k
prompt tokens: the first question from an empty KV cache, then a follow-up question in the same
chat (goal: follow-up TTFT <= 0.3x the first). The prompt rate is evaluated tokens / TTFT of the
first question; llama-bench runs pp512 and pp2048 (empty context) with the same thread count
(goal >= 0.9x). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from _common import BENCH_DIR, STARTER_MODEL, median

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService, PendingReply
from app.chats.message_repository import MessageRepository
from app.engine.llama_engine import LlamaEngine
from app.engine.thread_choice import physical_cores
from app.engine.types import GenerationStats, LoadOptions, SamplingParams
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import Database

PARAGRAPH = (
    "Section {n}. The harbour of Kettleness opens at {h} in the morning. Ferries to Brindle "
    "Island leave from pier {p}; a return ticket costs {c} euros, children travel for half. "
    "The harbour master, Ines Varga, keeps the tide tables in the office beside the crane. "
)
SIZES = {"~2k tokens": 28, "~6k tokens": 85}  # paragraphs per document (measured below)
FIRST = "When does the harbour open, and who keeps the tide tables?"
FOLLOW_UP = "How much does a return ticket cost?"


def document(path: Path, paragraphs: int) -> Path:
    text = "\n\n".join(
        PARAGRAPH.format(n=n, h=5 + n % 4, p=n % 7 + 1, c=10 + n % 9) for n in range(paragraphs)
    )
    path.write_text(text, "utf-8")
    return path


def ask(engine: LlamaEngine, chats: ConversationService, pending: PendingReply) -> GenerationStats:
    sampling = SamplingParams(max_tokens=8, seed=1, temperature=0.0)
    result = engine.generate(
        pending.turns, sampling, on_text=lambda _t: None, stop=threading.Event()
    )
    assert engine.loaded is not None
    chats.finish(
        pending.reply_message_id,
        result.text,
        stats=result.stats,
        sampling=sampling,
        model=engine.loaded,
        citations=pending.citations,
        turns=pending.turns,
    )
    return result.stats


def hearth_runs(reps: int, folder: Path) -> dict[str, list[dict[str, Any]]]:
    db = Database.open(folder / "db.sqlite3", backups_dir=folder / "backups")
    knowledge = KnowledgeBase(db, extractor=extract_document)
    chats = ConversationService(
        ConversationRepository(db),
        MessageRepository(db),
        default_system_prompt="You are a helpful assistant.",
        knowledge=knowledge,
    )
    chats.document_budget = 7000  # what n_ctx 8192 leaves for a 6k document and the turns
    engine = LlamaEngine()
    engine.load(str(STARTER_MODEL), options=LoadOptions(n_ctx=8192, n_gpu_layers=0))
    results: dict[str, list[dict[str, Any]]] = {}
    for _ in range(reps):
        for label, paragraphs in SIZES.items():
            chat = chats.new_conversation()
            path = document(folder / f"guide-{paragraphs}.txt", paragraphs)
            knowledge.add_files([path], attach_to=Attach.to_chat(chat.id))
            engine.reset_cache()
            first = ask(engine, chats, chats.send(chat.id, FIRST))
            follow = ask(engine, chats, chats.send(chat.id, FOLLOW_UP))
            print(
                f"{label}: prompt {first.prompt_tokens}, first TTFT {first.ttft_s:.2f} s "
                f"({first.n_threads} threads); follow-up {follow.prompt_tokens_evaluated} of "
                f"{follow.prompt_tokens} evaluated, TTFT {follow.ttft_s:.3f} s",
                flush=True,
            )
            results.setdefault(label, []).append(
                {
                    "prompt_tokens": first.prompt_tokens,
                    "first_ttft_s": first.ttft_s,
                    "first_evaluated": first.prompt_tokens_evaluated,
                    "pp_tps": first.prompt_tokens_evaluated / first.ttft_s,
                    "threads": first.n_threads,
                    "follow_prompt_tokens": follow.prompt_tokens,
                    "follow_evaluated": follow.prompt_tokens_evaluated,
                    "follow_ttft_s": follow.ttft_s,
                }
            )
    engine.close()
    return results


def llama_bench(binary: str, threads: int) -> dict[int, float]:
    command = [binary, "-m", str(STARTER_MODEL), "-p", "512,2048", "-n", "0"]
    out = subprocess.run(
        [*command, "-t", str(threads), "-r", "2", "-o", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return {int(row["n_prompt"]): float(row["avg_ts"]) for row in json.loads(out)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--llama-bench", default="")
    args = parser.parse_args()
    reference = llama_bench(args.llama_bench, physical_cores()) if args.llama_bench else {}
    print(f"llama-bench: {reference}", flush=True)
    with tempfile.TemporaryDirectory(prefix="hearth-doc-ttft-") as folder:
        results = hearth_runs(args.reps, Path(folder))
    print(f"starter model, n_ctx 8192, {args.reps} runs each, medians")
    for label, runs in results.items():
        first = median([r["first_ttft_s"] for r in runs])
        follow = median([r["follow_ttft_s"] for r in runs])
        pp = median([r["pp_tps"] for r in runs])
        print(
            f"  {label}: prompt {runs[0]['prompt_tokens']} tokens, first TTFT {first:.2f} s "
            f"({pp:.0f} tok/s, threads {sorted({r['threads'] for r in runs})}); follow-up "
            f"{runs[0]['follow_evaluated']} of {runs[0]['follow_prompt_tokens']} evaluated, "
            f"TTFT {follow:.3f} s = {follow / first:.2f}x the first (goal <= 0.3)"
        )
        for n_prompt, rate in sorted(reference.items()):
            ratio = pp / rate
            print(f"    prompt rate / llama-bench pp{n_prompt} ({rate:.0f} tok/s): {ratio:.2f}x")
    out = BENCH_DIR / "results" / "document_ttft.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"hearth": results, "llama_bench": reference}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
