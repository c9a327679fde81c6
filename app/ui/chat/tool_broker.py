"""Carries tool-call questions from the thread that runs a reply with tools to the GUI thread and
the user's answers back. The reply's thread blocks in `approve` (never the GUI thread); Stop, or
the window closing, answers every open question with Deny so nothing waits forever."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.chats.tool_loop import Decision, ToolEvent, ToolRequest
from app.ui.chat.chat_view import ChatView
from app.ui.chat.tool_approval import ToolApprovalRow

POLL_S = 0.1


@dataclass
class PendingQuestion:
    request: ToolRequest
    answered: threading.Event = field(default_factory=threading.Event)
    decision: Decision = Decision.DENY


class ToolApprovalBroker(QObject):
    # Emitted from the reply's thread; Qt queues them to the GUI thread's receivers.
    asked = Signal(object)  # PendingQuestion
    done = Signal(object)  # ToolEvent

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stop = threading.Event()

    def approve(self, request: ToolRequest) -> Decision:
        """Called on the reply's thread: wait for the user's answer (Deny once stopped)."""
        question = PendingQuestion(request)
        self.asked.emit(question)
        while not question.answered.wait(POLL_S):
            if self.stop.is_set():
                return Decision.DENY
        return question.decision

    def report(self, event: ToolEvent) -> None:
        """Called on the reply's thread when a call has run (or was denied)."""
        self.done.emit(event)

    @staticmethod
    def answer(question: PendingQuestion, decision: Decision) -> None:
        question.decision = decision
        question.answered.set()


def show_tool_calls(view: ChatView, broker: ToolApprovalBroker) -> None:
    """Put each question in `view` as an approval row, and each result into its row."""
    rows: dict[str, ToolApprovalRow] = {}

    def on_asked(question: PendingQuestion) -> None:
        row = ToolApprovalRow(question.request)
        rows[question.request.call.id] = row
        row.decided.connect(lambda decision: broker.answer(question, decision))
        view.add_tool_row(row)

    def on_done(event: ToolEvent) -> None:
        row = rows.get(event.request.call.id)
        if row is None:  # ran without a question ("always allow"): show it all the same
            view.add_tool_row(ToolApprovalRow.answered(event))
        else:
            row.show_result(event)

    broker.asked.connect(on_asked)
    broker.done.connect(on_done)
