"""The main window's commands: each action with its shortcut and tooltip, the menu bar and the
toolbar, and what each action does in the window's features."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        action = self._action
        self.new_chat = action("New chat", QKeySequence.StandardKey.New)
        self.import_model = action("Import model…", "Ctrl+O")
        self.settings = action("Settings…", "Ctrl+,")
        self.models = action("Models…", "Ctrl+Shift+M")
        self.assistants = action("Assistants…", "Ctrl+Shift+L")
        self.import_pack = action("Import assistant pack…", None)
        self.catalog = action("Get models…", None)
        self.find_models = action("Find models on this computer…", None)
        self.import_adapter = action("Import adapter…", "Ctrl+Shift+O")
        self.chat_mode = action("Chat", "Ctrl+1")
        self.documents_mode = action("Documents", "Ctrl+Shift+T")
        for mode in (self.chat_mode, self.documents_mode):
            mode.setCheckable(True)
        self.chat_mode.setChecked(True)
        self.chat_mode.setToolTip("Chat with the model (Ctrl+1)")
        self.documents_mode.setToolTip(
            "Write business documents from templates (Ctrl+Shift+T; type / in a chat)"
        )
        self.adapters = action("Adapters", "Ctrl+Shift+A")
        self.adapters.setCheckable(True)
        self.adapters.setToolTip("Attach LoRA adapters to the model (Ctrl+Shift+A)")
        self.knowledge = action("Knowledge", "Ctrl+Shift+K")
        self.knowledge.setToolTip("Document collections and watched folders (Ctrl+Shift+K)")
        self.sources = action("Sources", None)
        self.show_uncertainty = action("Show uncertainty", "Ctrl+Shift+U")
        self.show_uncertainty.setCheckable(True)
        self.show_uncertainty.setToolTip(
            "Shade the words of replies the model was unsure of (Ctrl+Shift+U)"
        )
        self.encryption = action("Encryption…", None)
        self.endpoints = action("Remote endpoints…", None)
        self.api_server = action("Local API server…", None)
        self.export_data = action("Export all data…", None)
        self.restore_data = action("Restore from export…", None)
        self.quit = action("Quit", QKeySequence.StandardKey.Quit)
        self.regenerate = action("Regenerate reply", "Ctrl+R")
        self.stop = action("Stop", "Ctrl+.")
        self.stop.setEnabled(False)
        self.find_chats = action("Find chats", QKeySequence.StandardKey.Find)
        self.studio = action("Adapter Studio…", "Ctrl+Shift+S")
        self.studio.setToolTip("Fine-tune a LoRA adapter on your own examples")
        self.diagnostics = action("Copy diagnostics", None)
        self.choose_model = action("Choose a model…", None)
        self.choose_model.setToolTip("What this computer can run, and the model for it")
        self.about = action("About Hearth", None)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)  # macOS: the app menu

    def _action(self, text: str, shortcut: Shortcut) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self._window.addAction(action)
        return action

    def bind(self, window: MainWindow) -> None:
        """Each action to what it does: the window's own slots and its features' ones."""
        library, assistants, data_care = window.library, window.assistants, window.data_care
        for action, slot in (
            (self.new_chat, window.chat_list.new_chat),
            (self.import_model, library.choose_model_file),
            (self.settings, window.open_settings),
            (self.models, library.open_models),
            (self.assistants, assistants.open_assistants),
            (self.import_pack, assistants.choose_pack_file),
            (self.catalog, library.open_catalog),
            (self.find_models, library.open_discovery),
            (self.import_adapter, library.choose_adapter_file),
            (self.chat_mode, window.documents.show_chat_mode),
            (self.documents_mode, window.documents.show_documents_mode),
            (self.adapters, window.toggle_adapters),
            (self.knowledge, lambda: window.show_side_tab(window.knowledge_panel)),
            (self.sources, lambda: window.show_side_tab(window.sources_panel)),
            (self.encryption, window.security.open_encryption),
            (self.endpoints, window.endpoints.open_endpoints),
            (self.api_server, window.endpoints.open_api_server_settings),
            # Without a lambda, `triggered`'s `checked` would arrive as the file to use.
            (self.export_data, lambda: data_care.export_all_data()),
            (self.restore_data, lambda: data_care.restore_data()),
            (self.quit, window.close),
            (self.regenerate, window.controller.regenerate),
            (self.stop, window.controller.stop),
            (self.find_chats, window.conversations.focus_filter),
            (self.studio, window.studio.open),
            (self.diagnostics, data_care.copy_diagnostics),
            (self.choose_model, lambda: window.first_run.request()),
            (self.about, data_care.open_about),
        ):
            action.triggered.connect(slot)
        # Regenerate only where there is a reply to write again (not in an empty chat).
        self.regenerate.setEnabled(window.controller.can_regenerate)
        window.controller.regenerate_available.connect(self.regenerate.setEnabled)
        self.show_uncertainty.setChecked(window.core.settings.show_uncertainty)
        window.chat_view.set_show_uncertainty(window.core.settings.show_uncertainty)
        self.show_uncertainty.toggled.connect(window.set_show_uncertainty)

    def build_menus(self) -> None:
        menu = self._window.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (
            self.new_chat,
            self.models,
            self.catalog,
            self.find_models,
            self.import_model,
            self.import_adapter,
            self.settings,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (
            self.endpoints,
            self.api_server,
            self.encryption,
            self.export_data,
            self.restore_data,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        chat_menu = menu.addMenu("&Chat")
        for action in (self.stop, self.regenerate, self.find_chats):
            chat_menu.addAction(action)
        chat_menu.addSeparator()
        chat_menu.addAction(self.assistants)
        chat_menu.addAction(self.import_pack)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.chat_mode)
        view_menu.addAction(self.documents_mode)
        view_menu.addSeparator()
        for action in (self.adapters, self.knowledge, self.sources):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_uncertainty)
        menu.addMenu("&Tools").addAction(self.studio)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.choose_model)
        help_menu.addSeparator()
        help_menu.addAction(self.diagnostics)
        help_menu.addAction(self.about)

    def build_toolbar(self, assistant_picker: QWidget, model_picker: QWidget) -> QToolBar:
        toolbar = QToolBar("Main")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Assistant "))
        toolbar.addWidget(assistant_picker)
        toolbar.addWidget(QLabel(" Model "))
        toolbar.addWidget(model_picker)
        toolbar.addAction(self.import_model)
        toolbar.addAction(self.adapters)
        toolbar.addAction(self.knowledge)
        toolbar.addSeparator()
        toolbar.addAction(self.chat_mode)
        toolbar.addAction(self.documents_mode)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, spacer.sizePolicy().verticalPolicy())
        toolbar.addWidget(spacer)
        toolbar.addAction(self.settings)
        self._window.addToolBar(toolbar)
        return toolbar
