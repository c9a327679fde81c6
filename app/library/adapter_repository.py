"""The LoRA adapter files Hearth knows about."""

from __future__ import annotations

import builtins

from sqlalchemy import select

from app.storage.adapter_schema import AdapterRow
from app.storage.convert import adapter_record, utc_now
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.records import AdapterRecord, NewAdapter


class AdapterRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, adapter: NewAdapter) -> AdapterRecord:
        """Register `adapter`; one already registered at the same path is updated in place."""
        with self._db.session(action="save the adapter") as session:
            row = session.scalars(select(AdapterRow).where(AdapterRow.path == adapter.path)).first()
            if row is None:
                row = AdapterRow(path=adapter.path, added_at=utc_now())
                session.add(row)
            row.name = adapter.name
            row.sha256 = adapter.sha256.lower()
            row.size_bytes = adapter.size_bytes
            row.architecture = adapter.architecture
            row.rank = adapter.rank
            row.alpha = adapter.alpha
            row.tensor_count = adapter.tensor_count
            session.flush()
            return adapter_record(row)

    def list(self) -> builtins.list[AdapterRecord]:
        with self._db.session(write=False, action="read the adapters") as session:
            rows = session.scalars(select(AdapterRow).order_by(AdapterRow.id)).all()
            return [adapter_record(row) for row in rows]

    def get(self, adapter_id: int) -> AdapterRecord:
        with self._db.session(write=False, action="read the adapter") as session:
            row = session.get(AdapterRow, adapter_id)
            if row is None:
                raise NotFoundError("adapter", adapter_id)
            return adapter_record(row)

    def find_by_path(self, path: str) -> AdapterRecord | None:
        with self._db.session(write=False, action="read the adapters") as session:
            row = session.scalars(select(AdapterRow).where(AdapterRow.path == path)).first()
            return adapter_record(row) if row is not None else None

    def remove(self, adapter_id: int) -> None:
        """Forget an adapter (the file is not touched)."""
        with self._db.session(action="remove the adapter") as session:
            row = session.get(AdapterRow, adapter_id)
            if row is None:
                raise NotFoundError("adapter", adapter_id)
            session.delete(row)
