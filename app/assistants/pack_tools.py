"""An assistant's MCP servers in a `.hearth` pack: `tools.json`, configuration only.

A pack can name a command line to start, and that is exactly what a hostile pack would use, so
an imported server is stored *unapproved*: the review lists what it would run, and it never starts
until the user approves it (`hearth mcp approve NAME`, or the assistant's tools in the app).
Environment keys travel; their values only when the exporter asks for them (they are often API
keys or passwords), else they go empty and the review says which need a value. Nothing executable
is ever in the pack.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from app.tools.mcp_config import McpConfigError, McpServer, checked_server

TOOLS: Final = "tools.json"
MAX_SERVERS: Final = 32


class ToolsMemberError(ValueError):
    """tools.json is not a list of server configurations Hearth accepts; says which and why."""


def tools_json(servers: Sequence[McpServer], *, env_values: bool = False) -> bytes:
    """`env_values` False: each environment key goes with an empty value."""
    entries = [
        {
            "name": server.name,
            "transport": server.transport,
            "command": [server.command, *server.args] if server.transport == "stdio" else [],
            "url": server.url,
            "env": dict(server.env) if env_values else dict.fromkeys(server.env, ""),
            "enabled_tools": None if server.enabled_tools is None else list(server.enabled_tools),
        }
        for server in servers
    ]
    return json.dumps({"servers": entries}, ensure_ascii=False, indent=2).encode("utf-8")


def servers_from_tools_json(data: bytes) -> tuple[McpServer, ...]:
    """The servers a pack carries, each unapproved; ToolsMemberError if any entry is not valid."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ToolsMemberError(f"{TOOLS} is not valid JSON ({error})") from None
    entries = document.get("servers") if isinstance(document, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_SERVERS:
        raise ToolsMemberError(f"{TOOLS} must hold a list of at most {MAX_SERVERS} servers")
    return tuple(_server(entry, n) for n, entry in enumerate(entries, start=1))


def _server(entry: Any, n: int) -> McpServer:
    where = f"{TOOLS}, server {n}"
    if not isinstance(entry, dict):
        raise ToolsMemberError(f"{where} is not an object")
    command = entry.get("command") or []
    env = entry.get("env") or {}
    tools = entry.get("enabled_tools")
    url = entry.get("url")
    if (
        not isinstance(entry.get("name"), str)
        or not _strings(command)
        or not (isinstance(env, dict) and _strings(list(env)) and _strings(list(env.values())))
        or not (tools is None or _strings(tools))
        or not (url is None or isinstance(url, str))
    ):
        raise ToolsMemberError(f"{where} has a field of the wrong type")
    try:
        return checked_server(
            name=entry["name"],
            command=command,
            url=url if entry.get("transport") == "http" else None,
            env=env,
            enabled_tools=tools,
            approved=False,
        )
    except McpConfigError as error:
        raise ToolsMemberError(f"{where}: {error}") from None


def _strings(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) for v in values)


def left_out_values_note(servers: Sequence[McpServer]) -> str | None:
    """What an export without environment values leaves out, said for the exporter."""
    dropped = [
        f"{server.name} ({', '.join(sorted(k for k, v in server.env.items() if v))})"
        for server in servers
        if any(server.env.values())
    ]
    if not dropped:
        return None
    return (
        "the environment values of the tool servers " + "; ".join(dropped) + " were left out "
        "(the keys go, empty: whoever imports the pack fills them in)"
    )


def review_line(server: McpServer) -> str:
    line = f"Tool server: {server.name}, which {server.describe()} (off until you approve it)"
    missing = server.keys_needing_values()
    if missing:
        line += (
            f"; it needs a value for {', '.join(missing)}: set it in the assistant's Tools tab "
            f"or with: hearth mcp env {server.name} KEY=VALUE"
        )
    return line
