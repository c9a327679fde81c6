"""The "Download training component" dialog: the archive's address (pre-filled from the
`training_component_url` setting, or pasted by the user), a progress bar and Cancel. The
download and the checked install (`app.library.component_download`) run in a Task; nothing is
fetched until the user presses Download, and a failed or cancelled download installs nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.components.store import InstalledComponent
from app.library.component_download import DownloadOptions, download_component
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl


def stage_label(stage: str) -> str:
    labels = {
        "downloading": tr("Downloading"),
        "verifying": tr("Checking the archive's sha256"),
        "installing": tr("Installing"),
    }
    return labels.get(stage, stage)


@dataclass(frozen=True)
class DownloadTexts:
    """What the dialog says: the training component's by default (`training_download_texts`);
    the OCR component has its own (app.ui.knowledge.ocr_component_row)."""

    title: str
    intro: str
    address_name: str
    placeholder: str


def training_download_texts() -> DownloadTexts:
    return DownloadTexts(
        title=tr("Download training component"),
        intro=tr(
            "The address of the training component archive published with this version of "
            "Hearth. Its sha256 is fetched from the same address + .sha256 and checked before "
            "anything is installed."
        ),
        address_name=tr("Training component address"),
        placeholder="https://…/hearth-training-<version>-cpu-<os>-….zip",
    )


class ComponentDownloadDialog(QDialog):
    def __init__(
        self,
        data_dir: Path,
        url: str = "",
        parent: QWidget | None = None,
        texts: DownloadTexts | None = None,
    ) -> None:
        super().__init__(parent)
        texts = texts or training_download_texts()
        self.setWindowTitle(texts.title)
        self.setMinimumWidth(560)
        self._data_dir = data_dir
        self._task: Task | None = None
        self.installed: InstalledComponent | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(texts.intro, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setAccessibleName(texts.address_name)
        self.url_edit.setPlaceholderText(texts.placeholder)
        self.url_edit.setClearButtonEnabled(True)
        layout.addWidget(self.url_edit)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(tr("Download progress"))
        layout.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setObjectName("componentDownloadError")
        self.message.setProperty("tone", "error")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.download_button = QPushButton(tr("Download"), self)
        self.download_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        buttons.addButton(self.download_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.download_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.url_edit.textChanged.connect(self._update_buttons)
        self.progress.hide()
        self.message.hide()
        self._update_buttons()

    def start(self) -> None:
        if self._task is not None:
            return
        url = self.url_edit.text().strip()
        data_dir = self._data_dir

        def work(control: TaskControl) -> InstalledComponent:
            def progress(stage: str, done: int, total: int) -> None:
                control.report((stage, done, total))

            options = DownloadOptions(progress=progress, cancel=control.cancel_event)
            return download_component(url, data_dir, options)

        self.message.hide()
        self.progress.setValue(0)
        self.progress.setFormat(tr("Connecting…"))
        self.progress.show()
        self.adjustSize()  # shrink back if a reason was shown before
        task = Task(work, name="download-component", parent=self)
        task.progress.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self._task = task
        self._update_buttons()
        task.start()

    def is_running(self) -> bool:
        return self._task is not None

    def reject(self) -> None:
        """Cancel stops a running download (the dialog stays to say so); otherwise it closes."""
        if self._task is not None:
            self._task.cancel()
            self.progress.setFormat(tr("Cancelling…"))
            return
        super().reject()

    def _on_progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        stage, done, total = (str(value[0]), int(value[1]), int(value[2]))
        permille = int(done * 1000 / total) if total else 0
        self.progress.setValue(permille)
        label = stage_label(stage)
        if stage == "downloading":
            size = (
                tr("{done} of {total} MB").format(
                    done=f"{done / 1e6:.1f}", total=f"{total / 1e6:.1f}"
                )
                if total
                else tr("{done} MB").format(done=f"{done / 1e6:.1f}")
            )
            self.progress.setFormat(f"{label}… {permille // 10}% ({size})")
        else:
            self.progress.setFormat(f"{label}… {permille // 10}%")

    def _on_done(self, component: object) -> None:
        self._task = None
        if isinstance(component, InstalledComponent):
            self.installed = component
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._task = None
        self.progress.hide()
        self.message.setText(tr("Not installed: {reason}").format(reason=message))
        self.message.show()
        self._update_buttons()
        self.adjustSize()  # the reason may take several lines: grow to show all of it

    def _update_buttons(self) -> None:
        running = self._task is not None
        self.url_edit.setReadOnly(running)
        self.download_button.setEnabled(not running and bool(self.url_edit.text().strip()))
        self.cancel_button.setText(tr("Cancel") if running else tr("Close"))
