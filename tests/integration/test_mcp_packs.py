"""An assistant's MCP servers travel in its .hearth pack as configuration and arrive switched off:
the import shows what each would run, and none starts before the user approves it."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from app.assistants.pack_tools import ToolsMemberError, servers_from_tools_json
from tests.integration.test_cli import hearth, ok_json, one_json_object

SERVER_SCRIPT = str(Path(__file__).resolve().parents[1] / "fixtures" / "mcp_server.py")


def packed_env(pack: Path) -> dict[str, str]:
    with zipfile.ZipFile(pack) as archive:
        [server] = json.loads(archive.read("tools.json"))["servers"]
    return dict(server["env"])


def test_a_packed_server_is_shown_and_stays_off_until_approved(
    tmp_path: Path, starter_model: Path
) -> None:
    author = tmp_path / "author"
    author.mkdir()
    ok_json(author, "models", "import", str(starter_model))
    ok_json(author, "assistants", "create", "Shop helper")
    added = hearth(
        author,
        "mcp",
        "add",
        "stock",
        "--assistant",
        "Shop helper",
        "--env",
        "SHOP=north",
        "--json",
        "--",
        sys.executable,
        SERVER_SCRIPT,
    )
    assert added.returncode == 0, added.describe()
    pack = tmp_path / "shop.hearth"
    exported = ok_json(author, "assistants", "export", "Shop helper", "--out", str(pack))
    # The environment's values may be secrets: by default the keys go, empty, and it says so.
    [note] = [n for n in exported["notes"] if "environment values" in n]
    assert "stock (SHOP)" in note
    assert packed_env(pack) == {"SHOP": ""}
    with_values = tmp_path / "shop-with-values.hearth"
    ok_json(
        author,
        "assistants",
        "export",
        "Shop helper",
        "--out",
        str(with_values),
        "--include-env-values",
    )
    assert packed_env(with_values) == {"SHOP": "north"}

    user = tmp_path / "user"
    user.mkdir()
    ok_json(user, "models", "import", str(starter_model))
    imported = ok_json(user, "assistants", "import", str(pack))
    [line] = [line for line in imported["would_add"] if line.startswith("Tool server")]
    assert "stock" in line and SERVER_SCRIPT in line and "off until you approve it" in line
    [server] = ok_json(user, "mcp", "list")["servers"]
    assert server["assistant"] == "Shop helper" and server["approved"] is False
    assert server["command"] == [sys.executable, SERVER_SCRIPT] and server["env"] == ["SHOP"]
    assert "needs a value for SHOP" in line and server["env_needing_values"] == ["SHOP"]
    filled = ok_json(user, "mcp", "env", "stock", "SHOP=south")["server"]
    assert filled["env"] == ["SHOP"] and filled["env_needing_values"] == []

    refused = hearth(user, "mcp", "tools", "stock", "--json")
    assert refused.returncode != 0
    assert "has not been approved yet" in one_json_object(refused)["error"]
    assert ok_json(user, "mcp", "approve", "stock")["server"]["approved"] is True


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"name": "far", "transport": "http", "url": "http://203.0.113.5/mcp"}, "not on this"),
        ({"name": "x", "command": "rm -rf ~"}, "wrong type"),
        ({"name": "x", "command": []}, "Give the command"),
        ({"name": "a/b", "command": ["tool"]}, "short name"),
        ({"name": "x", "command": ["tool"], "env": {"A": 1}}, "wrong type"),
    ],
)
def test_hostile_tool_entries_are_refused(entry: dict[str, object], reason: str) -> None:
    with pytest.raises(ToolsMemberError, match=reason):
        servers_from_tools_json(json.dumps({"servers": [entry]}).encode())


def test_every_packed_server_arrives_unapproved() -> None:
    data = {"servers": [{"name": "ok", "command": ["tool", "--flag"], "env": {"K": "v"}}]}
    [server] = servers_from_tools_json(json.dumps(data).encode())
    assert not server.approved and server.command == "tool" and server.args == ("--flag",)
