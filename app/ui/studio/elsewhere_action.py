"""The Train page's "Train on another machine": the estimate that decides whether to offer it,
and writing the folder (app/training/elsewhere.py) where the user chooses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.library.catalog import CatalogError, load_catalog
from app.library.fit import SystemMemory, format_bytes
from app.library.gguf_errors import GgufError
from app.library.gguf_header import read_gguf_header
from app.library.model_names import model_display_name
from app.storage.records import ModelRecord
from app.training.config import file_stem
from app.training.dataset import prepare_dataset
from app.training.elsewhere import ElsewhereFolder, ElsewherePlan, write_training_folder
from app.training.errors import TrainingError
from app.training.examples import TrainingExample
from app.training.where_to_train import estimate_cpu_training, original_repository
from app.ui.common import file_dialogs
from app.ui.studio.context import available_devices
from app.ui.studio.train_page import TrainPage


def has_gpu() -> bool:
    return any(device in ("cuda", "mps") for _label, device in available_devices())


def refresh_estimate(page: TrainPage, examples: Sequence[TrainingExample]) -> None:
    record = page.selected_model()
    if record is None or not record.parameter_count or not examples:
        page.show_estimate("", too_long=False)
        return
    try:
        hyper = page.hyperparameters()
    except TrainingError:
        page.show_estimate("", too_long=False)
        return
    estimate = estimate_cpu_training(
        record.parameter_count, examples, hyper, ram_bytes=SystemMemory.current().total_bytes
    )
    if estimate.reasonable or has_gpu():
        page.show_estimate(
            f"Training here: {estimate.describe()} on this computer's CPU.", too_long=False
        )
        return
    why = (
        f"{estimate.describe()} on this computer's CPU"
        if estimate.fits_in_memory
        else f"it needs about {format_bytes(estimate.memory_bytes)} of memory to train"
    )
    page.show_estimate(
        f"{model_display_name(record)} is too big to train here in reasonable time ({why}). "
        "Train it on a machine with a GPU: Hearth writes the data and a ready-to-run "
        "configuration for it.",
        too_long=True,
    )


def plan_for(
    record: ModelRecord, name: str, examples: Sequence[TrainingExample], page: TrainPage,
    held_out_fraction: float,
) -> ElsewherePlan:  # fmt: skip
    dataset, _ = prepare_dataset(name, examples, held_out_fraction=held_out_fraction)
    try:
        metadata = read_gguf_header(Path(record.path)).metadata
    except (GgufError, OSError):
        metadata = {}
    try:
        catalog = load_catalog()
    except CatalogError:
        catalog = None
    repo = original_repository(
        metadata,
        catalog,
        catalog_id=record.catalog_id,
        sha256=record.sha256,
        file_name=Path(record.path).name,
    )
    return ElsewherePlan(
        adapter_name=name,
        base_name=model_display_name(record),
        base_repo=repo,
        hyper=page.hyperparameters(),
        train=dataset.train,
        held_out=dataset.held_out,
    )


def write_folder(
    parent: QWidget, page: TrainPage, name: str, examples: Sequence[TrainingExample],
    held_out_fraction: float,
) -> ElsewhereFolder | None:  # fmt: skip
    """Ask where, then write "<name> (train elsewhere)" there; errors reach the page's status."""
    record = page.selected_model()
    if record is None:
        page.status.setText("Add a model to the library first: the adapter is made for one.")
        return None
    if not examples:
        page.status.setText("Add training examples on the Data page first.")
        return None
    where = file_dialogs.choose_folder(parent, "Where should Hearth write the training folder?")
    if where is None:
        return None
    try:
        plan = plan_for(record, name, examples, page, held_out_fraction)
        written = write_training_folder(where / f"{file_stem(name)}-train-elsewhere", plan)
    except TrainingError as exc:
        page.status.setText(f"Could not write the training folder: {exc}")
        return None
    fill = "" if written.base_repo_known else " Fill in the base model's repository first."
    page.status.setText(
        f"Wrote {written.folder}. Copy it to a GPU machine and follow README.txt there; "
        f"then import the adapter it makes in the Adapters panel.{fill}"
    )
    return written
