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
from app.ui.common.i18n import tr
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
            tr("Training here: {estimate} on this computer's CPU.").format(
                estimate=estimate.describe()
            ),
            too_long=False,
        )
        return
    why = (
        tr("{estimate} on this computer's CPU").format(estimate=estimate.describe())
        if estimate.fits_in_memory
        else tr("it needs about {memory} of memory to train").format(
            memory=format_bytes(estimate.memory_bytes)
        )
    )
    page.show_estimate(
        tr(
            "{model} is too big to train here in reasonable time ({why}). Train it on a machine "
            "with a GPU: Hearth writes the data and a ready-to-run configuration for it."
        ).format(model=model_display_name(record), why=why),
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
        page.show_status(tr("Add a model to the library first: the adapter is made for one."))
        return None
    if not examples:
        page.show_status(tr("Add training examples on the Data page first."))
        return None
    where = file_dialogs.choose_folder(parent, tr("Where should Hearth write the training folder?"))
    if where is None:
        return None
    try:
        plan = plan_for(record, name, examples, page, held_out_fraction)
        written = write_training_folder(where / f"{file_stem(name)}-train-elsewhere", plan)
    except TrainingError as exc:
        page.show_status(
            tr("Could not write the training folder: {reason}").format(reason=exc), tone="error"
        )
        return None
    fill = "" if written.base_repo_known else " " + tr("Fill in the base model's repository first.")
    page.show_status(
        tr(
            "Wrote {folder}. Copy it to a GPU machine and follow README.txt there; then import "
            "the adapter it makes in the Adapters panel."
        ).format(folder=written.folder)
        + fill
    )
    return written
