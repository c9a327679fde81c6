"""The window's two modes, chatting and writing documents from templates, and the chat's "/"
picker that opens a template with the chat's documents as its input."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import StorageError
from app.templates.library import TemplateLibrary
from app.templates.references import ReferenceDocument
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.composer import Composer
from app.ui.templates.pane_fit import PaneFit
from app.ui.templates.panel import TemplatesPanel
from app.ui.templates.slash_picker import TemplatePicker


class DocumentMode(QObject):
    error = Signal(str)

    def __init__(
        self,
        templates: TemplateLibrary,
        knowledge: KnowledgeBase,
        *,
        chat: ChatController,
        modes: QStackedWidget,
        panel: TemplatesPanel,
        composer: Composer,
        chat_action: QAction,
        documents_action: QAction,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._templates = templates
        self._knowledge = knowledge
        self._chat = chat
        self._modes = modes
        self._panel = panel
        self._composer = composer
        self._chat_action = chat_action
        self._documents_action = documents_action
        self.picker = TemplatePicker(parent)
        # Four panes do not fit a 1280 px screen: the sections pane folds away below that.
        self.pane_fit = PaneFit(panel, panel.splitter, panel.editor.splitter)
        composer.slash_command.connect(self._on_slash_command)
        self.picker.template_chosen.connect(self._on_template_chosen)
        self.picker.dismissed.connect(composer.focus_input)

    def show_chat_mode(self) -> None:
        self._modes.setCurrentIndex(0)
        self._chat_action.setChecked(True)
        self._documents_action.setChecked(False)
        self._composer.focus_input()

    def show_documents_mode(self) -> None:
        self._modes.setCurrentWidget(self._panel)
        self._chat_action.setChecked(False)
        self._documents_action.setChecked(True)

    def _on_slash_command(self, query: str) -> None:
        if self.picker.isVisible():
            self.picker.set_query(query)
            return
        try:
            self.picker.set_templates(self._templates.list())
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self.picker.open_at(self._composer.slash_anchor(), query)

    def _on_template_chosen(self, template_id: str) -> None:
        """From the chat's "/" picker: the template's form, with the chat's documents as input."""
        self._composer.clear_input()
        attachments = self._chat_documents()
        self.show_documents_mode()
        self._panel.open_template(template_id, attachments=attachments)

    def _chat_documents(self) -> list[ReferenceDocument]:
        conversation_id = self._chat.conversation_id
        if conversation_id is None:
            return []
        knowledge = self._knowledge
        try:
            return [
                ReferenceDocument(knowledge.document(i).file_name, knowledge.text_of(i))
                for i in knowledge.attached_document_ids(conversation_id)
            ]
        except StorageError as exc:
            self.error.emit(str(exc))
            return []
