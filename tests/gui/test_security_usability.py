"""The security dialogs as a user meets them: "Encrypt my data" waits, saying why, until both
passphrase fields are filled in and agree; the unlock and encryption dialogs and the lock screen
pass the accessibility audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.security import profile_encryption as encryption
from app.security.keyring_store import KeyStore
from app.ui.security.encryption_settings import EncryptionSettingsDialog
from app.ui.security.idle_lock import LockScreen
from app.ui.security.unlock_dialog import UnlockDialog
from tests.fixtures.encryption import FAST_SCRYPT, PASSPHRASE, MemoryKeyring
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    paths = Paths.resolve()
    Core.open(paths).close()
    return paths


def settings_dialog(qtbot: QtBot, paths: Paths) -> EncryptionSettingsDialog:
    dialog = EncryptionSettingsDialog(
        paths,
        None,
        keystore=KeyStore(paths.data_dir, MemoryKeyring()),
        params=FAST_SCRYPT,
        confirm=lambda _parent, _text: True,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def audit(widget: object) -> list[str]:
    return unnamed_interactive_widgets(widget) + tab_chain_problems(widget)  # type: ignore[arg-type]


def test_encrypt_waits_until_both_passphrases_are_filled_in_and_agree(
    qtbot: QtBot, paths: Paths
) -> None:
    dialog = settings_dialog(qtbot, paths)
    button = dialog.enable_button
    steps = [
        ("", "", "both fields"),
        (PASSPHRASE, "", "both fields"),
        ("short", "short", "8"),
        (PASSPHRASE, PASSPHRASE + "x", "differ"),
    ]
    for new, repeat, reason in steps:
        dialog.new.setText(new)
        dialog.repeat.setText(repeat)
        assert not button.isEnabled(), (new, repeat)
        assert dialog.reason.isVisible() and reason in dialog.reason.text(), dialog.reason.text()
    dialog.repeat.setText(PASSPHRASE)
    assert button.isEnabled() and not dialog.reason.isVisible()
    assert not encryption.is_encrypted(paths)


def test_change_passphrase_also_needs_the_current_one(qtbot: QtBot, paths: Paths) -> None:
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    dialog = settings_dialog(qtbot, paths)
    assert not dialog.change_button.isEnabled() and not dialog.disable_button.isEnabled()
    dialog.new.setText(PASSPHRASE + "2")
    dialog.repeat.setText(PASSPHRASE + "2")
    assert not dialog.change_button.isEnabled() and "current" in dialog.reason.text()
    dialog.current.setText(PASSPHRASE)
    assert dialog.change_button.isEnabled() and dialog.disable_button.isEnabled()


def test_the_security_dialogs_pass_the_accessibility_audit(qtbot: QtBot, paths: Paths) -> None:
    plain = settings_dialog(qtbot, paths)
    assert audit(plain) == []
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    encrypted = settings_dialog(qtbot, paths)
    assert audit(encrypted) == []

    unlock = UnlockDialog(paths, keystore=KeyStore(paths.data_dir, MemoryKeyring()))
    qtbot.addWidget(unlock)
    unlock.show()
    assert audit(unlock) == []

    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    cover = LockScreen(window)
    cover.setGeometry(window.rect())
    cover.show()
    assert audit(cover) == []
