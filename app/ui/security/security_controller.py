"""The profile's encryption as the window offers it: the Encryption dialog, and the idle lock
that only an encrypted profile gets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.config import Paths, Settings
from app.security.keys import MasterKey
from app.security.profile_encryption import unlock
from app.storage import StorageError
from app.storage.database import Database
from app.ui.common.i18n import tr
from app.ui.security.encryption_settings import EncryptionSettingsDialog
from app.ui.security.idle_lock import IdleLock


class KeyHolder(Protocol):
    """The open profile's key (`app.core.Core` is one)."""

    settings: Settings
    encryption_key: MasterKey | None

    def set_encryption_key(self, key: MasterKey | None) -> None: ...


class SecurityController(QObject):
    def __init__(
        self,
        paths: Paths,
        database: Database,
        *,
        keys: KeyHolder,
        training_running: Callable[[], bool],
        parent: QMainWindow,
    ) -> None:
        super().__init__(parent)
        self._window = parent  # what the idle lock covers
        self._paths = paths
        self._database = database
        self._keys = keys
        self._training_running = training_running
        self.idle_lock: IdleLock | None = None
        self.update_idle_lock()

    def open_encryption(self) -> None:
        if self._training_running():
            # The training process writes its files sealed with the key it was given: switching
            # the key under it would leave files the profile can no longer read.
            QMessageBox.information(
                self._window,
                tr("Encryption"),
                tr(
                    "Adapter Studio is training. Pause or cancel the training first, then change "
                    "the encryption (a paused run is converted with the rest of your data)."
                ),
            )
            return
        dialog = EncryptionSettingsDialog(self._paths, self._database, parent=self._window)
        dialog.key_changed.connect(self._on_key_changed)
        dialog.exec()

    def _on_key_changed(self, key: MasterKey | None) -> None:
        self._keys.set_encryption_key(key)
        self.update_idle_lock()

    def _check_passphrase(self, passphrase: str) -> bool:
        try:
            return unlock(self._paths, passphrase) == self._keys.encryption_key
        except StorageError:
            return False

    def update_idle_lock(self) -> None:
        """Only an encrypted profile locks: locking plain data would promise what it cannot."""
        minutes = self._keys.settings.idle_lock_minutes if self._keys.encryption_key else 0
        if self.idle_lock is None and minutes:
            self.idle_lock = IdleLock(
                self._window, self._check_passphrase, timeout_ms=IdleLock.minutes_to_ms(minutes)
            )
        elif self.idle_lock is not None:
            self.idle_lock.set_timeout_ms(IdleLock.minutes_to_ms(minutes))
