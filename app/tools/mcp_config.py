"""An MCP server's configuration: what to start (stdio) or where to connect (loopback HTTP).

A server is configuration, never code: Hearth stores and ships only the command line or URL the
user (or a pack they approved) gave it. Remote servers are refused: a tool server runs on this
computer, so nothing a chat sends to a tool leaves it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

Transport = Literal["stdio", "http"]

LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


class McpConfigError(ValueError):
    """A server configuration Hearth will not store or start; the message says why."""


@dataclass(frozen=True)
class McpServer:
    name: str
    transport: Transport
    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    # None: every tool the server lists; else only these names.
    enabled_tools: tuple[str, ...] | None = None
    assistant_id: int | None = None  # None: every assistant
    # False for a server that came in a .hearth pack and the user has not yet agreed to start.
    approved: bool = True
    id: int | None = None

    def tool_enabled(self, tool: str) -> bool:
        return self.enabled_tools is None or tool in self.enabled_tools

    def keys_needing_values(self) -> tuple[str, ...]:
        """Environment keys with an empty value: a pack leaves secrets out unless asked."""
        return tuple(sorted(key for key, value in self.env.items() if not value))

    def describe(self) -> str:
        """What will run, in one line the user can check before approving."""
        if self.transport == "http":
            return f"connects to {self.url}"
        words = [self.command, *self.args]
        line = " ".join(_quoted(w) for w in words)
        if self.env:
            names = ", ".join(sorted(self.env))
            line += f"  (environment: {names})"
        return f"runs {line}"


def _quoted(word: str) -> str:
    return f'"{word}"' if (not word or any(c.isspace() for c in word)) else word


def is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_server(
    *,
    name: str,
    command: Sequence[str] = (),
    url: str | None = None,
    env: Mapping[str, str] | None = None,
    enabled_tools: Sequence[str] | None = None,
    assistant_id: int | None = None,
    approved: bool = True,
) -> McpServer:
    """A server from what the user typed (or a pack carried), or McpConfigError saying why not."""
    name = name.strip()
    if not name or "/" in name or len(name) > 64:
        raise McpConfigError("An MCP server needs a short name (up to 64 characters, without “/”).")
    environment = dict(env or {})
    for key in environment:
        if not key or "=" in key or "\0" in key:
            raise McpConfigError(f"“{key}” is not a valid environment variable name.")
    tools = None if enabled_tools is None else tuple(dict.fromkeys(enabled_tools))
    if url is not None:
        if command:
            raise McpConfigError("Give either a command to start or a URL, not both.")
        if not is_loopback_url(url):
            raise McpConfigError(
                f"“{url}” is not on this computer. Hearth connects only to MCP servers on "
                "loopback (http://127.0.0.1:PORT/… or http://localhost:PORT/…)."
            )
        return McpServer(
            name=name,
            transport="http",
            url=url,
            env=environment,
            enabled_tools=tools,
            assistant_id=assistant_id,
            approved=approved,
        )
    if not command or not command[0].strip():
        raise McpConfigError(
            "Give the command that starts the MCP server, after “--” "
            "(for example: hearth mcp add files -- npx my-mcp-server)."
        )
    if any("\0" in word for word in command):
        raise McpConfigError("The command contains a NUL character.")
    return McpServer(
        name=name,
        transport="stdio",
        command=command[0],
        args=tuple(command[1:]),
        env=environment,
        enabled_tools=tools,
        assistant_id=assistant_id,
        approved=approved,
    )
