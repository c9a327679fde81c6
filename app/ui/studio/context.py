"""What the Studio needs from the rest of the app, gathered once (no globals)."""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.config import Paths
from app.library.adapter_library import AdapterLibrary
from app.storage import ConversationRepository, MessageRepository
from app.storage.records import ModelRecord
from app.training.evaluation import EvaluationReport
from app.training.examples import TrainingExample
from app.training.repository import TrainingRepository
from app.training.sources import DocumentSource

# (base GGUF path, adapter GGUF path, held-out examples, cancel) -> the before/after report.
Evaluator = Callable[[str, str, Sequence[TrainingExample]], EvaluationReport]


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

    @classmethod
    def from_core(cls, core: object, evaluator: Evaluator | None = None) -> StudioContext:
        from app.core import Core

        assert isinstance(core, Core)
        return cls(
            paths=core.paths,
            adapters=core.adapters,
            repository=TrainingRepository(core.database),
            messages=MessageRepository(core.database),
            conversations=ConversationRepository(core.database),
            documents=core.templates.documents,
            models=core.models.list,
            evaluator=evaluator or evaluate_with_own_engine,
        )


def evaluate_with_own_engine(
    base_path: str, adapter_path: str, held_out: Sequence[TrainingExample]
) -> EvaluationReport:
    """Load the base in a private LlamaEngine (on the calling, non-GUI thread) and evaluate.

    The app's inference thread keeps its own model; for large models the lead may pass an
    evaluator that uses the inference thread instead, to avoid a second copy in memory."""
    from app.engine.llama_engine import LlamaEngine
    from app.engine.types import LoadOptions
    from app.training.evaluation import evaluate_adapter

    engine = LlamaEngine()
    try:
        engine.load(base_path, options=LoadOptions(n_ctx=2048, n_gpu_layers=0))
        return evaluate_adapter(engine, adapter_path, held_out)
    finally:
        engine.close()


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
