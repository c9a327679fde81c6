"""Encryption settings wait while Adapter Studio trains: the training process seals its files
with the key it was started with, so the key must not change under it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.security.encryption_settings import EncryptionSettingsDialog
from app.ui.studio.training_runner import TrainingRunner
from tests.gui.knowledge_helpers import answer_next_dialog
from tests.gui.test_main_window import Session


@pytest.fixture
def session(hearth_home: Path, qtbot: QtBot) -> Iterator[Session]:
    opened = Session(qtbot)
    yield opened
    opened.close()


def close_and_record(seen: list[object]) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        seen.append(dialog)
        if isinstance(dialog, QMessageBox):
            seen.append(dialog.text())
        dialog.close()

    return act


def test_encryption_waits_for_a_running_training(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = session.window
    window.studio.open()
    seen: list[object] = []
    # The guard is under test, not training: a runner that reports a run in progress.
    monkeypatch.setattr(TrainingRunner, "running", property(lambda _self: True))
    answer_next_dialog(close_and_record(seen))
    window.security.open_encryption()
    assert isinstance(seen[0], QMessageBox)
    assert "Adapter Studio is training" in str(seen[1])

    monkeypatch.setattr(TrainingRunner, "running", property(lambda _self: False))
    seen.clear()
    answer_next_dialog(close_and_record(seen))
    window.security.open_encryption()
    assert isinstance(seen[0], EncryptionSettingsDialog)
    assert QApplication.activeModalWidget() is None
