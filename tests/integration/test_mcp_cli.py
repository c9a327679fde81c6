"""`hearth mcp` and `hearth chat --tools`: real subprocesses, an MCP server, the starter model."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.integration.test_cli import hearth, ok_json, one_json_object

SERVER_SCRIPT = str(Path(__file__).resolve().parents[1] / "fixtures" / "mcp_server.py")


def test_mcp_add_list_and_tools(hearth_home: Path) -> None:
    command = (sys.executable, SERVER_SCRIPT)
    added = one_json_object(
        hearth(hearth_home, "mcp", "add", "calc", "--tools", "add,shout", "--json", "--", *command)
    )
    assert added["server"]["command"] == list(command)
    listed = ok_json(hearth_home, "mcp", "list")["servers"]
    assert [(s["name"], s["approved"], s["enabled_tools"]) for s in listed] == [
        ("calc", True, ["add", "shout"])
    ]
    tools = {t["name"]: t for t in ok_json(hearth_home, "mcp", "tools", "calc")["tools"]}
    assert tools["add"]["enabled"] and not tools["hang"]["enabled"]
    assert tools["add"]["input_schema"]["required"] == ["a", "b"]
    assert ok_json(hearth_home, "mcp", "enable", "calc", "--all")["server"]["enabled_tools"] is None

    remote = hearth(hearth_home, "mcp", "add", "far", "--url", "http://example.com/mcp", "--json")
    assert remote.returncode != 0 and "not on this computer" in one_json_object(remote)["error"]
    twice = hearth(hearth_home, "mcp", "add", "calc", "--json", "--", *command)
    assert twice.returncode != 0 and "exists already" in one_json_object(twice)["error"]


def test_chat_with_tools_calls_the_date_tool(hearth_home: Path, starter_model: Path) -> None:
    ok_json(hearth_home, "models", "import", str(starter_model))
    reply = ok_json(
        hearth_home,
        "chat",
        "--prompt",
        "What is the date today?",
        "--tools",
        "--yes",
        "--tool-choice",
        "today",
        "--tool-rounds",
        "1",
        "--seed",
        "2",
        "--max-tokens",
        "30",
    )
    [call] = reply["tool_calls"]
    assert call["name"] == "today" and call["allowed"] and not call["is_error"]
    assert call["arguments"] == {}
    assert str(date.today().year) in call["result"]
    assert reply["text"] and "<tool_call>" not in reply["text"]


def test_chat_with_tools_streams_with_the_call_line_between_and_stores_the_call(
    hearth_home: Path, starter_model: Path
) -> None:
    ok_json(hearth_home, "models", "import", str(starter_model))
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "QT_QPA_PLATFORM": "offscreen"}
    args = ["chat", "--prompt", "What is the date today?", "--tools", "--yes"]
    args += ["--tool-choice", "today", "--tool-rounds", "1", "--seed", "2", "--max-tokens", "30"]
    run = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=hearth_home,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream: the tool line must come before the answer
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert "<tool_call>" not in run.stdout
    _head, line, answer = run.stdout.partition("[tool today {} done] ")
    assert line, run.stdout
    assert str(date.today().year) in answer.splitlines()[0]
    answer_text = "\n".join(answer.splitlines()[1:]).strip()

    [chat] = ok_json(hearth_home, "chats", "list")["chats"]
    shown = ok_json(hearth_home, "chats", "show", str(chat["id"]))["chat"]["messages"]
    reply = shown[-1]
    assert reply["role"] == "assistant" and reply["content"].strip() == answer_text
    [call] = reply["tool_calls"]
    assert call["name"] == "today" and call["allowed"] and str(date.today().year) in call["result"]
    exported = hearth(hearth_home, "chats", "export", str(chat["id"]), "--format", "md")
    assert "> Tool `today` (Hearth)" in exported.stdout
