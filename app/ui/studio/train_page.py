"""Step 2 of the Studio: the base model and training settings, then the live run (loss plot,
steps, ETA) with Pause, Resume and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.library.model_names import model_display_name
from app.self_command import is_frozen
from app.storage.records import ModelRecord
from app.training.availability import training_unavailable_reason
from app.training.config import ALL_TARGETS, Hyperparameters
from app.training.presets import PRESETS, preset_by_key, preset_for
from app.ui.common.i18n import tr
from app.ui.common.theme import repolish
from app.ui.studio.component_panel import ComponentPanel
from app.ui.studio.context import available_devices
from app.ui.studio.loss_plot import LossPlot


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    if minutes:
        return tr("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{secs:02d}")
    return tr("{seconds} s").format(seconds=secs)


class TrainPage(QWidget):
    start_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    cancel_requested = Signal()
    elsewhere_requested = Signal()  # "Train on another machine…"

    def __init__(self, parent: QWidget | None = None, *, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        layout = QVBoxLayout(self)
        self.unavailable = QLabel(self)
        self.unavailable.setWordWrap(True)
        self.unavailable.setObjectName("studioUnavailable")
        self.unavailable.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A notice, not an error: the rest of the Studio (datasets) works without the extra.
        self.unavailable.setProperty("role", "notice")
        layout.addWidget(self.unavailable)
        # An installed build gets torch from the training component (a source checkout from
        # its own environment): its state, "Install training component…" and "Download…".
        self.component_panel = ComponentPanel(data_dir, self)
        self.component_panel.installed.connect(self.refresh_availability)
        layout.addWidget(self.component_panel)

        form = QFormLayout()
        self.base_combo = QComboBox(self)
        self.base_combo.setAccessibleName(tr("Base model"))
        self.base_combo.setPlaceholderText(
            tr("No model yet: File → Import model… in the main window")
        )
        form.addRow(tr("Base model:"), self.base_combo)
        self.preset_combo = QComboBox(self)
        for preset in PRESETS:
            self.preset_combo.addItem(preset.label, preset.key)
        self.preset_combo.setAccessibleName(tr("Preset"))
        self.preset_combo.setAccessibleDescription(
            tr("Training settings chosen for the size of the base model")
        )
        form.addRow(tr("Preset:"), self.preset_combo)
        self.preset_note = QLabel(self)
        self.preset_note.setWordWrap(True)
        form.addRow("", self.preset_note)
        self.rank_spin = QSpinBox(self)
        self.rank_spin.setRange(1, 256)
        self.alpha_spin = QDoubleSpinBox(self)
        self.alpha_spin.setRange(0.5, 1024)
        self.rank_spin.setAccessibleName(tr("Rank"))
        self.rank_spin.lineEdit().setAccessibleName(tr("Rank"))
        self.rank_spin.setAccessibleDescription(tr("The size of the adapter's LoRA matrices"))
        self.alpha_spin.setAccessibleName(tr("Alpha"))
        self.alpha_spin.lineEdit().setAccessibleName(tr("Alpha"))
        self.alpha_spin.setAccessibleDescription(tr("How strongly the adapter's changes count"))
        rank_row = QHBoxLayout()
        rank_row.addWidget(self.rank_spin)
        alpha_label = QLabel(tr("Alpha:"))
        alpha_label.setBuddy(self.alpha_spin)
        rank_row.addWidget(alpha_label)
        rank_row.addWidget(self.alpha_spin)
        rank_row.addStretch(1)
        rank_label = QLabel(tr("Rank:"))
        rank_label.setBuddy(self.rank_spin)
        form.addRow(rank_label, rank_row)
        targets_row = QHBoxLayout()
        self.target_boxes: dict[str, QCheckBox] = {}
        for target in ALL_TARGETS:
            box = QCheckBox(target, self)
            self.target_boxes[target] = box
            targets_row.addWidget(box)
        targets_row.addStretch(1)
        form.addRow(tr("Targets:"), targets_row)
        self.epochs_spin = QDoubleSpinBox(self)
        self.epochs_spin.setRange(0.1, 100)
        self.epochs_spin.setDecimals(1)
        self.epochs_spin.setToolTip(
            tr(
                "With the preset's value, the most passes: the run makes about the preset's "
                "number of steps, so a big dataset gets fewer passes, and it stops early once the "
                "held-out loss stops improving. Another value is used exactly."
            )
        )
        self.lr_spin = QDoubleSpinBox(self)
        self.lr_spin.setDecimals(5)
        self.lr_spin.setRange(0.00001, 0.1)
        self.lr_spin.setSingleStep(0.0001)
        self.max_length_spin = QSpinBox(self)
        self.max_length_spin.setRange(16, 32768)
        numbers = QHBoxLayout()
        for label, name, widget in (
            (tr("Epochs:"), tr("Epochs"), self.epochs_spin),
            (tr("Learning rate:"), tr("Learning rate"), self.lr_spin),
            (tr("Max length:"), tr("Max length in tokens"), self.max_length_spin),
        ):
            buddy = QLabel(label)
            buddy.setBuddy(widget)
            widget.setAccessibleName(name)
            widget.lineEdit().setAccessibleName(name)
            numbers.addWidget(buddy)
            numbers.addWidget(widget)
        numbers.addStretch(1)
        form.addRow(numbers)
        self.device_combo = QComboBox(self)
        for label, device in available_devices():
            self.device_combo.addItem(label, device)
        self.device_combo.setAccessibleName(tr("Device"))
        form.addRow(tr("Device:"), self.device_combo)
        layout.addLayout(form)

        # Shown when training here would take too long: the way out is a GPU machine.
        elsewhere = QHBoxLayout()
        self.estimate_label = QLabel(self)
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setObjectName("studioEstimate")
        self.elsewhere_button = QPushButton(tr("Train on another machine…"), self)
        self.elsewhere_button.setToolTip(
            tr(
                "Write a folder with the data and ready-to-run TRL and Axolotl configs for a GPU "
                "server; import the adapter it makes with Import adapter… in the Adapters panel"
            )
        )
        self.elsewhere_button.clicked.connect(self.elsewhere_requested)
        elsewhere.addWidget(self.estimate_label, 1)
        elsewhere.addWidget(self.elsewhere_button)
        layout.addLayout(elsewhere)

        buttons = QHBoxLayout()
        self.start_button = QPushButton(tr("Start training"), self)
        self.pause_button = QPushButton(tr("Pause"), self)
        self.resume_button = QPushButton(tr("Resume"), self)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setAccessibleName(tr("Cancel training"))
        for button in (
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar(self)
        self.progress.setFormat(tr("%v / %m steps"))
        self.progress.setAccessibleName(tr("Training progress"))
        self.status = QLabel(tr("Not started."), self)
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.plot = LossPlot(self)
        layout.addWidget(self.plot, 1)

        self.preset_combo.currentIndexChanged.connect(self._apply_preset)
        self.base_combo.currentIndexChanged.connect(self._pick_preset_for_base)
        self.start_button.clicked.connect(self.start_requested)
        self.pause_button.clicked.connect(self.pause_requested)
        self.resume_button.clicked.connect(self.resume_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self._apply_preset()
        self.set_state("idle")
        self.refresh_availability()

    # ---- settings ----------------------------------------------------------------------------

    def set_models(self, models: list[ModelRecord]) -> None:
        self.base_combo.clear()
        for record in models:
            self.base_combo.addItem(model_display_name(record), record)
        # With a placeholder text set, QComboBox leaves the index at -1 when items are added.
        self.base_combo.setCurrentIndex(0 if models else -1)
        self._pick_preset_for_base()

    def selected_model(self) -> ModelRecord | None:
        record = self.base_combo.currentData()
        return record if isinstance(record, ModelRecord) else None

    def _pick_preset_for_base(self) -> None:
        record = self.selected_model()
        if record is not None:
            preset = preset_for(record.parameter_count)
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset.key))

    def _apply_preset(self) -> None:
        preset = preset_by_key(str(self.preset_combo.currentData()))
        hyper = preset.hyper
        self.preset_note.setText(preset.note)
        self.rank_spin.setValue(hyper.rank)
        self.alpha_spin.setValue(hyper.alpha)
        for target, box in self.target_boxes.items():
            box.setChecked(target in hyper.targets)
        self.epochs_spin.setValue(hyper.epochs)
        self.lr_spin.setValue(hyper.learning_rate)
        self.max_length_spin.setValue(hyper.max_length)

    def hyperparameters(self) -> Hyperparameters:
        preset = preset_by_key(str(self.preset_combo.currentData()))
        targets = tuple(t for t, box in self.target_boxes.items() if box.isChecked())
        epochs = self.epochs_spin.value()
        # The preset's epochs are a ceiling scaled to the dataset; epochs the user typed are kept.
        scaled = abs(epochs - preset.hyper.epochs) < 1e-6
        return Hyperparameters(
            rank=self.rank_spin.value(),
            alpha=self.alpha_spin.value(),
            targets=targets,
            epochs=epochs,
            learning_rate=self.lr_spin.value(),
            max_length=self.max_length_spin.value(),
            batch_size=preset.hyper.batch_size,
            precision=preset.hyper.precision,
            warmup_steps=preset.hyper.warmup_steps,
            target_steps=preset.hyper.target_steps if scaled else 0,
            patience=preset.hyper.patience,
            general_fraction=preset.hyper.general_fraction,
            device=self.device_combo.currentData(),
        ).validated()

    def show_estimate(self, text: str, *, too_long: bool) -> None:
        """The time training here would take; past what is reasonable, a notice and the
        "Train on another machine" button in front."""
        self.estimate_label.setText(text)
        self.estimate_label.setProperty("role", "notice" if too_long else "")
        repolish(self.estimate_label)
        self.elsewhere_button.setDefault(too_long)

    # ---- run state ---------------------------------------------------------------------------

    def refresh_availability(self) -> None:
        reason = training_unavailable_reason(self._data_dir)
        self.unavailable.setVisible(reason is not None)
        self.component_panel.setVisible(is_frozen() or self.component_panel.is_installing())
        self.component_panel.refresh()
        self.unavailable.setText(reason or "")
        self._available = reason is None
        idle = not self.pause_button.isEnabled() and not self.cancel_button.isEnabled()
        self.start_button.setEnabled(reason is None and idle)

    def set_state(self, state: str) -> None:
        """idle | running | pausing | paused | finishing."""
        available = getattr(self, "_available", True)
        self.start_button.setEnabled(state == "idle" and available)
        self.pause_button.setEnabled(state == "running")
        self.resume_button.setEnabled(state == "paused")
        self.cancel_button.setEnabled(state in ("running", "pausing", "paused"))
        for widget in (
            self.base_combo,
            self.preset_combo,
            self.rank_spin,
            self.alpha_spin,
            self.epochs_spin,
            self.lr_spin,
            self.max_length_spin,
            self.device_combo,
            *self.target_boxes.values(),
        ):
            widget.setEnabled(state == "idle")

    def show_status(self, text: str, *, tone: str = "") -> None:
        """The run's status line; tone "error" marks a run that failed (the look styles it)."""
        self.status.setText(text)
        if self.status.property("tone") != tone:
            self.status.setProperty("tone", tone)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    def show_step(self, step: int, total: int, loss: float, eta_s: float) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(step)
        self.plot.set_total_steps(total)
        self.plot.add_point(step, loss)
        self.show_status(
            tr("Step {step} of {total} · loss {loss} · about {duration} left").format(
                step=step, total=total, loss=f"{loss:.4f}", duration=format_duration(eta_s)
            )
        )
