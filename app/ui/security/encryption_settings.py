"""Settings → Encryption: turn encryption at rest on or off, change the passphrase.

Each operation rewrites the database file, so the open Database lets go of its connections first
(`release_connections`) and reconnects with the new key afterwards (`reconnect`): the rest of the
app keeps its repositories. A passphrase is asked for again before anything is changed, so an
unattended unlocked Hearth cannot be re-keyed or decrypted by a passer-by.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.security import profile_encryption as encryption
from app.security.file_crypto import FileCryptoError
from app.security.keyring_store import KeyStore
from app.security.keys import MasterKey, ScryptParams, passphrase_problem
from app.storage import Database, StorageError
from app.storage.cipher import WrongPassphraseError
from app.ui.security.unlock_dialog import WRONG_PASSPHRASE, error_label

log = logging.getLogger(__name__)

FORGOTTEN_WARNING = (
    "If you forget the passphrase, your data is gone: there is no reset and no back door, not "
    "for you and not for anyone else. Write it down somewhere safe."
)
SSD_NOTE = (
    "The plain copy is overwritten and deleted, but on SSDs and some file systems old blocks can "
    "survive until the disk reuses them; for full protection use disk encryption as well."
)


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def _warning(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("encryptionWarning")
    label.setProperty("role", "notice")
    return label


class EncryptionSettingsDialog(QDialog):
    """`key_changed(MasterKey | None)` is emitted after a successful change: the new key, or
    None once the data is plain again (the owner stores it as Core.encryption_key)."""

    key_changed = Signal(object)

    def __init__(
        self,
        paths: Paths,
        database: Database | None,
        *,
        keystore: KeyStore | None = None,
        params: ScryptParams | None = None,
        confirm: Callable[[QWidget, str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encryption")
        self.setMinimumWidth(480)
        self._paths = paths
        self._database = database
        self._keystore = keystore or KeyStore(paths.data_dir)
        self._params = params
        self._confirm = confirm or _ask_yes_no
        self.error = error_label()
        self.done_note = QLabel()
        self.done_note.setWordWrap(True)
        self.done_note.hide()
        keyring_problem = self._keystore.unavailable_reason()

        self.remember = QCheckBox("Remember on this computer (system keyring)")
        self.remember.setEnabled(keyring_problem is None)
        if keyring_problem:
            self.remember.setToolTip(keyring_problem)

        layout = QVBoxLayout(self)
        self.state = QLabel()
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        layout.addWidget(self.state)
        self.current = _password_field("Current passphrase")
        self.new = _password_field("New passphrase (8 characters or more)")
        self.repeat = _password_field("Repeat the new passphrase")
        self.encrypted = encryption.is_encrypted(paths)
        if self.encrypted:
            self.state.setText("Your data is encrypted.")
            change = QGroupBox("Change the passphrase")
            form = QFormLayout(change)
            form.addRow("Current:", self.current)
            form.addRow("New:", self.new)
            form.addRow("Repeat:", self.repeat)
            form.addRow(self.remember)
            self.change_button = QPushButton("Change passphrase")
            self.change_button.clicked.connect(self._change)
            form.addRow(self.change_button)
            layout.addWidget(change)
            stop = QGroupBox("Stop encrypting")
            stop_layout = QVBoxLayout(stop)
            stop_layout.addWidget(
                QLabel("Stores your data unencrypted again (uses the current passphrase above).")
            )
            self.disable_button = QPushButton("Decrypt my data")
            self.disable_button.clicked.connect(self._disable)
            stop_layout.addWidget(self.disable_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(stop)
        else:
            self.state.setText("Your data is not encrypted.")
            intro = QLabel(
                "Encrypt your conversations, documents and adapter copies with a passphrase. "
                "Hearth will ask for it each time it starts and after it has been idle."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addWidget(_warning(FORGOTTEN_WARNING))
            form = QFormLayout()
            form.addRow("Passphrase:", self.new)
            form.addRow("Repeat:", self.repeat)
            form.addRow(self.remember)
            layout.addLayout(form)
            note = QLabel(SSD_NOTE)
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
            self.enable_button = QPushButton("Encrypt my data")
            self.enable_button.clicked.connect(self._enable)
            layout.addWidget(self.enable_button, 0, Qt.AlignmentFlag.AlignLeft)
        if keyring_problem:
            hint = QLabel("No system keyring was found: the passphrase will be asked each time.")
            hint.setWordWrap(True)
            hint.setEnabled(False)
            layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.done_note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    # ---- the operations ----------------------------------------------------------------------

    def _new_passphrase(self) -> str | None:
        new = self.new.text()
        problem = passphrase_problem(new)
        if problem is None and new != self.repeat.text():
            problem = "The two new passphrases differ."
        if problem is not None:
            self._fail(problem)
            return None
        return new

    def _current_key(self) -> MasterKey | None:
        try:
            return encryption.unlock(self._paths, self.current.text())
        except WrongPassphraseError:
            self._fail(WRONG_PASSPHRASE)
        except StorageError as exc:
            self._fail(str(exc))
        return None

    def _enable(self) -> None:
        new = self._new_passphrase()
        if new is None or not self._confirm(self, FORGOTTEN_WARNING + "\n\nEncrypt now?"):
            return
        self._run(
            lambda: encryption.enable(
                self._paths,
                new,
                params=self._params,
                remember_key=self.remember.isChecked(),
                keystore=self._keystore,
            ),
            "Your data is now encrypted.",
            None,
        )

    def _change(self) -> None:
        key = self._current_key()
        new = self._new_passphrase() if key is not None else None
        if key is None or new is None:
            return
        self._run(
            lambda: encryption.change_passphrase(
                self._paths,
                key,
                new,
                params=self._params,
                remember_key=self.remember.isChecked(),
                keystore=self._keystore,
            ),
            "The passphrase was changed.",
            key,
        )

    def _disable(self) -> None:
        key = self._current_key()
        if key is None:
            return
        if not self._confirm(self, "Store your data unencrypted on this computer?"):
            return
        self._run(
            lambda: encryption.disable(self._paths, key, keystore=self._keystore),
            "Your data is no longer encrypted.",
            key,
        )

    def _run(
        self,
        operation: Callable[[], encryption.ConversionReport],
        headline: str,
        key_before: MasterKey | None,
    ) -> None:
        self.error.hide()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self._database is not None:
                self._database.release_connections()
            try:
                report = operation()
            except BaseException:
                # Every operation leaves the file as it was when it fails: reopen it so.
                self._reconnect(key_before)
                raise
            self._reconnect(report.key)
        except (StorageError, FileCryptoError, OSError) as exc:
            log.warning("encryption change failed", exc_info=True)
            self._fail(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        lines = [headline, *report.notes]
        if report.keyring_note:
            lines.append(report.keyring_note)
        self.done_note.setText("\n".join(lines))
        self.done_note.show()
        for field in (self.current, self.new, self.repeat):
            field.clear()
            field.setEnabled(False)
        for name in ("enable_button", "change_button", "disable_button"):
            button = getattr(self, name, None)
            if button is not None:
                button.setEnabled(False)
        self.key_changed.emit(report.key)

    def _reconnect(self, key: MasterKey | None) -> None:
        if self._database is not None:
            self._database.reconnect(key.database_key if key is not None else None)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def _ask_yes_no(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, "Encryption", text)
    return answer == QMessageBox.StandardButton.Yes
