"""What a window controller is built from, without the main window: a real profile (SQLite in
a temporary HEARTH_HOME), a bare host window for the dialogs, and a chat controller."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.common.engine_bridge import EngineBridge
from app.ui.shell.status_bar import HearthStatusBar


class Parts:
    def __init__(self, qtbot: QtBot) -> None:
        self.core = Core.open(Paths.resolve())
        self.host = QMainWindow()
        qtbot.addWidget(self.host)
        self.chat_view = ChatView()
        self.composer = Composer()
        self.status = HearthStatusBar()
        # No inference thread: these tests never load a model.
        self.chat = ChatController(
            chats=self.core.chats,
            bridge=EngineBridge(),
            chat_view=self.chat_view,
            composer=self.composer,
            status_bar=self.status,
            settings=self.core.settings,
            parent=self.host,
        )

    def close(self) -> None:
        self.host.close()
        self.core.close()
