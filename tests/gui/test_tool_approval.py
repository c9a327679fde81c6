"""The approval row: a tool call waits on its thread until the user clicks, the answer goes back,
and the result shows in the row. Real Qt widgets and a real waiting thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.chats.tool_loop import Decision, ToolEvent, ToolRequest
from app.engine.types import ToolCall
from app.tools.tool_result import ToolResult
from app.ui.chat.chat_view import ChatView
from app.ui.chat.tool_approval import ToolApprovalRow
from app.ui.chat.tool_broker import ToolApprovalBroker, show_tool_calls
from tests.gui.event_wait import wait_until

SHOTS = os.environ.get("HEARTH_SHOTS_DIR")  # set to save screenshots of the rows


def request(name: str, arguments: str, source: str = "Hearth") -> ToolRequest:
    return ToolRequest(ToolCall(f"call_{name}", name, arguments), f"builtin/{name}", source)


def make(qtbot: QtBot) -> tuple[ChatView, ToolApprovalBroker]:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(760, 560)
    view.add_message(1, "user", "What is 1200 times 19 percent, plus 35?")
    broker = ToolApprovalBroker(view)
    show_tool_calls(view, broker)
    view.show()
    qtbot.waitExposed(view)
    return view, broker


def ask_in_thread(broker: ToolApprovalBroker, asked: ToolRequest) -> list[Decision]:
    answers: list[Decision] = []
    threading.Thread(target=lambda: answers.append(broker.approve(asked)), daemon=True).start()
    return answers


def rows(view: ChatView) -> list[ToolApprovalRow]:
    return view.findChildren(ToolApprovalRow)


def save(view: ChatView, name: str) -> None:
    if SHOTS:
        # Qt shows a widget added to a layout on the next turn of the event loop.
        wait_until(lambda: all(row.isVisible() for row in rows(view)), timeout_ms=5000)
        view.scroll_to_bottom()
        wait_until(lambda: True, timeout_ms=100)
        view.grab().save(str(Path(SHOTS) / name))


def test_the_call_waits_for_the_click_and_the_result_shows(qtbot: QtBot) -> None:
    view, broker = make(qtbot)
    calc = request("calculator", '{"expression": "1200 * 0.19 + 35"}')
    answers = ask_in_thread(broker, calc)
    wait_until(lambda: rows(view), timeout_ms=5000)
    [row] = rows(view)
    assert "calculator" in row.title.text() and "1200 * 0.19 + 35" in row.arguments.text()
    save(view, "approval-row-asking.png")
    assert answers == []  # nothing runs before the user answers
    QTest.mouseClick(row.allow_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: answers, timeout_ms=5000)
    assert answers == [Decision.ALLOW] and row.allow_button.isHidden()
    broker.report(ToolEvent(calc, ToolResult("1200 * 0.19 + 35 = 263"), allowed=True))
    wait_until(lambda: "263" in row.status.text(), timeout_ms=5000)
    save(view, "approval-row-result.png")


def test_deny_and_always_allow_go_back_to_the_waiting_thread(qtbot: QtBot) -> None:
    view, broker = make(qtbot)
    shop = request("stock_level", '{"sku": "A-113"}', source="stock")
    denied = ask_in_thread(broker, shop)
    wait_until(lambda: rows(view), timeout_ms=5000)
    QTest.mouseClick(rows(view)[0].deny_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: denied, timeout_ms=5000)
    assert denied == [Decision.DENY] and "Denied" in rows(view)[0].status.text()
    save(view, "approval-row-denied.png")

    always = ask_in_thread(broker, request("today", "{}"))
    wait_until(lambda: len(rows(view)) == 2, timeout_ms=5000)
    QTest.mouseClick(rows(view)[1].always_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: always, timeout_ms=5000)
    assert always == [Decision.ALLOW_ALWAYS]


def test_stop_answers_an_open_question_with_deny(qtbot: QtBot) -> None:
    view, broker = make(qtbot)
    answers = ask_in_thread(broker, request("today", "{}"))
    wait_until(lambda: rows(view), timeout_ms=5000)
    broker.stop.set()
    wait_until(lambda: answers, timeout_ms=5000)
    assert answers == [Decision.DENY]
