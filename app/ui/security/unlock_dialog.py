"""Asking for the passphrase of an encrypted profile at start.

A wrong passphrase is told inline and the dialog stays open for another try; nothing on disk is
touched until the passphrase is proven right (it is checked against encryption.json's verifier).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.security import profile_encryption as encryption
from app.security.keyring_store import KeyStore
from app.security.keys import MasterKey
from app.storage import StorageError
from app.storage.cipher import WrongPassphraseError
from app.ui.common.i18n import tr
from app.ui.common.theme import set_tone

log = logging.getLogger(__name__)


def wrong_passphrase() -> str:
    return tr("That passphrase is not right. Check Caps Lock and try again.")


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("passphraseError")
    label.setWordWrap(True)
    set_tone(label, "error")
    label.hide()
    return label


class UnlockDialog(QDialog):
    """Passphrase prompt; `key` holds the unlocked key once the dialog is accepted."""

    def __init__(
        self, paths: Paths, *, keystore: KeyStore | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Unlock Hearth"))
        self._paths = paths
        self._keystore = keystore or KeyStore(paths.data_dir)
        self.key: MasterKey | None = None
        self.keyring_note: str | None = None
        self.attempts = 0

        heading = QLabel(tr("Your Hearth data is encrypted"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        explanation = QLabel(tr("Enter your passphrase to open your conversations and documents."))
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(420)  # sets the dialog's width: see the size constraint
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(tr("Passphrase"))
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.error = error_label()
        self.remember = QCheckBox(tr("Remember on this computer"))
        problem = self._keystore.unavailable_reason()
        if problem is None:
            self.remember.setToolTip(
                tr("Keeps the key in the system keyring, so Hearth opens without asking.")
            )
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip(problem)
        self.keyring_problem = problem

        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.setDefault(True)
        buttons.accepted.connect(self._try_unlock)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.remember)
        if problem is not None:
            note = QLabel(
                tr("No system keyring was found, so the passphrase is asked for each time.")
            )
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        # Wrapped labels need the height for the dialog's real width, also once the error shows.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    def _try_unlock(self) -> None:
        self.attempts += 1
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt takes a moment
        try:
            key = encryption.unlock(self._paths, self.passphrase.text())
        except WrongPassphraseError:
            self._show_error(wrong_passphrase())
            return
        except StorageError as exc:
            self._show_error(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.key = key
        if self.remember.isChecked():
            self.keyring_note = encryption.remember(self._paths, key, self._keystore)
            if self.keyring_note:
                log.warning("could not remember the key: %s", self.keyring_note)
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()
        self.passphrase.selectAll()
        self.passphrase.setFocus()


def ask_for_key(
    paths: Paths, *, keystore: KeyStore | None = None, parent: QWidget | None = None
) -> MasterKey | None:
    """The key of the encrypted profile at `paths`: from the keyring when remembered (and still
    valid), else from the dialog. None when the user chose Quit."""
    remembered = encryption.remembered_key(paths, keystore)
    if remembered is not None:
        return remembered
    dialog = UnlockDialog(paths, keystore=keystore, parent=parent)
    return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None
