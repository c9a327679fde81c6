"""The assistant editor's Tools tab on a real profile with the real MCP test server (written with
the mcp SDK): add it, list its tools off the GUI thread, enable one, approve a packed server,
and the chat's toolbox offers exactly what was enabled. A server that fails to start says why.

With HEARTH_SHOTS_DIR set, the editor is saved for a person to look at.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.chats.tool_setup import gather_chat_tools
from app.config import Paths
from app.core import Core
from app.tools.mcp_client import McpClient
from app.tools.mcp_config import McpServer, checked_server
from app.ui.assistants.assistants_controller import editor_choices_of
from app.ui.assistants.editor import AssistantEditor
from app.ui.assistants.export_dialog import PackExportDialog
from app.ui.assistants.mcp_server_dialog import AddServerDialog, EnvironmentDialog
from app.ui.assistants.tools_tab import AssistantToolsTab
from tests.gui.event_wait import wait_until

SERVER_SCRIPT = str(Path(__file__).resolve().parents[1] / "fixtures" / "mcp_server.py")
LIST_TIMEOUT_MS = 60_000


def save(widget: QWidget, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        wait_until(lambda: True, timeout_ms=100)
        widget.grab().save(str(Path(folder) / name))


def add_through_dialog(tab: AssistantToolsTab, name: str, command: str, env: str = "") -> None:
    def fill() -> None:
        dialog = tab.findChild(AddServerDialog)
        assert dialog is not None
        dialog.name.setText(name)
        dialog.command.setText(command)
        dialog.env.setPlainText(env)
        dialog.try_accept()

    QTimer.singleShot(0, fill)
    tab.add_button.click()


def listed_names(tab: AssistantToolsTab) -> list[str]:
    rows = range(tab.tool_list.count())
    return [tab.tool_list.item(r).data(Qt.ItemDataRole.UserRole) for r in rows]


def test_add_list_enable_approve_and_the_toolbox_offers_it(hearth_home: Path, qtbot: QtBot) -> None:
    core = Core.open(Paths.resolve())
    try:
        assistant = core.assistants.list()[0]
        editor = AssistantEditor(
            editor_choices_of(core), assistant.profile, assistant_id=assistant.id
        )
        qtbot.addWidget(editor)
        editor.show()
        tab = editor.tools_tab
        assert tab is not None
        tabs = editor.findChild(QTabWidget)
        assert tabs is not None and tabs.tabText(tabs.indexOf(tab)) == "Tools"
        tabs.setCurrentWidget(tab)

        command = f"{shlex.quote(sys.executable)} {shlex.quote(SERVER_SCRIPT)}"
        add_through_dialog(tab, "calc", command, env="HEARTH_TEST_TOKEN=secret")
        [calc] = core.mcp_servers.of_assistant(assistant.id)
        assert calc.command == sys.executable and calc.args == (SERVER_SCRIPT,)
        assert dict(calc.env) == {"HEARTH_TEST_TOKEN": "secret"} and calc.approved
        assert "calc" in tab.server_list.item(0).text()

        tab.list_button.click()
        assert tab.listing and tab.busy.isVisible() and not tab.list_button.isEnabled()
        wait_until(lambda: not tab.listing, timeout_ms=LIST_TIMEOUT_MS)
        assert not tab.busy.isVisible() and not tab.error.isVisible()
        assert set(listed_names(tab)) == {"add", "shout", "huge", "crash", "hang"}
        for name in listed_names(tab):  # enable only "add"
            item = tab.tool_item(name)
            assert item is not None and item.checkState() == Qt.CheckState.Checked
            wanted = Qt.CheckState.Checked if name == "add" else Qt.CheckState.Unchecked
            item.setCheckState(wanted)
        assert core.mcp_servers.find("calc").enabled_tools == ("add",)  # type: ignore[union-attr]
        save(editor, "assistant-tools-tab.png")

        # One that came in a pack waits for approval, which shows exactly what it will run.
        packed = core.mcp_servers.add(
            checked_server(
                name="packed",
                command=[sys.executable, SERVER_SCRIPT],
                env={"SHOP_TOKEN": ""},  # the pack left the value out
                enabled_tools=["shout"],
                assistant_id=assistant.id,
                approved=False,
            )
        )
        shown: list[str] = []

        def confirm(_parent: object, server: McpServer) -> bool:
            shown.append(server.describe())
            return True

        tab._confirm = confirm
        tab.refresh(select_id=packed.id)
        assert "NOT approved" in tab.server_list.currentItem().text()
        assert not tab.list_button.isEnabled() and tab.approve_button.isEnabled()
        save(editor, "assistant-tools-unapproved.png")
        assert "needs a value for SHOP_TOKEN" in tab.server_list.currentItem().text()
        tab.approve_button.click()
        assert shown == [f"runs {sys.executable} {SERVER_SCRIPT}  (environment: SHOP_TOKEN)"]
        assert core.mcp_servers.find("packed").approved  # type: ignore[union-attr]

        def fill_environment() -> None:
            dialog = tab.findChild(EnvironmentDialog)
            assert dialog is not None and list(dialog.fields) == ["SHOP_TOKEN"]
            save(dialog, "environment-dialog.png")
            dialog.fields["SHOP_TOKEN"].setText("north")
            dialog.try_accept()

        QTimer.singleShot(0, fill_environment)
        tab.env_button.click()
        assert core.mcp_servers.find("packed").env == {"SHOP_TOKEN": "north"}  # type: ignore[union-attr]
        assert "needs a value" not in tab.server_list.currentItem().text()

        # Exporting the assistant leaves the values home unless the user ticks the box.
        export = PackExportDialog(core.pack_exporter(), assistant)
        qtbot.addWidget(export)
        assert export.include_env_values.isEnabled()
        assert not export.include_env_values.isChecked()
        assert "HEARTH_TEST_TOKEN, SHOP_TOKEN" in export.include_env_values.toolTip()
        export.show()
        save(export, "export-env-values.png")

        # Hearth's own tools have switches too: the calculator off, the date still on.
        assert all(switch.isChecked() for switch in tab.builtin_switches.values())
        tab.builtin_switches["calculator"].setChecked(False)

        client = McpClient()
        try:
            tools = gather_chat_tools(
                core.mcp_servers,
                core.knowledge,
                client,
                assistant_id=assistant.id,
                collections=(),
                model_path=None,
            )
        finally:
            client.close()
        keys = {route.key for route in tools.toolbox.routes.values()}
        assert {"calc/add", "packed/shout"} <= keys
        assert "calc/shout" not in keys and "packed/add" not in keys
        assert "builtin/today" in keys and "builtin/calculator" not in keys
        reopened = AssistantToolsTab(core.mcp_servers, assistant.id)
        qtbot.addWidget(reopened)
        assert not reopened.builtin_switches["calculator"].isChecked()
    finally:
        core.close()


def test_a_server_that_cannot_start_says_so_and_bad_input_is_refused(
    hearth_home: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    try:
        assistant = core.assistants.list()[0]
        tab = AssistantToolsTab(core.mcp_servers, assistant.id)
        qtbot.addWidget(tab)
        tab.show()

        dialog = AddServerDialog(assistant.id, tab)
        qtbot.addWidget(dialog)
        dialog.name.setText("far")
        dialog.connect_url.setChecked(True)
        dialog.url.setText("http://example.com/mcp")
        dialog.try_accept()
        assert dialog.server is None and "not on this computer" in dialog.error.text()
        dialog.show()
        save(dialog, "add-server-refused.png")
        dialog.run_command.setChecked(True)
        dialog.command.setText("python 'unclosed")
        dialog.try_accept()
        assert dialog.server is None and "cannot be read" in dialog.error.text()

        command = [sys.executable, SERVER_SCRIPT, "--crash-on-start"]
        broken = checked_server(name="broken", command=command, assistant_id=assistant.id)
        assert tab.store_new(broken) is not None
        tab.list_button.click()
        wait_until(lambda: not tab.listing, timeout_ms=LIST_TIMEOUT_MS)
        assert tab.error.isVisible()
        assert "cannot open its database" in tab.error.text()
        assert tab.tool_list.count() == 0 and tab.list_button.isEnabled()
        save(tab, "list-tools-failed.png")

        tab.remove_button.click()
        assert core.mcp_servers.of_assistant(assistant.id) == []
    finally:
        core.close()
