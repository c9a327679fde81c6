"""The template editor's Fields table: one row per field, with a type list and a Required box in
their cells, read back in the template's file form (what template_from_dict takes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.templates import FIELD_TYPES
from app.ui.common.i18n import tr
from app.ui.templates.template_form_data import cell_text, cell_value, field_extras, split_names

FIELD_COLUMNS = ("Key", "Label", "Type", "Required", "Default", "Example", "Choices", "Help")
_KEY, _LABEL, _TYPE, _REQUIRED, _DEFAULT, _EXAMPLE, _CHOICES, _HELP = range(len(FIELD_COLUMNS))
# What the table does not show of a field rides on its key cell, to be written back unchanged.
_EXTRAS_ROLE = Qt.ItemDataRole.UserRole + 1


def cell(table: QTableWidget, row: int, column: int) -> str:
    """A cell's text, stripped ("" for an empty cell)."""
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


def remove_current_row(table: QTableWidget) -> None:
    """Remove the selected row, else the last one."""
    row = table.currentRow()
    if row < 0:
        row = table.rowCount() - 1
    if row >= 0:
        table.removeRow(row)


class FieldTable(QTableWidget):
    edited = Signal()  # a cell, a type or a Required box changed, or a row came or went

    def __init__(self, fields: Sequence[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(0, len(FIELD_COLUMNS), parent)
        self.setHorizontalHeaderLabels(
            [
                tr("Key"),
                tr("Label"),
                tr("Type"),
                tr("Required"),
                tr("Default"),
                tr("Example"),
                tr("Choices"),
                tr("Help"),
            ]
        )
        self.setAccessibleName(tr("Fields"))
        self.setAccessibleDescription(tr("One row per field of the template's form"))
        self.horizontalHeader().setAccessibleName(tr("Field columns"))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setToolTip(tr("List values and choices: separate items with ';' and ',' respectively"))
        for field in fields:
            self.add_field(field)
        self.resizeColumnsToContents()
        self.itemChanged.connect(self.edited)
        self.model().rowsRemoved.connect(self.edited)

    def add_field(self, field: dict[str, Any]) -> None:
        self.blockSignals(True)
        row = self.rowCount()
        self.insertRow(row)
        key_item = QTableWidgetItem(str(field.get("key", "")))
        key_item.setData(_EXTRAS_ROLE, field_extras(field))
        self.setItem(row, _KEY, key_item)
        self.setItem(row, _LABEL, QTableWidgetItem(str(field.get("label", ""))))
        type_box = QComboBox()
        type_box.addItems(list(FIELD_TYPES))
        type_box.setCurrentText(str(field.get("type", "text")))
        type_box.currentIndexChanged.connect(self.edited)
        self.setCellWidget(row, _TYPE, type_box)
        required = QCheckBox()
        required.setAccessibleName(tr("Required"))
        required.setChecked(bool(field.get("required", False)))
        required.toggled.connect(self.edited)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(6, 0, 0, 0)
        holder_layout.addWidget(required)
        self.setCellWidget(row, _REQUIRED, holder)
        self.setItem(row, _DEFAULT, QTableWidgetItem(cell_text(field.get("default"))))
        self.setItem(row, _EXAMPLE, QTableWidgetItem(cell_text(field.get("example"))))
        self.setItem(row, _CHOICES, QTableWidgetItem(", ".join(field.get("choices", []))))
        self.setItem(row, _HELP, QTableWidgetItem(str(field.get("help", ""))))
        self.blockSignals(False)
        self.edited.emit()

    def type_box(self, row: int) -> QComboBox:
        box = self.cellWidget(row, _TYPE)
        assert isinstance(box, QComboBox)
        return box

    def required_box(self, row: int) -> QCheckBox:
        holder = self.cellWidget(row, _REQUIRED)
        box = holder.findChild(QCheckBox) if holder is not None else None
        assert isinstance(box, QCheckBox)
        return box

    def fields(self) -> list[dict[str, Any]]:
        """Every row as a field in the template's file form."""
        found: list[dict[str, Any]] = []
        for row in range(self.rowCount()):
            field_type = self.type_box(row).currentText()
            key_item = self.item(row, _KEY)
            entry: dict[str, Any] = {
                "key": cell(self, row, _KEY),
                "label": cell(self, row, _LABEL),
                "type": field_type,
            }
            if self.required_box(row).isChecked():
                entry["required"] = True
            for column, name in ((_DEFAULT, "default"), (_EXAMPLE, "example")):
                value = cell_value(cell(self, row, column), field_type)
                if value is not None:
                    entry[name] = value
            choices = split_names(cell(self, row, _CHOICES))
            if choices:
                entry["choices"] = choices
            help_text = cell(self, row, _HELP)
            if help_text:
                entry["help"] = help_text
            extras = key_item.data(_EXTRAS_ROLE) if key_item is not None else None
            if isinstance(extras, dict):
                entry.update(extras)
            found.append(entry)
        return found
