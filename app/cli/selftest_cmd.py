"""`hearth selftest`: load the default model, generate, round-trip the database."""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from app.chats.sampling import load_options_from_settings
from app.core import Core
from app.engine.errors import EngineError
from app.engine.types import ChatTurn, LoadModel, SamplingParams
from app.storage import StorageError

from .model_choice import choose_model
from .output import CliError, emit_json

SELFTEST_PROMPT = "Say hello in one short sentence."


def add_parser(commands: Any) -> None:
    selftest = commands.add_parser("selftest", help="check that Hearth works on this machine")
    selftest.add_argument("--model", help="model id or GGUF path (default: the default model)")
    selftest.add_argument("--json", action="store_true")


def database_round_trip(core: Core) -> dict[str, Any]:
    repo = core.chats.conversations
    started = time.perf_counter()
    marker = f"selftest {time.time_ns()}"
    created = repo.create(marker)
    try:
        core.chats.messages.add(created.id, "user", "ping ✓ 🔥")
        back = core.chats.messages.list(created.id)
        if repo.get(created.id).title != marker or [m.content for m in back] != ["ping ✓ 🔥"]:
            raise CliError("database round trip returned different data")
    finally:
        repo.delete(created.id)
    return {
        "ok": True,
        "schema_version": core.database.schema_version,
        "integrity": core.database.integrity_check(),
        "seconds": round(time.perf_counter() - started, 4),
    }


def run(core: Core, args: argparse.Namespace) -> int:
    try:
        db = database_round_trip(core)
    except StorageError as exc:
        raise CliError(f"database check failed: {exc}") from exc
    chosen = choose_model(core, args.model)
    client = core.start_engine(remote=False)  # this thread waits; the worker owns llama.cpp
    try:
        model = client.load(
            LoadModel(chosen.path, chosen.sha256, load_options_from_settings(core.settings))
        )
        result = client.generate(
            (ChatTurn("user", SELFTEST_PROMPT),),
            SamplingParams(temperature=0.0, max_tokens=16, seed=42),
            on_text=lambda _text: None,
            stop=threading.Event(),
        )
    except EngineError as exc:
        raise CliError(f"model check failed: {exc}") from exc
    finally:
        client.shutdown()
    if result.stats.completion_tokens == 0:
        raise CliError("model check failed: the model produced no tokens")
    report = {
        "ok": True,
        "database": db,
        "model": {
            "name": model.name,
            "path": model.path,
            "sha256": model.sha256,
            "backend": model.backend,
            "n_ctx": model.n_ctx,
            "load_s": round(model.load_s, 3),
        },
        "generation": {
            "text": result.text,
            "completion_tokens": result.stats.completion_tokens,
            "ttft_s": round(result.stats.ttft_s, 4),
            "decode_tokens_per_s": round(result.stats.decode_tokens_per_s, 2),
        },
    }
    if args.json:
        emit_json(report)
    else:
        print(f"database: ok (schema v{db['schema_version']}, {db['integrity']})")
        print(f"model:    {model.name} on {model.backend}, loaded in {model.load_s:.2f} s")
        print(
            f"generate: {result.stats.completion_tokens} tokens at "
            f"{result.stats.decode_tokens_per_s:.1f} tok/s: {result.text.strip()!r}"
        )
        print("selftest passed")
    return 0
