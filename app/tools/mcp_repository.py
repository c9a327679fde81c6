"""The mcp_servers and tool_permissions tables, as McpServer values and "always allow" ticks,
and the built-in tools an assistant switched off."""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.storage.convert import utc_now
from app.storage.database import Database
from app.storage.errors import NotFoundError, StorageError
from app.storage.tool_schema import DisabledBuiltinToolRow, McpServerRow, ToolPermissionRow
from app.tools.mcp_config import McpConfigError, McpServer


def _server(row: McpServerRow) -> McpServer:
    tools = None if row.enabled_tools is None else tuple(json.loads(row.enabled_tools))
    return McpServer(
        id=row.id,
        name=row.name,
        assistant_id=row.assistant_id,
        transport="http" if row.transport == "http" else "stdio",
        command=row.command,
        args=tuple(json.loads(row.args)),
        env=dict(json.loads(row.env)),
        url=row.url,
        enabled_tools=tools,
        approved=bool(row.approved),
    )


class McpServerRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, server: McpServer) -> McpServer:
        with self._db.session(action="save the MCP server") as session:
            taken = select(McpServerRow).where(McpServerRow.name == server.name)
            if session.scalars(taken).first() is not None:
                raise StorageError(f"An MCP server named “{server.name}” exists already.")
            row = McpServerRow(
                name=server.name,
                assistant_id=server.assistant_id,
                transport=server.transport,
                command=server.command,
                args=json.dumps(list(server.args)),
                env=json.dumps(dict(server.env)),
                url=server.url,
                enabled_tools=None
                if server.enabled_tools is None
                else json.dumps(list(server.enabled_tools)),
                approved=server.approved,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _server(row)

    def free_name(self, wanted: str) -> str:
        """`wanted`, or "wanted (2)", "wanted (3)"… when a server has that name already."""
        names = {server.name for server in self.list()}
        candidate, n = wanted, 1
        while candidate in names:
            n += 1
            candidate = f"{wanted} ({n})"
        return candidate

    def set_enabled_tools(self, server_id: int, tools: tuple[str, ...] | None) -> McpServer:
        with self._db.session(action="save the MCP server") as session:
            row = self._row(session, server_id)
            row.enabled_tools = None if tools is None else json.dumps(list(tools))
            session.flush()
            return _server(row)

    def set_env_values(self, server_id: int, values: Mapping[str, str]) -> McpServer:
        """Set (or add) these environment variables; the server's others stay as they are."""
        for key in values:
            if not key or "=" in key or "\0" in key:
                raise McpConfigError(f"“{key}” is not a valid environment variable name.")
        with self._db.session(action="save the MCP server") as session:
            row = self._row(session, server_id)
            row.env = json.dumps({**json.loads(row.env), **values})
            session.flush()
            return _server(row)

    def approve(self, server_id: int) -> McpServer:
        with self._db.session(action="approve the MCP server") as session:
            row = self._row(session, server_id)
            row.approved = True
            session.flush()
            return _server(row)

    def list(self) -> builtins.list[McpServer]:
        with self._db.session(write=False, action="read the MCP servers") as session:
            query = select(McpServerRow).order_by(McpServerRow.name)
            return [_server(row) for row in session.scalars(query).all()]

    def usable_by(self, assistant_id: int | None) -> builtins.list[McpServer]:
        """The servers for every assistant, plus (with an id) that assistant's own."""
        return [s for s in self.list() if s.assistant_id in (None, assistant_id)]

    def of_assistant(self, assistant_id: int) -> builtins.list[McpServer]:
        return [s for s in self.list() if s.assistant_id == assistant_id]

    def find(self, name: str) -> McpServer | None:
        with self._db.session(write=False, action="read the MCP servers") as session:
            row = session.scalars(select(McpServerRow).where(McpServerRow.name == name)).first()
            return _server(row) if row is not None else None

    def remove(self, server_id: int) -> None:
        with self._db.session(action="remove the MCP server") as session:
            session.delete(self._row(session, server_id))

    @staticmethod
    def _row(session: Session, server_id: int) -> McpServerRow:
        row = session.get(McpServerRow, server_id)
        if row is None:
            raise NotFoundError("MCP server", server_id)
        return row

    # "Always allow" ticks

    def always_allowed(self, assistant_id: int | None) -> frozenset[str]:
        with self._db.session(write=False, action="read the tool permissions") as session:
            query = select(ToolPermissionRow.tool_key).where(
                or_(
                    ToolPermissionRow.assistant_id.is_(None),
                    ToolPermissionRow.assistant_id == assistant_id,
                )
                if assistant_id is not None
                else ToolPermissionRow.assistant_id.is_(None)
            )
            return frozenset(session.scalars(query).all())

    def allow_always(self, tool_key: str, assistant_id: int | None) -> None:
        if tool_key in self.always_allowed(assistant_id):
            return
        with self._db.session(action="save the tool permission") as session:
            session.add(
                ToolPermissionRow(
                    assistant_id=assistant_id, tool_key=tool_key, created_at=utc_now()
                )
            )

    # Built-in tools switched off per assistant

    def disabled_builtins(self, assistant_id: int | None) -> frozenset[str]:
        if assistant_id is None:
            return frozenset()
        with self._db.session(write=False, action="read the built-in tool switches") as session:
            query = select(DisabledBuiltinToolRow.tool).where(
                DisabledBuiltinToolRow.assistant_id == assistant_id
            )
            return frozenset(session.scalars(query).all())

    def set_builtin_enabled(self, assistant_id: int, tool: str, enabled: bool) -> None:
        with self._db.session(action="save the built-in tool switch") as session:
            query = select(DisabledBuiltinToolRow).where(
                DisabledBuiltinToolRow.assistant_id == assistant_id,
                DisabledBuiltinToolRow.tool == tool,
            )
            row = session.scalars(query).first()
            if enabled and row is not None:
                session.delete(row)
            elif not enabled and row is None:
                session.add(DisabledBuiltinToolRow(assistant_id=assistant_id, tool=tool))
