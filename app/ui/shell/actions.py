"""The main window's commands: each action with its shortcut and tooltip, the menu bar and the
toolbar, and what each action does in the window's features."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from app.ui.common.i18n import tr
from app.ui.shell.sidebar import build_sidebar, build_top_bar

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def _keys(action: QAction) -> str:
    """The action's main shortcut as the platform writes it (Ctrl+2, ⌘2)."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        action = self._action
        self.new_chat = action(tr("New chat"), QKeySequence.StandardKey.New)
        self.import_model = action(tr("Import model…"), "Ctrl+O")
        self.settings = action(tr("Settings…"), "Ctrl+,")
        self.models = action(tr("Models…"), "Ctrl+Shift+M")
        self.assistants = action(tr("Assistants…"), "Ctrl+Shift+L")
        self.import_pack = action(tr("Import assistant pack…"), None)
        self.catalog = action(tr("Get models…"), None)
        self.find_models = action(tr("Find models on this computer…"), None)
        self.import_adapter = action(tr("Import adapter…"), "Ctrl+Shift+O")
        # Modes are Ctrl+1..4 in the order they appear; the older shortcuts keep working.
        self.chat_mode = action(tr("Chat"), "Ctrl+1")
        self.documents_mode = action(tr("Documents"), "Ctrl+2", "Ctrl+Shift+T")
        for mode in (self.chat_mode, self.documents_mode):
            mode.setCheckable(True)
        self.chat_mode.setChecked(True)
        self.chat_mode.setToolTip(
            tr("Chat with the model ({keys})").format(keys=_keys(self.chat_mode))
        )
        self.documents_mode.setToolTip(
            tr("Write business documents from templates ({keys}; type / in a chat)").format(
                keys=_keys(self.documents_mode)
            )
        )
        self.adapters = action(tr("Adapters"), "Ctrl+Shift+A")
        self.adapters.setCheckable(True)
        self.adapters.setToolTip(
            tr("Attach LoRA adapters to the model ({keys})").format(keys=_keys(self.adapters))
        )
        self.knowledge = action(tr("Knowledge"), "Ctrl+3", "Ctrl+Shift+K")
        self.knowledge.setToolTip(
            tr("Document collections and watched folders ({keys})").format(
                keys=_keys(self.knowledge)
            )
        )
        self.sources = action(tr("Sources"), None)
        self.show_uncertainty = action(tr("Show uncertainty"), "Ctrl+Shift+U")
        self.show_uncertainty.setCheckable(True)
        self.show_uncertainty.setToolTip(
            tr("Shade the words of replies the model was unsure of ({keys})").format(
                keys=_keys(self.show_uncertainty)
            )
        )
        self.encryption = action(tr("Encryption…"), None)
        self.endpoints = action(tr("Remote endpoints…"), None)
        self.api_server = action(tr("Local API server…"), None)
        self.export_data = action(tr("Export all data…"), None)
        self.restore_data = action(tr("Restore from export…"), None)
        self.quit = action(tr("Quit"), QKeySequence.StandardKey.Quit)
        self.regenerate = action(tr("Regenerate reply"), "Ctrl+R")
        self.stop = action(tr("Stop"), "Ctrl+.")
        self.stop.setEnabled(False)
        self.find_chats = action(tr("Find chats"), QKeySequence.StandardKey.Find)
        self.attach_files = action(tr("Attach files…"), "Ctrl+Shift+F")
        self.attach_files.setToolTip(tr("Attach documents to this chat"))
        self.studio = action(tr("Adapter Studio…"), "Ctrl+4", "Ctrl+Shift+S")
        self.studio.setToolTip(tr("Fine-tune a LoRA adapter on your own examples"))
        self.diagnostics = action(tr("Copy diagnostics"), None)
        self.choose_model = action(tr("Choose a model…"), None)
        self.choose_model.setToolTip(tr("What this computer can run, and the model for it"))
        self.shortcuts = action(tr("Keyboard shortcuts"), QKeySequence.StandardKey.HelpContents)
        self.about = action(tr("About Hearth"), None)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)  # macOS: the app menu

    def _action(self, text: str, shortcut: Shortcut, *older: str) -> QAction:
        """An action of the window; `older`: shortcuts of earlier versions that keep working
        (the first shortcut is the one menus and the shortcuts window show)."""
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut), *(QKeySequence(k) for k in older)])
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
            (self.attach_files, window.attach_files),
            (self.studio, window.studio.open),
            (self.diagnostics, data_care.copy_diagnostics),
            (self.choose_model, lambda: window.first_run.request()),
            (self.about, data_care.open_about),
            (self.shortcuts, window.show_shortcuts),
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
        file_menu = menu.addMenu(tr("&File"))
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
        chat_menu = menu.addMenu(tr("&Chat"))
        for action in (self.stop, self.regenerate, self.find_chats, self.attach_files):
            chat_menu.addAction(action)
        chat_menu.addSeparator()
        chat_menu.addAction(self.assistants)
        chat_menu.addAction(self.import_pack)
        view_menu = menu.addMenu(tr("&View"))
        view_menu.addAction(self.chat_mode)
        view_menu.addAction(self.documents_mode)
        view_menu.addSeparator()
        for action in (self.adapters, self.knowledge, self.sources):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_uncertainty)
        menu.addMenu(tr("&Tools")).addAction(self.studio)
        help_menu = menu.addMenu(tr("&Help"))
        help_menu.addAction(self.choose_model)
        help_menu.addAction(self.shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(self.diagnostics)
        help_menu.addAction(self.about)

    def build_toolbar(self, assistant_picker: QWidget, model_picker: QWidget) -> QToolBar:
        """The sidebar of modes and model tools, and the top bar with the two pickers."""
        build_sidebar(self._window, self)
        return build_top_bar(self._window, assistant_picker, model_picker)
