"""The window's smaller controllers, each built alone over a real profile: the chat list,
assistants, the two modes, data care, encryption and Adapter Studio's launcher."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressBar, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from app.security.keys import KEY_BYTES, MasterKey
from app.ui.assistants.assistants_controller import AssistantsController, editor_choices_of
from app.ui.chat.conversation_list import ConversationListPanel
from app.ui.chat.conversations_controller import ConversationsController
from app.ui.common.engine_bridge import EngineBridge
from app.ui.security.security_controller import SecurityController
from app.ui.shell.data_care import DataCare
from app.ui.studio.context import StudioContext
from app.ui.studio.launcher import StudioLauncher
from app.ui.templates.document_mode import DocumentMode
from app.ui.templates.panel import TemplatesPanel

from .controller_parts import Parts
from .event_wait import wait_until
from .knowledge_helpers import answer_next_dialog


@pytest.fixture
def parts(hearth_home: Path, qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    yield made
    made.close()


def test_the_chat_list_renames_deletes_and_reuses_an_empty_chat(parts: Parts) -> None:
    chats = parts.core.chats
    kept = chats.new_conversation()
    chats.messages.add(kept.id, "user", "Budget for Q3")
    empty = chats.new_conversation()
    chat_list = ConversationsController(
        chats,
        chat=parts.chat,
        panel=ConversationListPanel(),
        composer=parts.composer,
        parent=parts.host,
    )
    chat_list.refresh()
    assert chat_list.panel.model.rowCount() == 2
    chat_list.open_start_chat()  # the newest chat is still empty: it is reused
    assert parts.chat.conversation_id == empty.id
    chat_list.panel.rename_requested.emit(kept.id, "  Q3 budget  ")
    assert chats.conversations.get(kept.id).title == "Q3 budget"
    chat_list.panel.delete_requested.emit(empty.id)
    assert parts.chat.conversation_id is None
    assert [c.id for c in chats.list_conversations()] == [kept.id]
    assert chat_list.panel.model.rowCount() == 1


def test_assistants_fill_the_picker_and_open_their_dialog(parts: Parts, qtbot: QtBot) -> None:
    core = parts.core
    assistants = AssistantsController(
        core.assistants,
        chat=parts.chat,
        settings=core.settings,
        exporter=core.pack_exporter,
        importer=core.pack_importer,
        editor_choices=lambda: editor_choices_of(core),
        parent=parts.host,
    )
    assistants.refresh()
    names = [assistants.picker.itemText(i) for i in range(assistants.picker.count())]
    assert names and all(any(a.name in n for n in names) for a in core.assistants.list())
    dialog = assistants.open_assistants()
    qtbot.waitExposed(dialog)
    assert assistants.dialog is dialog
    dialog.close()


def test_the_two_modes_switch_the_page_and_the_actions(parts: Parts) -> None:
    core = parts.core
    panel = TemplatesPanel(
        core.templates, EngineBridge(), parts.chat, lambda: core.settings, parts.host
    )
    modes = QStackedWidget()
    modes.addWidget(QWidget())
    modes.addWidget(panel)
    chat_action, documents_action = QAction("Chat"), QAction("Documents")
    for action in (chat_action, documents_action):
        action.setCheckable(True)
    mode = DocumentMode(
        core.templates.library,
        core.knowledge,
        chat=parts.chat,
        modes=modes,
        panel=panel,
        composer=parts.composer,
        chat_action=chat_action,
        documents_action=documents_action,
        parent=parts.host,
    )
    mode.show_documents_mode()
    assert modes.currentWidget() is panel
    assert documents_action.isChecked() and not chat_action.isChecked()
    mode.show_chat_mode()
    assert modes.currentIndex() == 0
    assert chat_action.isChecked() and not documents_action.isChecked()
    panel.shutdown()


def data_care_of(parts: Parts) -> DataCare:
    return DataCare(
        parts.core.paths,
        profile=parts.core,
        database_key=lambda: parts.core.database_key,
        chat=parts.chat,
        progress=QProgressBar(parts.host),
        log_setup=None,
        parent=parts.host,
    )


def test_data_care_exports_all_data_and_refuses_a_bad_restore(parts: Parts, tmp_path: Path) -> None:
    chat = parts.core.chats.new_conversation()
    parts.core.chats.messages.add(chat.id, "user", "The secret merger code is BLUEFIN-42")
    care = data_care_of(parts)
    states: list[str] = []
    errors: list[str] = []
    care.state.connect(states.append)
    care.error.connect(errors.append)
    target = tmp_path / "export.zip"
    task = care.export_all_data(target)
    assert task is not None
    done: list[object] = []
    task.succeeded.connect(done.append)
    task.failed.connect(done.append)
    wait_until(lambda: done, timeout_ms=60_000)
    assert errors == [] and states[-1].startswith("Exported ")
    assert zipfile.is_zipfile(target)
    assert "BLUEFIN-42" not in care.copy_diagnostics()  # support text never holds content
    not_an_export = tmp_path / "notes.zip"
    not_an_export.write_text("not a zip", encoding="utf-8")
    care.restore_data(not_an_export)
    assert errors and errors[-1].startswith("Cannot restore notes.zip")


def close_and_record(seen: list[object]) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        seen.append(dialog)
        if isinstance(dialog, QMessageBox):
            seen.append(dialog.text())  # read now: the box is gone once closed
        dialog.close()

    return act


def test_encryption_waits_for_training_and_only_a_key_brings_an_idle_lock(parts: Parts) -> None:
    training = [True]
    core = parts.core
    core.save_settings(replace(core.settings, idle_lock_minutes=5))
    security = SecurityController(
        core.paths,
        core.database,
        keys=core,
        training_running=lambda: training[-1],
        parent=parts.host,
    )
    assert security.idle_lock is None  # plain data: a lock would promise what it cannot
    seen: list[object] = []
    answer_next_dialog(close_and_record(seen))
    security.open_encryption()
    assert isinstance(seen[0], QMessageBox)
    assert "Adapter Studio is training" in str(seen[1])
    core.encryption_key = MasterKey(bytes(KEY_BYTES))  # as after encryption was switched on
    security.update_idle_lock()
    assert security.idle_lock is not None and not security.idle_lock.is_locked


def test_the_studio_opens_once_and_reports_no_training(parts: Parts) -> None:
    launcher = StudioLauncher(lambda: StudioContext.from_core(parts.core, None), parts.host)
    assert not launcher.training
    studio = launcher.open()
    assert launcher.open() is studio and studio.isVisible()
    assert not launcher.training
    launcher.shutdown()
    assert not studio.isVisible()
