"""The model library: every registered model, whether it fits this machine, and removal.

Removing a model only forgets it, unless Hearth made the copy (it lives in Hearth's models
folder): then the user may also delete the file, after a confirmation that names it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.library.model_library import LibraryError, ModelLibrary
from app.library.model_names import model_display_name
from app.storage import StorageError
from app.storage.records import ModelRecord
from app.ui.common.i18n import tr

FitLabel = Callable[[ModelRecord], tuple[str, str]]  # (verdict, explanation)
COLUMNS = ("Name", "Architecture", "Parameters", "Quant", "Size", "Context", "Fit", "Location")


def _verified(verified_by: str) -> str:
    texts = {
        "sha256": tr("its sha256 matched the pin in Hearth's catalog"),
        "hub-lfs-sha256": tr("its sha256 matched the one the hub published"),
    }
    return texts.get(verified_by, tr("not verified"))


def _fit_text(verdict: str) -> str:
    texts = {"fits": tr("fits"), "tight": tr("tight"), "won't fit": tr("won't fit")}
    return texts.get(verdict, verdict)


def _params(count: int | None) -> str:
    if not count:
        return "?"
    return f"{count / 1e9:.1f} B" if count >= 1e9 else f"{count / 1e6:.0f} M"


def _size(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


class ModelsDialog(QDialog):
    models_changed = Signal()
    default_chosen = Signal(int)
    import_requested = Signal()
    find_requested = Signal()
    catalog_requested = Signal()

    def __init__(
        self,
        library: ModelLibrary,
        *,
        default_id: int | None,
        loaded_path: str | None = None,
        fit_for: FitLabel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Models"))
        self.resize(980, 460)
        self._library = library
        self._default_id = default_id
        self._loaded_path = loaded_path
        self._fit_for = fit_for
        self.records: list[ModelRecord] = []

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                tr("Name"),
                tr("Architecture"),
                tr("Parameters"),
                tr("Quant"),
                tr("Size"),
                tr("Context"),
                tr("Fit"),
                tr("Location"),
            ]
        )
        self.table.setAccessibleName(tr("Your models"))
        self.table.horizontalHeader().setAccessibleName(tr("Columns"))
        self.table.setAccessibleDescription(
            tr("Double-click or Use as default makes a model the one Hearth loads first.")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.make_default())

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.get_button = QPushButton(tr("Get models…"))
        self.find_button = QPushButton(tr("Find on this computer…"))
        self.import_button = QPushButton(tr("Import file…"))
        self.default_button = QPushButton(tr("Use as default"))
        self.remove_button = QPushButton(tr("Remove…"))
        close = QPushButton(tr("Close"))
        self.get_button.clicked.connect(self.catalog_requested)
        self.find_button.clicked.connect(self.find_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.default_button.clicked.connect(self.make_default)
        self.remove_button.clicked.connect(self.remove_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.get_button, self.find_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.default_button, self.remove_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.refresh()

    # ---- contents ----------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.records = self._library.list()
        except StorageError as exc:
            self.detail.setText(str(exc))
            self.records = []
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            verdict, why = self._fit_for(record) if self._fit_for else ("", "")
            copied = self._is_copy(record)
            default = "  " + tr("(default)") if record.id == self._default_id else ""
            name = model_display_name(record) + default
            cells = (
                name,
                record.architecture,
                _params(record.parameter_count),
                record.quantization or "?",
                _size(record.size_bytes),
                f"{record.context_length:,}" if record.context_length else "?",
                _fit_text(verdict),
                tr("Copied into Hearth") if copied else tr("Linked in place"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(why if column == 6 and why else record.path)
                self.table.setItem(row, column, item)
        if self.records:
            self.table.selectRow(0)
        self._update_buttons()

    def _is_copy(self, record: ModelRecord) -> bool:
        return Path(record.path).resolve().is_relative_to(self._library.models_dir.resolve())

    def selected(self) -> ModelRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        record = self.selected()
        self.remove_button.setEnabled(record is not None)
        self.default_button.setEnabled(record is not None and record.id != self._default_id)
        if record is None:
            self.detail.setText(
                tr("No models yet: get one, find one on this computer, or import a file.")
            )
            return
        missing = "" if Path(record.path).is_file() else "  ⚠ " + tr("the file is missing")
        source = ""
        if record.catalog_id:
            how = _verified(record.verified_by or "")
            source = "\n" + tr("Downloaded from Hearth's catalog as {catalog_id}: {how}").format(
                catalog_id=record.catalog_id, how=how
            )
        self.detail.setText(
            tr("{path}{missing}\nsha256 {sha256}{source}").format(
                path=record.path, missing=missing, sha256=record.sha256, source=source
            )
        )

    # ---- actions -----------------------------------------------------------------------------

    def make_default(self) -> None:
        record = self.selected()
        if record is None:
            return
        self._default_id = record.id
        self.default_chosen.emit(record.id)
        self.refresh()

    def remove_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        copied = self._is_copy(record)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Remove model"))
        box.setText(tr("Remove {name} from Hearth?").format(name=model_display_name(record)))
        if record.path == self._loaded_path:
            box.setInformativeText(tr("It is loaded now; it stays loaded until you pick another."))
        delete_file = QCheckBox(
            tr("Also delete the file Hearth copied ({size})").format(size=_size(record.size_bytes))
        )
        if copied:
            box.setCheckBox(delete_file)
        else:
            box.setDetailedText(tr("The file stays where it is:\n{path}").format(path=record.path))
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        remove = box.addButton(tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._confirm = box  # tests answer the box through this handle
        box.exec()
        if box.clickedButton() is not remove:
            return
        try:
            self._library.remove(record.id, delete_file=copied and delete_file.isChecked())
        except (LibraryError, StorageError) as exc:
            QMessageBox.warning(self, tr("Remove model"), str(exc))
        self.refresh()
        self.models_changed.emit()
