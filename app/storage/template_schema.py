"""ORM mapping of the v5 template tables (see migration_steps/v5_templates.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime

__all__ = ["GeneratedDocumentRow", "TemplateRow"]


class TemplateRow(Base):
    __tablename__ = "templates"
    __table_args__ = (
        UniqueConstraint("slug", name="uq_templates_slug"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)  # JSON, the template file schema
    based_on: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GeneratedDocumentRow(Base):
    __tablename__ = "generated_documents"
    __table_args__ = (
        Index("ix_generated_documents_updated_at", "updated_at"),
        Index("ix_generated_documents_template_slug", "template_slug"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    template_slug: Mapped[str] = mapped_column(Text)
    template_version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[str] = mapped_column(Text)  # JSON object: key -> canonical value
    options: Mapped[str] = mapped_column(Text)  # JSON object: tone, length, length_text
    model_sha256: Mapped[str] = mapped_column(Text)
    model_name: Mapped[str] = mapped_column(Text)
    adapters: Mapped[str] = mapped_column(Text)  # JSON list: {name, sha256, scale}
    sampling: Mapped[str] = mapped_column(Text)  # JSON object (SamplingParams.as_record)
    seed: Mapped[int] = mapped_column(Integer)
    system_prompt: Mapped[str] = mapped_column(Text)
    rendered_prompt: Mapped[str] = mapped_column(Text)
    sections: Mapped[str] = mapped_column(Text)  # JSON list: {title, instruction, text, ...}
    content: Mapped[str] = mapped_column(Text)  # the document as the user last saved it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issues_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # v10
