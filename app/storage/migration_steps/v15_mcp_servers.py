"""v15: MCP servers an assistant may call, and the tools the user lets run without asking."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # A server is configuration, never code: a command line to start (stdio) or a loopback URL
    # (streamable HTTP). `assistant_id` NULL: every assistant may use it. `approved` is 0 for a
    # server that arrived in a .hearth pack until the user has read its command and agreed.
    """
    CREATE TABLE mcp_servers (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        assistant_id INTEGER,
        transport TEXT NOT NULL,
        command TEXT NOT NULL DEFAULT '',
        args TEXT NOT NULL DEFAULT '[]',
        env TEXT NOT NULL DEFAULT '{}',
        url TEXT,
        enabled_tools TEXT,
        approved BOOLEAN NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        CONSTRAINT uq_mcp_servers_name UNIQUE (name),
        FOREIGN KEY(assistant_id) REFERENCES assistants (id) ON DELETE CASCADE
    )
    """,
    # "Always allow" ticks: `tool_key` is "server/tool" or "builtin/name"; `assistant_id` NULL
    # ticks it for every assistant.
    """
    CREATE TABLE tool_permissions (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        assistant_id INTEGER,
        tool_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        FOREIGN KEY(assistant_id) REFERENCES assistants (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_tool_permissions_tool_key ON tool_permissions (tool_key)",
)
