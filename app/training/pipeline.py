"""The steps around a training run that front ends share: a run folder and job for a dataset,
and after the worker is done, registration in the library with the adapter card.

On an encrypted profile (a `key`) the run folder's examples are written sealed and the worker
seals the rest (see `app.training.sealed_files`); registration decrypts the exported GGUF into a
private temporary copy for the import only (the library stores its own encrypted copy).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Paths
from app.library.adapter_library import AdapterLibrary
from app.storage.records import AdapterRecord
from app.training.config import Hyperparameters, TrainingJob, file_stem
from app.training.dataset import Dataset
from app.training.dataset_files import jsonl_text, write_jsonl
from app.training.errors import TrainingError
from app.training.evaluation import EvaluationReport
from app.training.examples import TrainingExample
from app.training.mixing import MIN_VALIDATION
from app.training.protocol import WorkerEvent
from app.training.records import AdapterCard, NewCard
from app.training.repository import TrainingRepository

if TYPE_CHECKING:
    from app.security.keys import MasterKey

TRAIN_FILE = "train.jsonl"
VALIDATION_FILE = "validation.jsonl"  # the held-out examples, whose loss stops a run early


@dataclass(frozen=True)
class TrainedAdapter:
    adapter: AdapterRecord
    card: AdapterCard


def training_root(paths: Paths) -> Path:
    """Run folders (checkpoints, the PEFT adapter, the export, the worker's log)."""
    return paths.data_dir / "training"


def new_run_dir(paths: Paths, name: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = training_root(paths) / f"{stamp}-{file_stem(name)}"
    counter = 2
    while folder.exists():
        folder = training_root(paths) / f"{stamp}-{file_stem(name)}-{counter}"
        counter += 1
    return folder


def prepare_job(
    *,
    base_gguf: Path,
    dataset: Dataset,
    run_dir: Path,
    name: str,
    hyper: Hyperparameters,
    original_weights: Path | None = None,
    threads: int = 0,
    key: MasterKey | None = None,
) -> TrainingJob:
    """Write the training split to the run folder and describe the job for the worker.

    With `key` (an encrypted profile) the split is sealed with it; the worker then needs the
    same key (`TrainingProcess(job, key=key)`)."""
    if not dataset.train:
        raise TrainingError(f"the dataset '{dataset.name}' has no training examples")
    if not Path(base_gguf).is_file():
        raise TrainingError(f"base model not found: {base_gguf}")
    run_dir.mkdir(parents=True, exist_ok=True)
    train_file = _write_examples(run_dir / TRAIN_FILE, dataset.train, key)
    validation_file = None
    if hyper.patience > 0 and len(dataset.held_out) >= MIN_VALIDATION:
        validation_file = _write_examples(run_dir / VALIDATION_FILE, dataset.held_out, key)
    return TrainingJob(
        base_gguf=str(Path(base_gguf).resolve()),
        train_file=str(train_file.resolve()),
        run_dir=str(run_dir.resolve()),
        adapter_name=name,
        hyper=hyper.validated(),
        original_weights=str(Path(original_weights).resolve()) if original_weights else None,
        threads=threads,
        validation_file=str(validation_file.resolve()) if validation_file else None,
    )


def _write_examples(path: Path, examples: Sequence[TrainingExample], key: MasterKey | None) -> Path:
    if key is None:
        return write_jsonl(path, examples)
    from app.training.sealed_files import write_sealed

    # The same text as write_jsonl, encrypted from memory: no plain copy touches the disk.
    return write_sealed(path, io.BytesIO(jsonl_text(examples).encode("utf-8")), key)


def register_trained_adapter(
    *,
    adapters: AdapterLibrary,
    repository: TrainingRepository,
    job: TrainingJob,
    done: WorkerEvent,
    base_sha256: str,
    base_name: str,
    dataset: Dataset,
    dataset_id: int | None,
    evaluation: EvaluationReport,
) -> TrainedAdapter:
    """Copy the exported GGUF into the library and store its card with the held-out scores."""
    if done.kind != "done":
        raise TrainingError("the training did not finish, so there is no adapter to register")
    from app.library.model_library import LibraryError
    from app.security.file_crypto import FileCryptoError, decrypted_copy

    try:
        # A sealed export is decrypted into a private folder for the import only; the library
        # hashes the plain adapter and, on an encrypted profile, stores its own sealed copy.
        with decrypted_copy(Path(done.text("gguf")), adapters.key) as readable:
            record = adapters.import_adapter(readable, copy=True)
    except (LibraryError, FileCryptoError) as exc:
        raise TrainingError(f"the adapter was trained but could not be registered: {exc}") from exc
    final_loss = done.data.get("final_loss")
    card = repository.add_card(
        NewCard(
            name=job.adapter_name,
            adapter_id=record.id,
            adapter_sha256=record.sha256,
            base_sha256=base_sha256,
            base_name=base_name,
            dataset_id=dataset_id,
            dataset_hash=dataset.content_hash,
            # What "auto" became on this machine, beside what was asked for.
            hyperparameters={**job.hyper.as_record(), "device_used": done.data.get("device")},
            steps=int(done.number("steps")),
            final_loss=float(final_loss) if isinstance(final_loss, int | float) else None,
            train_seconds=done.number("seconds"),
        ),
        evaluation,
    )
    return TrainedAdapter(adapter=record, card=card)
