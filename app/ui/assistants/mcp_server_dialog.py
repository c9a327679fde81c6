"""Add an MCP server to an assistant: a command to start (with its arguments and environment)
or a loopback URL. What the user typed is checked by `checked_server` before it is stored."""

from __future__ import annotations

import shlex

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.tools.mcp_config import McpConfigError, McpServer, checked_server
from app.ui.common.i18n import tr
from app.ui.templates.look import ErrorLabel, muted_label


def parse_env(text: str) -> dict[str, str]:
    """KEY=VALUE lines (blank lines skipped); McpConfigError names a line without "="."""
    env: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise McpConfigError(
                tr("Environment line {number} (“{line}”) needs KEY=VALUE.").format(
                    number=number, line=line.strip()
                )
            )
        env[key.strip()] = value
    return env


class AddServerDialog(QDialog):
    def __init__(self, assistant_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add an MCP server"))
        self.resize(520, 380)
        self._assistant_id = assistant_id
        self.server: McpServer | None = None

        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("e.g. files"))
        self.run_command = QRadioButton(tr("Start a program on this computer (stdio)"))
        self.connect_url = QRadioButton(tr("Connect to a server on this computer (loopback URL)"))
        self.run_command.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.run_command)
        group.addButton(self.connect_url)
        self.command = QLineEdit()
        self.command.setPlaceholderText(tr("e.g. uvx my-mcp-server --root ~/Documents"))
        self.env = QPlainTextEdit()
        self.env.setPlaceholderText(tr("KEY=VALUE, one a line (optional)"))
        self.env.setFixedHeight(70)
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://127.0.0.1:8000/mcp")
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow(self.run_command)
        form.addRow(tr("Command and arguments"), self.command)
        form.addRow(tr("Environment"), self.env)
        form.addRow(self.connect_url)
        form.addRow(tr("URL"), self.url)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            muted_label(
                tr(
                    "Hearth stores this command line, never code. It runs only when a chat with "
                    "this assistant uses tools, or when you press List tools."
                )
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.run_command.toggled.connect(self._show_mode)
        self._show_mode()

    def _show_mode(self) -> None:
        stdio = self.run_command.isChecked()
        self.command.setEnabled(stdio)
        self.env.setEnabled(stdio)
        self.url.setEnabled(not stdio)

    def try_accept(self) -> None:
        try:
            self.server = self._checked()
        except McpConfigError as error:
            self.error.show_message(str(error))
            return
        self.accept()

    def _checked(self) -> McpServer:
        if self.connect_url.isChecked():
            return checked_server(
                name=self.name.text(), url=self.url.text().strip(), assistant_id=self._assistant_id
            )
        try:
            words = shlex.split(self.command.text())
        except ValueError as error:
            raise McpConfigError(
                tr("The command line cannot be read: {reason}.").format(reason=error)
            ) from error
        if not words:
            raise McpConfigError(tr("Give the command that starts the MCP server."))
        return checked_server(
            name=self.name.text(),
            command=words,
            env=parse_env(self.env.toPlainText()),
            assistant_id=self._assistant_id,
        )


class EnvironmentDialog(QDialog):
    """Set a server's environment values: each key it has (hidden, like a password field; an
    empty one is a value a pack left out), and more KEY=VALUE lines to add."""

    def __init__(self, server: McpServer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Environment of {name}").format(name=server.name))
        self.resize(460, 0)
        self.values: dict[str, str] | None = None
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key in sorted(server.env):
            field = QLineEdit(server.env[key])
            field.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
            field.setPlaceholderText(tr("needs a value"))
            self.fields[key] = field
            form.addRow(key, field)
        self.more = QPlainTextEdit()
        self.more.setPlaceholderText(tr("More: KEY=VALUE, one a line (optional)"))
        self.more.setFixedHeight(60)
        form.addRow(tr("Add"), self.more)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(tr("The server gets these when Hearth starts it.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_accept(self) -> None:
        try:
            more = parse_env(self.more.toPlainText())
        except McpConfigError as error:
            self.error.show_message(str(error))
            return
        self.values = {key: field.text() for key, field in self.fields.items()} | more
        self.accept()
