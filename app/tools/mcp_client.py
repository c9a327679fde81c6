"""Talks to MCP servers with the mcp SDK, on one asyncio loop in its own thread.

Every call opens a session (starting a stdio server, or connecting to a loopback HTTP one), does
its one job and closes it again, so a server that crashed or hung never poisons the next call and
no process outlives the call. Every wait is bounded: starting, listing and calling each have a
time-out, a result is capped, and a failure comes back as McpError with a sentence for the user
rather than the SDK's exception text.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent

from app.tools.mcp_config import McpServer, is_loopback_url
from app.tools.tool_result import RESULT_CAP_CHARS, ToolResult, capped

T = TypeVar("T")

START_TIMEOUT_S = 20.0
CALL_TIMEOUT_S = 60.0
# The SDK stops a server in at most ~5 s (stdin closed, SIGTERM, SIGKILL); past this the caller
# stops waiting on the loop thread regardless.
TEARDOWN_GRACE_S = 10.0


class McpError(Exception):
    """A server could not be started, reached, or did not answer; the message says so plainly."""


@dataclass(frozen=True)
class McpTool:
    server: str
    name: str
    description: str
    input_schema: Mapping[str, Any]


class McpClient:
    def __init__(
        self,
        *,
        start_timeout_s: float = START_TIMEOUT_S,
        call_timeout_s: float = CALL_TIMEOUT_S,
        result_cap: int = RESULT_CAP_CHARS,
    ) -> None:
        self.start_timeout_s = start_timeout_s
        self.call_timeout_s = call_timeout_s
        self.result_cap = result_cap
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def list_tools(self, server: McpServer) -> list[McpTool]:
        """The server's tools, the disabled ones included (the caller filters)."""

        async def work(session: ClientSession) -> list[McpTool]:
            listing = await session.list_tools()
            return [
                McpTool(
                    server=server.name,
                    name=tool.name,
                    description=tool.description or "",
                    input_schema=dict(tool.input_schema),
                )
                for tool in listing.tools
            ]

        return self._run(server, work, what="list its tools")

    def call_tool(self, server: McpServer, tool: str, arguments: Mapping[str, Any]) -> ToolResult:
        """The tool's result (is_error set when the tool itself reported a failure)."""

        async def work(session: ClientSession) -> ToolResult:
            result = await session.call_tool(tool, dict(arguments))
            return _as_result(result, self.result_cap)

        return self._run(server, work, what=f"run “{tool}”")

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=TEARDOWN_GRACE_S)

    # The loop thread

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="hearth-mcp", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def _run(
        self,
        server: McpServer,
        work: Callable[[ClientSession], Awaitable[T]],
        *,
        what: str,
    ) -> T:
        if not server.approved:
            raise McpError(
                f"The MCP server “{server.name}” came in an assistant pack and has not been "
                "approved yet. Check what it runs, then approve it (hearth mcp approve "
                f"{server.name}, or in the assistant's tools)."
            )
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errlog:
            coroutine = self._session_job(server, work, what, errlog)
            future = asyncio.run_coroutine_threadsafe(coroutine, self._ensure_loop())
            limit = self.start_timeout_s + self.call_timeout_s + TEARDOWN_GRACE_S
            try:
                return future.result(timeout=limit)
            except concurrent.futures.TimeoutError:
                future.cancel()
                raise McpError(
                    f"The MCP server “{server.name}” did not answer within {limit:.0f} seconds; "
                    "Hearth stopped waiting for it."
                ) from None

    async def _session_job(
        self,
        server: McpServer,
        work: Callable[[ClientSession], Awaitable[T]],
        what: str,
        errlog: TextIO,
    ) -> T:
        stage = "start"
        try:
            async with _open_session(server, errlog) as session:
                with anyio.fail_after(self.start_timeout_s):
                    await session.initialize()
                stage = "call"
                with anyio.fail_after(self.call_timeout_s):
                    return await work(session)
        except Exception as error:  # the SDK's errors, wrapped in its task groups' groups
            raise self._user_error(error, server, stage, what, errlog) from None

    def _user_error(
        self, error: Exception, server: McpServer, stage: str, what: str, errlog: TextIO
    ) -> McpError:
        leaves = _leaves(error)
        for leaf in leaves:
            if isinstance(leaf, McpError):
                return leaf
        if any(isinstance(leaf, TimeoutError) for leaf in leaves):
            limit = self.start_timeout_s if stage == "start" else self.call_timeout_s
            doing = "start" if stage == "start" else what
            return McpError(
                f"The MCP server “{server.name}” did not {doing} within {limit:.0f} seconds; "
                "Hearth stopped it."
            )
        spawn = next((leaf for leaf in leaves if isinstance(leaf, OSError)), None)
        if spawn is not None and stage == "start" and server.transport == "stdio":
            return McpError(
                f"The MCP server “{server.name}” could not be started: “{server.command}” "
                f"{_os_reason(spawn)}. Check the command with hearth mcp list."
            )
        return McpError(_stopped(server, what, errlog))


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


@asynccontextmanager
async def _open_session(server: McpServer, errlog: TextIO) -> AsyncIterator[ClientSession]:
    if server.transport == "http":
        if server.url is None or not is_loopback_url(server.url):
            raise McpError(
                f"The MCP server “{server.name}” is not on this computer; Hearth connects only "
                "to loopback addresses."
            )
        async with (
            streamable_http_client(server.url) as (read, write),
            ClientSession(read, write) as session,
        ):
            yield session
        return
    parameters = StdioServerParameters(
        command=server.command, args=list(server.args), env=dict(server.env) or None
    )
    async with (
        stdio_client(parameters, errlog=errlog) as (read, write),
        ClientSession(read, write) as session,
    ):
        yield session


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "was not found"
    if isinstance(error, PermissionError):
        return "may not be run (permission denied)"
    return f"failed ({error.strerror or type(error).__name__})"


def _stopped(server: McpServer, what: str, errlog: TextIO) -> str:
    where = "" if server.transport == "stdio" else f" at {server.url}"
    message = f"The MCP server “{server.name}”{where} stopped before it could {what}."
    last = _last_line(errlog)
    if last:
        message += f" Its last message was: “{last}”."
    return message


def _last_line(errlog: TextIO) -> str:
    try:
        errlog.flush()
        errlog.seek(0)
        lines = [line.strip() for line in errlog.read()[-4000:].splitlines() if line.strip()]
    except (OSError, ValueError):
        return ""
    return lines[-1][:300] if lines else ""


def _as_result(result: CallToolResult, cap: int) -> ToolResult:
    parts: list[str] = []
    for block in result.content:
        if isinstance(block, TextContent):
            parts.append(block.text)
        else:
            parts.append(f"[{block.type} content, not shown]")
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return capped("\n".join(parts), is_error=bool(result.is_error), cap=cap)
