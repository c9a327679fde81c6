"""The LoRA adapters panel: attach adapters to the loaded model, scale them, detach them.

Changes apply at runtime without reloading the model: the panel only says what the user wants
(`adapters_requested`); the controller sends it to the inference thread and calls `set_active`
with what llama.cpp really applied, so the panel never shows a state the model is not in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.engine.types import ActiveAdapter
from app.storage.records import AdapterRecord
from app.ui.common.i18n import tr
from app.ui.common.theme import set_tone

SLIDER_STEPS = 200  # the slider moves in steps of 0.01 over 0..2
MAX_SCALE = 2.0
DEBOUNCE_MS = 250  # a slider drag sends one request when it settles, not one per pixel


@dataclass(frozen=True)
class AdapterChoice:
    record: AdapterRecord
    problem: str | None  # why it does not fit the loaded model; None when it fits


class AdapterRow(QFrame):
    changed = Signal()

    def __init__(self, choice: AdapterChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = choice.record
        self.setObjectName("adapterRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)

        record = choice.record
        self.check = QCheckBox(record.name)
        self.check.setToolTip(record.path)
        details = QLabel(
            tr("rank {rank} · {tensors} tensors · {size} MB · {sha256}").format(
                rank=record.rank,
                tensors=record.tensor_count,
                size=f"{record.size_bytes / 1e6:.1f}",
                sha256=record.sha256[:10],
            )
        )
        details.setObjectName("adapterDetails")
        details.setEnabled(False)  # the palette's muted text colour, in light and dark

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setValue(SLIDER_STEPS // 2)
        self.slider.setAccessibleName(tr("Scale of {name}").format(name=record.name))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, MAX_SCALE)
        self.spin.setSingleStep(0.05)
        self.spin.setDecimals(2)
        self.spin.setValue(1.0)
        self.spin.setToolTip(tr("Scale: 0 is the base model, 1 the adapter as trained, up to 2"))
        scale_name = tr("Scale of {name}").format(name=record.name)
        self.spin.setAccessibleName(scale_name)
        self.spin.lineEdit().setAccessibleName(scale_name)
        self.check.setAccessibleDescription(tr("Attach this adapter to the loaded model"))
        scale_row = QHBoxLayout()
        scale_row.addWidget(QLabel(tr("Scale")))
        scale_row.addWidget(self.slider, 1)
        scale_row.addWidget(self.spin)

        layout.addWidget(self.check)
        layout.addWidget(details)
        layout.addLayout(scale_row)
        if choice.problem is not None:
            problem = QLabel(
                tr("Does not fit the loaded model: {problem}").format(problem=choice.problem)
            )
            problem.setWordWrap(True)
            problem.setObjectName("adapterProblem")
            set_tone(problem, "error")
            layout.addWidget(problem)
            for widget in (self.check, self.slider, self.spin):
                widget.setEnabled(False)

        self.slider.valueChanged.connect(self._slider_moved)
        self.spin.valueChanged.connect(self._spin_changed)
        self.check.toggled.connect(lambda _on: self.changed.emit())

    @property
    def scale(self) -> float:
        return round(self.spin.value(), 2)

    def set_state(self, attached: bool, scale: float | None) -> None:
        for widget in (self.check, self.slider, self.spin):
            widget.blockSignals(True)
        self.check.setChecked(attached)
        if scale is not None:
            self.spin.setValue(scale)
            self.slider.setValue(round(scale / MAX_SCALE * SLIDER_STEPS))
        for widget in (self.check, self.slider, self.spin):
            widget.blockSignals(False)

    def _slider_moved(self, value: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(value / SLIDER_STEPS * MAX_SCALE)
        self.spin.blockSignals(False)
        if self.check.isChecked():
            self.changed.emit()

    def _spin_changed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value / MAX_SCALE * SLIDER_STEPS))
        self.slider.blockSignals(False)
        if self.check.isChecked():
            self.changed.emit()


class AdapterPanel(QWidget):
    adapters_requested = Signal(object)  # tuple[tuple[str, float], ...]: (path, scale)
    import_requested = Signal()  # a file: a GGUF adapter or a PEFT adapter zip
    import_folder_requested = Signal()  # a PEFT adapter folder
    remove_requested = Signal(int)  # adapter id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AdapterRow] = []
        self._active: tuple[ActiveAdapter, ...] = ()
        self._model_loaded = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.request_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        title = QLabel(tr("<b>LoRA adapters</b>"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("adapterSummary")
        self.list_host = QWidget()
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_host)
        self.empty_label = QLabel(
            tr(
                "No adapters yet. A LoRA adapter (a small GGUF file fine-tuned for one domain) "
                "changes how the model answers without replacing it."
            )
        )
        self.empty_label.setWordWrap(True)
        self.import_button = QPushButton(tr("Import adapter…"))
        self.import_button.setToolTip(
            tr(
                "A GGUF adapter, or a PEFT adapter (a folder or .zip with adapter_config.json, "
                "as PEFT, TRL, Axolotl and Unsloth write them), converted for a model you have"
            )
        )
        # One button, two kinds of thing to pick: a file dialog cannot also pick a folder.
        menu = QMenu(self.import_button)
        menu.addAction(tr("GGUF adapter or PEFT .zip…"), self.import_requested.emit)
        menu.addAction(tr("PEFT adapter folder…"), self.import_folder_requested.emit)
        self.import_button.setMenu(menu)
        self.import_menu = menu
        self.detach_button = QPushButton(tr("Detach all"))
        self.detach_button.clicked.connect(self.detach_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.detach_button)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._show_summary()

    # ---- what the panel shows ----------------------------------------------------------------

    def set_choices(self, choices: Sequence[AdapterChoice], *, model_loaded: bool) -> None:
        self._model_loaded = model_loaded
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for choice in choices:
            row = AdapterRow(choice, self.list_host)
            if not model_loaded:
                for widget in (row.check, row.slider, row.spin):
                    widget.setEnabled(False)
            row.changed.connect(self._debounce.start)
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)
        self.empty_label.setVisible(not self.rows)
        self.set_active(self._active)

    def set_active(self, active: Sequence[ActiveAdapter]) -> None:
        """What the engine applied: rows follow it (a refused change snaps back)."""
        self._active = tuple(active)
        by_path = {adapter.path: adapter for adapter in self._active}
        for row in self.rows:
            applied = by_path.get(row.record.path)
            row.set_state(applied is not None, applied.scale if applied else None)
        self._show_summary()

    def active_label(self) -> str:
        if not self._active:
            return ""
        return ", ".join(
            tr("{name} at {scale}").format(name=a.name, scale=f"{a.scale:g}") for a in self._active
        )

    def _show_summary(self) -> None:
        if not self._model_loaded:
            self.summary.setText(tr("Load a model to attach adapters."))
        elif self._active:
            self.summary.setText(tr("Active: {adapters}").format(adapters=self.active_label()))
        else:
            self.summary.setText(tr("No adapter attached: the base model answers."))
        self.detach_button.setEnabled(bool(self._active))

    # ---- what the user asks for --------------------------------------------------------------

    def wanted(self) -> tuple[tuple[str, float], ...]:
        return tuple(
            (row.record.path, row.scale)
            for row in self.rows
            if row.check.isChecked() and row.check.isEnabled()
        )

    def request_now(self) -> None:
        self._debounce.stop()
        self.adapters_requested.emit(self.wanted())

    def detach_all(self) -> None:
        for row in self.rows:
            row.set_state(False, None)
        self.request_now()
