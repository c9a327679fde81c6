"""Attaching, scaling and detaching LoRA adapters in the real window, on the real model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from tests.fixtures.make_lora import write_lora

from .event_wait import wait_until
from .test_main_window import LOAD_TIMEOUT_MS, Session, assistant_widgets

SHOTS = Path("/tmp/shots")


@pytest.fixture
def session(
    hearth_home: Path, starter_model: Path, qtbot: QtBot, tmp_path: Path
) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.adapters.import_adapter(write_lora(tmp_path / "legal.gguf", starter_model, seed=7))
    core.adapters.import_adapter(
        write_lora(tmp_path / "wide.gguf", starter_model, wrong_shape=True)
    )
    core.close()
    session = Session(qtbot, max_tokens=12)
    yield session
    session.close()


def test_attach_scale_and_detach_without_reloading(session: Session, qtbot: QtBot) -> None:
    window = session.window
    session.load()
    loads = []
    session.bridge.model_loaded.connect(lambda rid, model: loads.append(rid))
    window.commands.adapters.trigger()
    panel = window.adapter_panel
    assert window.side_panel.isVisible()
    legal, wide = panel.rows
    assert legal.check.isEnabled()
    assert not wide.check.isEnabled()  # the wrong-shape adapter is refused before any load
    assert (
        "Does not fit the loaded model"
        in wide.findChild(type(panel.summary), "adapterProblem").text()
    )

    legal.check.setChecked(True)
    wait_until(lambda: window.controller.active_adapters != (), timeout_ms=LOAD_TIMEOUT_MS)
    assert [(a.path, a.scale) for a in window.controller.active_adapters] == [
        (legal.record.path, 1.0)
    ]
    assert window.status.adapters_label.text() == f"+ {legal.record.name} at 1"
    assert "Active:" in panel.summary.text()

    legal.spin.setValue(1.5)
    wait_until(
        lambda: [a.scale for a in window.controller.active_adapters] == [1.5],
        timeout_ms=LOAD_TIMEOUT_MS,
    )
    assert legal.slider.value() == 150
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "adapters-panel.png"))

    session.type_and_send("Tell me about contracts.")
    session.wait_idle()
    reply = assistant_widgets(window)[-1]
    assert f"adapters: {legal.record.name} at 1.5" in reply.meta()
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None
    stored = session.core.chats.messages.list(conversation_id)[-1].generation
    assert stored is not None
    assert [(a.sha256, a.scale) for a in stored.adapters] == [(legal.record.sha256, 1.5)]

    panel.detach_button.click()
    wait_until(lambda: window.controller.active_adapters == (), timeout_ms=LOAD_TIMEOUT_MS)
    assert not legal.check.isChecked()
    assert window.status.adapters_label.isHidden()
    assert loads == []  # every change applied to the loaded model, none reloaded it


def test_a_dropped_adapter_file_is_imported_as_an_adapter(
    session: Session, starter_model: Path, tmp_path: Path
) -> None:
    window = session.window
    dropped = write_lora(tmp_path / "dropped.gguf", starter_model, seed=9)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    wait_until(
        lambda: any(r.path == str(dropped.resolve()) for r in session.core.adapters.list()),
        timeout_ms=LOAD_TIMEOUT_MS,
    )
    wait_until(lambda: len(window.adapter_panel.rows) == 3, timeout_ms=LOAD_TIMEOUT_MS)
    assert len(session.core.models.list()) == 1  # not mistaken for a model


def test_a_dropped_peft_folder_is_converted_and_imported(session: Session, tmp_path: Path) -> None:
    from tests.fixtures.peft_folder import starter_shaped

    window = session.window
    folder = starter_shaped(tmp_path / "tone-of-voice")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()
    wait_until(
        lambda: any(r.name == "tone-of-voice" for r in session.core.adapters.list()),
        timeout_ms=LOAD_TIMEOUT_MS,
    )
    wait_until(lambda: len(window.adapter_panel.rows) == 3, timeout_ms=LOAD_TIMEOUT_MS)
