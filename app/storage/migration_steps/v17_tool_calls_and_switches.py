"""v17: the tool calls a reply made, kept with the reply so that they show again when the chat
is reopened and go into its export: what was called, with which arguments, whether the user
allowed it, and what came back. And which of Hearth's built-in tools an assistant turned off."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # `allowed` 0 with a result: denied by the user, or a tool the model made up. `source` is
    # "Hearth" for a built-in, else the MCP server's name at the time of the call.
    """
    CREATE TABLE message_tool_calls (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        message_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        call_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        tool_key TEXT NOT NULL DEFAULT '',
        arguments TEXT NOT NULL DEFAULT '',
        allowed BOOLEAN NOT NULL DEFAULT 0,
        result TEXT NOT NULL DEFAULT '',
        is_error BOOLEAN NOT NULL DEFAULT 0,
        truncated BOOLEAN NOT NULL DEFAULT 0,
        FOREIGN KEY(message_id) REFERENCES messages (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_message_tool_calls_message_id ON message_tool_calls (message_id)",
    # Only the switched-off ones are stored: a built-in tool is on unless the user said no.
    """
    CREATE TABLE disabled_builtin_tools (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        assistant_id INTEGER NOT NULL,
        tool TEXT NOT NULL,
        CONSTRAINT uq_disabled_builtin_tools UNIQUE (assistant_id, tool),
        FOREIGN KEY(assistant_id) REFERENCES assistants (id) ON DELETE CASCADE
    )
    """,
)
