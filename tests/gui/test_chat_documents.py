"""Documents dropped on a chat are indexed, attached, given to the model and cited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core

from .event_wait import wait_until
from .test_main_window import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, Session, assistant_widgets

FACT = "The Lisbon office opens on 14 March 2027 and its manager is Ana Duarte."


@pytest.fixture
def session(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot, max_tokens=24)
    yield session
    session.close()


def drop(window: object, files: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # type: ignore[attr-defined]


def test_dropped_documents_ground_the_answer_and_its_sources_open(
    session: Session, tmp_path: Path
) -> None:
    window = session.window
    session.load()
    window.chat_list.open_start_chat()
    memo = tmp_path / "memo.md"
    memo.write_text(f"# Expansion memo\n\n{FACT}\n")
    junk = tmp_path / "notes.txt"
    junk.write_bytes(bytes(range(256)) * 64)  # binary renamed .txt: refused, batch goes on
    drop(window, [memo, junk])
    bar = window.attachment_bar
    wait_until(lambda: not window.chat_documents.busy, timeout_ms=LOAD_TIMEOUT_MS)
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None
    docs, _collections = session.core.knowledge.store.conversation_attachments(conversation_id)
    names = sorted(session.core.knowledge.document(d).file_name for d in docs)
    assert names == ["memo.md", "notes.txt"]
    assert "notes.txt" in window.error_label.text()  # the failed file is named
    bar.set_grounded_only(True)
    bar.grounded_only_changed.emit(True)
    assert session.core.chats.conversations.get(conversation_id).grounded_only

    session.type_and_send("When does the Lisbon office open?")
    session.wait_idle()
    reply = assistant_widgets(window)[-1]
    stored = session.core.chats.messages.list(conversation_id)[-1]
    assert [c["file"] for c in stored.citations] == ["memo.md"]
    assert FACT in stored.citations[0]["text"]
    assert reply.citations() == {1}
    window.chat_documents.show_source(stored.id, 1)
    assert window.side_panel.currentWidget() is window.sources_panel
    assert window.sources_panel.highlighted_number() == 1
    Path("/tmp/shots").mkdir(exist_ok=True)
    assert window.splitter.sizes()[2] > 0
    window.grab().save("/tmp/shots/chat-with-sources.png")

    # Reopening the chat keeps the attachments and the links.
    window.controller.open_conversation(None)
    window.controller.open_conversation(conversation_id)
    wait_until(lambda: bool(assistant_widgets(window)), timeout_ms=REPLY_TIMEOUT_MS)
    assert assistant_widgets(window)[-1].citations() == {1}
