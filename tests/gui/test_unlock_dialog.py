"""The unlock dialog, the idle lock and the encryption settings, on real encrypted profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.core import Core
from app.security import profile_encryption as encryption
from app.security.keyring_store import KeyStore
from app.security.keys import MasterKey
from app.storage import StorageError
from app.storage.cipher import looks_encrypted
from app.ui.security.encryption_settings import EncryptionSettingsDialog
from app.ui.security.idle_lock import IdleLock
from app.ui.security.unlock_dialog import UnlockDialog
from tests.fixtures.encryption import (
    FAST_SCRYPT,
    PASSPHRASE,
    SECRET_TEXT,
    MemoryKeyring,
    database_files,
    raw_bytes,
)
from tests.gui.event_wait import wait_until

SHOTS = Path("/tmp/shots")


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    paths = Paths.resolve()
    core = Core.open(paths)
    chat = ConversationRepository(core.database).create("Plans")
    MessageRepository(core.database).add(chat.id, "user", SECRET_TEXT)
    core.close()
    return paths


@pytest.fixture
def encrypted(paths: Paths) -> Paths:
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    return paths


def _shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_a_wrong_passphrase_is_shown_inline_and_changes_nothing(
    qtbot: QtBot, encrypted: Paths
) -> None:
    before = raw_bytes(*database_files(encrypted.database))
    dialog = UnlockDialog(encrypted, keystore=KeyStore(encrypted.data_dir, MemoryKeyring()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "wrong guess")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.key is None
    assert dialog.error.isVisible()
    assert "not right" in dialog.error.text()
    assert dialog.passphrase.selectedText() == "wrong guess"  # ready to be typed over
    _shot(dialog, "unlock_dialog_wrong_passphrase")
    assert raw_bytes(*database_files(encrypted.database)) == before

    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.key == encryption.unlock(encrypted, PASSPHRASE)
    assert dialog.attempts == 2
    Core.open(encrypted, key=dialog.key).close()


def test_remember_on_this_computer_puts_the_key_in_the_keyring(
    qtbot: QtBot, encrypted: Paths
) -> None:
    backend = MemoryKeyring()
    store = KeyStore(encrypted.data_dir, backend)
    dialog = UnlockDialog(encrypted, keystore=store)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled()
    dialog.remember.setChecked(True)
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert len(backend.entries) == 1
    assert encryption.remembered_key(encrypted, store) == dialog.key


def test_without_a_keyring_remember_is_disabled_and_says_why(
    qtbot: QtBot, encrypted: Paths
) -> None:
    dialog = UnlockDialog(encrypted, keystore=KeyStore(encrypted.data_dir, fail.Keyring()))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isEnabled()
    assert "No password keyring" in dialog.remember.toolTip()
    _shot(dialog, "unlock_dialog_no_keyring")


def test_the_idle_lock_hides_the_window_and_wants_the_passphrase(
    qtbot: QtBot, encrypted: Paths
) -> None:
    key = encryption.unlock(encrypted, PASSPHRASE)
    window = QMainWindow()
    qtbot.addWidget(window)
    editor = QPlainTextEdit(SECRET_TEXT)
    window.setCentralWidget(editor)
    window.menuBar().addMenu("&File")
    window.resize(640, 420)
    window.show()
    qtbot.waitExposed(window)
    checks: list[str] = []

    def check(passphrase: str) -> bool:
        checks.append(passphrase)
        try:
            return encryption.unlock(encrypted, passphrase) == key
        except StorageError:
            return False

    lock = IdleLock(window, check, timeout_ms=150)
    wait_until(lambda: lock.is_locked, timeout_ms=5000)
    screen = lock.screen
    assert screen is not None and screen.isVisible()
    assert screen.geometry() == window.rect()
    assert not editor.isEnabled() and not window.menuBar().isEnabled()
    _shot(window, "idle_lock_screen")
    # Nothing of the secret is painted: the lock screen covers the whole window.
    image = window.grab().toImage()
    covered = screen.grab().toImage()
    assert image.pixelColor(20, 200) == covered.pixelColor(20, 200)

    qtbot.keyClicks(screen.passphrase, "nope nope")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert lock.is_locked and screen.error.isVisible()
    screen.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    assert editor.isEnabled() and window.menuBar().isEnabled()
    assert checks == ["nope nope", PASSPHRASE]
    lock.set_timeout_ms(0)  # off: stays unlocked from here


def test_the_settings_dialog_encrypts_a_live_database_and_keeps_it_usable(
    qtbot: QtBot, paths: Paths
) -> None:
    core = Core.open(paths)
    try:
        store = KeyStore(paths.data_dir, MemoryKeyring())
        dialog = EncryptionSettingsDialog(
            paths,
            core.database,
            keystore=store,
            params=FAST_SCRYPT,
            confirm=lambda _parent, _text: True,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        _shot(dialog, "encryption_settings_plain")
        warning = dialog.findChild(QLabel, "encryptionWarning")
        assert isinstance(warning, QLabel) and "forget the passphrase" in warning.text()

        assert not dialog.enable_button.isEnabled()  # nothing typed yet
        dialog.new.setText(PASSPHRASE)
        dialog.repeat.setText(PASSPHRASE + "x")
        qtbot.mouseClick(dialog.enable_button, Qt.MouseButton.LeftButton)
        assert not dialog.enable_button.isEnabled() and "differ" in dialog.reason.text()
        assert not looks_encrypted(paths.database)

        received: list[MasterKey | None] = []
        dialog.key_changed.connect(received.append)
        dialog.repeat.setText(PASSPHRASE)
        dialog.remember.setChecked(True)
        qtbot.mouseClick(dialog.enable_button, Qt.MouseButton.LeftButton)
        assert not dialog.error.isVisible(), dialog.error.text()
        assert looks_encrypted(paths.database)
        assert received == [encryption.unlock(paths, PASSPHRASE)]
        assert encryption.remembered_key(paths, store) == received[0]
        # The open Core keeps working on the now-encrypted file.
        (chat,) = core.chats.conversations.list()
        assert [m.content for m in core.chats.messages.list(chat.id)] == [SECRET_TEXT]
        core.chats.messages.add(chat.id, "assistant", "written after encryption")
        assert core.database.encrypted
    finally:
        core.close()
    assert b"written after encryption" not in raw_bytes(*database_files(paths.database))


def test_the_settings_dialog_of_an_encrypted_profile(qtbot: QtBot, encrypted: Paths) -> None:
    key = encryption.unlock(encrypted, PASSPHRASE)
    core = Core.open(encrypted, key=key)
    try:
        dialog = EncryptionSettingsDialog(
            encrypted,
            core.database,
            keystore=KeyStore(encrypted.data_dir, MemoryKeyring()),
            params=FAST_SCRYPT,
            confirm=lambda _parent, _text: True,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        _shot(dialog, "encryption_settings_encrypted")
        dialog.current.setText("wrong passphrase")
        qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
        assert "not right" in dialog.error.text() and looks_encrypted(encrypted.database)

        dialog.current.setText(PASSPHRASE)
        qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
        assert not looks_encrypted(encrypted.database)
        assert not core.database.encrypted
        (chat,) = core.chats.conversations.list()
        assert [m.content for m in core.chats.messages.list(chat.id)] == [SECRET_TEXT]
    finally:
        core.close()
