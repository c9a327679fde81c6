"""The main window: chats on the left, the conversation and the composer on the right.

Layout and wiring only. Each feature is a controller the window owns, built in
app/ui/shell/features.py; the menus and the toolbar are in app/ui/shell/actions.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from app.api.server_host import LocalApiHost
from app.config import Settings
from app.core import Core
from app.logging_setup import LoggingSetup
from app.training.peft_files import is_peft_adapter
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.chat_documents import ChatDocuments
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr
from app.ui.common.theme import apply_theme, theme_state
from app.ui.endpoints.remote_indicator import RemoteIndicator
from app.ui.knowledge.dropped_files import local_paths
from app.ui.shell import features
from app.ui.shell.actions import WindowActions
from app.ui.shell.chat_page import ChatPage
from app.ui.shell.settings_dialog import SettingsDialog
from app.ui.shell.shortcuts_dialog import ShortcutsDialog
from app.ui.shell.status_bar import HearthStatusBar
from app.ui.templates.panel import TemplatesPanel


class MainWindow(QMainWindow):
    def __init__(
        self,
        core: Core,
        bridge: EngineBridge,
        *,
        log_setup: LoggingSetup | None = None,
        api: LocalApiHost | None = None,
    ) -> None:
        super().__init__()
        self.core, self.bridge, self.log_setup = core, bridge, log_setup
        self.setWindowTitle("Hearth")
        self.resize(1180, 780)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not theme_state().style:
            # The style sheet is part of the window's layout (its sizes): never without it.
            apply_theme(app, core.settings.theme)
        self._build_layout()
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
        self.chat_documents = ChatDocuments(
            knowledge=core.knowledge,
            chats=core.chats,
            controller=self.controller,
            bar=self.attachment_bar,
            sources=self.sources_panel,
            chat_view=self.chat_view,
            parent=self,
        )
        self.commands = WindowActions(self)
        self.chat_list = features.chat_list_for(self)
        self.assistants = features.assistants_for(self)
        self.endpoints = features.endpoints_for(self, api)
        self.library = features.library_for(self, self.endpoints)
        self.first_run = features.first_run_for(self)
        self.documents = features.document_mode_for(self)
        self.data_care = features.data_care_for(self)
        self.studio = features.studio_for(self)
        self.tools = features.tools_for(self)
        self.security = features.security_for(self, self.studio)
        self.commands.build_menus()
        self.commands.build_toolbar(self.assistants.picker, self.model_picker)
        self._connect()
        self.chat_list.refresh()
        self.library.refresh_models()
        self.assistants.refresh()
        self.endpoints.start_saved_api_server()
        if self.log_setup is not None:
            self.log_setup.set_debug(self.core.settings.debug_logging)
        if core.restore_note and "did not happen" in core.restore_note:
            self.show_error(core.restore_note)
        elif core.restore_note:
            self.status.show_state(core.restore_note, 0)
        if core.starter_status.problem:
            # A missing or damaged bundled starter model (the first-run screen shows it too).
            self.show_error(core.starter_status.problem)

    def _build_layout(self) -> None:
        self.page = page = ChatPage(self.core.knowledge)
        # The page's parts, named on the window for the wiring below.
        self.conversations = page.conversations
        self.chat_view = page.chat_view
        self.composer = page.composer
        self.error_banner = page.error_banner
        self.error_label = page.error_banner.label
        self.attachment_bar = page.attachment_bar
        self.side_panel = page.side_panel
        self.splitter = page
        self.adapter_panel = page.adapter_panel
        self.sources_panel = page.sources_panel
        self.knowledge_panel = page.knowledge_panel
        self.status = HearthStatusBar()
        self.setStatusBar(self.status)
        # Says plainly when replies come from another machine (hidden while local).
        self.remote_indicator = RemoteIndicator()
        self.status.addPermanentWidget(self.remote_indicator)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.status.addPermanentWidget(self.progress)
        # Two modes share the window: chatting, and writing business documents from templates.
        self.modes = QStackedWidget()
        self.modes.addWidget(page)
        self.setCentralWidget(self.modes)
        self.setAcceptDrops(True)
        self.model_picker = QComboBox()
        self.model_picker.setMinimumWidth(260)
        self.model_picker.setToolTip(tr("The model that answers in this window"))
        self.model_picker.setAccessibleName(tr("Model"))

    def _connect(self) -> None:
        chat, library, assistants = self.controller, self.library, self.assistants
        self.commands.bind(self)
        for source in (chat, self.chat_documents, self.chat_list, self.documents):
            source.error.connect(self.show_error)
        for feature in (assistants, self.endpoints, library, self.data_care):
            feature.error.connect(self.show_error)
            feature.state.connect(self.status.show_state)
        chat.notice.connect(self.show_notice)
        chat.busy_changed.connect(self._on_busy)
        chat.model_changed.connect(
            lambda model: self.setWindowTitle(
                tr("Hearth — {model}").format(model=model.name) if model else "Hearth"
            )
        )
        chat.model_changed.connect(self.remote_indicator.set_model)
        self.adapter_panel.adapters_requested.connect(chat.set_adapters)
        self.templates_panel.busy_changed.connect(self._on_document_busy)
        self.chat_documents.sources_requested.connect(
            lambda: self.show_side_tab(self.sources_panel)
        )
        self.knowledge_panel.attach_collection_requested.connect(
            self.chat_documents.attach_collection
        )
        self.knowledge_panel.collections_changed.connect(self.chat_documents.refresh)
        library.hint.connect(self.chat_view.add_notice)
        library.remote_chosen.connect(self.endpoints.load_remote)
        library.adapters_shown.connect(lambda: self.show_side_tab(self.adapter_panel))
        self.endpoints.endpoints_changed.connect(library.refresh_models)
        assistants.chat_started.connect(self.chat_list.refresh)
        assistants.chat_started.connect(self.documents.show_chat_mode)
        assistants.catalog_requested.connect(library.open_catalog)
        assistants.pack_imported.connect(lambda _id: library.refresh_adapters())
        assistants.pack_imported.connect(lambda _id: self.templates_panel.reload())
        self.first_run.model_chosen.connect(library.use_chosen_model)
        self.first_run.default_chosen.connect(library.choose_default)
        self.first_run.find_requested.connect(library.open_discovery)
        self.first_run.import_requested.connect(library.choose_model_file)
        self.first_run.catalog_requested.connect(library.open_catalog)
        self.studio.adapter_registered.connect(lambda _id: library.refresh_adapters())
        self.studio.attach_to_chat_requested.connect(self._attach_trained_adapter)

    # ---- the side panel, and files dropped on the window or handed to Hearth ---------------

    def toggle_adapters(self) -> None:
        self.show_side_tab(self.adapter_panel, not self.page.adapters_in_view())

    def show_side_tab(self, tab: QWidget, visible: bool = True) -> None:
        if visible and self.modes.currentWidget() is not self.page:
            # The side panel is the chat page's: from the Documents mode, go to where it shows.
            self.documents.show_chat_mode()
        self.page.show_side_tab(tab, visible)
        self.commands.adapters.setChecked(visible and tab is self.adapter_panel)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [
            path
            for path in local_paths(event.mimeData(), keep_folders=True)
            if path.is_file() or is_peft_adapter(path)  # a PEFT adapter may be a folder
        ]
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_files(files)

    def attach_files(self) -> None:
        """Chat > Attach files…: the attachment bar's file dialog, from any mode."""
        self.documents.show_chat_mode()
        self.attachment_bar.attach_files_action.trigger()

    def open_files(self, files: list[Path]) -> None:
        """Files handed to Hearth by the desktop or dropped on it, each to what handles it."""
        documents: list[Path] = []
        for path in files:
            if path.suffix.lower() == ".gguf":
                self.library.import_gguf(path)
            elif is_peft_adapter(path):
                self.library.import_peft_adapter(path)
            elif path.suffix.lower() == ".hearth":
                self.assistants.open_pack(path)
            else:
                documents.append(path)  # anything else is a document for the chat in view
        if documents:
            self.documents.show_chat_mode()
            self.chat_documents.attach_files(documents)

    # ---- settings, errors, state -------------------------------------------------------------

    def open_settings(self) -> None:
        encrypted = self.core.encryption_key is not None
        dialog = SettingsDialog(self.core.settings, self, encrypted=encrypted)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: Settings) -> None:
        before = self.core.settings
        self.core.save_settings(settings)
        self.assistants.set_base_settings(self.core.settings)
        self.controller.set_settings(self.core.settings)
        self.security.update_idle_lock()
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

    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts, listed from the window's own actions."""
        ShortcutsDialog(self.actions(), self).exec()

    def set_show_uncertainty(self, shown: bool) -> None:
        """View > Show uncertainty: shade unsure words in every reply; kept across restarts."""
        self.chat_view.set_show_uncertainty(shown)
        if self.core.settings.show_uncertainty != shown:
            self.core.save_settings(replace(self.core.settings, show_uncertainty=shown))

    def show_notice(self, message: str) -> None:
        """Not an error: shown in the chat and kept in the status bar until replaced."""
        self.chat_view.add_notice(message)
        self.status.show_state(message, 0)

    def show_error(self, message: str) -> None:
        self.error_banner.show_message(message)
        self.status.show_state(message.splitlines()[0][:120])

    def _on_busy(self, busy: bool) -> None:
        self.commands.stop.setEnabled(busy)
        self.commands.regenerate.setEnabled(not busy)
        self.model_picker.setEnabled(not busy)
        if busy:
            self.error_banner.hide()

    def _on_document_busy(self, busy: bool) -> None:
        """A document's recipe records the model and adapters: they must not change mid-way."""
        self.model_picker.setEnabled(not busy and not self.controller.busy)
        self.adapter_panel.setEnabled(not busy)

    def _attach_trained_adapter(self, adapter_id: int) -> None:
        path = self.library.adapter_path(adapter_id)
        self.library.refresh_adapters()
        self.show_side_tab(self.adapter_panel)
        self.controller.set_adapters(((path, 1.0),))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.controller.settle_reply_edits():
            event.ignore()  # the user stays with an unsaved reply edit
            return
        self.studio.shutdown()
        self.endpoints.stop_api_server()
        self.templates_panel.shutdown()
        self.chat_documents.shutdown()
        self.knowledge_panel.shutdown()
        self.controller.shutdown()
        self.library.shutdown()
        super().closeEvent(event)
