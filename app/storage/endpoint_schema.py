"""ORM mapping of the endpoint tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import REAL, Boolean, Integer, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime


class EndpointRow(Base):
    """A remote OpenAI-compatible server. The API key itself is never a column."""

    __tablename__ = "endpoints"
    __table_args__ = (
        UniqueConstraint("name", name="uq_endpoints_name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    base_url: Mapped[str] = mapped_column(Text)
    verify_tls: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    api_key_ref: Mapped[str | None] = mapped_column(Text)  # "keyring", "env:VAR" or NULL
    default_model: Mapped[str | None] = mapped_column(Text)
    timeout_s: Mapped[float] = mapped_column(REAL, server_default=text("60"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
