"""The list of chats beside the conversation: filled from the profile, kept in step with the
chat in view, and where chats are started, renamed and deleted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.chats.conversation_service import ConversationService
from app.storage import StorageError
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.composer import Composer
from app.ui.chat.conversation_list import ConversationListPanel


class ConversationsController(QObject):
    error = Signal(str)

    def __init__(
        self,
        chats: ConversationService,
        *,
        chat: ChatController,
        panel: ConversationListPanel,
        composer: Composer,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._chats = chats
        self._chat = chat
        self.panel = panel
        self._composer = composer
        panel.new_requested.connect(self.new_chat)
        panel.conversation_selected.connect(chat.open_conversation)
        panel.set_leave_guard(chat.settle_reply_edits)
        panel.rename_requested.connect(self._rename)
        panel.delete_requested.connect(self._delete)
        panel.filter_changed.connect(lambda _text: self.refresh())
        chat.conversation_changed.connect(self._on_conversation_changed)

    def refresh(self) -> None:
        items = self._chats.list_conversations(self.panel.filter_text() or None)
        self.panel.model.set_conversations(items)
        if self._chat.conversation_id is not None:
            self.panel.select(self._chat.conversation_id)

    def new_chat(self) -> None:
        self._chat.new_conversation()

    def open_start_chat(self) -> None:
        """At start-up: a fresh chat to type into, reusing the newest one if it is still empty."""
        newest = self._chats.list_conversations()
        if newest and self._chats.is_empty(newest[0].id):
            self._chat.open_conversation(newest[0].id)
            self.panel.select(newest[0].id)
            self._composer.focus_input()
        else:
            self.new_chat()

    def _on_conversation_changed(self, conversation_id: int) -> None:
        self.refresh()
        self.panel.select(conversation_id)

    def _rename(self, conversation_id: int, title: str) -> None:
        if title.strip():
            self._guard(lambda: self._chats.rename(conversation_id, title.strip()))
        self.refresh()

    def _delete(self, conversation_id: int) -> None:
        if conversation_id == self._chat.conversation_id:
            self._chat.open_conversation(None)
        self._guard(lambda: self._chats.delete(conversation_id))
        self.refresh()

    def _guard(self, operation: Callable[[], object]) -> None:
        try:
            operation()
        except StorageError as exc:
            self.error.emit(str(exc))
