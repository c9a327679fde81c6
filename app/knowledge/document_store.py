"""The document tables: documents, their chunks, collections and chat attachments.

Chunk rows are written in bulk with plain SQL (the FTS index follows through triggers); the
rest goes through the ORM rows of app/storage/document_schema.py.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.knowledge.chunking import Chunk
from app.knowledge.records import CollectionRecord, DocumentRecord, StoredChunk
from app.storage.database import Database
from app.storage.document_schema import (
    ChunkRow,
    CollectionDocumentRow,
    CollectionRow,
    ConversationCollectionRow,
    ConversationDocumentRow,
    DocumentRow,
)
from app.storage.errors import NotFoundError, StorageError


@dataclass(frozen=True)
class FileFacts:
    """What identifies a file's version: where it is, its content hash, size and mtime."""

    path: str
    file_name: str
    sha256: str
    size_bytes: int
    mtime_ns: int
    format: str


def _now() -> datetime:
    return datetime.now(UTC)


_INSERT_CHUNK = (
    "INSERT INTO chunks (document_id, ordinal, section_index, position, page, heading, text, "
    "overlap_chars) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


class DocumentStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def database(self) -> Database:
        return self._db

    # ---- documents ---------------------------------------------------------------------------

    def save_indexed(
        self,
        facts: FileFacts,
        chunks: Sequence[Chunk],
        *,
        page_count: int | None,
        collection_ids: Iterable[int] = (),
        notes: Sequence[str] = (),
    ) -> DocumentRecord:
        """Store a freshly indexed file; a document already at the same path is replaced in place
        (it keeps its id and memberships; its old chunks and index entries go). `notes`: what
        extraction skipped or capped, kept for the user to see."""
        with self._db.session(action=f"save the document {facts.file_name}") as session:
            row = self._row_for_path(session, facts)
            row.status = "indexed"
            row.error = None
            row.notes = json.dumps(list(notes), ensure_ascii=False) if notes else None
            row.page_count = page_count
            row.char_count = sum(len(c.body) for c in chunks)
            row.chunk_count = len(chunks)
            session.flush()
            session.execute(delete(ChunkRow).where(ChunkRow.document_id == row.id))
            session.connection().exec_driver_sql(
                _INSERT_CHUNK,
                [
                    (
                        row.id,
                        ordinal,
                        c.section_index,
                        c.position,
                        c.page,
                        c.heading,
                        c.text,
                        c.overlap_chars,
                    )
                    for ordinal, c in enumerate(chunks)
                ],
            )
            self._join(session, row.id, collection_ids)
            return self._record(session, row)

    def save_failed(
        self, facts: FileFacts, error: str, *, collection_ids: Iterable[int] = ()
    ) -> DocumentRecord:
        """Remember a file that could not be indexed, so an unchanged broken file is not retried."""
        with self._db.session(action=f"save the document {facts.file_name}") as session:
            row = self._row_for_path(session, facts)
            row.status = "failed"
            row.error = error
            row.notes = None
            row.page_count = None
            row.char_count = 0
            row.chunk_count = 0
            session.flush()
            session.execute(delete(ChunkRow).where(ChunkRow.document_id == row.id))
            self._join(session, row.id, collection_ids)
            return self._record(session, row)

    def touch(self, document_id: int, mtime_ns: int) -> None:
        """Record a new modification time for a file whose content did not change."""
        with self._db.session(action="update the document") as session:
            row = session.get(DocumentRow, document_id)
            if row is not None:
                row.mtime_ns = mtime_ns

    def get(self, document_id: int) -> DocumentRecord:
        with self._db.session(write=False, action="read the document") as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise NotFoundError("document", document_id)
            return self._record(session, row)

    def find_by_path(self, path: str) -> DocumentRecord | None:
        with self._db.session(write=False, action="read the documents") as session:
            row = session.scalars(select(DocumentRow).where(DocumentRow.path == path)).first()
            return self._record(session, row) if row is not None else None

    def mtimes(self, document_ids: Iterable[int]) -> dict[int, int]:
        ids = list(document_ids)
        with self._db.session(write=False, action="read the documents") as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.mtime_ns).where(DocumentRow.id.in_(ids))
            ).all()
            return {int(r[0]): int(r[1]) for r in rows}

    def list(self, *, collection_id: int | None = None) -> builtins.list[DocumentRecord]:
        with self._db.session(write=False, action="read the documents") as session:
            query = select(DocumentRow).order_by(DocumentRow.id)
            if collection_id is not None:
                query = query.join(
                    CollectionDocumentRow, CollectionDocumentRow.document_id == DocumentRow.id
                ).where(CollectionDocumentRow.collection_id == collection_id)
            rows = session.scalars(query).all()
            memberships = self._memberships(session, [r.id for r in rows])
            return [self._record(session, r, memberships.get(r.id, ())) for r in rows]

    def remove(self, document_id: int) -> DocumentRecord:
        """Delete a document; its chunks, index entries, embeddings and memberships go with it."""
        with self._db.session(action="remove the document") as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise NotFoundError("document", document_id)
            record = self._record(session, row)
            session.delete(row)
            return record

    def chunks(self, document_id: int) -> builtins.list[StoredChunk]:
        with self._db.session(write=False, action="read the document's text") as session:
            rows = session.scalars(
                select(ChunkRow)
                .where(ChunkRow.document_id == document_id)
                .order_by(ChunkRow.ordinal)
            ).all()
            return [_chunk(r) for r in rows]

    def chunks_by_id(self, chunk_ids: Sequence[int]) -> dict[int, StoredChunk]:
        with self._db.session(write=False, action="read passages") as session:
            rows = session.scalars(select(ChunkRow).where(ChunkRow.id.in_(list(chunk_ids)))).all()
            return {r.id: _chunk(r) for r in rows}

    # ---- collections -------------------------------------------------------------------------

    def create_collection(self, name: str) -> CollectionRecord:
        name = " ".join(name.split())
        if not name:
            raise StorageError("A collection needs a name.", kind="conflict")
        with self._db.session(action=f"create the collection {name}") as session:
            if session.scalars(select(CollectionRow).where(CollectionRow.name == name)).first():
                raise StorageError(f"A collection named {name!r} already exists.", kind="conflict")
            row = CollectionRow(name=name, created_at=_now())
            session.add(row)
            session.flush()
            return CollectionRecord(id=row.id, name=row.name, created_at=row.created_at)

    def collection_named(self, name: str, *, create: bool = False) -> CollectionRecord | None:
        name = " ".join(name.split())
        with self._db.session(write=create, action=f"read the collection {name}") as session:
            row = session.scalars(select(CollectionRow).where(CollectionRow.name == name)).first()
            if row is None and create and name:
                row = CollectionRow(name=name, created_at=_now())
                session.add(row)
                session.flush()
            if row is None:
                return None
            return CollectionRecord(id=row.id, name=row.name, created_at=row.created_at)

    def collections(self) -> builtins.list[CollectionRecord]:
        with self._db.session(write=False, action="read the collections") as session:
            counts = dict(
                session.execute(
                    select(CollectionDocumentRow.collection_id, func.count()).group_by(
                        CollectionDocumentRow.collection_id
                    )
                ).all()
            )
            rows = session.scalars(select(CollectionRow).order_by(CollectionRow.name)).all()
            return [
                CollectionRecord(
                    id=r.id,
                    name=r.name,
                    created_at=r.created_at,
                    document_count=counts.get(r.id, 0),
                )
                for r in rows
            ]

    def rename_collection(self, collection_id: int, name: str) -> None:
        with self._db.session(action="rename the collection") as session:
            row = session.get(CollectionRow, collection_id)
            if row is None:
                raise NotFoundError("collection", collection_id)
            row.name = " ".join(name.split())

    def delete_collection(self, collection_id: int, *, with_documents: bool = False) -> None:
        """Delete a collection; with `with_documents`, also the documents in no other collection
        and attached to no chat."""
        with self._db.session(action="delete the collection") as session:
            row = session.get(CollectionRow, collection_id)
            if row is None:
                raise NotFoundError("collection", collection_id)
            member_ids = session.scalars(
                select(CollectionDocumentRow.document_id).where(
                    CollectionDocumentRow.collection_id == collection_id
                )
            ).all()
            session.delete(row)
            session.flush()
            if with_documents and member_ids:
                still_used = set(
                    session.scalars(
                        select(CollectionDocumentRow.document_id).where(
                            CollectionDocumentRow.document_id.in_(member_ids)
                        )
                    ).all()
                ) | set(
                    session.scalars(
                        select(ConversationDocumentRow.document_id).where(
                            ConversationDocumentRow.document_id.in_(member_ids)
                        )
                    ).all()
                )
                orphans = [d for d in member_ids if d not in still_used]
                session.execute(delete(DocumentRow).where(DocumentRow.id.in_(orphans)))

    def add_to_collection(self, collection_id: int, document_ids: Iterable[int]) -> None:
        with self._db.session(action="add documents to the collection") as session:
            if session.get(CollectionRow, collection_id) is None:
                raise NotFoundError("collection", collection_id)
            for document_id in document_ids:
                self._join(session, document_id, (collection_id,))

    def remove_from_collection(self, collection_id: int, document_id: int) -> None:
        with self._db.session(action="remove the document from the collection") as session:
            session.execute(
                delete(CollectionDocumentRow).where(
                    CollectionDocumentRow.collection_id == collection_id,
                    CollectionDocumentRow.document_id == document_id,
                )
            )

    def document_ids_in(self, collection_ids: Iterable[int]) -> set[int]:
        ids = list(collection_ids)
        if not ids:
            return set()
        with self._db.session(write=False, action="read the collections") as session:
            return set(
                session.scalars(
                    select(CollectionDocumentRow.document_id).where(
                        CollectionDocumentRow.collection_id.in_(ids)
                    )
                ).all()
            )

    # ---- chat attachments --------------------------------------------------------------------

    def attach_to_conversation(
        self,
        conversation_id: int,
        *,
        document_ids: Iterable[int] = (),
        collection_ids: Iterable[int] = (),
    ) -> None:
        with self._db.session(action="attach documents to the chat") as session:
            for document_id in document_ids:
                session.merge(
                    ConversationDocumentRow(
                        conversation_id=conversation_id, document_id=document_id
                    )
                )
            for collection_id in collection_ids:
                session.merge(
                    ConversationCollectionRow(
                        conversation_id=conversation_id, collection_id=collection_id
                    )
                )

    def detach_from_conversation(
        self,
        conversation_id: int,
        *,
        document_ids: Iterable[int] = (),
        collection_ids: Iterable[int] = (),
    ) -> None:
        with self._db.session(action="detach documents from the chat") as session:
            session.execute(
                delete(ConversationDocumentRow).where(
                    ConversationDocumentRow.conversation_id == conversation_id,
                    ConversationDocumentRow.document_id.in_(list(document_ids)),
                )
            )
            session.execute(
                delete(ConversationCollectionRow).where(
                    ConversationCollectionRow.conversation_id == conversation_id,
                    ConversationCollectionRow.collection_id.in_(list(collection_ids)),
                )
            )

    def conversation_attachments(
        self, conversation_id: int
    ) -> tuple[builtins.list[int], builtins.list[int]]:
        """(document ids, collection ids) attached to a chat."""
        with self._db.session(write=False, action="read the chat's documents") as session:
            documents = session.scalars(
                select(ConversationDocumentRow.document_id)
                .where(ConversationDocumentRow.conversation_id == conversation_id)
                .order_by(ConversationDocumentRow.document_id)
            ).all()
            collections = session.scalars(
                select(ConversationCollectionRow.collection_id)
                .where(ConversationCollectionRow.conversation_id == conversation_id)
                .order_by(ConversationCollectionRow.collection_id)
            ).all()
            return list(documents), list(collections)

    # ---- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _row_for_path(session: Session, facts: FileFacts) -> DocumentRow:
        row = session.scalars(select(DocumentRow).where(DocumentRow.path == facts.path)).first()
        now = _now()
        if row is None:
            row = DocumentRow(path=facts.path, added_at=now)
            session.add(row)
        row.file_name = facts.file_name
        row.sha256 = facts.sha256
        row.size_bytes = facts.size_bytes
        row.mtime_ns = facts.mtime_ns
        row.format = facts.format
        row.updated_at = now
        return row

    @staticmethod
    def _join(session: Session, document_id: int, collection_ids: Iterable[int]) -> None:
        for collection_id in collection_ids:
            session.merge(
                CollectionDocumentRow(collection_id=collection_id, document_id=document_id)
            )

    @staticmethod
    def _memberships(session: Session, document_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
        found: dict[int, builtins.list[int]] = {}
        if document_ids:
            rows = session.execute(
                select(CollectionDocumentRow.document_id, CollectionDocumentRow.collection_id)
                .where(CollectionDocumentRow.document_id.in_(list(document_ids)))
                .order_by(CollectionDocumentRow.collection_id)
            ).all()
            for document_id, collection_id in rows:
                found.setdefault(int(document_id), []).append(int(collection_id))
        return {k: tuple(v) for k, v in found.items()}

    def _record(
        self, session: Session, row: DocumentRow, memberships: tuple[int, ...] | None = None
    ) -> DocumentRecord:
        if memberships is None:
            session.flush()
            memberships = self._memberships(session, [row.id]).get(row.id, ())
        return DocumentRecord(
            id=row.id,
            path=row.path,
            file_name=row.file_name,
            sha256=row.sha256,
            size_bytes=row.size_bytes,
            format=row.format,
            page_count=row.page_count,
            char_count=row.char_count,
            chunk_count=row.chunk_count,
            status="failed" if row.status == "failed" else "indexed",
            error=row.error,
            added_at=row.added_at,
            updated_at=row.updated_at,
            collection_ids=memberships,
            notes=_notes(row.notes),
        )


def _notes(raw: str | None) -> tuple[str, ...]:
    """The stored JSON list; anything else (NULL, a damaged value) reads as no notes."""
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except ValueError:
        return ()
    return tuple(str(n) for n in value) if isinstance(value, list) else ()


def _chunk(row: ChunkRow) -> StoredChunk:
    return StoredChunk(
        id=row.id,
        document_id=row.document_id,
        ordinal=row.ordinal,
        section_index=row.section_index,
        position=row.position,
        page=row.page,
        heading=row.heading,
        text=row.text,
        overlap_chars=row.overlap_chars,
    )
