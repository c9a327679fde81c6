"""The main window: chats on the left, the conversation and the composer on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings
from app.core import Core
from app.logging_setup import LoggingSetup
from app.storage import StorageError
from app.ui.assistants.import_dialog import PackImportDialog
from app.ui.assistants.library_dialog import AssistantsDialog
from app.ui.assistants.picker import AssistantPicker
from app.ui.assistants.switcher import AssistantSwitcher
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.chat_documents import ChatDocuments
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.conversation_list import ConversationListPanel
from app.ui.common.background_task import BackgroundTask
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.theme import apply_theme, error_banner_style
from app.ui.endpoints.remote_indicator import RemoteIndicator
from app.ui.first_run.window_first_run import FirstRunActions
from app.ui.knowledge import AttachmentBar, KnowledgePanel, SourcesPanel
from app.ui.library.adapter_panel import AdapterPanel
from app.ui.library.catalog_dialog import CatalogDialog
from app.ui.library.discovery_dialog import DiscoveryDialog
from app.ui.library.models_dialog import ModelsDialog
from app.ui.security.idle_lock import IdleLock
from app.ui.shell.settings_dialog import SettingsDialog
from app.ui.shell.status_bar import HearthStatusBar
from app.ui.shell.window_assistants import AssistantActions
from app.ui.shell.window_data import DataActions
from app.ui.shell.window_library import LibraryActions
from app.ui.shell.window_remote import RemoteActions
from app.ui.studio.context import StudioContext
from app.ui.studio.studio_window import AdapterStudio
from app.ui.templates.panel import TemplatesPanel
from app.ui.templates.slash_picker import TemplatePicker

SIDE_PANEL_WIDTH = 340


class MainWindow(
    LibraryActions, AssistantActions, DataActions, RemoteActions, FirstRunActions, QMainWindow
):
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
        # Says plainly when replies come from another machine (hidden while local).
        self.remote_indicator = RemoteIndicator()
        self.status.addPermanentWidget(self.remote_indicator)
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
        self._studio: AdapterStudio | None = None

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
        self.bridge = bridge
        self.model_picker = QComboBox()
        self.model_picker.setMinimumWidth(260)
        self.model_picker.setToolTip("The model that answers in this window")
        self._build_actions()
        self._connect()
        self.refresh_conversations()
        self.refresh_models()
        self.refresh_assistants()
        api_settings = core.api_settings.load()
        if api_settings.enabled:
            problem = self.apply_api_server(api_settings)
            if problem:
                self.show_error(f"The local API server did not start: {problem}")
        self._update_idle_lock()
        if self.log_setup is not None:
            self.log_setup.set_debug(self.core.settings.debug_logging)
        if core.restore_note and "did not happen" in core.restore_note:
            self.show_error(core.restore_note)
        elif core.restore_note:
            self.status.show_state(core.restore_note, 0)
        if core.starter_status.problem:
            # A missing or damaged bundled starter model (the first-run screen shows it too).
            self.show_error(core.starter_status.problem)

    # ---- construction ------------------------------------------------------------------------

    def _make_error_banner(self) -> QWidget:
        banner = QWidget()
        banner.setObjectName("errorBanner")
        banner.setStyleSheet(error_banner_style("errorBanner"))
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
        self.endpoints_action = self._action("Remote endpoints…", None, self.open_endpoints)
        self.api_action = self._action("Local API server…", None, self.open_api_server_settings)
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
        file_menu.addAction(self.endpoints_action)
        file_menu.addAction(self.api_action)
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
        tools_menu = menu.addMenu("&Tools")
        self.studio_action = self._action("Adapter Studio…", "Ctrl+Shift+S", self.open_studio)
        self.studio_action.setToolTip("Fine-tune a LoRA adapter on your own examples")
        tools_menu.addAction(self.studio_action)
        help_menu = menu.addMenu("&Help")
        self.diagnostics_action = self._action("Copy diagnostics", None, self.copy_diagnostics)
        self.choose_model_action = self._action(
            "Choose a model…", None, lambda: self.request_first_run()
        )
        self.choose_model_action.setToolTip("What this computer can run, and the model for it")
        help_menu.addAction(self.choose_model_action)
        help_menu.addSeparator()
        help_menu.addAction(self.diagnostics_action)
        self.about_action = self._action("About Hearth", None, self.open_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS: the app menu
        help_menu.addAction(self.about_action)

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
        lists.set_leave_guard(self.controller.settle_reply_edits)
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
        self.controller.model_changed.connect(self.remote_indicator.set_model)
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

    def open_studio(self) -> AdapterStudio:
        """Adapter Studio in its own window; training runs in a child process."""
        if self._studio is None:
            studio = AdapterStudio(StudioContext.from_core(self.core))
            studio.setWindowTitle("Adapter Studio — Hearth")
            studio.resize(1000, 700)
            studio.adapter_registered.connect(lambda _id: self.refresh_adapters())
            studio.attach_to_chat_requested.connect(self._attach_trained_adapter)
            self._studio = studio
        self._studio.show()
        self._studio.raise_()
        return self._studio

    def _attach_trained_adapter(self, adapter_id: int) -> None:
        record = self.core.adapters.get(adapter_id)
        self.refresh_adapters()
        self.show_side_tab(self.adapter_panel)
        self.controller.set_adapters(((record.path, 1.0),))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.controller.settle_reply_edits():
            event.ignore()  # the user stays with an unsaved reply edit
            return
        if self._studio is not None:
            self._studio.shutdown()
            self._studio.close()
        self.stop_api_server()
        self.templates_panel.shutdown()
        self.chat_documents.shutdown()
        self.knowledge_panel.shutdown()
        self.controller.shutdown()
        if self._import_task is not None:
            self._import_task.cancel()
        super().closeEvent(event)
