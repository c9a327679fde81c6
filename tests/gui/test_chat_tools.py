"""Tools in the real window with the real starter model: the Tools switch on, the model's call
waits in an approval row until the user clicks, the result shows, and the reply is stored.
The first call is forced (as `--tool-choice`), since a 135M model calls tools unreliably.

With HEARTH_SHOTS_DIR set, the window is saved for a person to look at.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ui.chat.tool_approval import ToolApprovalRow
from app.ui.shell.main_window import MainWindow
from tests.gui.event_wait import wait_until
from tests.gui.test_chat_continue import open_session
from tests.gui.test_main_window import Session


def save(window: MainWindow, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        wait_until(lambda: True, timeout_ms=100)
        window.grab().save(str(Path(folder) / name))


def rows(window: MainWindow) -> list[ToolApprovalRow]:
    return window.chat_view.findChildren(ToolApprovalRow)


def test_a_tool_call_waits_for_approval_and_its_result_is_shown(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    session = open_session(qtbot, starter_model, max_tokens=30)
    try:
        window = session.window
        assert window.composer.tools_button.isVisible()
        window.composer.tools_button.setChecked(True)
        window.tools.first_choice = "today"
        session.type_and_send("What is the date today?")
        wait_until(lambda: rows(window), timeout_ms=120_000)
        [row] = rows(window)
        assert row.request.call.name == "today" and window.controller.busy
        wait_until(row.isVisible, timeout_ms=5000)
        save(window, "chat-tool-asking.png")
        QTest.mouseClick(row.allow_button, Qt.MouseButton.LeftButton)
        session.wait_idle()
        assert row.status.text().startswith("Result: ")
        assert str(date.today().year) in row.status.text()
        conversation_id = window.controller.conversation_id
        assert conversation_id is not None
        stored = session.core.chats.messages.list(conversation_id)
        assert [m.role for m in stored] == ["user", "assistant"] and stored[-1].complete
        assert stored[-1].content == window.chat_view.message_widgets()[-1].text()
        assert "<tool_call>" not in stored[-1].content
        save(window, "chat-tool-answered.png")
        shown_result = row.status.text()
    finally:
        session.close()

    # A new window (the app started again) shows the call, finished, above the stored reply.
    again = Session(qtbot)
    try:
        window = again.window
        window.controller.open_conversation(conversation_id)
        [restored] = rows(window)
        assert restored.request.call.name == "today"
        assert restored.status.text() == shown_result
        assert not restored.allow_button.isVisibleTo(restored)
        reply = window.chat_view.message_widgets()[-1]
        assert reply.role == "assistant"
        wait_until(lambda: restored.isVisible() and restored.y() < reply.y(), timeout_ms=5000)
        save(window, "chat-tool-reopened.png")
    finally:
        again.close()
