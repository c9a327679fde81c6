"""What the Studio needs from the rest of the app, gathered once (no globals)."""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.knowledge.knowledge_base import KnowledgeBase
from app.library.adapter_library import AdapterLibrary
from app.storage.records import ModelRecord
from app.training.evaluation import EvaluationReport
from app.training.examples import TrainingExample
from app.training.repository import TrainingRepository
from app.training.sources import DocumentSource

if TYPE_CHECKING:
    from app.security.keys import MasterKey

# (base GGUF path, adapter GGUF path, held-out examples, cancel) -> the before/after report.
Evaluator = Callable[[str, str, Sequence[TrainingExample]], EvaluationReport]
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
    # An encrypted profile's key: run folders are sealed with it (app.training.sealed_files).
    encryption_key: KeyProvider = field(default=no_key)
    # The indexed documents examples can be drafted from (None: the option is hidden).
    knowledge: KnowledgeBase | None = None
    default_model_id: Callable[[], int | None] = field(default=lambda: None)

    @classmethod
    def from_core(cls, core: object, evaluator: Evaluator | None = None) -> StudioContext:
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
            evaluator=evaluator or own_engine_evaluator(current_key),
            encryption_key=current_key,
            knowledge=core.knowledge,
            default_model_id=lambda: getattr(core.default_model(), "id", None),
        )


def evaluate_with_own_engine(
    base_path: str,
    adapter_path: str,
    held_out: Sequence[TrainingExample],
    *,
    key: KeyProvider = no_key,
) -> EvaluationReport:
    """Load the base in a private LlamaEngine (on the calling, non-GUI thread) and evaluate.

    The app's inference thread keeps its own model; for large models the lead may pass an
    evaluator that uses the inference thread instead, to avoid a second copy in memory.
    On an encrypted profile the adapter is sealed: `key` lets the engine decrypt it for the load.
    """
    from app.engine.llama_engine import LlamaEngine
    from app.engine.types import LoadOptions
    from app.training.evaluation import evaluate_adapter

    if key() is None:
        engine = LlamaEngine()
    else:
        from app.security.file_crypto import adapter_opener

        engine = LlamaEngine(adapter_opener=adapter_opener(key))
    try:
        engine.load(base_path, options=LoadOptions(n_ctx=2048, n_gpu_layers=0))
        return evaluate_adapter(engine, adapter_path, held_out)
    finally:
        engine.close()


def own_engine_evaluator(key: KeyProvider) -> Evaluator:
    def evaluate(
        base_path: str, adapter_path: str, held_out: Sequence[TrainingExample]
    ) -> EvaluationReport:
        return evaluate_with_own_engine(base_path, adapter_path, held_out, key=key)

    return evaluate


def available_devices() -> list[tuple[str, str]]:
    """(label, device) choices, found without importing torch in the GUI process."""
    devices = [("Automatic", "auto"), ("CPU", "cpu")]
    if shutil.which("nvidia-smi"):
        devices.append(("NVIDIA GPU (CUDA)", "cuda"))
    if sys.platform == "darwin" and platform.machine() == "arm64":
        devices.append(("Apple GPU (MPS)", "mps"))
    return devices


def file_filter() -> str:
    return "Training data (*.jsonl *.json *.csv);;All files (*)"


def default_dataset_dir(paths: Paths) -> Path:
    return paths.data_dir
