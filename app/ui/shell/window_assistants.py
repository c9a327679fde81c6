"""The main window's assistants, and its two modes: chat, and documents from templates."""

from __future__ import annotations

from pathlib import Path

from app.storage import StorageError
from app.templates.references import ReferenceDocument
from app.ui.assistants.editor import EditorChoices
from app.ui.assistants.import_dialog import PackImportDialog
from app.ui.assistants.library_dialog import AssistantsDialog
from app.ui.common import file_dialogs
from app.ui.shell.window_parts import WindowParts


class AssistantActions(WindowParts):
    # ---- assistants ----------------------------------------------------------------------------

    def refresh_assistants(self) -> None:
        try:
            assistants = self.core.assistants.list()
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.assistant_picker.set_assistants(assistants, self.assistant_switcher.active_id)

    def switch_assistant(self, assistant_id: int) -> None:
        """A new chat with the assistant; its model and adapters load on the worker thread."""
        if self.controller.busy:
            self.show_error("Stop the reply in progress before switching assistants.")
            return
        if not self.controller.settle_reply_edits():
            self.refresh_assistants()  # the picker shows the assistant still in use
            return  # the user stays with the reply being edited
        try:
            self.assistant_switcher.switch_to(assistant_id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.refresh_conversations()
        self.show_chat_mode()

    def _on_assistant_switched(self, assistant_id: int) -> None:
        name = self.core.assistants.get(assistant_id).name
        self.status.show_state(f"{name} is ready")
        self.refresh_assistants()

    def _on_assistant_blocked(self, reason: str, catalog_id: str) -> None:
        self.show_error(reason)
        if catalog_id:
            self.open_catalog()

    def _editor_choices(self) -> EditorChoices:
        core = self.core
        return EditorChoices(
            models=core.models.list(),
            adapters=core.adapters.list(),
            collections=[c.name for c in core.knowledge.collections()],
            templates=[(t.id, t.name) for t in core.templates.library.list()],
            catalog_id_for={},
        )

    def open_assistants(self) -> AssistantsDialog:
        dialog = AssistantsDialog(
            self.core.assistants,
            self.core.pack_exporter(),
            self._editor_choices,
            parent=self.window_widget,
        )
        dialog.start_chat_requested.connect(self.switch_assistant)
        dialog.pack_import_requested.connect(self.open_pack)
        dialog.get_model_requested.connect(lambda _catalog_id: self.open_catalog())
        dialog.assistants_changed.connect(self.refresh_assistants)
        dialog.show()
        self._assistants_dialog = dialog
        return dialog

    def choose_pack_file(self) -> None:
        path = file_dialogs.open_file(
            self.window_widget, "Import an assistant pack", "Hearth packs (*.hearth)"
        )
        if path is not None:
            self.open_pack(path)

    def open_pack(self, path: Path) -> PackImportDialog:
        dialog = PackImportDialog(self.core.pack_importer(), path, self.window_widget)
        dialog.imported.connect(self._on_pack_imported)
        dialog.get_model_requested.connect(lambda _catalog_id: self.open_catalog())
        dialog.show()
        dialog.start_review()
        self._pack_dialog = dialog
        return dialog

    def _on_pack_imported(self, assistant_id: int) -> None:
        self.refresh_assistants()
        self.refresh_adapters()
        self.templates_panel.reload()
        self.status.show_state("Assistant imported")

    # ---- modes and templates ------------------------------------------------------------------

    def show_chat_mode(self) -> None:
        self.modes.setCurrentIndex(0)
        self.chat_mode_action.setChecked(True)
        self.documents_mode_action.setChecked(False)
        self.composer.focus_input()

    def show_documents_mode(self) -> None:
        self.modes.setCurrentWidget(self.templates_panel)
        self.chat_mode_action.setChecked(False)
        self.documents_mode_action.setChecked(True)

    def _on_slash_command(self, query: str) -> None:
        if self.template_picker.isVisible():
            self.template_picker.set_query(query)
            return
        try:
            self.template_picker.set_templates(self.core.templates.library.list())
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.template_picker.open_at(self.composer.slash_anchor(), query)

    def _on_template_chosen(self, template_id: str) -> None:
        """From the chat's "/" picker: the template's form, with the chat's documents as input."""
        self.composer.clear_input()
        attachments = self._chat_documents()
        self.show_documents_mode()
        self.templates_panel.open_template(template_id, attachments=attachments)

    def _chat_documents(self) -> list[ReferenceDocument]:
        conversation_id = self.controller.conversation_id
        if conversation_id is None:
            return []
        knowledge = self.core.knowledge
        try:
            document_ids, collection_ids = knowledge.store.conversation_attachments(conversation_id)
            ids = sorted(set(document_ids) | knowledge.store.document_ids_in(collection_ids))
            return [
                ReferenceDocument(knowledge.document(i).file_name, knowledge.text_of(i))
                for i in ids
            ]
        except StorageError as exc:
            self.show_error(str(exc))
            return []

    def _on_document_busy(self, busy: bool) -> None:
        """A document's recipe records the model and adapters: they must not change mid-way."""
        self.model_picker.setEnabled(not busy and not self.controller.busy)
        self.adapter_panel.setEnabled(not busy)
