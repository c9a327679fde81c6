"""The window's assistants: the toolbar's picker, switching to an assistant in a new chat, the
Assistants dialog and the import of assistant packs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.assistants.pack_export import PackExporter
from app.assistants.pack_import import PackImporter
from app.assistants.service import AssistantService
from app.config import Settings
from app.storage import StorageError
from app.ui.assistants.editor import EditorChoices
from app.ui.assistants.import_dialog import PackImportDialog
from app.ui.assistants.library_dialog import AssistantsDialog
from app.ui.assistants.picker import AssistantPicker
from app.ui.assistants.switcher import AssistantSwitcher
from app.ui.chat.chat_controller import ChatController
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr

if TYPE_CHECKING:
    from app.core import Core


def editor_choices_of(core: Core) -> EditorChoices:
    """What the assistant editor offers: the profile's models, adapters, collections, templates."""
    return EditorChoices(
        models=core.models.list(),
        adapters=core.adapters.list(),
        collections=[c.name for c in core.knowledge.collections()],
        templates=[(t.id, t.name) for t in core.templates.library.list()],
        catalog_id_for={},
        tool_servers=core.mcp_servers,
    )


class AssistantsController(QObject):
    error = Signal(str)
    state = Signal(str)  # a passing status-line message
    chat_started = Signal()  # a new chat with the switched-to assistant is in view
    catalog_requested = Signal()  # the assistant needs a model to download
    pack_imported = Signal(int)  # assistant id: its adapters and templates came with it

    def __init__(
        self,
        service: AssistantService,
        *,
        chat: ChatController,
        settings: Settings,
        exporter: Callable[[], PackExporter],
        importer: Callable[[], PackImporter],
        editor_choices: Callable[[], EditorChoices],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._service = service
        self._chat = chat
        # Built when used: a pack is sealed with the key the profile has at that moment.
        self._exporter = exporter
        self._importer = importer
        self._editor_choices = editor_choices
        self.switcher = AssistantSwitcher(service, chat, settings, self)
        self.picker = AssistantPicker()
        self.picker.setToolTip(tr("A new chat's assistant: model, adapters, instructions"))
        self.dialog: AssistantsDialog | None = None
        self.pack_dialog: PackImportDialog | None = None
        self.picker.assistant_chosen.connect(self.switch_assistant)
        self.switcher.switched.connect(self._on_switched)
        self.switcher.blocked.connect(self._on_blocked)

    def refresh(self) -> None:
        try:
            assistants = self._service.list()
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self.picker.set_assistants(assistants, self.switcher.active_id)

    def set_base_settings(self, settings: Settings) -> None:
        self.switcher.set_base_settings(settings)

    def switch_assistant(self, assistant_id: int) -> None:
        """A new chat with the assistant; its model and adapters load on the worker thread."""
        if self._chat.busy:
            self.error.emit(tr("Stop the reply in progress before switching assistants."))
            return
        if not self._chat.settle_reply_edits():
            self.refresh()  # the picker shows the assistant still in use
            return  # the user stays with the reply being edited
        try:
            self.switcher.switch_to(assistant_id)
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self.chat_started.emit()

    def _on_switched(self, assistant_id: int) -> None:
        name = self._service.get(assistant_id).name
        self.state.emit(tr("{name} is ready").format(name=name))
        self.refresh()

    def _on_blocked(self, reason: str, catalog_id: str) -> None:
        self.error.emit(reason)
        if catalog_id:
            self.catalog_requested.emit()

    def open_assistants(self) -> AssistantsDialog:
        dialog = AssistantsDialog(
            self._service, self._exporter(), self._editor_choices, parent=self._window
        )
        dialog.start_chat_requested.connect(self.switch_assistant)
        dialog.pack_import_requested.connect(self.open_pack)
        dialog.get_model_requested.connect(lambda _catalog_id: self.catalog_requested.emit())
        dialog.assistants_changed.connect(self.refresh)
        dialog.show()
        self.dialog = dialog
        return dialog

    def choose_pack_file(self) -> None:
        path = file_dialogs.open_file(
            self._window, tr("Import an assistant pack"), tr("Hearth packs (*.hearth)")
        )
        if path is not None:
            self.open_pack(path)

    def open_pack(self, path: Path) -> PackImportDialog:
        dialog = PackImportDialog(self._importer(), path, self._window)
        dialog.imported.connect(self._on_pack_imported)
        dialog.get_model_requested.connect(lambda _catalog_id: self.catalog_requested.emit())
        dialog.show()
        dialog.start_review()
        self.pack_dialog = dialog
        return dialog

    def _on_pack_imported(self, assistant_id: int) -> None:
        self.refresh()
        self.pack_imported.emit(assistant_id)
        self.state.emit(tr("Assistant imported"))
