"""The document tables: documents, their chunks and chat attachments (collections: see
collection_store.py).

Chunk rows are written in bulk with plain SQL (the FTS index follows through triggers); the
rest goes through the ORM rows of app/storage/document_schema.py.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.knowledge.chunking import Chunk
from app.knowledge.collection_store import CollectionQueries
from app.knowledge.page_box import PageBox
from app.knowledge.records import DocumentRecord, StoredChunk
from app.knowledge.search_text import search_form
from app.storage.database import Database
from app.storage.document_schema import (
    ChunkRow,
    CollectionDocumentRow,
    ConversationCollectionRow,
    ConversationDocumentRow,
    DocumentRow,
)
from app.storage.errors import NotFoundError


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
    "overlap_chars, search_heading, search_text, page_box) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _search_form_if_changed(text: str) -> str | None:
    """What the index reads instead of `text`, or None when that is `text` itself (saves a
    second copy of plain text)."""
    form = search_form(text)
    return None if form == text else form


class DocumentStore(CollectionQueries):
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
        parent_id: int | None = None,
        notes: Sequence[str] = (),
        ocr_pages: int = 0,
        ocr_confidence: float | None = None,
    ) -> DocumentRecord:
        """Store a freshly indexed file; a document already at the same path is replaced in place
        (it keeps its id and memberships; its old chunks, index entries and attachments go).
        `parent_id` makes it an attachment of that document (removed with it). `notes`: what
        extraction skipped or capped, kept for the user to see."""
        with self._db.session(action=f"save the document {facts.file_name}") as session:
            row = self._row_for_path(session, facts)
            row.parent_id = parent_id
            self._drop_children(session, row)
            row.status = "indexed"
            row.error = None
            row.notes = json.dumps(list(notes), ensure_ascii=False) if notes else None
            row.ocr_pages = ocr_pages or None
            row.ocr_confidence = ocr_confidence if ocr_pages else None
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
                        _search_form_if_changed(c.heading),
                        _search_form_if_changed(c.text),
                        c.box.to_text() if c.box is not None else None,
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
            self._drop_children(session, row)
            row.status = "failed"
            row.error = error
            row.notes = None
            row.ocr_pages = row.ocr_confidence = None
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

    def with_attachments(self, document_ids: Iterable[int]) -> builtins.list[int]:
        """The documents and, recursively, the attachments stored as their children: a chat or
        search given a mail reads what came attached to it too."""
        found = builtins.list(dict.fromkeys(document_ids))
        seen = set(found)
        frontier = builtins.list(found)
        with self._db.session(write=False, action="read the documents") as session:
            while frontier:
                children = session.scalars(
                    select(DocumentRow.id).where(DocumentRow.parent_id.in_(frontier))
                ).all()
                frontier = [c for c in children if c not in seen]
                seen.update(frontier)
                found.extend(frontier)
        return found

    def remove(self, document_id: int) -> DocumentRecord:
        """Delete a document; its chunks, index entries, embeddings, memberships and attachments
        (child documents) go with it."""
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
    def _drop_children(session: Session, row: DocumentRow) -> None:
        """A re-read mail's old attachments go; its new ones are saved after it. Their own
        attachments, chunks and index entries follow by ON DELETE CASCADE."""
        if row.id is not None:
            session.execute(delete(DocumentRow).where(DocumentRow.parent_id == row.id))

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
            parent_id=row.parent_id,
            notes=_notes(row.notes),
            ocr_pages=row.ocr_pages or 0,
            ocr_confidence=row.ocr_confidence,
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
        box=PageBox.from_value(row.page_box),
    )
