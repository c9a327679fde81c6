"""The assistant editor's small fields: an adapter's row, the sampling boxes whose lowest value
means "your setting", and the texts the form shares with them."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QSpinBox, QWidget

from app.storage.records import AdapterRecord
from app.ui.common.i18n import tr


def sampling_default_text() -> str:
    return tr("Your setting")


def missing_suffix() -> str:
    return " " + tr("(missing)")


def name_spin_box(box: QSpinBox | QDoubleSpinBox, name: str) -> None:
    """A screen reader reaches the number through the box's own line edit: name both."""
    box.setAccessibleName(name)
    box.lineEdit().setAccessibleName(name)


class AdapterRow(QWidget):
    def __init__(self, record: AdapterRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.use = QCheckBox(record.name)
        self.use.setToolTip(tr("sha256 {sha}").format(sha=record.sha256))
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.0, 2.0)
        self.scale.setSingleStep(0.1)
        self.scale.setValue(1.0)
        self.scale.setPrefix(tr("scale") + " ")
        name_spin_box(self.scale, tr("Scale of {adapter}").format(adapter=record.name))
        layout.addWidget(self.use, 1)
        layout.addWidget(self.scale)


def optional_double(low: float, high: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low - step, high)  # the value below the range means "your setting"
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSpecialValueText(sampling_default_text())
    box.setValue(box.minimum())
    return box


def optional_int(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low - 1, high)
    box.setSpecialValueText(sampling_default_text())
    box.setValue(box.minimum())
    return box
