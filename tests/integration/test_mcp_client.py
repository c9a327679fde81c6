"""MCP round trips against a real server written with the mcp SDK (tests/fixtures/mcp_server.py),
started as a real subprocess: tools listed and called, and a server that crashes, hangs or floods
the result each ends with a clear message, in bounded time, with no process left behind."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.types import ToolCall
from app.tools.builtin_tools import BuiltinTools
from app.tools.mcp_client import McpClient, McpError
from app.tools.mcp_config import McpServer, checked_server
from app.tools.toolbox import Toolbox

SERVER_SCRIPT = str(Path(__file__).resolve().parents[1] / "fixtures" / "mcp_server.py")


def stdio_server(*flags: str, name: str = "test") -> McpServer:
    return checked_server(name=name, command=[sys.executable, SERVER_SCRIPT, *flags])


@pytest.fixture
def client() -> Iterator[McpClient]:
    # Short limits so that a hang is found quickly; a real chat uses 20 s and 60 s.
    mcp = McpClient(start_timeout_s=15, call_timeout_s=3, result_cap=1000)
    yield mcp
    mcp.close()


def test_tools_are_listed_and_called_over_stdio(client: McpClient) -> None:
    server = stdio_server()
    tools = {tool.name: tool for tool in client.list_tools(server)}
    assert {"add", "shout", "huge", "crash", "hang"} <= set(tools)
    assert tools["add"].input_schema["required"] == ["a", "b"]
    assert "sum" in tools["add"].description
    result = client.call_tool(server, "add", {"a": 2, "b": 40.5})
    assert not result.is_error and float(result.text) == 42.5
    bad = client.call_tool(server, "add", {"a": "two"})
    assert bad.is_error  # the tool's own failure comes back for the model to read


def test_a_server_that_crashes_mid_call_says_so(client: McpClient) -> None:
    with pytest.raises(McpError) as caught:
        client.call_tool(stdio_server(), "crash", {})
    message = str(caught.value)
    assert "“test” stopped before it could run “crash”" in message
    assert "crashing on purpose" in message  # its last words on stderr


def test_a_server_that_dies_at_start_says_so(client: McpClient) -> None:
    with pytest.raises(McpError, match="cannot open its database"):
        client.list_tools(stdio_server("--crash-on-start"))


def test_a_hanging_tool_is_stopped_at_the_time_out(client: McpClient) -> None:
    with pytest.raises(McpError, match="did not run “hang” within 3 seconds"):
        client.call_tool(stdio_server(), "hang", {})
    # The next call starts a fresh session: the hung server poisons nothing.
    assert client.call_tool(stdio_server(), "shout", {"text": "ok"}).text == "OK"


def test_a_server_that_never_starts_is_given_up(tmp_path: Path) -> None:
    mcp = McpClient(start_timeout_s=2, call_timeout_s=3)
    try:
        with pytest.raises(McpError, match="did not start within 2 seconds"):
            mcp.list_tools(stdio_server("--hang-on-start"))
    finally:
        mcp.close()


def test_a_huge_result_is_cut_with_a_note(client: McpClient) -> None:
    result = client.call_tool(stdio_server(), "huge", {})
    assert result.truncated and not result.is_error
    assert result.text.startswith("x" * 1000)
    assert "the tool returned 2,000,000 characters; only the first 1,000 are shown" in result.text


def test_a_missing_command_and_an_unapproved_server_are_refused(client: McpClient) -> None:
    missing = checked_server(name="gone", command=["hearth-no-such-mcp-server"])
    with pytest.raises(McpError, match="could not be started: “hearth-no-such-mcp-server” was"):
        client.list_tools(missing)
    unapproved = checked_server(
        name="packed", command=[sys.executable, SERVER_SCRIPT], approved=False
    )
    with pytest.raises(McpError, match="has not been approved yet"):
        client.list_tools(unapproved)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, SERVER_SCRIPT, "http", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_streamable_http_server_on_loopback(client: McpClient, http_server: str) -> None:
    server = checked_server(name="web", url=http_server)
    assert "add" in {tool.name for tool in client.list_tools(server)}
    assert client.call_tool(server, "shout", {"text": "over http"}).text == "OVER HTTP"


def test_a_chat_toolbox_offers_only_enabled_approved_tools(client: McpClient) -> None:
    enabled = checked_server(
        name="calc", command=[sys.executable, SERVER_SCRIPT], enabled_tools=["add"]
    )
    packed = checked_server(name="packed", command=["never-started"], approved=False)
    toolbox = Toolbox.gather(BuiltinTools(), [enabled, packed], client)
    assert [spec.name for spec in toolbox.specs] == ["calculator", "today", "add"]
    [note] = toolbox.notes
    assert "“packed” is not approved yet" in note and "hearth mcp approve packed" in note
    result = toolbox.run(ToolCall("call_1", "add", '{"a": 1, "b": 2}'))
    assert not result.is_error and float(result.text) == 3
    assert toolbox.run(ToolCall("call_2", "shout", "{}")).is_error  # disabled: not offered
