"""ORM mapping of the assistant tables (see migration_steps/v6_assistants.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime

__all__ = ["AssistantCollectionRow", "AssistantRow"]


class AssistantRow(Base):
    __tablename__ = "assistants"
    __table_args__ = (
        UniqueConstraint("builtin_key", name="uq_assistants_builtin_key"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    icon: Mapped[str] = mapped_column(Text)
    icon_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    description: Mapped[str] = mapped_column(Text)
    model_sha256: Mapped[str] = mapped_column(Text)
    model_name: Mapped[str] = mapped_column(Text)
    model_catalog_id: Mapped[str | None] = mapped_column(Text)
    follows_default_model: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    adapters: Mapped[str] = mapped_column(Text)  # JSON list: {sha256, name, scale}
    instructions: Mapped[str] = mapped_column(Text)
    sampling: Mapped[str] = mapped_column(Text)  # JSON object (SamplingDefaults.as_dict)
    pinned_templates: Mapped[str] = mapped_column(Text)  # JSON list of template ids
    starter_prompts: Mapped[str] = mapped_column(Text)  # JSON list of strings
    builtin_key: Mapped[str | None] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AssistantCollectionRow(Base):
    __tablename__ = "assistant_collections"
    __table_args__ = (Index("ix_assistant_collections_collection_id", "collection_id"),)

    assistant_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("assistants.id", ondelete="CASCADE"), primary_key=True
    )
    collection_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer)
