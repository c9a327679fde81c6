"""Assistants in the database (tables assistants and assistant_collections, schema v6)."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.assistants.model import (
    AdapterSetting,
    Assistant,
    AssistantError,
    AssistantProfile,
    ModelRef,
    SamplingDefaults,
)
from app.storage.assistant_schema import AssistantCollectionRow, AssistantRow
from app.storage.database import Database
from app.storage.document_schema import CollectionRow
from app.storage.errors import NotFoundError
from app.storage.schema import ConversationRow


def _now() -> datetime:
    return datetime.now(UTC)


def _json_list(raw: str) -> list[Any]:
    """Tolerant of a damaged column: an assistant must still open, with less in it."""
    try:
        value: Any = json.loads(raw)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _adapters(raw: str) -> tuple[AdapterSetting, ...]:
    found = []
    for item in _json_list(raw):
        try:
            found.append(
                AdapterSetting(str(item["sha256"]), str(item["name"]), float(item["scale"]))
            )
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(found)


def _sampling(raw: str) -> SamplingDefaults:
    try:
        value: Any = json.loads(raw)
        return SamplingDefaults.from_dict(value if isinstance(value, dict) else {}, where="")
    except (ValueError, AssistantError):
        return SamplingDefaults()


def _record(row: AssistantRow, collections: Sequence[str]) -> Assistant:
    profile = AssistantProfile(
        name=row.name,
        icon=row.icon,
        icon_image=row.icon_image,
        description=row.description,
        model=ModelRef(
            row.model_sha256, row.model_name, row.model_catalog_id, bool(row.follows_default_model)
        ),
        adapters=_adapters(row.adapters),
        instructions=row.instructions,
        sampling=_sampling(row.sampling),
        knowledge_collections=tuple(collections),
        pinned_templates=tuple(str(t) for t in _json_list(row.pinned_templates)),
        starter_prompts=tuple(str(p) for p in _json_list(row.starter_prompts)),
    )
    return Assistant(row.id, profile, row.builtin_key, row.created_at, row.updated_at)


def _fill(row: AssistantRow, profile: AssistantProfile) -> None:
    row.name = profile.name
    row.icon = profile.icon
    row.icon_image = profile.icon_image
    row.description = profile.description
    row.model_sha256 = profile.model.sha256
    row.model_name = profile.model.name
    row.model_catalog_id = profile.model.catalog_id
    row.follows_default_model = profile.model.follows_default
    row.adapters = json.dumps(
        [{"sha256": a.sha256, "name": a.name, "scale": a.scale} for a in profile.adapters]
    )
    row.instructions = profile.instructions
    row.sampling = json.dumps(profile.sampling.as_dict(), sort_keys=True)
    row.pinned_templates = json.dumps(list(profile.pinned_templates))
    row.starter_prompts = json.dumps(list(profile.starter_prompts), ensure_ascii=False)


class AssistantRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ---- reading -------------------------------------------------------------------------

    def list(self, *, include_hidden: bool = False) -> builtins.list[Assistant]:
        query = select(AssistantRow).order_by(AssistantRow.id)
        if not include_hidden:
            query = query.where(AssistantRow.hidden.is_(False))
        with self._db.session(write=False, action="read the assistants") as session:
            rows = session.scalars(query).all()
            names = self._collection_names(session, [r.id for r in rows])
            return [_record(r, names.get(r.id, ())) for r in rows]

    def get(self, assistant_id: int) -> Assistant:
        with self._db.session(write=False, action="read the assistant") as session:
            row = session.get(AssistantRow, assistant_id)
            if row is None or row.hidden:
                raise NotFoundError("assistant", assistant_id)
            return _record(row, self._collection_names(session, [row.id]).get(row.id, ()))

    def builtin_keys(self) -> set[str]:
        """Keys of every built-in ever seeded, hidden ones included."""
        with self._db.session(write=False, action="read the assistants") as session:
            keys = session.scalars(
                select(AssistantRow.builtin_key).where(AssistantRow.builtin_key.is_not(None))
            ).all()
            return {k for k in keys if k is not None}

    # ---- writing -------------------------------------------------------------------------

    def add(self, profile: AssistantProfile, *, builtin_key: str | None = None) -> Assistant:
        with self._db.session(action=f"save the assistant {profile.name}") as session:
            now = _now()
            row = AssistantRow(
                builtin_key=builtin_key, hidden=False, created_at=now, updated_at=now
            )
            _fill(row, profile)
            session.add(row)
            session.flush()
            names = self._link_collections(session, row.id, profile.knowledge_collections)
            return _record(row, names)

    def update(self, assistant_id: int, profile: AssistantProfile) -> Assistant:
        with self._db.session(action=f"save the assistant {profile.name}") as session:
            row = session.get(AssistantRow, assistant_id)
            if row is None or row.hidden:
                raise NotFoundError("assistant", assistant_id)
            _fill(row, profile)
            row.updated_at = _now()
            session.flush()
            names = self._link_collections(session, row.id, profile.knowledge_collections)
            return _record(row, names)

    def delete(self, assistant_id: int) -> None:
        """A user's assistant goes; a built-in is hidden so that it is not seeded again. Chats
        started from it keep their messages (their link becomes NULL)."""
        with self._db.session(action="delete the assistant") as session:
            row = session.get(AssistantRow, assistant_id)
            if row is None or row.hidden:
                raise NotFoundError("assistant", assistant_id)
            if row.builtin_key is None:
                session.delete(row)
                return
            row.hidden = True
            row.updated_at = _now()
            session.execute(
                delete(AssistantCollectionRow).where(
                    AssistantCollectionRow.assistant_id == assistant_id
                )
            )
            session.execute(
                update(ConversationRow)
                .where(ConversationRow.assistant_id == assistant_id)
                .values(assistant_id=None)
            )

    def unhide_builtins(self) -> int:
        with self._db.session(action="restore the built-in assistants") as session:
            result = session.execute(
                update(AssistantRow)
                .where(AssistantRow.builtin_key.is_not(None), AssistantRow.hidden.is_(True))
                .values(hidden=False, updated_at=_now())
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def link_conversation(self, conversation_id: int, assistant_id: int | None) -> None:
        with self._db.session(action="link the chat to its assistant") as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFoundError("conversation", conversation_id)
            row.assistant_id = assistant_id

    # ---- helpers -------------------------------------------------------------------------

    @staticmethod
    def _link_collections(
        session: Session, assistant_id: int, names: Sequence[str]
    ) -> tuple[str, ...]:
        """Point the assistant at the collections called `names` (they must exist)."""
        session.execute(
            delete(AssistantCollectionRow).where(
                AssistantCollectionRow.assistant_id == assistant_id
            )
        )
        linked: list[str] = []
        for position, name in enumerate(names):
            row = session.scalars(select(CollectionRow).where(CollectionRow.name == name)).first()
            if row is None:
                raise AssistantError(f"There is no document collection named {name!r}.")
            session.add(
                AssistantCollectionRow(
                    assistant_id=assistant_id, collection_id=row.id, position=position
                )
            )
            linked.append(row.name)
        session.flush()
        return tuple(linked)

    @staticmethod
    def _collection_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not ids:
            return {}
        rows = session.execute(
            select(AssistantCollectionRow.assistant_id, CollectionRow.name)
            .join(CollectionRow, CollectionRow.id == AssistantCollectionRow.collection_id)
            .where(AssistantCollectionRow.assistant_id.in_(list(ids)))
            .order_by(AssistantCollectionRow.assistant_id, AssistantCollectionRow.position)
        ).all()
        found: dict[int, list[str]] = {}
        for assistant_id, name in rows:
            found.setdefault(assistant_id, []).append(name)
        return {k: tuple(v) for k, v in found.items()}
