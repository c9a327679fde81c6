"""The training component's state in Adapter Studio, with "Install training component…" and
"Download…": an installed Hearth has no torch until the user installs the archive published with
it, from a file or from its address. The install (hash, manifest and every file checked; see
`app.components.install`) runs in a Task with a progress bar and Cancel; a refused or cancelled
install changes nothing. The download has its own dialog (`component_download_dialog`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.components.install import InstallOptions, install_component
from app.components.store import InstalledComponent
from app.config import Paths, SettingsStore
from app.training.availability import training_component
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl
from app.ui.studio.component_download_dialog import ComponentDownloadDialog


def stage_label(stage: str) -> str:
    labels = {"verifying": tr("Checking the archive's sha256"), "installing": tr("Installing")}
    return labels.get(stage, stage)


class ComponentPanel(QWidget):
    installed = Signal()  # a training component was installed: availability changed

    def __init__(self, data_dir: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._task: Task | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.install_button = QPushButton(tr("Install training component…"), self)
        self.install_button.setToolTip(
            tr(
                "Choose the training component archive (.zip) published with this version of "
                "Hearth; its .sha256 file must be beside it"
            )
        )
        self.download_button = QPushButton(tr("Download…"), self)
        self.download_button.setAccessibleName(tr("Download training component"))
        self.download_button.setToolTip(
            tr("Download the training component archive from its address and install it")
        )
        self.download_dialog: ComponentDownloadDialog | None = None
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setAccessibleName(tr("Cancel the install"))
        row.addWidget(self.state, 1)
        row.addWidget(self.install_button)
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(tr("Install progress"))
        layout.addWidget(self.progress)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("componentError")
        self.error.setProperty("tone", "error")
        layout.addWidget(self.error)
        self.install_button.clicked.connect(self.choose_file)
        self.download_button.clicked.connect(self.open_download)
        self.cancel_button.clicked.connect(self.cancel)
        self._show_running(False)
        self.error.hide()
        self.refresh()

    def refresh(self) -> None:
        component = training_component(self._data_dir)
        self.state.setText(describe(component))

    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            tr("Install training component"),
            tr("Hearth components (*.zip);;All files (*)"),
        )
        if path is not None:
            self.install_file(path)

    def open_download(self) -> ComponentDownloadDialog:
        """Opens the download dialog (window-modal); nothing is fetched until Download."""
        paths = Paths.resolve()
        url = SettingsStore(paths.settings_file).load().training_component_url
        dialog = ComponentDownloadDialog(self._data_dir or paths.data_dir, url, self)
        dialog.accepted.connect(self._on_downloaded)
        dialog.finished.connect(self._forget_dialog)
        self.download_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self.download_dialog is not None:
            self.download_dialog.deleteLater()
            self.download_dialog = None

    def _on_downloaded(self) -> None:
        self.error.hide()
        self.refresh()
        self.installed.emit()

    def install_file(self, archive: Path) -> None:
        if self._task is not None:
            return
        data_dir = self._data_dir or Paths.resolve().data_dir

        def work(control: TaskControl) -> InstalledComponent:
            def progress(stage: str, done: int, total: int) -> None:
                control.report((stage, done, total))

            options = InstallOptions(progress=progress, cancel=control.cancel_event)
            return install_component(archive, data_dir, options)

        self.error.hide()
        self._show_running(True)
        self.progress.setValue(0)
        self.progress.setFormat(tr("Checking {file}…").format(file=archive.name))
        task = Task(work, name="install-component", parent=self)
        task.progress.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self._task = task
        task.start()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.progress.setFormat(tr("Cancelling…"))

    def is_installing(self) -> bool:
        return self._task is not None

    def _on_progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        stage, done, total = (str(value[0]), int(value[1]), int(value[2]))
        permille = int(done * 1000 / total) if total else 0
        self.progress.setValue(permille)
        self.progress.setFormat(f"{stage_label(stage)}… {permille // 10}%")

    def _on_done(self, _component: object) -> None:
        self._finish()
        self.refresh()
        self.installed.emit()

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.error.setText(tr("Not installed: {reason}").format(reason=message))
        self.error.show()

    def _finish(self) -> None:
        self._task = None
        self._show_running(False)

    def _show_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.install_button.setEnabled(not running)
        self.download_button.setEnabled(not running)


def describe(component: InstalledComponent | None) -> str:
    if component is None:
        return tr("Training component: not installed.")
    size_mb = component.manifest.total_bytes / 1e6
    return tr("Training component {version} installed ({size} MB, {path}).").format(
        version=component.version, size=f"{size_mb:.0f}", path=component.path
    )
