"""Care of the user's data from the window: diagnostics for support, About, and the export and
restore of all data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QWidget

from app.config import Paths
from app.data_archive import ArchiveError, export_all, stage_restore
from app.diagnostics import diagnostics_text, engine_facts_from
from app.file_names import safe_file_name
from app.licenses import shipped_components
from app.logging_setup import LoggingSetup
from app.ui.chat.chat_controller import ChatController
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr, tr_n
from app.ui.common.profile import Profile
from app.ui.shell.about_dialog import AboutDialog


class DataCare(QObject):
    error = Signal(str)
    state = Signal(str)  # a passing status-line message

    def __init__(
        self,
        paths: Paths,
        *,
        profile: Profile,
        database_key: Callable[[], bytes | None],
        chat: ChatController,
        progress: QProgressBar,
        log_setup: LoggingSetup | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._paths = paths
        self._profile = profile
        self._database_key = database_key  # read at export time: encryption may change
        self._chat = chat
        self._progress = progress
        self._log_setup = log_setup
        self.task: BackgroundTask | None = None

    def copy_diagnostics(self) -> str:
        """Versions, backend, paths and recent problems for a support request; never content."""
        from app.engine.backends import gpu_devices  # llama.cpp is loaded by now

        loaded = self._chat.loaded_model
        text = diagnostics_text(
            self._paths,
            self._profile.settings,
            engine=engine_facts_from(loaded.backend if loaded else None, devices=gpu_devices),
            recent=self._log_setup.recent.lines() if self._log_setup else None,
        )
        QApplication.clipboard().setText(text)
        self.state.emit(tr("Diagnostics copied (no chat or document text included)"))
        return text

    def open_about(self) -> None:
        """Help > About: version, llama.cpp backend, and every shipped licence."""
        from app.engine.backends import gpu_devices  # llama.cpp is loaded by now

        loaded = self._chat.loaded_model
        engine = engine_facts_from(loaded.backend if loaded else None, devices=gpu_devices)
        AboutDialog(shipped_components(), engine, self._window).exec()

    def export_all_data(self, target: Path | None = None) -> BackgroundTask | None:
        if target is None:
            chosen, _ = file_dialogs.save_file(
                self._window,
                tr("Export all data"),
                safe_file_name(f"hearth-data-{date.today().isoformat()}", ".zip"),
                tr("Zip (*.zip)"),
            )
            if chosen is None:
                return None
            target = chosen
        paths, key = self._paths, self._database_key()
        task = BackgroundTask(
            lambda progress, cancel: export_all(
                paths, target, progress=progress, cancel=cancel, database_key=key
            ),
            parent=self._window,
        )
        task.progress.connect(self._on_progress)
        task.succeeded.connect(
            lambda summary: self._task_done(
                tr_n(
                    summary.members, "Exported {n} file to {path}", "Exported {n} files to {path}"
                ).format(path=summary.path)
            )
        )
        task.failed.connect(
            lambda message: self._task_failed(tr("Export failed: {error}").format(error=message))
        )
        self._progress.setRange(0, 0)
        self._progress.show()
        self.state.emit(tr("Exporting all data…"))
        task.start()
        self.task = task
        return task

    def restore_data(self, archive: Path | None = None) -> None:
        if archive is None:
            chosen = file_dialogs.open_file(
                self._window, tr("Restore from an export"), tr("Hearth export (*.zip)")
            )
            if chosen is None:
                return
            archive = chosen
        try:
            stage_restore(self._paths, archive)
        except (ArchiveError, OSError) as exc:
            self.error.emit(
                tr("Cannot restore {name}: {error}").format(name=archive.name, error=exc)
            )
            return
        QMessageBox.information(
            self._window,
            tr("Restore"),
            tr(
                "The export was checked. Quit and start Hearth again to finish restoring; "
                "your current data is backed up first."
            ),
        )

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, max(1, total))
        self._progress.setValue(done)

    def _task_done(self, message: str) -> None:
        self.task = None
        self._progress.hide()
        self.state.emit(message)

    def _task_failed(self, message: str) -> None:
        self.task = None
        self._progress.hide()
        self.error.emit(message)
