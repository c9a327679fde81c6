"""The endpoints table, as Endpoint values."""

from __future__ import annotations

import builtins

from sqlalchemy import select

from app.endpoints.config import Endpoint
from app.storage.convert import utc_now
from app.storage.database import Database
from app.storage.endpoint_schema import EndpointRow
from app.storage.errors import NotFoundError, StorageError


def _endpoint(row: EndpointRow) -> Endpoint:
    return Endpoint(
        id=row.id,
        name=row.name,
        base_url=row.base_url,
        verify_tls=bool(row.verify_tls),
        api_key_ref=row.api_key_ref,
        default_model=row.default_model,
        timeout_s=float(row.timeout_s),
        created_at=row.created_at,
    )


class EndpointRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        *,
        name: str,
        base_url: str,
        verify_tls: bool,
        api_key_ref: str | None,
        default_model: str | None,
        timeout_s: float,
    ) -> Endpoint:
        with self._db.session(action="save the endpoint") as session:
            if session.scalars(select(EndpointRow).where(EndpointRow.name == name)).first():
                raise StorageError(f"An endpoint named “{name}” exists already.")
            row = EndpointRow(
                name=name,
                base_url=base_url,
                verify_tls=verify_tls,
                api_key_ref=api_key_ref,
                default_model=default_model,
                timeout_s=timeout_s,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _endpoint(row)

    def update(
        self,
        endpoint_id: int,
        *,
        base_url: str,
        verify_tls: bool,
        api_key_ref: str | None,
        default_model: str | None,
        timeout_s: float,
    ) -> Endpoint:
        with self._db.session(action="save the endpoint") as session:
            row = session.get(EndpointRow, endpoint_id)
            if row is None:
                raise NotFoundError("endpoint", endpoint_id)
            row.base_url = base_url
            row.verify_tls = verify_tls
            row.api_key_ref = api_key_ref
            row.default_model = default_model
            row.timeout_s = timeout_s
            session.flush()
            return _endpoint(row)

    def list(self) -> builtins.list[Endpoint]:
        with self._db.session(write=False, action="read the endpoints") as session:
            rows = session.scalars(select(EndpointRow).order_by(EndpointRow.name)).all()
            return [_endpoint(row) for row in rows]

    def find(self, name: str) -> Endpoint | None:
        with self._db.session(write=False, action="read the endpoints") as session:
            row = session.scalars(select(EndpointRow).where(EndpointRow.name == name)).first()
            return _endpoint(row) if row is not None else None

    def remove(self, endpoint_id: int) -> None:
        with self._db.session(action="remove the endpoint") as session:
            row = session.get(EndpointRow, endpoint_id)
            if row is None:
                raise NotFoundError("endpoint", endpoint_id)
            session.delete(row)
