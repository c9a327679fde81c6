"""What the Studio needs from the rest of the app, gathered once (no globals)."""

from __future__ import annotations

import platform
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.engine.errors import EngineError
from app.knowledge.knowledge_base import KnowledgeBase
from app.library.adapter_library import AdapterLibrary
from app.storage.records import ModelRecord
from app.training.document_drafts import Draft, SourcePassage, draft_on_worker
from app.training.evaluation import EvaluationReport
from app.training.examples import TrainingExample
from app.training.repository import TrainingRepository
from app.training.sources import DocumentSource
from app.ui.common.i18n import tr

if TYPE_CHECKING:
    from app.engine.client import EngineClient
    from app.security.keys import MasterKey

# (base GGUF path, adapter GGUF path, held-out examples) -> the before/after report.
Evaluator = Callable[[str, str, Sequence[TrainingExample]], EvaluationReport]
# (model path, passages, system prompt, stop, on_draft) -> drafts; tests may pass another.
Drafter = Callable[
    [str, Sequence[SourcePassage], str | None, threading.Event, Callable[[int, Draft], None]],
    list[Draft],
]
# The unlocked key of an encrypted profile, asked at each use (the passphrase can change).
KeyProvider = Callable[[], "MasterKey | None"]


def no_key() -> MasterKey | None:
    return None


@dataclass
class StudioContext:
    paths: Paths
    adapters: AdapterLibrary
    repository: TrainingRepository
    messages: MessageRepository
    conversations: ConversationRepository
    documents: DocumentSource | None
    models: Callable[[], list[ModelRecord]]
    evaluator: Evaluator
    drafter: Drafter
    # An encrypted profile's key: run folders are sealed with it (app.training.sealed_files).
    encryption_key: KeyProvider = field(default=no_key)
    # The indexed documents examples can be drafted from (None: the option is hidden).
    knowledge: KnowledgeBase | None = None
    default_model_id: Callable[[], int | None] = field(default=lambda: None)

    @classmethod
    def from_core(
        cls,
        core: object,
        engine: EngineClient | None,
        evaluator: Evaluator | None = None,
    ) -> StudioContext:
        """`engine`: the client of the app's one inference thread, which drafts and evaluates
        (None: those fail with a clear error)."""
        from app.core import Core

        assert isinstance(core, Core)

        def current_key() -> MasterKey | None:
            return core.encryption_key

        return cls(
            paths=core.paths,
            adapters=core.adapters,
            repository=core.training,
            messages=core.chats.messages,
            conversations=core.chats.conversations,
            documents=core.templates.documents,
            models=core.models.list,
            evaluator=evaluator or worker_evaluator(engine),
            drafter=worker_drafter(engine),
            encryption_key=current_key,
            knowledge=core.knowledge,
            default_model_id=lambda: getattr(core.default_model(), "id", None),
        )


def evaluate_on_worker(
    client: EngineClient,
    base_path: str,
    adapter_path: str,
    held_out: Sequence[TrainingExample],
) -> EvaluationReport:
    """Evaluate on the app's one inference thread, lent to this (non-GUI) thread with the base
    loaded: the adapter is applied and removed with SetAdapters requests, as the chat does, and
    the chat's model and adapters come back afterwards. The worker's engine reads an adapter
    sealed on an encrypted profile."""
    from app.engine.types import LoadModel, LoadOptions
    from app.training.evaluation import evaluate_adapter

    load = LoadModel(base_path, options=LoadOptions(n_ctx=2048, n_gpu_layers=0))
    with client.lease(load) as engine:
        return evaluate_adapter(engine, adapter_path, held_out)


def worker_evaluator(client: EngineClient | None) -> Evaluator:
    def evaluate(
        base_path: str, adapter_path: str, held_out: Sequence[TrainingExample]
    ) -> EvaluationReport:
        return evaluate_on_worker(_running(client), base_path, adapter_path, held_out)

    return evaluate


def worker_drafter(client: EngineClient | None) -> Drafter:
    def draft(
        model_path: str,
        passages: Sequence[SourcePassage],
        system: str | None,
        stop: threading.Event,
        on_draft: Callable[[int, Draft], None],
    ) -> list[Draft]:
        return draft_on_worker(
            _running(client), model_path, passages, system=system, stop=stop, on_draft=on_draft
        )

    return draft


def _running(client: EngineClient | None) -> EngineClient:
    if client is None:
        raise EngineError(tr("The inference thread is not running."))
    return client


def available_devices() -> list[tuple[str, str]]:
    """(label, device) choices, found without importing torch in the GUI process."""
    devices = [(tr("Automatic"), "auto"), (tr("CPU"), "cpu")]
    if shutil.which("nvidia-smi"):
        devices.append((tr("NVIDIA GPU (CUDA)"), "cuda"))
    if sys.platform == "darwin" and platform.machine() == "arm64":
        devices.append((tr("Apple GPU (MPS)"), "mps"))
    return devices


def file_filter() -> str:
    return tr("Training data (*.jsonl *.json *.csv);;All files (*)")


def default_dataset_dir(paths: Paths) -> Path:
    return paths.data_dir
