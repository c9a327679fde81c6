"""What the main window's parts share, declared once for the type checker.

The window is split into mixins by concern (library, assistants and templates, data); each
uses widgets and methods that MainWindow builds or another mixin defines. They are declared
here under TYPE_CHECKING only, so at run time nothing shadows the real definitions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QComboBox,
        QLabel,
        QProgressBar,
        QStackedWidget,
        QTabWidget,
        QWidget,
    )

    from app.core import Core
    from app.logging_setup import LoggingSetup
    from app.ui.assistants.import_dialog import PackImportDialog
    from app.ui.assistants.library_dialog import AssistantsDialog
    from app.ui.assistants.picker import AssistantPicker
    from app.ui.assistants.switcher import AssistantSwitcher
    from app.ui.chat.chat_controller import ChatController
    from app.ui.chat.chat_view import ChatView
    from app.ui.chat.composer import Composer
    from app.ui.common.background_task import BackgroundTask
    from app.ui.common.engine_bridge import EngineBridge
    from app.ui.library.adapter_panel import AdapterPanel
    from app.ui.library.catalog_dialog import CatalogDialog
    from app.ui.library.discovery_dialog import DiscoveryDialog
    from app.ui.library.models_dialog import ModelsDialog
    from app.ui.security.idle_lock import IdleLock
    from app.ui.shell.status_bar import HearthStatusBar
    from app.ui.studio.studio_window import AdapterStudio
    from app.ui.templates.panel import TemplatesPanel
    from app.ui.templates.slash_picker import TemplatePicker


class WindowParts:
    @property
    def window_widget(self) -> QMainWindow:
        """The window itself, typed as one: the parent of the dialogs the parts open."""
        assert isinstance(self, QMainWindow)
        return self

    if TYPE_CHECKING:
        core: Core
        bridge: EngineBridge
        log_setup: LoggingSetup | None
        controller: ChatController
        status: HearthStatusBar
        progress: QProgressBar
        chat_view: ChatView
        composer: Composer
        error_label: QLabel
        model_picker: QComboBox
        adapter_panel: AdapterPanel
        side_panel: QTabWidget
        modes: QStackedWidget
        templates_panel: TemplatesPanel
        template_picker: TemplatePicker
        assistant_picker: AssistantPicker
        assistant_switcher: AssistantSwitcher
        chat_mode_action: QAction
        documents_mode_action: QAction
        idle_lock: IdleLock | None
        _import_task: BackgroundTask | None
        _adapter_task: BackgroundTask | None
        _data_task: BackgroundTask | None
        _models_dialog: ModelsDialog | None
        _studio: AdapterStudio | None
        _discovery_dialog: DiscoveryDialog | None
        _catalog_dialog: CatalogDialog | None
        _assistants_dialog: AssistantsDialog | None
        _pack_dialog: PackImportDialog | None

        def show_error(self, message: str) -> None: ...
        def show_notice(self, message: str) -> None: ...
        def show_side_tab(self, tab: QWidget, visible: bool = True) -> None: ...
        def refresh_conversations(self) -> None: ...
        def refresh_models(self) -> None: ...
        def refresh_adapters(self) -> None: ...
        def refresh_assistants(self) -> None: ...
        def show_chat_mode(self) -> None: ...
        def open_catalog(self) -> CatalogDialog | None: ...
        def open_discovery(self) -> DiscoveryDialog: ...
        def choose_model_file(self) -> None: ...
        def _on_default_chosen(self, model_id: int) -> None: ...
        def open_pack(self, path: Path) -> PackImportDialog: ...
        def import_gguf(self, path: Path) -> BackgroundTask | None: ...
        def _on_import_progress(self, done: int, total: int) -> None: ...
        def _update_idle_lock(self) -> None: ...
        def remote_model_items(self) -> list[tuple[str, str]]: ...
        def load_remote(self, endpoint_name: str) -> None: ...
