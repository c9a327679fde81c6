"""The chat mode's page: the chats on the left, the conversation with the error banner, the
attached documents and the composer in the middle, and the side panel's tools on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.knowledge.knowledge_base import KnowledgeBase
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.conversation_list import ConversationListPanel
from app.ui.chat.tab_order import ChatTabOrder
from app.ui.common.i18n import tr
from app.ui.knowledge import AttachmentBar, KnowledgePanel, SourcesPanel
from app.ui.library.adapter_panel import AdapterPanel
from app.ui.shell.error_banner import ErrorBanner

SIDE_PANEL_WIDTH = 340
KNOWLEDGE_PANEL_WIDTH = 560  # two columns (collections | documents) and their buttons


class ChatPage(QSplitter):
    def __init__(self, knowledge: KnowledgeBase, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.conversations = ConversationListPanel()
        self.chat_view = ChatView()
        self.composer = Composer()
        self.error_banner = ErrorBanner()
        self.attachment_bar = AttachmentBar()
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addWidget(self.chat_view, 1)
        middle_layout.addWidget(self.error_banner)
        middle_layout.addWidget(self.attachment_bar)
        middle_layout.addWidget(self.composer)
        # The side panel holds tools for the chat in view (adapters; sources of an answer).
        self.adapter_panel = AdapterPanel()
        self.sources_panel = SourcesPanel()
        self.knowledge_panel = KnowledgePanel(knowledge)
        self.side_panel = QTabWidget()
        self.side_panel.setDocumentMode(True)
        self.side_panel.addTab(self.adapter_panel, tr("Adapters"))
        self.side_panel.addTab(self.sources_panel, tr("Sources"))
        self.side_panel.addTab(self.knowledge_panel, tr("Knowledge"))
        self.side_panel.setMinimumWidth(280)
        self.side_panel.hide()
        self.addWidget(self.conversations)
        self.addWidget(middle)
        self.addWidget(self.side_panel)
        self.setStretchFactor(1, 1)
        self.setSizes([260, 920, 320])
        self.tab_order = ChatTabOrder(
            self.chat_view,
            before=[self.conversations],
            after=[self.error_banner, self.attachment_bar, self.composer, self.side_panel],
            refresh_on=[self.attachment_bar.chips_changed],
            parent=self,
        )

    def show_side_tab(self, tab: QWidget, visible: bool = True) -> None:
        if not visible:
            self.side_panel.hide()
            return
        self.side_panel.setCurrentWidget(tab)
        self.side_panel.show()
        sizes = self.sizes()
        wanted = KNOWLEDGE_PANEL_WIDTH if tab is self.knowledge_panel else SIDE_PANEL_WIDTH
        if sizes[2] < wanted * 3 // 4:
            # A panel hidden while the window was laid out comes back collapsed to 0 px.
            self.setSizes([sizes[0], max(360, sizes[1] + sizes[2] - wanted), wanted])

    def adapters_in_view(self) -> bool:
        return not self.side_panel.isHidden() and self.side_panel.currentWidget() is (
            self.adapter_panel
        )
