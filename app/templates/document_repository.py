"""Generated documents and their recipes in the database (table generated_documents)."""

from __future__ import annotations

import builtins
import json
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.engine.types import FinishReason
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.template_schema import GeneratedDocumentRow
from app.templates.fields import FieldValue
from app.templates.plan import DocumentPlan
from app.templates.recipe import (
    AdapterUse,
    Attempt,
    Context,
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
    assemble_markdown,
    sampling_from_record,
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _object(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _array(text: str) -> list[Any]:
    value = json.loads(text)
    return value if isinstance(value, list) else []


def _section_record(section: GeneratedSection) -> dict[str, Any]:
    return {
        "title": section.title,
        "instruction": section.instruction,
        "text": section.text,
        "finish_reason": section.finish_reason,
        "completion_tokens": section.completion_tokens,
        "seed": section.seed,
        "context": None if section.context is None else [list(pair) for pair in section.context],
        "continuations": list(section.continuations),
        "attempts": [attempt.as_record() for attempt in section.attempts],
    }


def _seeds(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(seed for seed in value if isinstance(seed, int) and not isinstance(seed, bool))


def _attempts(value: Any) -> tuple[Attempt, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Attempt(
            seed=int(item.get("seed", 0)),
            issues=tuple(str(reason) for reason in item.get("issues") or ()),
            retried_because=str(item.get("retried_because", "")),
            kept=item.get("kept") is True,
        )
        for item in value
        if isinstance(item, dict)
    )


def _context(value: Any) -> Context | None:
    if not isinstance(value, list):
        return None
    return tuple(
        (str(pair[0]), str(pair[1])) for pair in value if isinstance(pair, list) and len(pair) == 2
    )


def _sections(text: str) -> tuple[GeneratedSection, ...]:
    return tuple(
        GeneratedSection(
            title=str(item.get("title", "")),
            instruction=str(item.get("instruction", "")),
            text=str(item.get("text", "")),
            finish_reason=cast(FinishReason, item.get("finish_reason", "stop")),
            completion_tokens=int(item.get("completion_tokens", 0)),
            seed=item["seed"] if isinstance(item.get("seed"), int) else None,
            context=_context(item.get("context")),
            continuations=_seeds(item.get("continuations")),
            attempts=_attempts(item.get("attempts")),
        )
        for item in _array(text)
        if isinstance(item, dict)
    )


def _document(row: GeneratedDocumentRow) -> GeneratedDocument:
    options = _object(row.options)
    sections = _sections(row.sections)
    outlined = not (len(sections) == 1 and not sections[0].title)
    plan = DocumentPlan(
        template_id=row.template_slug,
        template_version=row.template_version,
        title=row.title,
        tone=str(options.get("tone", "")),
        length=str(options.get("length", "")),
        length_text=str(options.get("length_text", "")),
        field_values=cast(dict[str, FieldValue], _object(row.fields)),
        system_prompt=row.system_prompt,
        brief=row.rendered_prompt,
        sections=tuple(s.planned for s in sections) if outlined else (),
        required_fields=tuple(str(key) for key in options.get("required_fields") or ()),
    )
    adapters = tuple(
        AdapterUse(str(a.get("name", "")), str(a.get("sha256", "")), float(a.get("scale", 1.0)))
        for a in _array(row.adapters)
        if isinstance(a, dict)
    )
    recipe = Recipe(
        plan=plan,
        model=ModelUse(row.model_sha256, row.model_name, adapters),
        sampling=sampling_from_record(_object(row.sampling), row.seed),
    )
    return GeneratedDocument(
        id=row.id,
        title=row.title,
        recipe=recipe,
        sections=sections,
        content=row.content,
        created_at=row.created_at,
        updated_at=row.updated_at,
        issues_accepted=row.issues_accepted_at is not None,
    )


def _load(session: Session, document_id: int) -> GeneratedDocumentRow:
    row = session.get(GeneratedDocumentRow, document_id)
    if row is None:
        raise NotFoundError("generated document", document_id)
    return row


class GeneratedDocumentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, recipe: Recipe, sections: tuple[GeneratedSection, ...]) -> GeneratedDocument:
        plan = recipe.plan
        now = datetime.now(UTC)
        row = GeneratedDocumentRow(
            title=plan.title,
            template_slug=plan.template_id,
            template_version=plan.template_version,
            fields=_json(dict(plan.field_values)),
            options=_json(
                {
                    "tone": plan.tone,
                    "length": plan.length,
                    "length_text": plan.length_text,
                    "required_fields": list(plan.required_fields),
                }
            ),
            model_sha256=recipe.model.sha256,
            model_name=recipe.model.name,
            adapters=_json([a.as_record() for a in recipe.model.adapters]),
            sampling=_json(recipe.sampling.as_record()),
            seed=recipe.sampling.seed,
            system_prompt=plan.system_prompt,
            rendered_prompt=plan.brief,
            sections=_json([_section_record(s) for s in sections]),
            content=assemble_markdown(plan.title, sections),
            created_at=now,
            updated_at=now,
        )
        with self._db.session(action="save the generated document") as session:
            session.add(row)
            session.flush()
            return _document(row)

    def get(self, document_id: int) -> GeneratedDocument:
        with self._db.session(write=False, action="read the generated document") as session:
            return _document(_load(session, document_id))

    def list(self) -> builtins.list[GeneratedDocument]:
        """All generated documents, most recently changed first."""
        query = select(GeneratedDocumentRow).order_by(
            GeneratedDocumentRow.updated_at.desc(), GeneratedDocumentRow.id.desc()
        )
        with self._db.session(write=False, action="read the generated documents") as session:
            return [_document(row) for row in session.scalars(query).all()]

    def save_content(
        self, document_id: int, content: str, *, title: str | None = None
    ) -> GeneratedDocument:
        """Store the user's edited text (and title); the recipe and sections stay as generated."""
        with self._db.session(action="save the document") as session:
            row = _load(session, document_id)
            row.content = content
            if title is not None and title.strip():
                row.title = title.strip()
            row.updated_at = datetime.now(UTC)
            session.flush()
            return _document(row)

    def replace_sections(
        self, document_id: int, sections: tuple[GeneratedSection, ...], content: str
    ) -> GeneratedDocument:
        """After one section was regenerated: the new sections and the content to keep."""
        with self._db.session(action="save the regenerated section") as session:
            row = _load(session, document_id)
            row.sections = _json([_section_record(s) for s in sections])
            row.content = content
            row.updated_at = datetime.now(UTC)
            row.issues_accepted_at = None  # the acceptance was of the text now replaced
            session.flush()
            return _document(row)

    def accept_issues(self, document_id: int) -> GeneratedDocument:
        """Record that the user accepts the document's flagged details as they are."""
        with self._db.session(action="save the acceptance") as session:
            row = _load(session, document_id)
            row.issues_accepted_at = datetime.now(UTC)
            session.flush()
            return _document(row)

    def delete(self, document_id: int) -> None:
        with self._db.session(action="delete the generated document") as session:
            _load(session, document_id)
            session.execute(
                delete(GeneratedDocumentRow).where(GeneratedDocumentRow.id == document_id)
            )
