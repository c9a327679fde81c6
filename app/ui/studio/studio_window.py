"""The Adapter Studio: Data -> Train -> Compare, training in a subprocess so the GUI stays
responsive, evaluation and registration on a background thread.

The Studio knows neither the chat nor the assistants, so it only asks: the main window connects
`attach_to_chat_requested(adapter_id)`, `add_to_assistant_requested(adapter_id)` and
`adapter_registered(adapter_id)` to them.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from app.storage.records import ModelRecord
from app.training.config import TrainingJob
from app.training.dataset import Dataset, prepare_dataset
from app.training.devices import device_label
from app.training.errors import TrainingError
from app.training.pipeline import TrainedAdapter, new_run_dir, prepare_job, register_trained_adapter
from app.training.protocol import WorkerEvent
from app.training.schedule import stopped_early_text
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr, tr_n
from app.ui.studio.compare_page import ComparePage
from app.ui.studio.context import StudioContext
from app.ui.studio.data_page import DataPage
from app.ui.studio.elsewhere_action import refresh_estimate, write_folder
from app.ui.studio.train_page import TrainPage, format_duration
from app.ui.studio.training_runner import TrainingRunner

log = logging.getLogger(__name__)
# Fewer examples than this teach the model little and mostly make it repeat them: ask first.
FEW_EXAMPLES = 10


@dataclass
class _Run:
    job: TrainingJob
    dataset: Dataset
    dataset_id: int
    base: ModelRecord


class AdapterStudio(QWidget):
    attach_to_chat_requested = Signal(int)
    add_to_assistant_requested = Signal(int)
    adapter_registered = Signal(int)

    def __init__(self, context: StudioContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Adapter Studio"))
        self._context = context
        self._run: _Run | None = None
        self._finishing: BackgroundTask | None = None
        self._stopped_note = ""  # "Stopped early at epoch N …" for the finished run's status
        self.runner = TrainingRunner(self, key=context.encryption_key)
        self.tabs = QTabWidget(self)
        self.data_page = DataPage(context, self)
        self.train_page = TrainPage(self, data_dir=context.paths.data_dir)
        self.compare_page = ComparePage(self)
        self.tabs.addTab(self.data_page, tr("1 · Data"))
        self.tabs.addTab(self.train_page, tr("2 · Train"))
        self.tabs.addTab(self.compare_page, tr("3 · Compare"))
        self.tabs.setAccessibleName(tr("Adapter Studio steps"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.train_page.set_models(context.models())

        self.train_page.start_requested.connect(self.start_training)
        self.train_page.pause_requested.connect(self.pause_training)
        self.train_page.resume_requested.connect(self.resume_training)
        self.train_page.cancel_requested.connect(self.cancel_training)
        self.train_page.elsewhere_requested.connect(self.train_elsewhere)
        self.train_page.base_combo.currentIndexChanged.connect(self.refresh_estimate)
        self.train_page.preset_combo.currentIndexChanged.connect(self.refresh_estimate)
        self.train_page.epochs_spin.valueChanged.connect(self.refresh_estimate)
        self.train_page.max_length_spin.valueChanged.connect(self.refresh_estimate)
        self.tabs.currentChanged.connect(self.refresh_estimate)
        self.runner.worker_event.connect(self._on_event)
        self.compare_page.attach_to_chat_requested.connect(self.attach_to_chat_requested)
        self.compare_page.add_to_assistant_requested.connect(self.add_to_assistant_requested)
        self.compare_page.thumb_changed.connect(self._save_thumb)

    # ---- actions -----------------------------------------------------------------------------

    def start_training(self) -> None:
        page = self.train_page
        base = page.selected_model()
        if base is None:
            page.status.setText(
                tr("Add a model to the library first: the adapter is made for one.")
            )
            return
        if not self.confirm_dataset_size(len(self.data_page.examples)):
            return
        name = self.data_page.dataset_name or tr("My domain")
        try:
            dataset, _ = prepare_dataset(
                name,
                self.data_page.examples,
                held_out_fraction=self.data_page.held_out_spin.value() / 100.0,
            )
            hyper = page.hyperparameters()
            stored = self._context.repository.save_dataset(dataset)
            job = prepare_job(
                base_gguf=Path(base.path),
                dataset=dataset,
                run_dir=new_run_dir(self._context.paths, name),
                name=name,
                hyper=hyper,
                key=self._context.encryption_key(),
            )
            self._run = _Run(job=job, dataset=dataset, dataset_id=stored.id, base=base)
            self.runner.start(job)
        except TrainingError as exc:
            page.show_status(str(exc), tone="error")
            return
        page.plot.reset()
        page.progress.setValue(0)
        page.show_status(tr("Starting the training process…"))
        page.set_state("running")

    def confirm_dataset_size(self, count: int) -> bool:
        """True to go on; with only a few examples the user is told and asked first."""
        if count == 0 or count >= FEW_EXAMPLES:
            return True  # none at all: preparing the dataset says so
        answer = QMessageBox.question(
            self,
            tr("Train on a small dataset?"),
            tr_n(
                count,
                "The dataset has only {n} example.",
                "The dataset has only {n} examples.",
            )
            + " "
            + tr(
                "An adapter learns little from fewer than {minimum} examples and tends to repeat "
                "them word for word. Add more on the Data page, or train anyway?"
            ).format(minimum=FEW_EXAMPLES),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def refresh_estimate(self) -> None:
        refresh_estimate(self.train_page, self.data_page.examples)

    def train_elsewhere(self) -> None:
        write_folder(
            self,
            self.train_page,
            self.data_page.dataset_name or tr("My domain"),
            self.data_page.examples,
            self.data_page.held_out_spin.value() / 100.0,
        )

    def pause_training(self) -> None:
        self.runner.pause()
        self.train_page.set_state("pausing")
        self.train_page.show_status(tr("Pausing after the current step…"))

    def resume_training(self) -> None:
        self.runner.resume()
        self.train_page.set_state("running")
        self.train_page.show_status(tr("Resuming from the checkpoint…"))

    def cancel_training(self) -> None:
        if self.runner.running:
            self.runner.cancel()
            self.train_page.show_status(tr("Cancelling…"))
        else:  # paused: nothing runs, the checkpoint is simply left behind
            self.train_page.set_state("idle")
            self.train_page.show_status(tr("Training cancelled."))

    # ---- worker events -----------------------------------------------------------------------

    def _on_event(self, event: WorkerEvent) -> None:
        page = self.train_page
        if event.kind == "status":
            page.show_status(event.text("message"))
        elif event.kind == "started":
            start = int(event.number("start_step"))
            total = int(event.number("total_steps"))
            page.progress.setRange(0, total)
            page.progress.setValue(start)
            page.plot.set_total_steps(total)
            device = device_label(event.text("device"))
            training = tr_n(
                total, "Training {n} step on {device}", "Training {n} steps on {device}"
            )
            resumed = tr(", resumed at step {step}").format(step=start) if start else ""
            page.show_status(training.format(device=device) + resumed + "…")
        elif event.kind == "step":
            page.show_step(
                int(event.number("step")),
                int(event.number("total_steps")),
                event.number("loss"),
                event.number("eta_s"),
            )
        elif event.kind == "paused":
            page.set_state("paused")
            page.show_status(
                tr("Paused at step {step}. Resume continues from there.").format(
                    step=int(event.number("step"))
                )
            )
        elif event.kind == "cancelled" or (event.kind == "error" and self.runner.cancel_requested):
            # The user asked for it: however the worker ended, that is no error.
            page.set_state("idle")
            page.show_status(tr("Training cancelled."))
        elif event.kind == "error":
            page.set_state("idle")
            log.error("training stopped: %s", event.text("message"))
            page.show_status(
                tr("Training stopped: {reason}").format(reason=event.text("message")), tone="error"
            )
        elif event.kind == "done":
            self._finish(event)

    def _finish(self, done: WorkerEvent) -> None:
        run = self._run
        if run is None:
            return
        page = self.train_page
        page.set_state("finishing")
        self._stopped_note = ""
        if done.data.get("stopped_early"):  # stopped_early_text is the training layer's English
            self._stopped_note = (
                " "
                + stopped_early_text(
                    math.ceil(done.number("epochs_run")), int(done.number("best_epoch"))
                ).capitalize()
                + "."
            )
        held_out = len(run.dataset.held_out)
        page.show_status(
            tr("Trained in {duration} on {device}.").format(
                duration=format_duration(done.number("seconds")),
                device=device_label(done.text("device") or "?"),
            )
            + self._stopped_note
            + " "
            + tr_n(
                held_out,
                "Answering the {n} held-out example before and after…",
                "Answering the {n} held-out examples before and after…",
            )
        )
        context = self._context

        def job(_progress: Any, _cancel: Any) -> TrainedAdapter:
            from app.training.evaluation import EvaluationReport

            report = EvaluationReport(())
            if run.dataset.held_out:
                report = context.evaluator(run.base.path, done.text("gguf"), run.dataset.held_out)
            return register_trained_adapter(
                adapters=context.adapters,
                repository=context.repository,
                job=run.job,
                done=done,
                base_sha256=run.base.sha256,
                base_name=run.base.name,
                dataset=run.dataset,
                dataset_id=run.dataset_id,
                evaluation=report,
            )

        task = BackgroundTask(job, self)
        task.succeeded.connect(self._registered)
        task.failed.connect(self._finish_failed)
        self._finishing = task
        task.start()

    def _registered(self, result: object) -> None:
        assert isinstance(result, TrainedAdapter)
        self.train_page.set_state("idle")
        self.train_page.show_status(
            tr("Done: '{name}' is in the adapter library (id {id}).").format(
                name=result.card.name, id=result.adapter.id
            )
            + self._stopped_note
        )
        self.compare_page.show_card(result.card)
        self.tabs.setCurrentWidget(self.compare_page)
        self.adapter_registered.emit(result.adapter.id)

    def _finish_failed(self, message: str) -> None:
        self.train_page.set_state("idle")
        self.train_page.show_status(
            tr("The adapter was trained but not registered: {reason}").format(reason=message),
            tone="error",
        )

    def _save_thumb(self, card_id: int, position: int, after: bool, thumb: object) -> None:
        value = thumb if isinstance(thumb, int) else None
        self._context.repository.set_thumb(card_id, position, after=after, thumb=value)

    def shutdown(self) -> None:
        """On close: a running training is paused (checkpointed) so it can be resumed later."""
        if self.runner.running:
            self.runner.pause()
