"""ORM mapping of the MCP server and tool permission tables (migration_steps/v15_mcp_servers)
and of the tool calls stored with a reply and the switched-off built-ins
(v17_tool_calls_and_switches)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime

__all__ = ["DisabledBuiltinToolRow", "McpServerRow", "ToolCallRow", "ToolPermissionRow"]


class McpServerRow(Base):
    __tablename__ = "mcp_servers"
    __table_args__ = (
        UniqueConstraint("name", name="uq_mcp_servers_name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    assistant_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("assistants.id", ondelete="CASCADE")
    )
    transport: Mapped[str] = mapped_column(Text)  # "stdio" or "http"
    command: Mapped[str] = mapped_column(Text, server_default=text("''"))
    args: Mapped[str] = mapped_column(Text, server_default=text("'[]'"))  # JSON list
    env: Mapped[str] = mapped_column(Text, server_default=text("'{}'"))  # JSON object
    url: Mapped[str | None] = mapped_column(Text)
    enabled_tools: Mapped[str | None] = mapped_column(Text)  # JSON list; NULL: all
    approved: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ToolPermissionRow(Base):
    __tablename__ = "tool_permissions"
    __table_args__ = (
        Index("ix_tool_permissions_tool_key", "tool_key"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assistant_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("assistants.id", ondelete="CASCADE")
    )
    tool_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ToolCallRow(Base):
    __tablename__ = "message_tool_calls"
    __table_args__ = (
        Index("ix_message_tool_calls_message_id", "message_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(Integer, ForeignKey("messages.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    call_id: Mapped[str] = mapped_column(Text, server_default=text("''"))
    name: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, server_default=text("''"))
    tool_key: Mapped[str] = mapped_column(Text, server_default=text("''"))
    arguments: Mapped[str] = mapped_column(Text, server_default=text("''"))
    allowed: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    result: Mapped[str] = mapped_column(Text, server_default=text("''"))
    is_error: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    truncated: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class DisabledBuiltinToolRow(Base):
    __tablename__ = "disabled_builtin_tools"
    __table_args__ = (
        UniqueConstraint("assistant_id", "tool", name="uq_disabled_builtin_tools"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assistant_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("assistants.id", ondelete="CASCADE")
    )
    tool: Mapped[str] = mapped_column(Text)
