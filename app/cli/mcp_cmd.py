"""`hearth mcp add|list|tools|approve|remove`: the MCP tool servers assistants may call."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.assistants.model import AssistantError
from app.core import Core
from app.storage import StorageError
from app.tools.mcp_client import McpClient, McpError
from app.tools.mcp_config import McpConfigError, McpServer, checked_server

from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    mcp = commands.add_parser("mcp", help="MCP tool servers an assistant may call in a chat")
    actions = mcp.add_subparsers(dest="action", required=True)
    add = actions.add_parser(
        "add",
        help="add a server: hearth mcp add NAME [--assistant NAME] -- COMMAND ARGS...",
    )
    add.add_argument("name", help="a short name, e.g. files")
    add.add_argument(
        "server_command", nargs="*", metavar="COMMAND", help="after --: what starts the server"
    )
    add.add_argument("--assistant", metavar="NAME", help="only this assistant may use it")
    add.add_argument(
        "--url", help="a streamable HTTP server on this computer (http://127.0.0.1:PORT/mcp)"
    )
    add.add_argument(
        "--env", action="append", metavar="KEY=VALUE", help="environment for the server"
    )
    add.add_argument(
        "--tools", metavar="A,B", help="enable only these tools (default: all it offers)"
    )
    add.add_argument("--json", action="store_true")
    listing = actions.add_parser("list", help="list the servers")
    listing.add_argument("--json", action="store_true")
    tools = actions.add_parser("tools", help="start a server and list its tools")
    tools.add_argument("name")
    tools.add_argument("--json", action="store_true")
    approve = actions.add_parser(
        "approve", help="allow a server that came in an assistant pack to start"
    )
    approve.add_argument("name")
    approve.add_argument("--json", action="store_true")
    enable = actions.add_parser("enable", help="choose which of a server's tools the model gets")
    enable.add_argument("name")
    which = enable.add_mutually_exclusive_group(required=True)
    which.add_argument("--tools", metavar="A,B", help="only these tools")
    which.add_argument("--all", action="store_true", help="every tool the server offers")
    enable.add_argument("--json", action="store_true")
    env = actions.add_parser(
        "env", help="set environment values of a server (e.g. the keys a pack left empty)"
    )
    env.add_argument("name")
    env.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    env.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="forget a server")
    remove.add_argument("name")
    remove.add_argument("--json", action="store_true")


def describe(core: Core, server: McpServer) -> dict[str, Any]:
    return {
        "name": server.name,
        "transport": server.transport,
        "command": [server.command, *server.args] if server.transport == "stdio" else None,
        "url": server.url,
        "env": sorted(server.env),  # names only: values may be secrets
        "env_needing_values": list(server.keys_needing_values()),
        "enabled_tools": None if server.enabled_tools is None else list(server.enabled_tools),
        "assistant": _assistant_name(core, server.assistant_id),
        "approved": server.approved,
    }


def run(core: Core, args: argparse.Namespace) -> int:
    handlers = {
        "add": _add,
        "list": _list,
        "tools": _tools,
        "approve": _approve,
        "enable": _enable,
        "env": _env,
        "remove": _remove,
    }
    try:
        handlers[args.action](core, args)
    except (McpConfigError, McpError, StorageError, AssistantError) as error:
        raise CliError(str(error)) from error
    return 0


def _add(core: Core, args: argparse.Namespace) -> None:
    assistant_id = core.assistants.find(args.assistant).id if args.assistant else None
    env = _pairs(args.env or [], "--env ")
    tools = None
    if args.tools:
        tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    server = checked_server(
        name=args.name,
        command=args.server_command,
        url=args.url,
        env=env,
        enabled_tools=tools,
        assistant_id=assistant_id,
    )
    saved = core.mcp_servers.add(server)
    if args.json:
        emit_json({"server": describe(core, saved)})
    else:
        sys.stdout.write(f"Added MCP server “{saved.name}”: it {saved.describe()}.\n")


def _list(core: Core, args: argparse.Namespace) -> None:
    servers = core.mcp_servers.list()
    if args.json:
        emit_json({"servers": [describe(core, server) for server in servers]})
        return
    if not servers:
        sys.stdout.write("No MCP servers. Add one with: hearth mcp add NAME -- COMMAND ARGS...\n")
        return
    rows = [
        [
            s.name,
            s.describe(),
            _assistant_name(core, s.assistant_id) or "all",
            "all" if s.enabled_tools is None else ",".join(s.enabled_tools),
            "yes" if s.approved else "NO (hearth mcp approve)",
        ]
        for s in servers
    ]
    sys.stdout.write(table(rows, ["NAME", "WHAT", "ASSISTANT", "TOOLS", "APPROVED"]) + "\n")


def _tools(core: Core, args: argparse.Namespace) -> None:
    server = _find(core, args.name)
    client = McpClient()
    try:
        tools = client.list_tools(server)
    finally:
        client.close()
    listed = [
        {
            "name": tool.name,
            "description": tool.description,
            "input_schema": dict(tool.input_schema),
            "enabled": server.tool_enabled(tool.name),
        }
        for tool in tools
    ]
    if args.json:
        emit_json({"server": server.name, "tools": listed})
        return
    rows = [
        [str(t["name"]), "yes" if t["enabled"] else "no", str(t["description"])] for t in listed
    ]
    sys.stdout.write(table(rows, ["TOOL", "ENABLED", "DESCRIPTION"]) + "\n")


def _approve(core: Core, args: argparse.Namespace) -> None:
    server = core.mcp_servers.approve(_require_id(_find(core, args.name)))
    if args.json:
        emit_json({"server": describe(core, server)})
    else:
        sys.stdout.write(f"Approved “{server.name}”: it {server.describe()}.\n")


def _enable(core: Core, args: argparse.Namespace) -> None:
    server = _find(core, args.name)
    tools = None if args.all else tuple(t.strip() for t in args.tools.split(",") if t.strip())
    if tools == ():
        raise CliError("--tools needs at least one tool name (or use --all)")
    saved = core.mcp_servers.set_enabled_tools(_require_id(server), tools)
    if args.json:
        emit_json({"server": describe(core, saved)})
    else:
        shown = "all its tools" if tools is None else ", ".join(tools)
        sys.stdout.write(f"“{saved.name}” offers the model {shown}.\n")


def _pairs(pairs: list[str], flag: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"{flag}{pair}: write it as KEY=VALUE")
        env[key] = value
    return env


def _env(core: Core, args: argparse.Namespace) -> None:
    server = _find(core, args.name)
    saved = core.mcp_servers.set_env_values(_require_id(server), _pairs(args.pairs, ""))
    if args.json:
        emit_json({"server": describe(core, saved)})
        return
    missing = saved.keys_needing_values()
    still = f" It still needs a value for {', '.join(missing)}." if missing else ""
    sys.stdout.write(f"Saved the environment of “{saved.name}”.{still}\n")


def _remove(core: Core, args: argparse.Namespace) -> None:
    server = _find(core, args.name)
    core.mcp_servers.remove(_require_id(server))
    if args.json:
        emit_json({"removed": server.name})
    else:
        sys.stdout.write(f"Removed “{server.name}”.\n")


def _find(core: Core, name: str) -> McpServer:
    server = core.mcp_servers.find(name)
    if server is None:
        names = ", ".join(s.name for s in core.mcp_servers.list()) or "none yet"
        raise CliError(f"No MCP server named “{name}” (servers: {names}).")
    return server


def _require_id(server: McpServer) -> int:
    assert server.id is not None  # every stored server has one
    return server.id


def _assistant_name(core: Core, assistant_id: int | None) -> str | None:
    if assistant_id is None:
        return None
    for assistant in core.assistants.list():
        if assistant.id == assistant_id:
            return assistant.name
    return None
