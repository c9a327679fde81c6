"""The GGUF models Hearth knows about."""

from __future__ import annotations

import builtins

from sqlalchemy import select

from app.storage.convert import model_record, utc_now
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.records import ModelRecord, NewModel
from app.storage.schema import ModelRow


class ModelRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, model: NewModel) -> ModelRecord:
        """Register `model`; a model already registered at the same path is updated instead
        (it keeps its id and `added_at`, and where it was downloaded from unless `model` says)."""
        with self._db.session(action="save the model") as session:
            row = session.scalars(select(ModelRow).where(ModelRow.path == model.path)).first()
            if row is None:
                row = ModelRow(path=model.path, added_at=utc_now())
                session.add(row)
            row.name = model.name
            row.sha256 = model.sha256.lower()
            row.size_bytes = model.size_bytes
            row.architecture = model.architecture
            row.parameter_count = model.parameter_count
            row.quantization = model.quantization
            row.context_length = model.context_length
            row.has_chat_template = model.has_chat_template
            row.license = model.license
            if model.catalog_id is not None:
                row.catalog_id = model.catalog_id
                row.verified_by = model.verified_by
            session.flush()
            return model_record(row)

    def list(self) -> builtins.list[ModelRecord]:
        """Every model, in the order they were registered."""
        with self._db.session(write=False, action="read the models") as session:
            rows = session.scalars(select(ModelRow).order_by(ModelRow.id)).all()
            return [model_record(row) for row in rows]

    def get(self, model_id: int) -> ModelRecord:
        with self._db.session(write=False, action="read the model") as session:
            row = session.get(ModelRow, model_id)
            if row is None:
                raise NotFoundError("model", model_id)
            return model_record(row)

    def find_by_path(self, path: str) -> ModelRecord | None:
        with self._db.session(write=False, action="read the models") as session:
            row = session.scalars(select(ModelRow).where(ModelRow.path == path)).first()
            return model_record(row) if row is not None else None

    def find_by_sha256(self, sha256: str) -> builtins.list[ModelRecord]:
        """Models with this content hash (the same file may live at several paths), by id."""
        with self._db.session(write=False, action="read the models") as session:
            rows = session.scalars(
                select(ModelRow).where(ModelRow.sha256 == sha256.lower()).order_by(ModelRow.id)
            ).all()
            return [model_record(row) for row in rows]

    def relocate(self, model_id: int, path: str) -> ModelRecord:
        """The same file found at a new path (a moved install): keep the id, the conversations
        and the settings that point at it."""
        with self._db.session(action="update the model") as session:
            row = session.get(ModelRow, model_id)
            if row is None:
                raise NotFoundError("model", model_id)
            row.path = path
            session.flush()
            return model_record(row)

    def remove(self, model_id: int) -> None:
        """Forget a model (the file is not touched); conversations using it keep no model."""
        with self._db.session(action="remove the model") as session:
            row = session.get(ModelRow, model_id)
            if row is None:
                raise NotFoundError("model", model_id)
            session.delete(row)
