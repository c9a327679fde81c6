"""Import a `.hearth` pack: check it off the GUI thread, show what it holds, then add it.

Nothing is added until the user presses Import, and nothing at all when the pack fails a check:
the dialog shows the specific reason. A pack whose model is missing offers "Get it", which the
main window connects to the model catalog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.archive import human_size
from app.assistants.pack_import import ImportResult, PackImporter, PackReview
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr
from app.ui.common.theme import set_tone
from app.ui.templates.look import ErrorLabel, muted_label

_SIGNATURE_TONES = {"signed": "success", "unsigned": "warning"}  # else: does not verify


class PackImportDialog(QDialog):
    imported = Signal(int)  # the new assistant's id
    get_model_requested = Signal(str)  # catalog id of the missing model

    def __init__(self, importer: PackImporter, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import {file}").format(file=source.name))
        self.resize(560, 0)
        self.importer = importer
        self.source = source
        self.review: PackReview | None = None
        self.import_result: ImportResult | None = None
        self.task: BackgroundTask | None = None

        self.status = muted_label(tr("Checking {file}…").format(file=source.name))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Import progress"))
        self.progress.setRange(0, 0)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.description = muted_label()
        self.signature = QLabel()
        self.pack_size = QLabel()
        self.contents = QLabel()
        self.contents.setTextFormat(Qt.TextFormat.PlainText)
        self.contents.setWordWrap(True)
        self.notes = muted_label()
        self.missing = ErrorLabel()
        self.get_model_button = QPushButton(tr("Get it…"))
        self.get_model_button.setAccessibleName(tr("Get the missing model"))
        self.get_model_button.hide()
        self.get_model_button.clicked.connect(self._get_model)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.title)
        form.addRow(self.description)
        form.addRow(tr("Signature"), self.signature)
        form.addRow(tr("Pack size"), self.pack_size)
        form.addRow(tr("Will add"), self.contents)
        form.addRow(self.notes)
        self.details.hide()
        missing_row = QHBoxLayout()
        missing_row.addWidget(self.missing, 1)
        missing_row.addWidget(self.get_model_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.details)
        layout.addLayout(missing_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # ---- checking ----------------------------------------------------------------------------

    def start_review(self) -> BackgroundTask:
        def job(_progress: Callable[[int, int], None], _cancel: threading.Event) -> PackReview:
            return self.importer.review(self.source)

        self.task = BackgroundTask(job, self)
        self.task.succeeded.connect(self._on_reviewed)
        self.task.failed.connect(self._on_refused)
        self.task.start()
        return self.task

    def _on_reviewed(self, review: object) -> None:
        assert isinstance(review, PackReview)
        self.task = None
        self.review = review
        self.progress.hide()
        self.status.setText(tr("{file} passed every check.").format(file=self.source.name))
        self.title.setText(review.final_name)
        self.description.setText(review.profile.description)
        state = review.signature.state
        self.signature.setText(review.signature.label())
        set_tone(self.signature, _SIGNATURE_TONES.get(state, "error"))
        if state == "unsigned":
            self.signature.setToolTip(
                tr("Nobody vouches for this pack: import it only if you trust where it came from.")
            )
        self.pack_size.setText(
            tr("{packed} (unpacks to {unpacked})").format(
                packed=human_size(review.pack.packed_bytes),
                unpacked=human_size(review.pack.unpacked_bytes),
            )
        )
        self.contents.setText("\n".join(review.summary_lines()))
        self.notes.setText("\n".join(review.notes))
        self.notes.setVisible(bool(review.notes))
        self.details.show()
        if review.missing_model is not None:
            message = review.missing_model.message()
            self.missing.show_message(
                tr("{problem}, then import it again.").format(
                    problem=message[:1].upper() + message[1:]
                )
            )
            self.get_model_button.setVisible(review.missing_model.catalog_entry is not None)
        self.import_button.setEnabled(review.can_apply)
        self.adjustSize()

    def _on_refused(self, message: str) -> None:
        self.task = None
        self.progress.hide()
        self.status.setText(
            tr("{file} was refused. Nothing was changed.").format(file=self.source.name)
        )
        self.error.show_message(message)
        self.adjustSize()

    def _get_model(self) -> None:
        review = self.review
        if review is not None and review.missing_model and review.missing_model.catalog_entry:
            self.get_model_requested.emit(review.missing_model.catalog_entry.id)

    # ---- importing ---------------------------------------------------------------------------

    def start_import(self) -> BackgroundTask | None:
        review = self.review
        if review is None or not review.can_apply:
            return None

        def job(_progress: Callable[[int, int], None], _cancel: threading.Event) -> ImportResult:
            return self.importer.apply(review)

        self.task = BackgroundTask(job, self)
        self.task.succeeded.connect(self._on_imported)
        self.task.failed.connect(self._on_import_failed)
        self.import_button.setEnabled(False)
        self.progress.show()
        self.status.setText(tr("Importing…"))
        self.task.start()
        return self.task

    def _on_imported(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.task = None
        self.import_result = result
        self.progress.hide()
        self.status.setText(tr("Imported {name}.").format(name=result.assistant.name))
        self._close_review()
        self.imported.emit(result.assistant.id)
        self.accept()

    def _on_import_failed(self, message: str) -> None:
        self.task = None
        self.progress.hide()
        self.status.setText(tr("The import failed. Nothing was kept."))
        self.error.show_message(message)
        self.adjustSize()

    # ---- closing -----------------------------------------------------------------------------

    def _close_review(self) -> None:
        if self.review is not None:
            self.review.close()
            self.review = None

    def done(self, result: int) -> None:
        if self.task is None:  # a running import finishes first; its files are in use
            self._close_review()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is None:
            self._close_review()
        super().closeEvent(event)
