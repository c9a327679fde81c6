"""SQLAlchemy ORM mapping of the latest migration (see migrations.py; tests keep the two equal).

Never used to create tables: the migration ladder owns the schema. Rows stay inside the storage
package; repositories turn them into the dataclasses of records.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    REAL,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.storage.orm_base import Base, UTCDateTime

__all__ = ["Base", "ConversationRow", "GenerationRow", "MessageRow", "ModelRow", "UTCDateTime"]


class ModelRow(Base):
    __tablename__ = "models"
    __table_args__ = (
        UniqueConstraint("path", name="uq_models_path"),
        Index("ix_models_sha256", "sha256"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    architecture: Mapped[str] = mapped_column(Text)
    parameter_count: Mapped[int | None] = mapped_column(Integer)
    quantization: Mapped[str | None] = mapped_column(Text)
    context_length: Mapped[int | None] = mapped_column(Integer)
    has_chat_template: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    license: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    catalog_id: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(Text)


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_updated_at", "updated_at"),
        Index("ix_conversations_model_id", "model_id"),
        ForeignKeyConstraint(["assistant_id"], ["assistants.id"], ondelete="SET NULL"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    model_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("models.id", ondelete="SET NULL")
    )
    system_prompt: Mapped[str | None] = mapped_column(Text)
    grounded_only: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    # The assistant the chat was started from (v6; see migration_steps/v6_assistants.py).
    # Its foreign key is declared in __table_args__ so that the ORM lists it where v6's
    # ALTER TABLE puts it (SQLite orders a table's foreign keys by declaration).
    assistant_id: Mapped[int | None] = mapped_column(Integer)


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "position", name="uq_messages_conversation_position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    complete: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    citations: Mapped[str | None] = mapped_column(Text)  # JSON list (see records.Message)
    issues: Mapped[str | None] = mapped_column(Text)  # JSON list (v10, see records.Message)
    issues_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    generation: Mapped[GenerationRow | None] = relationship(
        back_populates="message",
        lazy="joined",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class GenerationRow(Base):
    """What produced an assistant message; one row per message at most."""

    __tablename__ = "generations"

    message_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    model_sha256: Mapped[str] = mapped_column(Text)
    model_name: Mapped[str] = mapped_column(Text)
    sampling: Mapped[str] = mapped_column(Text)  # JSON object
    seed: Mapped[int] = mapped_column(Integer)
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    prompt_tokens_evaluated: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    ttft_s: Mapped[float] = mapped_column(REAL)
    decode_tokens_per_s: Mapped[float] = mapped_column(REAL)
    total_s: Mapped[float] = mapped_column(REAL)
    finish_reason: Mapped[str] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(Text)
    n_ctx: Mapped[int] = mapped_column(Integer)
    trimmed_turns: Mapped[int] = mapped_column(Integer)
    adapters: Mapped[str] = mapped_column(Text, server_default=text("'[]'"))  # JSON list
    endpoint: Mapped[str | None] = mapped_column(Text)  # NULL: generated on this computer
    remote_model: Mapped[str | None] = mapped_column(Text)
    # JSON {"lengths": [...], "logprobs_x100": [...]} (see convert.py); NULL: none recorded.
    token_confidence: Mapped[str | None] = mapped_column(Text)
    # CPU threads at the reply's start and end; NULL: older replies, remote servers.
    n_threads: Mapped[int | None] = mapped_column(Integer)
    n_threads_end: Mapped[int | None] = mapped_column(Integer)

    message: Mapped[MessageRow] = relationship(back_populates="generation")


# Every table module registers its rows on Base. A foreign key to a table whose module was never
# imported (conversations.assistant_id -> assistants) cannot be resolved at flush time, so the
# feature tables load together with the core ones.
from app.storage import (  # noqa: E402
    adapter_schema,  # noqa: F401
    assistant_schema,  # noqa: F401
    document_schema,  # noqa: F401
    endpoint_schema,  # noqa: F401
    template_schema,  # noqa: F401
    tool_schema,  # noqa: F401
    training_schema,  # noqa: F401
)
