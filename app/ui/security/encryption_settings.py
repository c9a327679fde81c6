"""Settings → Encryption: turn encryption at rest on or off, change the passphrase.

Each operation rewrites the database file, so the open Database lets go of its connections first
(`release_connections`) and reconnects with the new key afterwards (`reconnect`): the rest of the
app keeps its repositories. A passphrase is asked for again before anything is changed, so an
unattended unlocked Hearth cannot be re-keyed or decrypted by a passer-by.

"Encrypt my data" and "Change passphrase" stay disabled, with the reason shown under the fields,
until the passphrase fields are filled in and agree.
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
from app.ui.common.i18n import tr
from app.ui.security.unlock_dialog import error_label, wrong_passphrase

log = logging.getLogger(__name__)


def forgotten_warning() -> str:
    return tr(
        "If you forget the passphrase, your data is gone: there is no reset and no back door, "
        "not for you and not for anyone else. Write it down somewhere safe."
    )


def ssd_note() -> str:
    return tr(
        "The plain copy is overwritten and deleted, but on SSDs and some file systems old blocks "
        "can survive until the disk reuses them; for full protection use disk encryption as well."
    )


def _password_field(placeholder: str, name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    return field


def new_passphrase_reason(new: str, repeat: str) -> str | None:
    """Why the new passphrase cannot be used yet (None: it can), as the user types it."""
    if not new or not repeat:
        return tr("Type the new passphrase in both fields.")
    problem = passphrase_problem(new)
    if problem is not None:
        return problem
    if new != repeat:
        return tr("The two new passphrases differ.")
    return None


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
        self.setWindowTitle(tr("Encryption"))
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

        self.remember = QCheckBox(tr("Remember on this computer (system keyring)"))
        self.remember.setEnabled(keyring_problem is None)
        if keyring_problem:
            self.remember.setToolTip(keyring_problem)

        layout = QVBoxLayout(self)
        self.state = QLabel()
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        layout.addWidget(self.state)
        self.current = _password_field(tr("Current passphrase"), tr("Current passphrase"))
        self.new = _password_field(
            tr("New passphrase (8 characters or more)"), tr("New passphrase")
        )
        self.repeat = _password_field(
            tr("Repeat the new passphrase"), tr("Repeat the new passphrase")
        )
        # Why the button below is disabled, updated as the user types.
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setProperty("tone", "muted")
        self.encrypted = encryption.is_encrypted(paths)
        if self.encrypted:
            self.state.setText(tr("Your data is encrypted."))
            change = QGroupBox(tr("Change the passphrase"))
            form = QFormLayout(change)
            form.addRow(tr("Current:"), self.current)
            form.addRow(tr("New:"), self.new)
            form.addRow(tr("Repeat:"), self.repeat)
            form.addRow(self.reason)
            form.addRow(self.remember)
            self.change_button = QPushButton(tr("Change passphrase"))
            self.change_button.clicked.connect(self._change)
            form.addRow(self.change_button)
            layout.addWidget(change)
            stop = QGroupBox(tr("Stop encrypting"))
            stop_layout = QVBoxLayout(stop)
            stop_layout.addWidget(
                QLabel(
                    tr("Stores your data unencrypted again (uses the current passphrase above).")
                )
            )
            self.disable_button = QPushButton(tr("Decrypt my data"))
            self.disable_button.clicked.connect(self._disable)
            stop_layout.addWidget(self.disable_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(stop)
        else:
            self.state.setText(tr("Your data is not encrypted."))
            intro = QLabel(
                tr(
                    "Encrypt your conversations, documents and adapter copies with a passphrase. "
                    "Hearth will ask for it each time it starts and after it has been idle."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addWidget(_warning(forgotten_warning()))
            form = QFormLayout()
            form.addRow(tr("Passphrase:"), self.new)
            form.addRow(tr("Repeat:"), self.repeat)
            form.addRow(self.reason)
            form.addRow(self.remember)
            layout.addLayout(form)
            note = QLabel(ssd_note())
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
            self.enable_button = QPushButton(tr("Encrypt my data"))
            self.enable_button.clicked.connect(self._enable)
            layout.addWidget(self.enable_button, 0, Qt.AlignmentFlag.AlignLeft)
        for field in (self.current, self.new, self.repeat):
            field.textChanged.connect(self._update_buttons)
        self._update_buttons()
        if keyring_problem:
            hint = QLabel(
                tr("No system keyring was found: the passphrase will be asked each time.")
            )
            hint.setWordWrap(True)
            hint.setEnabled(False)
            layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.done_note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    # ---- the fields --------------------------------------------------------------------------

    def blocked_reason(self) -> str | None:
        """Why the main button (Encrypt, or Change passphrase) cannot be pressed yet."""
        if self.encrypted and not self.current.text():
            return tr("Type your current passphrase.")
        return new_passphrase_reason(self.new.text(), self.repeat.text())

    def _update_buttons(self) -> None:
        reason = self.blocked_reason()
        self.reason.setText(reason or "")
        self.reason.setVisible(reason is not None)
        button = getattr(self, "change_button" if self.encrypted else "enable_button", None)
        if button is not None and self.new.isEnabled():  # after a change, all stay disabled
            button.setEnabled(reason is None)
            button.setAccessibleDescription(reason or "")
        disable = getattr(self, "disable_button", None)
        if disable is not None and self.current.isEnabled():
            disable.setEnabled(bool(self.current.text()))

    # ---- the operations ----------------------------------------------------------------------

    def _new_passphrase(self) -> str | None:
        new = self.new.text()
        problem = new_passphrase_reason(new, self.repeat.text())
        if problem is not None:
            self._fail(problem)
            return None
        return new

    def _current_key(self) -> MasterKey | None:
        try:
            return encryption.unlock(self._paths, self.current.text())
        except WrongPassphraseError:
            self._fail(wrong_passphrase())
        except StorageError as exc:
            self._fail(str(exc))
        return None

    def _enable(self) -> None:
        new = self._new_passphrase()
        if new is None or not self._confirm(
            self, forgotten_warning() + "\n\n" + tr("Encrypt now?")
        ):
            return
        self._run(
            lambda: encryption.enable(
                self._paths,
                new,
                params=self._params,
                remember_key=self.remember.isChecked(),
                keystore=self._keystore,
            ),
            tr("Your data is now encrypted."),
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
            tr("The passphrase was changed."),
            key,
        )

    def _disable(self) -> None:
        key = self._current_key()
        if key is None:
            return
        if not self._confirm(self, tr("Store your data unencrypted on this computer?")):
            return
        self._run(
            lambda: encryption.disable(self._paths, key, keystore=self._keystore),
            tr("Your data is no longer encrypted."),
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
            field.setEnabled(False)
            field.clear()
        self.reason.hide()
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
    answer = QMessageBox.question(parent, tr("Encryption"), text)
    return answer == QMessageBox.StandardButton.Yes
