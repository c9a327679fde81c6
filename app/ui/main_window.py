"""The main window: chats on the left, the conversation and the composer on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.assistants.wiring import exporter_for, importer_for
from app.chats.sampling import gpu_layers_for
from app.config import Settings
from app.core import Core
from app.data_archive import ArchiveError, export_all, stage_restore
from app.diagnostics import diagnostics_text, engine_facts_from
from app.engine.types import ActiveAdapter, LoadedModel
from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadManager
from app.library.fit import SystemMemory, assess_fit, rough_fit
from app.library.gguf_header import read_gguf_header
from app.library.model_library import LibraryError
from app.logging_setup import LoggingSetup
from app.security.keys import MasterKey
from app.security.profile_encryption import unlock
from app.storage import StorageError
from app.storage.records import AdapterRecord, ModelRecord
from app.templates.references import ReferenceDocument

from .adapter_panel import AdapterChoice, AdapterPanel
from .assistants.editor import EditorChoices
from .assistants.import_dialog import PackImportDialog
from .assistants.library_dialog import AssistantsDialog
from .assistants.picker import AssistantPicker
from .assistants.switcher import AssistantSwitcher
from .background_task import BackgroundTask
from .catalog_dialog import CatalogDialog
from .chat_controller import ChatController
from .chat_documents import ChatDocuments
from .chat_view import ChatView
from .composer import Composer
from .conversation_list import ConversationListPanel
from .discovery_dialog import DiscoveryDialog
from .encryption_settings import EncryptionSettingsDialog
from .engine_bridge import EngineBridge
from .idle_lock import IdleLock
from .knowledge import AttachmentBar, KnowledgePanel, SourcesPanel
from .models_dialog import ModelsDialog
from .settings_dialog import SettingsDialog
from .status_bar import HearthStatusBar
from .templates.panel import TemplatesPanel
from .templates.slash_picker import TemplatePicker
from .theme import apply_theme

SIDE_PANEL_WIDTH = 340

NO_MODEL_HINT = (
    "No model yet. Get one with File → Get models…, import a GGUF file with File → Import "
    "model… (Ctrl+O), "
    "or run `hearth setup` once to get the starter model."
)


class MainWindow(QMainWindow):
    def __init__(
        self, core: Core, bridge: EngineBridge, *, log_setup: LoggingSetup | None = None
    ) -> None:
        super().__init__()
        self.core = core
        self.log_setup = log_setup
        self.setWindowTitle("Hearth")
        self.resize(1180, 780)

        self.conversations = ConversationListPanel()
        self.chat_view = ChatView()
        self.composer = Composer()
        self.status = HearthStatusBar()
        self.setStatusBar(self.status)
        self.error_banner = self._make_error_banner()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.status.addPermanentWidget(self.progress)
        self._import_task: BackgroundTask | None = None
        self._adapter_task: BackgroundTask | None = None
        self._models_dialog: ModelsDialog | None = None
        self._discovery_dialog: DiscoveryDialog | None = None
        self._catalog_dialog: CatalogDialog | None = None
        self._assistants_dialog: AssistantsDialog | None = None
        self._pack_dialog: PackImportDialog | None = None
        self._data_task: BackgroundTask | None = None
        self.idle_lock: IdleLock | None = None

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.chat_view, 1)
        right_layout.addWidget(self.error_banner)
        self.attachment_bar = AttachmentBar()
        right_layout.addWidget(self.attachment_bar)
        right_layout.addWidget(self.composer)
        self.adapter_panel = AdapterPanel()
        # The side panel holds tools for the chat in view (adapters; sources of an answer).
        self.side_panel = QTabWidget()
        self.side_panel.setDocumentMode(True)
        self.side_panel.addTab(self.adapter_panel, "Adapters")
        self.sources_panel = SourcesPanel()
        self.side_panel.addTab(self.sources_panel, "Sources")
        self.knowledge_panel = KnowledgePanel(core.knowledge)
        self.side_panel.addTab(self.knowledge_panel, "Knowledge")
        self.side_panel.setMinimumWidth(280)
        self.side_panel.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.conversations)
        splitter.addWidget(right)
        splitter.addWidget(self.side_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 920, 320])
        self.splitter = splitter
        # Two modes share the window: chatting, and writing business documents from templates.
        self.modes = QStackedWidget()
        self.modes.addWidget(splitter)
        self.setCentralWidget(self.modes)
        self.setAcceptDrops(True)

        self.controller = ChatController(
            chats=core.chats,
            bridge=bridge,
            chat_view=self.chat_view,
            composer=self.composer,
            status_bar=self.status,
            settings=core.settings,
            parent=self,
        )
        self.templates_panel = TemplatesPanel(
            core.templates,
            bridge,
            self.controller,
            lambda: self.core.settings,
            self,
            adapter_at=core.adapters.find_by_path,
        )
        self.modes.addWidget(self.templates_panel)
        self.template_picker = TemplatePicker(self)
        self.chat_documents = ChatDocuments(
            knowledge=core.knowledge,
            chats=core.chats,
            controller=self.controller,
            bar=self.attachment_bar,
            sources=self.sources_panel,
            chat_view=self.chat_view,
            parent=self,
        )
        self.assistant_switcher = AssistantSwitcher(
            core.assistants, self.controller, core.settings, self
        )
        self.assistant_picker = AssistantPicker()
        self.assistant_picker.setToolTip("A new chat's assistant: model, adapters, instructions")
        self._bridge = bridge
        self.model_picker = QComboBox()
        self.model_picker.setMinimumWidth(260)
        self.model_picker.setToolTip("The model that answers in this window")
        self._build_actions()
        self._connect()
        self.refresh_conversations()
        self.refresh_models()
        self.refresh_assistants()
        self._update_idle_lock()
        if self.log_setup is not None:
            self.log_setup.set_debug(self.core.settings.debug_logging)
        if core.restore_note and "did not happen" in core.restore_note:
            self.show_error(core.restore_note)
        elif core.restore_note:
            self.status.show_state(core.restore_note, 0)

    # ---- construction ------------------------------------------------------------------------

    def _make_error_banner(self) -> QWidget:
        banner = QWidget()
        banner.setObjectName("errorBanner")
        banner.setStyleSheet("#errorBanner { background: #b3261e; } QLabel { color: white; }")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(12, 6, 6, 6)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = QPushButton("Dismiss")
        dismiss.clicked.connect(banner.hide)
        layout.addWidget(self.error_label, 1)
        layout.addWidget(dismiss)
        banner.hide()
        return banner

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_chat_action = self._action("New chat", QKeySequence.StandardKey.New, self.new_chat)
        self.import_action = self._action("Import model…", "Ctrl+O", self.choose_model_file)
        self.settings_action = self._action("Settings…", "Ctrl+,", self.open_settings)
        self.models_action = self._action("Models…", "Ctrl+Shift+M", self.open_models)
        self.assistants_action = self._action("Assistants…", "Ctrl+Shift+L", self.open_assistants)
        self.import_pack_action = self._action(
            "Import assistant pack…", None, self.choose_pack_file
        )
        self.catalog_action = self._action("Get models…", None, self.open_catalog)
        self.find_models_action = self._action(
            "Find models on this computer…", None, self.open_discovery
        )
        self.import_adapter_action = self._action(
            "Import adapter…", "Ctrl+Shift+O", self.choose_adapter_file
        )
        self.chat_mode_action = self._action("Chat", "Ctrl+1", self.show_chat_mode)
        self.documents_mode_action = self._action(
            "Documents", "Ctrl+Shift+T", self.show_documents_mode
        )
        for mode in (self.chat_mode_action, self.documents_mode_action):
            mode.setCheckable(True)
        self.chat_mode_action.setChecked(True)
        self.chat_mode_action.setToolTip("Chat with the model (Ctrl+1)")
        self.documents_mode_action.setToolTip(
            "Write business documents from templates (Ctrl+Shift+T; type / in a chat)"
        )
        self.adapters_action = self._action("Adapters", "Ctrl+Shift+A", self.toggle_adapters)
        self.adapters_action.setCheckable(True)
        self.adapters_action.setToolTip("Attach LoRA adapters to the model (Ctrl+Shift+A)")
        self.knowledge_action = self._action(
            "Knowledge", "Ctrl+Shift+K", lambda: self.show_side_tab(self.knowledge_panel)
        )
        self.knowledge_action.setToolTip("Document collections and watched folders (Ctrl+Shift+K)")
        self.sources_action = self._action(
            "Sources", None, lambda: self.show_side_tab(self.sources_panel)
        )
        self.encryption_action = self._action("Encryption…", None, self.open_encryption)
        self.export_data_action = self._action("Export all data…", None, self.export_all_data)
        self.restore_data_action = self._action("Restore from export…", None, self.restore_data)
        quit_action = self._action("Quit", QKeySequence.StandardKey.Quit, self.close)
        self.regenerate_action = self._action(
            "Regenerate reply", "Ctrl+R", self.controller.regenerate
        )
        self.stop_action = self._action("Stop", "Ctrl+.", self.controller.stop)
        self.stop_action.setEnabled(False)
        find = self._action(
            "Find chats", QKeySequence.StandardKey.Find, self.conversations.focus_filter
        )

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (
            self.new_chat_action,
            self.models_action,
            self.catalog_action,
            self.find_models_action,
            self.import_action,
            self.import_adapter_action,
            self.settings_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.encryption_action)
        file_menu.addAction(self.export_data_action)
        file_menu.addAction(self.restore_data_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        chat_menu = menu.addMenu("&Chat")
        for action in (self.stop_action, self.regenerate_action, find):
            chat_menu.addAction(action)
        chat_menu.addSeparator()
        chat_menu.addAction(self.assistants_action)
        chat_menu.addAction(self.import_pack_action)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.chat_mode_action)
        view_menu.addAction(self.documents_mode_action)
        view_menu.addSeparator()
        view_menu.addAction(self.adapters_action)
        view_menu.addAction(self.knowledge_action)
        view_menu.addAction(self.sources_action)
        help_menu = menu.addMenu("&Help")
        self.diagnostics_action = self._action("Copy diagnostics", None, self.copy_diagnostics)
        help_menu.addAction(self.diagnostics_action)

        toolbar = QToolBar("Main")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Assistant "))
        toolbar.addWidget(self.assistant_picker)
        toolbar.addWidget(QLabel(" Model "))
        toolbar.addWidget(self.model_picker)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.adapters_action)
        toolbar.addAction(self.knowledge_action)
        toolbar.addSeparator()
        toolbar.addAction(self.chat_mode_action)
        toolbar.addAction(self.documents_mode_action)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        toolbar.addWidget(spacer)
        toolbar.addAction(self.settings_action)
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        lists = self.conversations
        lists.new_requested.connect(self.new_chat)
        lists.conversation_selected.connect(self.controller.open_conversation)
        lists.rename_requested.connect(self._rename)
        lists.delete_requested.connect(self._delete)
        lists.filter_changed.connect(lambda _text: self.refresh_conversations())
        self.controller.conversation_changed.connect(self._on_conversation_changed)
        self.controller.error.connect(self.show_error)
        self.controller.notice.connect(self.show_notice)
        self.controller.busy_changed.connect(self._on_busy)
        self.controller.model_changed.connect(self._on_model_changed)
        self.controller.model_loading.connect(self._on_model_loading)
        self.model_picker.activated.connect(self._on_model_picked)
        self.controller.adapters_changed.connect(self._on_adapters_changed)
        self.adapter_panel.adapters_requested.connect(self.controller.set_adapters)
        self.adapter_panel.import_requested.connect(self.choose_adapter_file)
        self.composer.slash_command.connect(self._on_slash_command)
        self.template_picker.template_chosen.connect(self._on_template_chosen)
        self.template_picker.dismissed.connect(self.composer.focus_input)
        self.templates_panel.busy_changed.connect(self._on_document_busy)
        self.assistant_picker.assistant_chosen.connect(self.switch_assistant)
        self.chat_documents.error.connect(self.show_error)
        self.chat_documents.sources_requested.connect(
            lambda: self.show_side_tab(self.sources_panel)
        )
        self.knowledge_panel.attach_collection_requested.connect(
            self.chat_documents.attach_collection
        )
        self.knowledge_panel.collections_changed.connect(self.chat_documents.refresh)
        self.assistant_switcher.switched.connect(self._on_assistant_switched)
        self.assistant_switcher.blocked.connect(self._on_assistant_blocked)

    # ---- conversations -----------------------------------------------------------------------

    def refresh_conversations(self) -> None:
        items = self.core.chats.conversations.list(self.conversations.filter_text() or None)
        self.conversations.model.set_conversations(items)
        if self.controller.conversation_id is not None:
            self.conversations.select(self.controller.conversation_id)

    def new_chat(self) -> None:
        self.controller.new_conversation()

    def open_start_chat(self) -> None:
        """At start-up: a fresh chat to type into, reusing the newest one if it is still empty."""
        newest = self.core.chats.conversations.list()
        if newest and not self.core.chats.messages.list(newest[0].id):
            self.controller.open_conversation(newest[0].id)
            self.conversations.select(newest[0].id)
            self.composer.focus_input()
        else:
            self.new_chat()

    def _on_conversation_changed(self, conversation_id: int) -> None:
        self.refresh_conversations()
        self.conversations.select(conversation_id)

    def _rename(self, conversation_id: int, title: str) -> None:
        if title.strip():
            self._guard(
                lambda: self.core.chats.conversations.rename(conversation_id, title.strip())
            )
        self.refresh_conversations()

    def _delete(self, conversation_id: int) -> None:
        if conversation_id == self.controller.conversation_id:
            self.controller.open_conversation(None)
        self._guard(lambda: self.core.chats.conversations.delete(conversation_id))
        self.refresh_conversations()

    # ---- models ------------------------------------------------------------------------------

    def refresh_models(self) -> None:
        picker = self.model_picker
        picker.clear()
        records = self.core.models.list()
        for record in records:
            label = f"{record.name} · {record.quantization or '?'}"
            picker.addItem(label, record.id)
        if not records:
            picker.addItem("No model — import one", None)
            self.chat_view.add_notice(NO_MODEL_HINT)
        default = self.core.default_model()
        if default is not None:
            picker.setCurrentIndex(max(0, picker.findData(default.id)))

    def open_models(self) -> ModelsDialog:
        loaded = self.controller.loaded_model
        dialog = ModelsDialog(
            self.core.library,
            default_id=self.core.settings.default_model_id,
            loaded_path=loaded.path if loaded else None,
            fit_for=self.fit_of,
            parent=self,
        )
        dialog.models_changed.connect(self.refresh_models)
        dialog.find_requested.connect(self.open_discovery)
        dialog.catalog_requested.connect(self.open_catalog)
        dialog.default_chosen.connect(self._on_default_chosen)
        dialog.import_requested.connect(self.choose_model_file)
        dialog.setModal(False)
        dialog.show()
        self._models_dialog = dialog
        return dialog

    def fit_of(self, record: ModelRecord) -> tuple[str, str]:
        """ "fits" / "tight" / "won't fit" at the chosen context size, and why."""
        try:
            header = read_gguf_header(Path(record.path))
        except (OSError, ValueError) as exc:
            return "?", f"cannot read the file: {exc}"
        from app.engine.backends import gpu_memory  # llama.cpp's device list, read now

        gpu = gpu_layers_for(self.core.settings.gpu_layers)
        fit = assess_fit(
            header,
            n_ctx=self.core.settings.n_ctx,
            system=SystemMemory.current(),
            devices=gpu_memory() if gpu != 0 else (),
            gpu_layers="auto" if gpu in ("auto", -1) else int(gpu),
        )
        return fit.verdict, fit.explanation

    def open_catalog(self) -> CatalogDialog | None:
        try:
            catalog = load_catalog()
        except CatalogError as exc:
            self.show_error(str(exc))
            return None

        def fit_label(entry: CatalogEntry) -> str:
            from app.engine.backends import gpu_memory

            return rough_fit(
                entry.size_bytes, system=SystemMemory.current(), devices=gpu_memory()
            ).verdict

        dialog = CatalogDialog(
            catalog, DownloadManager(self.core.library), fit_for=fit_label, parent=self
        )
        dialog.model_downloaded.connect(self._on_model_downloaded)
        dialog.show()
        self._catalog_dialog = dialog
        return dialog

    def _on_model_downloaded(self, model_id: int) -> None:
        self._on_models_discovered([model_id])

    def open_discovery(self) -> DiscoveryDialog:
        dialog = DiscoveryDialog(self.core.library, parent=self)
        dialog.models_added.connect(self._on_models_discovered)
        dialog.show()
        dialog.start_discovery()
        self._discovery_dialog = dialog
        return dialog

    def _on_models_discovered(self, ids: list[int]) -> None:
        self.refresh_models()
        if ids and self.controller.loaded_model is None and not self.controller.loading_model:
            self.core.save_settings(replace(self.core.settings, default_model_id=ids[0]))
            self.refresh_models()
            self.controller.load_model(self.core.models.get(ids[0]))
        if self._models_dialog is not None:
            self._models_dialog.refresh()

    def _on_default_chosen(self, model_id: int) -> None:
        self.core.save_settings(replace(self.core.settings, default_model_id=model_id))
        self.refresh_models()
        if not self.controller.busy:
            self.controller.load_model(self.core.models.get(model_id))

    def load_default_model(self) -> None:
        default = self.core.default_model()
        if default is not None:
            self.controller.load_model(default)

    def _on_model_picked(self, index: int) -> None:
        model_id = self.model_picker.itemData(index)
        if model_id is None:
            return
        record = self.core.models.get(int(model_id))
        self.core.save_settings(replace(self.core.settings, default_model_id=record.id))
        self.controller.load_model(record)

    def _on_model_loading(self, loading: bool) -> None:
        """An indeterminate bar: llama.cpp reports no progress we could show honestly."""
        if loading:
            self.progress.setRange(0, 0)
            self.progress.show()
        elif self._import_task is None:
            self.progress.hide()

    def _on_model_changed(self, model: LoadedModel | None) -> None:
        self.setWindowTitle(f"Hearth — {model.name}" if model else "Hearth")
        self.refresh_adapters()

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
            self.core.assistants, exporter_for(self.core), self._editor_choices, parent=self
        )
        dialog.start_chat_requested.connect(self.switch_assistant)
        dialog.pack_import_requested.connect(self.open_pack)
        dialog.get_model_requested.connect(lambda _catalog_id: self.open_catalog())
        dialog.assistants_changed.connect(self.refresh_assistants)
        dialog.show()
        self._assistants_dialog = dialog
        return dialog

    def choose_pack_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import an assistant pack", str(Path.home()), "Hearth packs (*.hearth)"
        )
        if path:
            self.open_pack(Path(path))

    def open_pack(self, path: Path) -> PackImportDialog:
        dialog = PackImportDialog(importer_for(self.core), path, self)
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

    # ---- adapters ----------------------------------------------------------------------------

    def toggle_adapters(self) -> None:
        self.show_side_tab(
            self.adapter_panel,
            self.side_panel.isHidden()
            or (self.side_panel.currentWidget() is not self.adapter_panel),
        )

    def show_side_tab(self, tab: QWidget, visible: bool = True) -> None:
        if visible:
            self.side_panel.setCurrentWidget(tab)
            self.side_panel.show()
            sizes = self.splitter.sizes()
            if sizes[2] < SIDE_PANEL_WIDTH // 2:
                # A panel hidden while the window was laid out comes back collapsed to 0 px.
                self.splitter.setSizes(
                    [sizes[0], max(200, sizes[1] + sizes[2] - SIDE_PANEL_WIDTH), SIDE_PANEL_WIDTH]
                )
        else:
            self.side_panel.hide()
        self.adapters_action.setChecked(visible and tab is self.adapter_panel)

    def refresh_adapters(self) -> None:
        """List the library's adapters, each checked against the loaded model's tensors."""
        model = self.controller.loaded_model
        records = self._guarded_list(self.core.adapters.list)
        base = None
        if model is not None:
            try:
                base = read_gguf_header(Path(model.path))
            except (OSError, ValueError):
                base = None
        choices = [
            AdapterChoice(r, self.core.adapters.compatibility(r, base) if base else None)
            for r in records
        ]
        self.adapter_panel.set_choices(choices, model_loaded=model is not None)

    def _guarded_list(self, read: Callable[[], list[AdapterRecord]]) -> list[AdapterRecord]:
        try:
            return read()
        except StorageError as exc:
            self.show_error(str(exc))
            return []

    def _on_adapters_changed(self, active: tuple[ActiveAdapter, ...]) -> None:
        self.adapter_panel.set_active(active)

    def choose_adapter_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a LoRA adapter", str(Path.home()), "GGUF adapters (*.gguf);;All files (*)"
        )
        if path:
            self.import_adapter_file(Path(path))

    def import_adapter_file(self, path: Path) -> BackgroundTask:
        adapters = self.core.adapters
        task = BackgroundTask(
            lambda progress, cancel: adapters.import_adapter(
                path, progress=progress, cancel=cancel
            ),
            parent=self,
        )
        task.succeeded.connect(self._on_adapter_imported)
        task.failed.connect(lambda message: self.show_error(f"Adapter import failed: {message}"))
        self.status.show_state(f"Checking {path.name}…")
        task.start()
        self._adapter_task = task
        return task

    def _on_adapter_imported(self, record: AdapterRecord) -> None:
        self._adapter_task = None
        self.status.show_state(f"Imported adapter {record.name}")
        self.refresh_adapters()
        self.show_side_tab(self.adapter_panel)

    # ---- drag and drop -----------------------------------------------------------------------

    @staticmethod
    def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in self._dropped_files(event) if p.is_file()]
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_files(files)

    def open_files(self, files: list[Path]) -> None:
        """Files handed to Hearth by the desktop or dropped on it, each to what handles it."""
        documents: list[Path] = []
        for path in files:
            if path.suffix.lower() == ".gguf":
                self.import_gguf(path)
            elif path.suffix.lower() == ".hearth":
                self.open_pack(path)
            else:
                documents.append(path)  # anything else is a document for the chat in view
        if documents:
            self.show_chat_mode()
            self.chat_documents.attach_files(documents)

    def import_gguf(self, path: Path) -> BackgroundTask | None:
        """A dropped .gguf: a model or a LoRA adapter, told apart by its header."""
        try:
            kind = self.core.library.inspect(path).kind
        except (LibraryError, ValueError) as exc:
            self.show_error(f"Cannot import {path.name}: {exc}")
            return None
        if kind == "adapter":
            return self.import_adapter_file(path)
        return self.import_model_file(path)

    def choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if path:
            self.import_model_file(Path(path))

    def import_model_file(self, path: Path) -> BackgroundTask:
        """Validate and hash off the GUI thread (a 5 GB model takes a while), with progress."""
        library = self.core.library
        task = BackgroundTask(
            lambda progress, cancel: library.import_model(path, progress=progress, cancel=cancel),
            parent=self,
        )
        task.progress.connect(self._on_import_progress)
        task.succeeded.connect(self._on_imported)
        task.failed.connect(lambda message: self.show_error(f"Import failed: {message}"))
        task.failed.connect(self._on_import_failed)
        self._import_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.show_state(f"Checking {path.name}…")
        task.start()
        return task

    def _on_import_failed(self, _message: str) -> None:
        self._import_task = None
        self.progress.hide()

    def _on_import_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_imported(self, record: ModelRecord) -> None:
        self._import_task = None
        self.progress.hide()
        self.status.show_state(f"Imported {record.name}")
        if self.core.settings.default_model_id is None or self.controller.loaded_model is None:
            self.core.save_settings(replace(self.core.settings, default_model_id=record.id))
            self.refresh_models()
            self.controller.load_model(record)
        else:
            self.refresh_models()

    def copy_diagnostics(self) -> str:
        """Versions, backend, paths and recent problems for a support request; never content."""
        from app.engine.backends import gpu_devices  # llama.cpp is loaded by now

        loaded = self.controller.loaded_model
        text = diagnostics_text(
            self.core.paths,
            self.core.settings,
            engine=engine_facts_from(loaded.backend if loaded else None, devices=gpu_devices),
            recent=self.log_setup.recent.lines() if self.log_setup else None,
        )
        QApplication.clipboard().setText(text)
        self.status.show_state("Diagnostics copied (no chat or document text included)")
        return text

    # ---- encryption --------------------------------------------------------------------------

    def open_encryption(self) -> None:
        dialog = EncryptionSettingsDialog(self.core.paths, self.core.database, parent=self)
        dialog.key_changed.connect(self._on_key_changed)
        dialog.exec()

    def _on_key_changed(self, key: MasterKey | None) -> None:
        self.core.set_encryption_key(key)
        self._update_idle_lock()

    def _check_passphrase(self, passphrase: str) -> bool:
        try:
            return unlock(self.core.paths, passphrase) == self.core.encryption_key
        except StorageError:
            return False

    def _update_idle_lock(self) -> None:
        """Only an encrypted profile locks: locking plain data would promise what it cannot."""
        minutes = self.core.settings.idle_lock_minutes if self.core.encryption_key else 0
        if self.idle_lock is None and minutes:
            self.idle_lock = IdleLock(
                self, self._check_passphrase, timeout_ms=IdleLock.minutes_to_ms(minutes)
            )
        elif self.idle_lock is not None:
            self.idle_lock.set_timeout_ms(IdleLock.minutes_to_ms(minutes))

    # ---- all data ----------------------------------------------------------------------------

    def export_all_data(self, target: Path | None = None) -> BackgroundTask | None:
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self, "Export all data", str(Path.home() / "hearth-data.zip"), "Zip (*.zip)"
            )
            if not name:
                return None
            target = Path(name)
        paths, key = self.core.paths, self.core.database_key
        task = BackgroundTask(
            lambda progress, cancel: export_all(
                paths, target, progress=progress, cancel=cancel, database_key=key
            ),
            parent=self,
        )
        task.progress.connect(self._on_import_progress)
        task.succeeded.connect(
            lambda summary: self._task_done(f"Exported {summary.members} files to {summary.path}")
        )
        task.failed.connect(lambda message: self._task_failed(f"Export failed: {message}"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.show_state("Exporting all data…")
        task.start()
        self._data_task = task
        return task

    def restore_data(self, archive: Path | None = None) -> None:
        if archive is None:
            name, _ = QFileDialog.getOpenFileName(
                self, "Restore from an export", str(Path.home()), "Hearth export (*.zip)"
            )
            if not name:
                return
            archive = Path(name)
        try:
            stage_restore(self.core.paths, archive)
        except (ArchiveError, OSError) as exc:
            self.show_error(f"Cannot restore {archive.name}: {exc}")
            return
        QMessageBox.information(
            self,
            "Restore",
            "The export was checked. Quit and start Hearth again to finish restoring; "
            "your current data is backed up first.",
        )

    def _task_done(self, message: str) -> None:
        self._data_task = None
        self.progress.hide()
        self.status.show_state(message)

    def _task_failed(self, message: str) -> None:
        self._data_task = None
        self.progress.hide()
        self.show_error(message)

    # ---- settings, errors, state -------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.core.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: Settings) -> None:
        before = self.core.settings
        self.core.save_settings(settings)
        self.assistant_switcher.set_base_settings(self.core.settings)
        self.controller.set_settings(self.core.settings)
        self._update_idle_lock()
        if self.log_setup is not None:
            self.log_setup.set_debug(self.core.settings.debug_logging)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.core.settings.theme)
        reload_needed = (before.n_ctx, before.n_threads, before.gpu_layers) != (
            settings.n_ctx,
            settings.n_threads,
            settings.gpu_layers,
        )
        default = self.core.default_model()
        if reload_needed and default is not None and not self.controller.busy:
            self.controller.load_model(default)

    def show_notice(self, message: str) -> None:
        """Not an error: shown in the chat and kept in the status bar until replaced."""
        self.chat_view.add_notice(message)
        self.status.show_state(message, 0)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_banner.show()
        self.status.show_state(message.splitlines()[0][:120])

    def _guard(self, operation: Callable[[], object]) -> None:
        try:
            operation()
        except StorageError as exc:
            self.show_error(str(exc))

    def _on_busy(self, busy: bool) -> None:
        self.stop_action.setEnabled(busy)
        self.regenerate_action.setEnabled(not busy)
        self.model_picker.setEnabled(not busy)
        if busy:
            self.error_banner.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.templates_panel.shutdown()
        self.chat_documents.shutdown()
        self.knowledge_panel.shutdown()
        self.controller.shutdown()
        if self._import_task is not None:
            self._import_task.cancel()
        super().closeEvent(event)
