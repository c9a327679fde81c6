"""The assistant editor's Tools tab: the assistant's MCP servers (what each runs, approved or
not), Add / Remove / Approve, and after "List tools" a checkbox per tool to enable it.

Changes are stored at once (like `hearth mcp ...`), not with the editor's Save: a server is its
own record. "List tools" starts the server once through the MCP client on a worker thread, with
a busy bar; a failure is shown in words under the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.storage import StorageError
from app.tools.builtin_tools import BUILTIN_SPECS
from app.tools.mcp_client import McpClient, McpTool
from app.tools.mcp_config import McpConfigError, McpServer
from app.tools.mcp_repository import McpServerRepository
from app.ui.assistants.mcp_server_dialog import AddServerDialog, EnvironmentDialog
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl
from app.ui.templates.look import ErrorLabel, muted_label


def builtin_label(name: str) -> str:
    labels = {
        "calculator": tr("Calculator"),
        "today": tr("Today's date"),
        "search_knowledge": tr("Search its documents"),
    }
    return labels.get(name, name)


# Asks the user to agree to start a server: (the tab, the server) -> yes.
Confirm = Callable[[QWidget, McpServer], bool]


def confirm_approval(parent: QWidget, server: McpServer) -> bool:
    answer = QMessageBox.question(
        parent,
        tr("Approve MCP server"),
        tr(
            "Let Hearth start “{name}” for this assistant's chats?\n\nIt {what}\n\n"
            "Approve only a program you trust: it runs with your rights."
        ).format(name=server.name, what=server.describe()),
    )
    return answer == QMessageBox.StandardButton.Yes


def server_line(server: McpServer) -> str:
    """Two lines: the name and whether it may run, then exactly what it runs."""
    state = (
        tr("approved")
        if server.approved
        else tr("NOT approved: its tools are off until you approve")
    )
    missing = server.keys_needing_values()
    if missing:
        state += "; " + tr("needs a value for {keys} (Environment…)").format(
            keys=", ".join(missing)
        )
    return f"{server.name} — {state}\n    {server.describe()}"


class AssistantToolsTab(QWidget):
    def __init__(
        self,
        servers: McpServerRepository,
        assistant_id: int | None,
        *,
        client_factory: Callable[[], McpClient] = McpClient,
        confirm: Confirm = confirm_approval,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._servers = servers
        self._assistant_id = assistant_id
        self._client_factory = client_factory
        self._confirm = confirm
        self._task: Task | None = None
        self.listed: dict[int, list[McpTool]] = {}  # server id -> its tools, once listed

        layout = QVBoxLayout(self)
        if assistant_id is None:
            layout.addWidget(
                muted_label(tr("Save the assistant first; then its MCP servers can be added here."))
            )
            layout.addStretch(1)
            return
        layout.addWidget(
            muted_label(
                tr(
                    "MCP servers give this assistant's chats tools (turn on Tools in the chat). "
                    "Every call asks you first unless you tick “Always allow”. Changes here are "
                    "saved at once."
                )
            )
        )
        builtins = QHBoxLayout()
        builtins.addWidget(QLabel(tr("Hearth's own tools:")))
        self.builtin_switches: dict[str, QCheckBox] = {}
        off = self._servers.disabled_builtins(assistant_id)
        for spec in BUILTIN_SPECS:
            switch = QCheckBox(builtin_label(spec.name))
            switch.setToolTip(spec.description)
            switch.setChecked(spec.name not in off)
            switch.toggled.connect(lambda on, name=spec.name: self.set_builtin(name, on))
            self.builtin_switches[spec.name] = switch
            builtins.addWidget(switch)
        builtins.addStretch(1)
        layout.addLayout(builtins)
        servers_label = QLabel(tr("MCP servers:"))
        layout.addWidget(servers_label)
        self.server_list = QListWidget()
        self.server_list.setAccessibleName(tr("MCP servers"))
        servers_label.setBuddy(self.server_list)
        self.server_list.setObjectName("mcpServerList")
        self.server_list.setWordWrap(True)  # a command line is long; all of it must show
        self.server_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.server_list, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Add…"))
        self.add_button.setAccessibleName(tr("Add MCP server"))
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setAccessibleName(tr("Remove MCP server"))
        self.approve_button = QPushButton(tr("Approve…"))
        self.approve_button.setAccessibleName(tr("Approve MCP server"))
        self.list_button = QPushButton(tr("List tools"))
        self.env_button = QPushButton(tr("Environment…"))
        self.env_button.setAccessibleName(tr("Environment values of the MCP server"))
        self.list_button.setToolTip(
            tr("Start the server once and show its tools, to pick which to use")
        )
        for button in (
            self.add_button,
            self.remove_button,
            self.approve_button,
            self.env_button,
            self.list_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy: no known end
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName(tr("Listing tools"))
        self.busy.hide()
        layout.addWidget(self.busy)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        self.tools_title = QLabel(tr("Tools: press List tools to see and pick them."))
        layout.addWidget(self.tools_title)
        self.tool_list = QListWidget()
        self.tool_list.setAccessibleName(tr("Tools of the MCP server"))
        self.tool_list.setAccessibleDescription(tr("Ticked tools are offered to the model"))
        self.tool_list.setObjectName("mcpToolList")
        layout.addWidget(self.tool_list, 1)

        self.add_button.clicked.connect(self.add_server)
        self.remove_button.clicked.connect(self.remove_selected)
        self.approve_button.clicked.connect(self.approve_selected)
        self.list_button.clicked.connect(self.list_tools)
        self.env_button.clicked.connect(self.edit_environment)
        self.server_list.currentRowChanged.connect(lambda _row: self._selection_changed())
        self.tool_list.itemChanged.connect(self._tool_toggled)
        self.refresh()

    def set_builtin(self, name: str, on: bool) -> None:
        assert self._assistant_id is not None
        try:
            self._servers.set_builtin_enabled(self._assistant_id, name, on)
        except StorageError as error:
            self.error.show_message(str(error))

    # ---- the server list ---------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        assert self._assistant_id is not None
        current = self.selected()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.server_list.clear()
        for server in self._servers.of_assistant(self._assistant_id):
            item = QListWidgetItem(server_line(server))
            item.setData(Qt.ItemDataRole.UserRole, server)
            item.setToolTip(server.describe())
            self.server_list.addItem(item)
            if server.id == keep:
                self.server_list.setCurrentItem(item)
        if self.server_list.currentRow() < 0 and self.server_list.count():
            self.server_list.setCurrentRow(0)
        self._selection_changed()

    def selected(self) -> McpServer | None:
        item = self.server_list.currentItem()
        if item is None:
            return None
        server: McpServer = item.data(Qt.ItemDataRole.UserRole)
        return server

    def _selection_changed(self) -> None:
        server = self.selected()
        working = self._task is not None
        self.remove_button.setEnabled(server is not None and not working)
        self.approve_button.setEnabled(server is not None and not server.approved)
        self.env_button.setEnabled(server is not None and server.transport == "stdio")
        self.list_button.setEnabled(server is not None and server.approved and not working)
        self.list_button.setToolTip(
            tr("Approve the server first: listing its tools starts it.")
            if server is not None and not server.approved
            else tr("Start the server once and show its tools, to pick which to use")
        )
        self._show_tools(server)

    def add_server(self) -> None:
        assert self._assistant_id is not None
        dialog = AddServerDialog(self._assistant_id, self)
        try:
            if dialog.exec() and dialog.server is not None:
                self.store_new(dialog.server)
        finally:
            dialog.deleteLater()

    def store_new(self, server: McpServer) -> McpServer | None:
        """Save a server the user typed in (approved: they wrote its command themselves)."""
        try:
            stored = self._servers.add(server)
        except StorageError as error:
            self.error.show_message(str(error))
            return None
        self.error.show_message("")
        self.refresh(select_id=stored.id)
        return stored

    def remove_selected(self) -> None:
        server = self.selected()
        if server is None or server.id is None:
            return
        try:
            self._servers.remove(server.id)
        except StorageError as error:
            self.error.show_message(str(error))
            return
        self.listed.pop(server.id, None)
        self.refresh()

    def approve_selected(self) -> None:
        server = self.selected()
        if server is None or server.id is None or server.approved:
            return
        if not self._confirm(self, server):
            return
        try:
            self._servers.approve(server.id)
        except StorageError as error:
            self.error.show_message(str(error))
            return
        self.refresh(select_id=server.id)

    def edit_environment(self) -> None:
        server = self.selected()
        if server is None:
            return
        dialog = EnvironmentDialog(server, self)
        try:
            if dialog.exec() and dialog.values is not None:
                self.store_environment(dialog.values)
        finally:
            dialog.deleteLater()

    def store_environment(self, values: Mapping[str, str]) -> None:
        server = self.selected()
        if server is None or server.id is None:
            return
        try:
            self._servers.set_env_values(server.id, values)
        except (StorageError, McpConfigError) as error:
            self.error.show_message(str(error))
            return
        self.error.show_message("")
        self.refresh(select_id=server.id)

    # ---- its tools ---------------------------------------------------------------------------

    def list_tools(self) -> None:
        server = self.selected()
        if server is None or server.id is None or self._task is not None:
            return
        server_id = server.id

        def work(_control: TaskControl) -> list[McpTool]:
            client = self._client_factory()
            try:
                return client.list_tools(server)
            finally:
                client.close()

        task = Task(work, name=f"List the tools of {server.name}", parent=self)
        task.succeeded.connect(lambda tools: self._listed(server_id, tools))
        task.failed.connect(self._list_failed)
        self._task = task
        self.error.show_message("")
        self.busy.show()
        self.tools_title.setText(
            tr("Starting “{name}” to list its tools…").format(name=server.name)
        )
        self._selection_changed()
        task.start()

    @property
    def listing(self) -> bool:
        return self._task is not None

    def _listed(self, server_id: int, tools: list[McpTool]) -> None:
        self._task = None
        self.busy.hide()
        self.listed[server_id] = tools
        self._selection_changed()

    def _list_failed(self, message: str) -> None:
        self._task = None
        self.busy.hide()
        self.error.show_message(tr("Could not list the tools: {reason}").format(reason=message))
        self._selection_changed()

    def _show_tools(self, server: McpServer | None) -> None:
        self.tool_list.blockSignals(True)
        self.tool_list.clear()
        tools = self.listed.get(server.id) if server is not None and server.id else None
        if server is None:
            self.tools_title.setText(tr("Tools: add a server first."))
        elif not server.approved:
            self.tools_title.setText(
                tr("Tools: approve the server first (listing them starts it).")
            )
        elif tools is None:
            if not self.listing:
                self.tools_title.setText(tr("Tools: press List tools to see and pick them."))
        else:
            self.tools_title.setText(
                tr("Tools of “{name}” (ticked: offered to the model):").format(name=server.name)
            )
            for tool in tools:
                item = QListWidgetItem(tool.name)
                item.setToolTip(tool.description)
                item.setData(Qt.ItemDataRole.UserRole, tool.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = server.tool_enabled(tool.name)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                if tool.description:
                    item.setText(f"{tool.name} — {tool.description}")
                self.tool_list.addItem(item)
        self.tool_list.blockSignals(False)

    def tool_item(self, name: str) -> QListWidgetItem | None:
        for row in range(self.tool_list.count()):
            item = self.tool_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                return item
        return None

    def _tool_toggled(self, _item: QListWidgetItem) -> None:
        server = self.selected()
        if server is None or server.id is None:
            return
        enabled = tuple(
            self.tool_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.tool_list.count())
            if self.tool_list.item(row).checkState() == Qt.CheckState.Checked
        )
        try:
            stored = self._servers.set_enabled_tools(server.id, enabled)
        except StorageError as error:
            self.error.show_message(str(error))
            return
        item = self.server_list.currentItem()  # the ticks stay as they are: no rebuild
        item.setData(Qt.ItemDataRole.UserRole, stored)
