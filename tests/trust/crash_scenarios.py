"""The crash harness's work targets: each is one small plug-in (prepare, work, check).

- `prepare(ctx)` runs once in the test process (write source files, register the starter model);
- `work(child)` runs in the child process and loops until it is killed, calling
  `child.log.record(...)` *after* each commit and `child.log.ready()` once set up;
- `check(core, entries, ctx)` runs in the test process after every kill, over the entries of
  every child so far, and returns the problems it found (empty: all good) plus counters.

To add a target, write those three functions and append a `CrashScenario` to `SCENARIOS`
(see crash_scenarios_more.py for documents and templates).
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.chats.conversation_service import ConversationService
from app.chats.sampling import sampling_from_settings
from app.chats.streaming_reply import StreamingReply
from app.config import Paths
from app.core import Core
from app.storage import NotFoundError

from .crash_log import CommitLog, Entry, digest


@dataclass(frozen=True)
class HarnessContext:
    home: Path  # HEARTH_HOME shared by every child: the database grows across kills
    scratch: Path  # source files written by `prepare`
    starter_model: Path


@dataclass
class ChildContext:
    core: Core
    log: CommitLog
    rng: random.Random
    harness: HarnessContext


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Findings) -> None:
        self.problems += other.problems
        self.counts.update(other.counts)


Prepare = Callable[[HarnessContext], None]
Work = Callable[[ChildContext], None]
Check = Callable[[Core, list[Entry], HarnessContext], Findings]


@dataclass(frozen=True)
class CrashScenario:
    name: str
    weight: float  # how often the harness picks it
    max_delay_s: float  # the kill lands uniformly in (0, max_delay_s] after "ready"
    prepare: Prepare
    work: Work
    check: Check


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _entries(entries: list[Entry], *events: str) -> list[Entry]:
    return [e for e in entries if e.event in events]


# ---- generation: a chat reply streamed into its row, saved as it grows --------------------

PROMPTS = (
    "Name three rivers in Europe.",
    "Write a haiku about bread.",
    "Explain what a database transaction is, briefly.",
    "List five colours\x00 and\x1b[31m five fruits.\u202e",
    "Tell a long story about a lighthouse keeper. " * 8,
)


class _LoggedChats(ConversationService):
    """Records each partial save once it is committed, with a digest of what was saved."""

    log: CommitLog

    def save_partial(self, reply_message_id: int, text: str) -> None:
        super().save_partial(reply_message_id, text)
        self.log.record("partial", id=reply_message_id, chars=len(text), sha=digest(text))


def _prepare_generation(ctx: HarnessContext) -> None:
    core = Core.open(Paths.resolve(ctx.home))
    try:
        if not core.models.list():
            core.library.import_model(ctx.starter_model)
    finally:
        core.close()


def _generation_work(child: ChildContext) -> None:
    from app.engine.llama_engine import LlamaEngine
    from app.engine.types import LoadOptions

    core, rng = child.core, child.rng
    record = core.models.list()[0]
    engine = LlamaEngine()
    model = engine.load(
        record.path,
        sha256=record.sha256,
        options=LoadOptions(n_ctx=1024, n_threads=1, n_gpu_layers=0),
    )
    chats = _LoggedChats(
        core.chats.conversations, core.chats.messages, default_system_prompt="Be brief."
    )
    chats.log = child.log
    child.log.ready()
    while True:
        conversation = chats.new_conversation(model_id=record.id)
        for _turn in range(rng.randint(1, 3)):
            text = rng.choice(PROMPTS)
            pending = chats.send(conversation.id, text)
            assert pending.user_message is not None
            child.log.record("user", id=pending.user_message.id, sha=digest(text))
            child.log.record("reply", id=pending.reply_message_id)
            reply = StreamingReply(chats, pending.reply_message_id, save_interval_s=0.03)
            sampling = sampling_from_settings(
                core.settings, seed=rng.randrange(1 << 30), max_tokens=rng.randint(8, 48)
            )
            result = engine.generate(
                pending.turns, sampling, on_text=reply.add, stop=threading.Event()
            )
            chats.finish(
                pending.reply_message_id,
                result.text,
                stats=result.stats,
                sampling=sampling,
                model=model,
            )
            child.log.record("finished", id=pending.reply_message_id, sha=digest(result.text))


def _check_generation(core: Core, entries: list[Entry], ctx: HarnessContext) -> Findings:
    found = Findings()
    messages = core.chats.messages
    finished = {e.facts["id"]: e.facts["sha"] for e in _entries(entries, "finished")}
    last_partial: dict[int, Entry] = {}
    for entry in _entries(entries, "partial"):
        last_partial[entry.facts["id"]] = entry
    for entry in _entries(entries, "user"):
        try:
            message = messages.get(entry.facts["id"])
        except NotFoundError:
            found.problems.append(f"user message {entry.facts['id']} was committed, then lost")
            continue
        if digest(message.content) != entry.facts["sha"] or not message.complete:
            found.problems.append(f"user message {message.id} changed after its commit")
        found.counts["user messages verified"] += 1
    for entry in _entries(entries, "reply"):
        reply_id = entry.facts["id"]
        try:
            reply = messages.get(reply_id)
        except NotFoundError:
            found.problems.append(f"reply {reply_id} was committed, then lost")
            continue
        if reply_id in finished:
            if not reply.complete or digest(reply.content) != finished[reply_id]:
                found.problems.append(f"finished reply {reply_id} is not stored as finished")
            found.counts["finished replies verified"] += 1
            continue
        partial = last_partial.get(reply_id)
        if partial is not None:
            saved = reply.content[: partial.facts["chars"]]
            if digest(saved) != partial.facts["sha"]:
                found.problems.append(f"reply {reply_id} lost text saved before the kill")
        if reply.complete:
            # Only the kill's own reply may have committed its end without logging it.
            if reply.generation is None:
                found.problems.append(f"reply {reply_id} is complete but has no record")
            found.counts["replies finished just before the kill"] += 1
        else:
            if reply.generation is not None:
                found.problems.append(f"incomplete reply {reply_id} has a generation record")
            found.counts["incomplete replies kept"] += 1
            if reply.content:
                found.counts["incomplete replies with saved text"] += 1
    return found


# ---- model import: hash, copy into the models folder, register ------------------------------

MODEL_POOL = 12


def _prepare_models(ctx: HarnessContext) -> None:
    from tests.fixtures.tiny_model import write_tiny_model

    folder = ctx.scratch / "models-src"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(MODEL_POOL):
        target = folder / f"tiny-{index:02d}.gguf"
        if not target.exists():
            write_tiny_model(target, name=f"Tiny {index}", megabytes=1.0 + index % 4, seed=index)


def _model_import_work(child: ChildContext) -> None:
    sources = sorted((child.harness.scratch / "models-src").glob("*.gguf"))
    child.rng.shuffle(sources)
    child.log.ready()
    while True:
        for source in sources:
            record = child.core.library.import_model(source, copy=True)
            child.log.record("model", id=record.id, sha=record.sha256, path=record.path)
            # Forget it again now and then, so the next import really copies and inserts.
            if child.rng.random() < 0.5:
                child.log.record("model-removing", id=record.id)
                child.core.library.remove(record.id, delete_file=True)
                child.log.record("model-removed", id=record.id)


def _check_models(core: Core, entries: list[Entry], ctx: HarnessContext) -> Findings:
    """Every import still registered (unless its removal began) points at a whole, equal copy."""
    found = Findings()
    removing = {e.facts["id"] for e in _entries(entries, "model-removing")}
    verified: set[int] = set()
    for entry in reversed(_entries(entries, "model")):
        model_id = entry.facts["id"]
        if model_id in verified:
            continue
        verified.add(model_id)
        try:
            record = core.models.get(model_id)
        except NotFoundError:
            if model_id not in removing:
                found.problems.append(f"imported model {model_id} was committed, then lost")
            continue
        path = Path(record.path)
        if not path.is_file():
            found.problems.append(f"model {model_id} is registered but {path} is missing")
        elif file_sha256(path) != record.sha256:
            found.problems.append(f"model {model_id}: {path} does not match its sha256")
        found.counts["model imports verified"] += 1
    leftovers = list(core.paths.models_dir.glob(".*.partial"))
    found.counts["partial copies left in models/ (max seen)"] = len(leftovers)
    return found


# ---- adapter import ---------------------------------------------------------------------------

ADAPTER_POOL = 6


def _prepare_adapters(ctx: HarnessContext) -> None:
    from tests.fixtures.make_lora import write_lora

    folder = ctx.scratch / "adapters-src"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(ADAPTER_POOL):
        target = folder / f"lora-{index:02d}.gguf"
        if not target.exists():
            write_lora(target, ctx.starter_model, rank=2 + index % 3, seed=100 + index)


def _adapter_import_work(child: ChildContext) -> None:
    sources = sorted((child.harness.scratch / "adapters-src").glob("*.gguf"))
    child.rng.shuffle(sources)
    child.log.ready()
    while True:
        for source in sources:
            record = child.core.adapters.import_adapter(source, copy=True)
            child.log.record("adapter", id=record.id, sha=record.sha256)
            if child.rng.random() < 0.5:
                child.log.record("adapter-removing", id=record.id)
                child.core.adapters.remove(record.id, delete_file=True)


def _check_adapters(core: Core, entries: list[Entry], ctx: HarnessContext) -> Findings:
    found = Findings()
    removing = {e.facts["id"] for e in _entries(entries, "adapter-removing")}
    for adapter_id in {e.facts["id"] for e in _entries(entries, "adapter")}:
        try:
            record = core.adapters.get(adapter_id)
        except NotFoundError:
            if adapter_id not in removing:
                found.problems.append(f"imported adapter {adapter_id} was committed, then lost")
            continue
        path = Path(record.path)
        if not path.is_file() or file_sha256(path) != record.sha256:
            found.problems.append(f"adapter {adapter_id}: {path} is missing or differs")
        found.counts["adapter imports verified"] += 1
    return found


SCENARIOS: list[CrashScenario] = [
    CrashScenario("generation", 4.0, 1.5, _prepare_generation, _generation_work, _check_generation),
    CrashScenario("model import", 1.5, 0.5, _prepare_models, _model_import_work, _check_models),
    CrashScenario(
        "adapter import", 1.5, 0.5, _prepare_adapters, _adapter_import_work, _check_adapters
    ),
]
