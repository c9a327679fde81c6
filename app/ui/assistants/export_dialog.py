"""Export an assistant as a `.hearth` pack: what goes in, how big it gets, and who signs it.

The size is estimated before writing (a small pack is built in a temporary folder and measured,
so the figure matches what is saved), with a warning when the pack gets large (a model file);
the export itself runs off the GUI thread with a progress bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.archive import human_size
from app.assistants.model import Assistant, AssistantError
from app.assistants.pack_export import ExportSummary, PackExporter
from app.assistants.pack_format import SUFFIX
from app.file_names import safe_file_name
from app.storage import StorageError
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr
from app.ui.templates.look import ErrorLabel, muted_label


def _default_file(assistant: Assistant) -> Path:
    return file_dialogs.start_folder() / safe_file_name(
        assistant.name, SUFFIX, fallback="assistant"
    )


def _env_keys_with_values(exporter: PackExporter, assistant: Assistant) -> list[str]:
    servers = exporter.tool_servers.of_assistant(assistant.id) if exporter.tool_servers else []
    return sorted({key for server in servers for key, value in server.env.items() if value})


class PackExportDialog(QDialog):
    exported = Signal(object)  # ExportSummary

    def __init__(
        self, exporter: PackExporter, assistant: Assistant, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export {name}").format(name=assistant.name))
        self.resize(560, 0)
        self.exporter = exporter
        self.assistant = assistant
        self.task: BackgroundTask | None = None
        self._saved = False  # once saved, the buttons are just Close: no estimate to update

        self.include_knowledge = QCheckBox(tr("Include the knowledge documents"))
        has_knowledge = bool(assistant.profile.knowledge_collections)
        self.include_knowledge.setEnabled(has_knowledge)
        if not has_knowledge:
            self.include_knowledge.setToolTip(tr("This assistant has no document collections."))
        self.include_model = QCheckBox(
            tr("Include the model file (the other person needs no download)")
        )
        # Tool servers' environment values are often API keys: they stay home unless ticked.
        self.include_env_values = QCheckBox(
            tr("Include the tool servers' environment values (they may be passwords or keys)")
        )
        secret_keys = _env_keys_with_values(exporter, assistant)
        self.include_env_values.setEnabled(bool(secret_keys))
        self.include_env_values.setToolTip(
            tr(
                "Unticked, the pack names {keys} with empty values, and the importer is asked to "
                "fill them in."
            ).format(keys=", ".join(secret_keys))
            if secret_keys
            else tr("This assistant's tool servers set no environment values.")
        )
        self.size_label = QLabel()
        self.warning = ErrorLabel()
        self.sign = QCheckBox(tr("Sign the pack with my key"))
        self.key_file = QLineEdit()
        self.key_file.setPlaceholderText(tr("Ed25519 key file (hearth assistants keygen)"))
        self.key_file.setAccessibleName(tr("Signing key file"))
        self.key_browse = QPushButton(tr("Browse…"))
        self.key_browse.setAccessibleName(tr("Choose the signing key file"))
        self.out_file = QLineEdit(str(_default_file(assistant)))
        self.out_file.setAccessibleName(tr("Save the pack as"))
        self.out_browse = QPushButton(tr("Browse…"))
        self.out_browse.setAccessibleName(tr("Choose where to save the pack"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Export progress"))
        self.progress.hide()
        self.result_label = muted_label()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )

        key_row = QHBoxLayout()
        key_row.addWidget(self.key_file, 1)
        key_row.addWidget(self.key_browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_file, 1)
        out_row.addWidget(self.out_browse)
        form = QFormLayout()
        self._form = form
        form.addRow(tr("Save as"), out_row)
        form.addRow("", self.include_knowledge)
        form.addRow("", self.include_model)
        form.addRow("", self.include_env_values)
        form.addRow(tr("Size"), self.size_label)
        form.addRow("", self.warning)
        form.addRow("", self.sign)
        form.addRow(tr("Key file"), key_row)
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted_label(
                tr(
                    "The pack holds the assistant, its adapters and its own templates. Whoever "
                    "imports it sees whether it is signed, and by which key."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.include_knowledge.toggled.connect(self.update_estimate)
        self.include_model.toggled.connect(self.update_estimate)
        self.include_env_values.toggled.connect(self.update_estimate)
        self.sign.toggled.connect(self._update_signing)
        self.sign.toggled.connect(self.update_estimate)
        self.key_browse.clicked.connect(self._choose_key)
        self.out_browse.clicked.connect(self._choose_out)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self._cancel)
        self._update_signing(False)
        self.update_estimate()

    def update_estimate(self) -> None:
        if self._saved:
            return
        try:
            estimate = self.exporter.estimate(
                self.assistant,
                include_knowledge=self.include_knowledge.isChecked(),
                include_model=self.include_model.isChecked(),
                include_env_values=self.include_env_values.isChecked(),
                signed=self.sign.isChecked(),
            )
        except (AssistantError, StorageError) as exc:
            self.size_label.setText("?")
            self.warning.show_message(str(exc))
            self._form.setRowVisible(self.warning, True)
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(True)
        size = human_size(estimate.total_bytes)
        # A measured pack differs only in its timestamp; a large one compresses to at most this.
        self.size_label.setText(
            tr("about {size}").format(size=size)
            if estimate.measured
            else tr("up to about {size}").format(size=size)
        )
        self.warning.show_message(estimate.warning or "")
        self._form.setRowVisible(self.warning, bool(estimate.warning))

    def _update_signing(self, on: bool) -> None:
        self.key_file.setEnabled(on)
        self.key_browse.setEnabled(on)

    def _choose_key(self) -> None:
        path = file_dialogs.open_file(
            self, tr("Signing key"), tr("Key files (*.pem *.key);;All files (*)")
        )
        if path is not None:
            self.key_file.setText(str(path))

    def _choose_out(self) -> None:
        typed = Path(self.out_file.text().strip()).expanduser()
        if typed.parent.is_dir():
            file_dialogs.remember(typed)
        path, _ = file_dialogs.save_file(
            self,
            tr("Save the pack"),
            safe_file_name(typed.stem, SUFFIX, fallback="assistant"),
            tr("Assistant packs (*{suffix})").format(suffix=SUFFIX),
        )
        if path is not None:
            name = str(path)
            self.out_file.setText(name if name.endswith(SUFFIX) else name + SUFFIX)

    def start_export(self) -> BackgroundTask | None:
        out = Path(self.out_file.text().strip()).expanduser()
        if not out.name:
            self.error.show_message(tr("Choose where to save the pack."))
            return None
        key = None
        if self.sign.isChecked():
            if not self.key_file.text().strip():
                self.error.show_message(tr("Choose the key file to sign with, or untick Sign."))
                return None
            key = Path(self.key_file.text().strip()).expanduser()
        self.error.show_message("")
        include_knowledge = self.include_knowledge.isChecked()
        include_model = self.include_model.isChecked()
        include_env_values = self.include_env_values.isChecked()

        def job(progress: Callable[[int, int], None], cancel: threading.Event) -> ExportSummary:
            return self.exporter.export(
                self.assistant,
                out,
                include_knowledge=include_knowledge,
                include_model=include_model,
                include_env_values=include_env_values,
                signing_key_file=key,
                progress=progress,
                cancel=cancel,
            )

        self.task = BackgroundTask(job, self)
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.task.start()
        return self.task

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_done(self, summary: object) -> None:
        assert isinstance(summary, ExportSummary)
        self.task = None
        self.progress.hide()
        signed = (
            tr("signed by {fingerprint}").format(fingerprint=summary.signed_by)
            if summary.signed_by
            else tr("unsigned")
        )
        notes = "".join(f"\n{note}" for note in summary.notes)  # the pack layer's English
        self.result_label.setText(
            tr("Saved {file} ({size}, {signed}).").format(
                file=summary.path.name, size=human_size(summary.bytes_written), signed=signed
            )
            + notes
        )
        self._saved = True
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        self.exported.emit(summary)

    def _on_failed(self, message: str) -> None:
        self.task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.error.show_message(message)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.reject()
