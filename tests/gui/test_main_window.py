"""The real main window, the real inference thread and the real starter model, offscreen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths, SettingsStore
from app.core import Core
from app.ui.shell.main_window import MainWindow

from .event_wait import wait_until

LOAD_TIMEOUT_MS = 30_000
REPLY_TIMEOUT_MS = 60_000


class Session:
    """One run of the app: core, engine thread, window. `close()` is what quitting does."""

    def __init__(self, qtbot: QtBot, *, max_tokens: int = 40, n_ctx: int = 2048) -> None:
        self.core = Core.open(Paths.resolve())
        self.core.save_settings(
            replace(self.core.settings, max_tokens=max_tokens, n_ctx=n_ctx, seed=11)
        )
        self.bridge, self.worker = start_engine()
        self.window = MainWindow(self.core, self.bridge)
        qtbot.addWidget(self.window)
        self.window.show()
        self.qtbot = qtbot

    def load(self) -> None:
        self.window.library.load_default_model()
        wait_until(
            lambda: self.window.controller.loaded_model is not None, timeout_ms=LOAD_TIMEOUT_MS
        )

    def type_and_send(self, text: str) -> None:
        editor = self.window.composer.editor
        self.qtbot.keyClicks(editor, text)
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)

    def wait_idle(self) -> None:
        wait_until(lambda: not self.window.controller.busy, timeout_ms=REPLY_TIMEOUT_MS)

    def close(self) -> None:
        self.window.close()
        self.bridge.shutdown()
        self.core.close()


@pytest.fixture
def app_with_model(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot)
    yield session
    session.close()


def assistant_widgets(window: MainWindow) -> list:
    return [w for w in window.chat_view.message_widgets() if w.role == "assistant"]


def test_type_a_message_and_see_the_reply_stream_in(app_with_model: Session, qtbot: QtBot) -> None:
    session = app_with_model
    session.load()
    window = session.window
    assert window.status.isVisible()
    chunks: list[str] = []
    session.bridge.text_received.connect(lambda _rid, text: chunks.append(text))

    session.type_and_send("Name three rivers in Europe.")
    assert window.controller.busy
    assert window.composer.editor.toPlainText() == ""  # the message left the input box
    session.wait_idle()

    widgets = window.chat_view.message_widgets()
    assert [w.role for w in widgets] == ["user", "assistant"]
    reply = widgets[1]
    assert reply.text().strip()
    assert reply.text() == "".join(chunks)
    assert len(chunks) > 1, "the reply must arrive in several pieces while it is generated"
    assert "tok/s" in reply.meta()
    # It is stored, with what produced it.
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None
    stored = session.core.chats.messages.list(conversation_id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[1].content == reply.text()
    generation = stored[1].generation
    assert generation is not None
    assert generation.seed == 11
    assert generation.model_sha256 == session.core.models.list()[0].sha256
    assert generation.completion_tokens > 0
    # The conversation list shows the chat under a title made from the first message.
    titles = [c.title for c in session.core.chats.conversations.list()]
    assert "Name three rivers in Europe." in titles


def test_escape_stops_the_reply_and_keeps_it_marked_incomplete(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot, max_tokens=1500)
    try:
        session.load()
        window = session.window
        received: list[str] = []
        session.bridge.text_received.connect(lambda _rid, text: received.append(text))
        session.type_and_send("Write a very long story about a lighthouse keeper and the sea.")
        wait_until(lambda: len(received) >= 3, timeout_ms=REPLY_TIMEOUT_MS)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Escape)
        session.wait_idle()

        reply = assistant_widgets(window)[-1]
        assert not reply.is_complete()
        assert reply.incomplete_badge.isVisible()
        conversation_id = window.controller.conversation_id
        assert conversation_id is not None
        stored = session.core.chats.messages.list(conversation_id)[-1]
        assert stored.complete is False
        assert stored.content == reply.text() != ""
        assert stored.generation is not None
        assert stored.generation.finish_reason == "cancelled"
        assert stored.generation.completion_tokens < 1500
    finally:
        session.close()


def test_regenerate_replaces_the_last_reply(app_with_model: Session, qtbot: QtBot) -> None:
    session = app_with_model
    session.load()
    window = session.window
    session.type_and_send("Suggest a name for a cat.")
    session.wait_idle()
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None
    first = session.core.chats.messages.list(conversation_id)[-1]

    window.chat_view.regenerate_requested.emit()
    session.wait_idle()
    stored = session.core.chats.messages.list(conversation_id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[-1].id != first.id
    assert stored[-1].generation is not None
    assert [w.role for w in window.chat_view.message_widgets()] == ["user", "assistant"]


def test_editing_an_earlier_message_continues_from_there(
    app_with_model: Session, qtbot: QtBot
) -> None:
    session = app_with_model
    session.load()
    window = session.window
    session.type_and_send("What colour is the sky?")
    session.wait_idle()
    session.type_and_send("And the grass?")
    session.wait_idle()
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None
    first_user = session.core.chats.messages.list(conversation_id)[0]

    window.chat_view.edit_requested.emit(first_user.id)
    assert window.composer.is_editing()
    assert window.composer.text() == "What colour is the sky?"
    window.composer.set_text("What colour is the sea?")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    session.wait_idle()

    stored = session.core.chats.messages.list(conversation_id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[0].content == "What colour is the sea?"
    assert stored[1].complete
    shown = window.chat_view.message_widgets()
    assert [w.role for w in shown] == ["user", "assistant"]
    assert shown[0].text() == "What colour is the sea?"


def test_conversations_survive_a_restart(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    first = Session(qtbot)
    first.load()
    first.type_and_send("Remember the word pineapple.")
    first.wait_idle()
    conversation_id = first.window.controller.conversation_id
    reply_text = assistant_widgets(first.window)[-1].text()
    first.close()

    second = Session(qtbot)
    try:
        model = second.window.conversations.model
        ids = [model.data(model.index(row, 0), model.IdRole) for row in range(model.rowCount())]
        assert conversation_id in ids
        second.window.controller.open_conversation(conversation_id)
        shown = second.window.chat_view.message_widgets()
        assert [w.text() for w in shown] == ["Remember the word pineapple.", reply_text]
        assert "tok/s" in shown[1].meta()
    finally:
        second.close()


def test_long_history_is_trimmed_and_the_chat_says_so(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    conversation = core.chats.new_conversation()
    for i in range(10):
        core.chats.messages.add(conversation.id, "user", f"Tell me fact {i} about owls. " * 6)
        core.chats.messages.add(conversation.id, "assistant", f"Owl fact {i}: they hoot. " * 6)
    core.close()
    session = Session(qtbot, n_ctx=512, max_tokens=32)
    try:
        session.load()
        session.window.controller.open_conversation(conversation.id)
        session.type_and_send("Summarise.")
        session.wait_idle()
        notices = session.window.chat_view.notices()
        assert any("left out" in text for text in notices), notices
        assert assistant_widgets(session.window)[-1].text().strip()
    finally:
        session.close()


def test_without_a_model_the_window_says_what_to_do(hearth_home: Path, qtbot: QtBot) -> None:
    session = Session(qtbot)
    try:
        window = session.window
        assert any("Import" in text for text in window.chat_view.notices())
        window.chat_list.new_chat()
        session.type_and_send("Hello?")
        assert not window.controller.busy
        assert window.error_banner.isVisible()
        assert "No model is loaded" in window.error_label.text()
        assert window.composer.text() == "Hello?"  # nothing typed is lost
    finally:
        session.close()


def test_a_model_file_damaged_on_disk_shows_a_specific_error(
    hearth_home: Path, starter_model: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    copy = tmp_path / "damaged.gguf"
    shutil.copy(starter_model, copy)
    core = Core.open(Paths.resolve())
    core.library.import_model(copy)
    core.close()
    with copy.open("r+b") as handle:
        handle.truncate(40_000_000)
    session = Session(qtbot)
    try:
        session.window.library.load_default_model()
        wait_until(session.window.error_banner.isVisible, timeout_ms=LOAD_TIMEOUT_MS)
        message = session.window.error_label.text()
        assert "damaged.gguf" in message
        assert "truncated" in message
        assert session.window.controller.loaded_model is None
        assert session.worker.is_alive
    finally:
        session.close()


def test_settings_are_applied_and_persist(hearth_home: Path, qtbot: QtBot) -> None:
    session = Session(qtbot)
    try:
        changed = replace(
            session.core.settings, temperature=0.2, top_k=12, theme="dark", gpu_layers="none"
        )
        session.window.apply_settings(changed)
    finally:
        session.close()
    reloaded = SettingsStore(Paths.resolve().settings_file).load()
    assert (reloaded.temperature, reloaded.top_k, reloaded.theme, reloaded.gpu_layers) == (
        0.2,
        12,
        "dark",
        "none",
    )
