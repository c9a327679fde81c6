"""A chat reply with tools, run off the GUI thread: the tools are gathered (MCP servers listed),
the model generates through the engine client, each call waits for the approval row's answer,
and the finished reply comes back to the chat controller as a `ToolFinished`: the ordinary
`Finished` event and the calls made, which the controller stores with the reply."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.chats.tool_call_store import ToolCallStore
from app.chats.tool_loop import ToolEvent, reply_with_tools
from app.chats.tool_setup import ChatTools
from app.engine.errors import EngineError
from app.engine.types import ChatTurn, Finished, Generate, GenerationResult, SamplingParams
from app.tools.mcp_repository import McpServerRepository
from app.ui.chat.chat_view import ChatView
from app.ui.chat.tool_approval import ToolApprovalRow
from app.ui.chat.tool_broker import ToolApprovalBroker, show_tool_calls
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl

# Runs on the reply's thread: the tools for this chat (it may start MCP servers to list them).
GatherTools = Callable[[int | None], ChatTools]


@dataclass(frozen=True)
class ToolFinished:
    finished: Finished
    events: tuple[ToolEvent, ...]  # every call of the reply, in order


class ToolReplyRunner(QObject):
    finished = Signal(object)  # ToolFinished
    failed = Signal(int, str)  # request id, message
    # Emitted from the reply's thread (queued to the GUI): a server whose tools are off for
    # this reply and why (not approved yet, would not start, ...).
    notice = Signal(str)

    def __init__(
        self,
        bridge: EngineBridge,
        view: ChatView,
        *,
        gather: GatherTools,
        servers: McpServerRepository,
        calls: ToolCallStore,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.calls = calls
        self._view = view
        self._bridge = bridge
        self._gather = gather
        self._servers = servers
        self.broker = ToolApprovalBroker(self)
        show_tool_calls(view, self.broker)
        self._task: Task | None = None
        # "required" or a tool's name: the first reply must be that call (as `--tool-choice`).
        self.first_choice: str | None = None

    def start(self, request: Generate, conversation_id: int | None) -> None:
        self.broker.stop = threading.Event()  # a fresh Stop for this reply
        stop = self.broker.stop

        def work(_control: TaskControl) -> ToolFinished:
            client = self._bridge.client
            if client is None:
                raise EngineError(tr("The inference thread is not running."))
            tools = self._gather(conversation_id)
            for note in tools.toolbox.notes:
                self.notice.emit(note)

            def generate(turns: Sequence[ChatTurn], sampling: SamplingParams) -> GenerationResult:
                return client.generate(turns, sampling, on_text=lambda _text: None, stop=stop)

            reply = reply_with_tools(
                request.turns,
                toolbox=tools.toolbox,
                family=tools.family,
                sampling=request.sampling,
                generate=generate,
                approve=self.broker.approve,
                always_allowed=tools.always_allowed,
                on_allow_always=lambda key: self._servers.allow_always(key, tools.assistant_id),
                on_event=self.broker.report,
                first_choice=self.first_choice,
            )
            finished = Finished(request.request_id, reply.text, reply.last.stats)
            return ToolFinished(finished, reply.events)

        task = Task(work, name="Reply with tools", parent=self)
        task.succeeded.connect(self.finished.emit)
        task.failed.connect(lambda message: self.failed.emit(request.request_id, message))
        self._task = task
        task.start()

    def stop(self) -> None:
        self.broker.stop.set()

    def show_stored(self, events: Sequence[ToolEvent]) -> None:
        """The calls of a stored reply, as finished rows (put in the view before the reply)."""
        for event in events:
            self._view.add_tool_row(ToolApprovalRow.answered(event))
