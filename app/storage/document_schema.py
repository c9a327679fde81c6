"""ORM mapping of the v4 document tables (see migration_steps/v4_documents.py).

The FTS5 index `chunks_fts`, its view `chunks_search` and its triggers are not mapped: SQLAlchemy
cannot express them, the ladder creates them, and the knowledge package queries them with plain SQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import REAL, ForeignKey, Index, Integer, LargeBinary, Text, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.orm_base import Base, UTCDateTime

__all__ = [
    "ChunkEmbeddingRow",
    "ChunkRow",
    "ChunkSearchPendingRow",
    "CollectionDocumentRow",
    "CollectionRow",
    "ConversationCollectionRow",
    "ConversationDocumentRow",
    "DocumentRow",
    "IndexJobItemRow",
    "IndexJobRow",
    "WatchedFolderRow",
]


class CollectionRow(Base):
    __tablename__ = "collections"
    __table_args__ = (
        UniqueConstraint("name", name="uq_collections_name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_path", "path"),
        Index("ix_documents_sha256", "sha256"),
        Index("ix_documents_parent_id", "parent_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    mtime_ns: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    format: Mapped[str] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    char_count: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    chunk_count: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    status: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # An e-mail attachment's mail (v13); None for a file the user added.
    parent_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE")
    )
    notes: Mapped[str | None] = mapped_column(Text)  # JSON list of sentences (v14), records.py
    ocr_pages: Mapped[int | None] = mapped_column(Integer)  # pages read with OCR (v18)
    ocr_confidence: Mapped[float | None] = mapped_column(REAL)  # their mean, 0..1 (v18)


class CollectionDocumentRow(Base):
    __tablename__ = "collection_documents"
    __table_args__ = (Index("ix_collection_documents_document_id", "document_id"),)

    collection_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class ChunkRow(Base):
    __tablename__ = "chunks"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal", name="uq_chunks_document_ordinal"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE")
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    section_index: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, server_default=sql_text("''"))
    text: Mapped[str] = mapped_column(Text)
    overlap_chars: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    # What the FTS index reads instead of heading/text (v12); NULL: the stored text unchanged.
    search_heading: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str | None] = mapped_column(Text)
    # Where on its page the text was read (v19): JSON [x0, y0, x1, y1] in page fractions; NULL
    # for text from a text layer. See app/knowledge/page_box.py.
    page_box: Mapped[str | None] = mapped_column(Text)


class ChunkSearchPendingRow(Base):
    """A chunk indexed before v12 whose search form is still to be filled in."""

    __tablename__ = "chunks_search_pending"

    chunk_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True
    )


class ChunkEmbeddingRow(Base):
    __tablename__ = "chunk_embeddings"
    __table_args__ = (Index("ix_chunk_embeddings_model_key", "model_key"),)

    chunk_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True
    )
    model_key: Mapped[str] = mapped_column(Text)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ConversationDocumentRow(Base):
    __tablename__ = "conversation_documents"
    __table_args__ = (Index("ix_conversation_documents_document_id", "document_id"),)

    conversation_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class ConversationCollectionRow(Base):
    __tablename__ = "conversation_collections"
    __table_args__ = (Index("ix_conversation_collections_collection_id", "collection_id"),)

    conversation_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    collection_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )


class WatchedFolderRow(Base):
    __tablename__ = "watched_folders"
    __table_args__ = (
        UniqueConstraint("path", name="uq_watched_folders_path"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    collection_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("collections.id", ondelete="CASCADE")
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IndexJobRow(Base):
    __tablename__ = "index_jobs"
    __table_args__ = (
        Index("ix_index_jobs_folder_id", "folder_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("watched_folders.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    done: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    failed: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IndexJobItemRow(Base):
    __tablename__ = "index_job_items"

    job_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("index_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(Text, primary_key=True)
    action: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
