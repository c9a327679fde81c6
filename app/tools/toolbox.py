"""The tools one chat may use: Hearth's built-ins and the enabled tools of the assistant's MCP
servers, under names the model sees, each routed back to where it runs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.engine.types import ToolCall, ToolSpec
from app.tools.builtin_tools import BUILTIN_PREFIX, BuiltinTools
from app.tools.mcp_client import McpClient, McpError
from app.tools.mcp_config import McpServer
from app.tools.tool_result import ToolResult


@dataclass(frozen=True)
class ToolRoute:
    spec: ToolSpec  # as the model sees it
    key: str  # "builtin/calculator" or "server/tool": what "always allow" is stored under
    source: str  # for the user: "Hearth" or the server's name
    server: McpServer | None = None
    tool: str = ""  # the name the server knows


class Toolbox:
    def __init__(
        self,
        routes: Sequence[ToolRoute],
        *,
        builtins: BuiltinTools,
        client: McpClient | None,
        notes: Sequence[str] = (),
    ) -> None:
        self.routes = {route.spec.name: route for route in routes}
        self.notes = tuple(notes)  # servers that could not be listed, said for the user
        self._builtins = builtins
        self._client = client

    @classmethod
    def gather(
        cls,
        builtins: BuiltinTools,
        servers: Sequence[McpServer],
        client: McpClient | None,
    ) -> Toolbox:
        """List every approved server's enabled tools; one that fails is left out with a note."""
        routes = [
            ToolRoute(spec=spec, key=BUILTIN_PREFIX + spec.name, source="Hearth")
            for spec in builtins.specs
        ]
        notes: list[str] = []
        taken = {route.spec.name for route in routes}
        for server in servers:
            if not server.approved:
                notes.append(
                    f"The MCP server “{server.name}” is not approved yet, so its tools are off "
                    f"(it {server.describe()}; approve it with: hearth mcp approve {server.name})."
                )
                continue
            if client is None:
                continue
            try:
                tools = client.list_tools(server)
            except McpError as error:
                notes.append(f"{error} Its tools are off for this reply.")
                continue
            for tool in tools:
                if not server.tool_enabled(tool.name):
                    continue
                name = _model_name(tool.name, server.name, taken)
                taken.add(name)
                spec = ToolSpec(name, tool.description, tool.input_schema)
                routes.append(
                    ToolRoute(spec, f"{server.name}/{tool.name}", server.name, server, tool.name)
                )
        return cls(routes, builtins=builtins, client=client, notes=notes)

    @property
    def specs(self) -> tuple[ToolSpec, ...]:
        return tuple(route.spec for route in self.routes.values())

    def route(self, name: str) -> ToolRoute | None:
        return self.routes.get(name)

    def run(self, call: ToolCall) -> ToolResult:
        route = self.routes.get(call.name)
        if route is None:
            names = ", ".join(self.routes) or "none"
            return ToolResult(
                f"There is no tool “{call.name}”. The tools are: {names}.", is_error=True
            )
        try:
            arguments: Any = json.loads(call.arguments or "{}")
        except ValueError:
            return ToolResult("The call's arguments are not valid JSON.", is_error=True)
        if not isinstance(arguments, dict):
            return ToolResult("The call's arguments must be a JSON object.", is_error=True)
        if route.server is None:
            return self._builtins.run(call.name, arguments)
        if self._client is None:
            return ToolResult("MCP tools are off in this chat.", is_error=True)
        try:
            return self._client.call_tool(route.server, route.tool, arguments)
        except McpError as error:
            return ToolResult(str(error), is_error=True)


def _model_name(tool: str, server: str, taken: set[str]) -> str:
    """The tool's own name, or "server_tool" when another tool has it already."""
    if tool not in taken:
        return tool
    base = re.sub(r"[^a-zA-Z0-9_-]+", "_", f"{server}_{tool}")
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    return name
