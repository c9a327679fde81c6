"""Builds each of the main window's feature controllers over the core and the window's own
widgets. The window owns them (each is a QObject parented to it) and wires them together in
app/ui/shell/main_window.py; each can also be built alone, as the tests do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.api.server_host import LocalApiHost
from app.chats.tool_call_store import ToolCallStore
from app.chats.tool_setup import ChatTools, gather_chat_tools
from app.tools.mcp_client import McpClient
from app.ui.assistants.assistants_controller import AssistantsController, editor_choices_of
from app.ui.chat.conversations_controller import ConversationsController
from app.ui.chat.tool_reply import ToolReplyRunner
from app.ui.endpoints.endpoints_controller import EndpointsController
from app.ui.first_run.first_run_controller import FirstRunController
from app.ui.library.library_controller import LibraryController
from app.ui.security.security_controller import SecurityController
from app.ui.shell.data_care import DataCare
from app.ui.studio.context import StudioContext
from app.ui.studio.launcher import StudioLauncher
from app.ui.templates.document_mode import DocumentMode

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow


def chat_list_for(window: MainWindow) -> ConversationsController:
    return ConversationsController(
        window.core.chats,
        chat=window.controller,
        panel=window.conversations,
        composer=window.composer,
        parent=window,
    )


def assistants_for(window: MainWindow) -> AssistantsController:
    core = window.core
    return AssistantsController(
        core.assistants,
        chat=window.controller,
        settings=core.settings,
        exporter=core.pack_exporter,
        importer=core.pack_importer,
        editor_choices=lambda: editor_choices_of(core),
        parent=window,
    )


def endpoints_for(window: MainWindow, api: LocalApiHost | None) -> EndpointsController:
    return EndpointsController(
        window.core.endpoints,
        chat=window.controller,
        api_settings=window.core.api_settings,
        api=api,
        parent=window,
    )


def library_for(window: MainWindow, endpoints: EndpointsController) -> LibraryController:
    core = window.core
    return LibraryController(
        core.library,
        core.adapters,
        models=core.models,
        profile=core,
        chat=window.controller,
        picker=window.model_picker,
        adapter_panel=window.adapter_panel,
        progress=window.progress,
        remote_models=endpoints.remote_model_items,
        parent=window,
    )


def first_run_for(window: MainWindow) -> FirstRunController:
    core = window.core
    return FirstRunController(
        core.library,
        models=core.models,
        profile=core,
        starter=lambda: core.starter_status,
        parent=window,
    )


def document_mode_for(window: MainWindow) -> DocumentMode:
    return DocumentMode(
        window.core.templates.library,
        window.core.knowledge,
        chat=window.controller,
        modes=window.modes,
        panel=window.templates_panel,
        composer=window.composer,
        chat_action=window.commands.chat_mode,
        documents_action=window.commands.documents_mode,
        parent=window,
    )


def data_care_for(window: MainWindow) -> DataCare:
    core = window.core
    return DataCare(
        core.paths,
        profile=core,
        database_key=lambda: core.database_key,
        chat=window.controller,
        progress=window.progress,
        log_setup=window.log_setup,
        parent=window,
    )


def studio_for(window: MainWindow) -> StudioLauncher:
    core = window.core
    return StudioLauncher(lambda: StudioContext.from_core(core, window.bridge.client), window)


def security_for(window: MainWindow, studio: StudioLauncher) -> SecurityController:
    core = window.core
    return SecurityController(
        core.paths,
        core.database,
        keys=core,
        training_running=lambda: studio.training,
        parent=window,
    )


def tools_for(window: MainWindow) -> ToolReplyRunner:
    """The chat's tool replies: built-ins, the chat's assistant's knowledge and MCP servers."""
    core = window.core
    mcp = McpClient()

    def gather(conversation_id: int | None) -> ChatTools:
        assistant_id = None
        if conversation_id is not None:
            assistant_id = core.chats.conversations.get(conversation_id).assistant_id
        collections: tuple[str, ...] = ()
        if assistant_id is not None:
            collections = core.assistants.get(assistant_id).profile.knowledge_collections
        loaded = window.controller.loaded_model
        return gather_chat_tools(
            core.mcp_servers,
            core.knowledge,
            mcp,
            assistant_id=assistant_id,
            collections=collections,
            model_path=loaded.path if loaded is not None and not loaded.endpoint else None,
        )

    runner = ToolReplyRunner(
        window.bridge,
        window.chat_view,
        gather=gather,
        servers=core.mcp_servers,
        calls=ToolCallStore(core.database),
        parent=window,
    )
    window.controller.enable_tools(runner)
    return runner
