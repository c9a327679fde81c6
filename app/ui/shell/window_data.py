"""The main window's data care: diagnostics, About, encryption, export and restore of all data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
)

from app.data_archive import ArchiveError, export_all, stage_restore
from app.diagnostics import diagnostics_text, engine_facts_from
from app.file_names import safe_file_name
from app.licenses import shipped_components
from app.security.keys import MasterKey
from app.security.profile_encryption import unlock
from app.storage import StorageError
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.security.encryption_settings import EncryptionSettingsDialog
from app.ui.security.idle_lock import IdleLock
from app.ui.shell.about_dialog import AboutDialog
from app.ui.shell.window_parts import WindowParts


class DataActions(WindowParts):
    def copy_diagnostics(self) -> str:
        """Versions, backend, paths and recent problems for a support request; never content."""
        from app.engine.backends import gpu_devices  # llama.cpp is loaded by now

        loaded = self.controller.loaded_model
        text = diagnostics_text(
            self.core.paths,
            self.core.settings,
            engine=engine_facts_from(loaded.backend if loaded else None, devices=gpu_devices),
            recent=self.log_setup.recent.lines() if self.log_setup else None,
        )
        QApplication.clipboard().setText(text)
        self.status.show_state("Diagnostics copied (no chat or document text included)")
        return text

    def open_about(self) -> None:
        """Help > About: version, llama.cpp backend, and every shipped licence."""
        from app.engine.backends import gpu_devices  # llama.cpp is loaded by now

        loaded = self.controller.loaded_model
        engine = engine_facts_from(loaded.backend if loaded else None, devices=gpu_devices)
        AboutDialog(shipped_components(), engine, self.window_widget).exec()

    # ---- encryption --------------------------------------------------------------------------

    def open_encryption(self) -> None:
        studio = self._studio
        if studio is not None and studio.runner.running:
            # The training process writes its files sealed with the key it was given: switching
            # the key under it would leave files the profile can no longer read.
            QMessageBox.information(
                self.window_widget,
                "Encryption",
                "Adapter Studio is training. Pause or cancel the training first, then change "
                "the encryption (a paused run is converted with the rest of your data).",
            )
            return
        dialog = EncryptionSettingsDialog(
            self.core.paths, self.core.database, parent=self.window_widget
        )
        dialog.key_changed.connect(self._on_key_changed)
        dialog.exec()

    def _on_key_changed(self, key: MasterKey | None) -> None:
        self.core.set_encryption_key(key)
        self._update_idle_lock()

    def _check_passphrase(self, passphrase: str) -> bool:
        try:
            return unlock(self.core.paths, passphrase) == self.core.encryption_key
        except StorageError:
            return False

    def _update_idle_lock(self) -> None:
        """Only an encrypted profile locks: locking plain data would promise what it cannot."""
        minutes = self.core.settings.idle_lock_minutes if self.core.encryption_key else 0
        if self.idle_lock is None and minutes:
            self.idle_lock = IdleLock(
                self.window_widget,
                self._check_passphrase,
                timeout_ms=IdleLock.minutes_to_ms(minutes),
            )
        elif self.idle_lock is not None:
            self.idle_lock.set_timeout_ms(IdleLock.minutes_to_ms(minutes))

    # ---- all data ----------------------------------------------------------------------------

    def export_all_data(self, target: Path | None = None) -> BackgroundTask | None:
        if target is None:
            chosen, _ = file_dialogs.save_file(
                self.window_widget,
                "Export all data",
                safe_file_name(f"hearth-data-{date.today().isoformat()}", ".zip"),
                "Zip (*.zip)",
            )
            if chosen is None:
                return None
            target = chosen
        paths, key = self.core.paths, self.core.database_key
        task = BackgroundTask(
            lambda progress, cancel: export_all(
                paths, target, progress=progress, cancel=cancel, database_key=key
            ),
            parent=self.window_widget,
        )
        task.progress.connect(self._on_import_progress)
        task.succeeded.connect(
            lambda summary: self._task_done(f"Exported {summary.members} files to {summary.path}")
        )
        task.failed.connect(lambda message: self._task_failed(f"Export failed: {message}"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.show_state("Exporting all data…")
        task.start()
        self._data_task = task
        return task

    def restore_data(self, archive: Path | None = None) -> None:
        if archive is None:
            chosen = file_dialogs.open_file(
                self.window_widget, "Restore from an export", "Hearth export (*.zip)"
            )
            if chosen is None:
                return
            archive = chosen
        try:
            stage_restore(self.core.paths, archive)
        except (ArchiveError, OSError) as exc:
            self.show_error(f"Cannot restore {archive.name}: {exc}")
            return
        QMessageBox.information(
            self.window_widget,
            "Restore",
            "The export was checked. Quit and start Hearth again to finish restoring; "
            "your current data is backed up first.",
        )

    def _task_done(self, message: str) -> None:
        self._data_task = None
        self.progress.hide()
        self.status.show_state(message)

    def _task_failed(self, message: str) -> None:
        self._data_task = None
        self.progress.hide()
        self.show_error(message)
