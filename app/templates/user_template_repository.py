"""The user's own templates in the database (table templates), stored in the file schema."""

from __future__ import annotations

import builtins
import json
from datetime import UTC, datetime

from sqlalchemy import delete, select

from app.storage.database import Database
from app.storage.template_schema import TemplateRow
from app.templates.codec import template_from_dict, template_to_dict
from app.templates.errors import TemplateDefinitionError, TemplateNotFoundError
from app.templates.model import Template


def _template(row: TemplateRow) -> Template:
    try:
        data = json.loads(row.definition)
    except json.JSONDecodeError as exc:
        raise TemplateDefinitionError(f"saved template {row.slug}", [f"damaged ({exc})"]) from exc
    if not isinstance(data, dict):
        raise TemplateDefinitionError(f"saved template {row.slug}", ["damaged (not an object)"])
    return template_from_dict(data, source=f"saved template {row.slug}", origin="user")


class UserTemplateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self) -> builtins.list[Template]:
        """Every stored template that still reads (a damaged row is skipped, not fatal)."""
        query = select(TemplateRow).order_by(TemplateRow.name, TemplateRow.id)
        with self._db.session(write=False, action="read the templates") as session:
            rows = session.scalars(query).all()
        templates = []
        for row in rows:
            try:
                templates.append(_template(row))
            except TemplateDefinitionError:
                continue
        return templates

    def find(self, slug: str) -> Template | None:
        query = select(TemplateRow).where(TemplateRow.slug == slug)
        with self._db.session(write=False, action="read the template") as session:
            row = session.scalars(query).first()
            return _template(row) if row is not None else None

    def save(self, template: Template, *, based_on: str | None = None) -> Template:
        """Insert the template, or replace the one with the same id."""
        definition = json.dumps(template_to_dict(template), ensure_ascii=False)
        now = datetime.now(UTC)
        with self._db.session(action="save the template") as session:
            row = session.scalars(
                select(TemplateRow).where(TemplateRow.slug == template.id)
            ).first()
            if row is None:
                row = TemplateRow(slug=template.id, created_at=now, based_on=based_on)
                session.add(row)
            row.name = template.name
            row.category = template.category
            row.version = template.version
            row.definition = definition
            row.updated_at = now
            session.flush()
        return template

    def delete(self, slug: str) -> None:
        with self._db.session(action="delete the template") as session:
            found = session.execute(delete(TemplateRow).where(TemplateRow.slug == slug))
            if getattr(found, "rowcount", 0) == 0:
                raise TemplateNotFoundError(slug)
