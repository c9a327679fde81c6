"""ORM mapping of the v3 adapter tables (see migration_steps/v3_adapters.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import REAL, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime


class AdapterRow(Base):
    __tablename__ = "adapters"
    __table_args__ = (
        UniqueConstraint("path", name="uq_adapters_path"),
        Index("ix_adapters_sha256", "sha256"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    architecture: Mapped[str | None] = mapped_column(Text)
    rank: Mapped[int] = mapped_column(Integer)
    alpha: Mapped[float | None] = mapped_column(REAL)
    tensor_count: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
