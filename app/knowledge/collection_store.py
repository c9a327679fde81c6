"""Collections: named sets of documents (the part of DocumentStore about them)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.knowledge.records import CollectionRecord
from app.storage.database import Database
from app.storage.document_schema import (
    CollectionDocumentRow,
    CollectionRow,
    ConversationDocumentRow,
    DocumentRow,
)
from app.storage.errors import NotFoundError, StorageError


def _now() -> datetime:
    return datetime.now(UTC)


class CollectionQueries:
    """Mixed into DocumentStore, which owns `_db`."""

    _db: Database

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

    @staticmethod
    def _join(session: Session, document_id: int, collection_ids: Iterable[int]) -> None:
        for collection_id in collection_ids:
            session.merge(
                CollectionDocumentRow(collection_id=collection_id, document_id=document_id)
            )
