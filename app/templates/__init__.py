"""Business-document templates: typed fields, sandboxed prompts, generation with a stored
recipe, and export (Qt-free).

Entry point for front ends: `TemplateDocumentService.open(database)`; its `library` lists,
finds, duplicates, imports and exports templates, `plan()` validates values and renders the
prompt (the live preview), `generate()` / `regenerate()` / `regenerate_section()` run a model
and store the result with its recipe. `export_document()` writes .docx/.pdf/.md/.html.
"""

from __future__ import annotations

from app.templates.errors import (
    DocumentExportError,
    FieldValidationError,
    RecipeMismatchError,
    TemplateDefinitionError,
    TemplateError,
    TemplateNotFoundError,
    TemplateRenderError,
)
from app.templates.export import export_document, format_for, rich_text_html
from app.templates.fields import FIELD_TYPES, FieldType, FieldValue, TemplateField
from app.templates.library import TemplateLibrary
from app.templates.model import CATEGORIES, OutlineSection, Template
from app.templates.plan import DocumentPlan, PlannedSection, plan_document
from app.templates.recipe import (
    AdapterUse,
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
)
from app.templates.references import DocumentResolver, ReferenceDocument, TextFileResolver
from app.templates.service import Listeners, TemplateDocumentService

__all__ = [
    "CATEGORIES",
    "FIELD_TYPES",
    "AdapterUse",
    "DocumentExportError",
    "DocumentPlan",
    "DocumentResolver",
    "FieldType",
    "FieldValidationError",
    "FieldValue",
    "GeneratedDocument",
    "GeneratedSection",
    "Listeners",
    "ModelUse",
    "OutlineSection",
    "PlannedSection",
    "Recipe",
    "RecipeMismatchError",
    "ReferenceDocument",
    "Template",
    "TemplateDefinitionError",
    "TemplateDocumentService",
    "TemplateError",
    "TemplateField",
    "TemplateLibrary",
    "TemplateNotFoundError",
    "TemplateRenderError",
    "TextFileResolver",
    "export_document",
    "format_for",
    "plan_document",
    "rich_text_html",
]
