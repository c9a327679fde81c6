"""The template editor's cells to and from the file form of a template (template_to_dict), and
the example values its live preview renders the prompt with. Qt-free, so it is easy to test."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from app.templates import ReferenceDocument, Template, TemplateField
from app.templates.codec import template_to_dict

# What the table does not show of a field, carried over unchanged from the field it came from.
EXTRA_FIELD_KEYS = ("min", "max", "max_length", "max_items", "currency")
LIST_SEPARATOR = ";"


def cell_text(value: object) -> str:
    """A default or example value as one line of a table cell (a list: items joined by ';')."""
    if value is None:
        return ""
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    return str(value)


def cell_value(text: str, field_type: str) -> object | None:
    """The value a cell holds for a field of `field_type` (None: empty)."""
    text = text.strip()
    if not text:
        return None
    if field_type == "list":
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if field_type == "number" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if field_type == "number" and re.fullmatch(r"-?\d*\.\d+", text):
        return float(text)
    return text


def split_names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def free_id(base: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", base.casefold()).strip("-")[:56] or "template"
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def blank_template_dict(template_id: str) -> dict[str, Any]:
    """A new template to start from: one field and a prompt that uses it."""
    return {
        "schema": 1,
        "id": template_id,
        "name": "New template",
        "category": "other",
        "description": "What this template writes.",
        "version": 1,
        "tones": ["professional", "warm", "direct"],
        "default_tone": "professional",
        "lengths": {
            "short": "about 120 words",
            "medium": "about 250 words",
            "long": "about 500 words",
        },
        "default_length": "medium",
        "prompt": "Write a {{ length }} document about {{ topic }}.",
        "fields": [
            {
                "key": "topic",
                "label": "Topic",
                "type": "text",
                "required": True,
                "example": "our new opening hours",
            }
        ],
    }


def field_extras(field_dict: Mapping[str, Any]) -> dict[str, Any]:
    return {key: field_dict[key] for key in EXTRA_FIELD_KEYS if key in field_dict}


def template_dict(template: Template) -> dict[str, Any]:
    return template_to_dict(template)


class PreviewResolver:
    """Document fields in the preview: the reference itself stands in for the document."""

    def resolve(self, reference: str) -> ReferenceDocument:
        return ReferenceDocument(title=reference, text="(the text of the document goes here)")


def preview_values(template: Template) -> dict[str, object]:
    """Each field's example, else its default, else a stand-in so required fields render."""
    values = template.example_values()
    for item in template.fields:
        if item.key in values or not item.required:
            continue
        values[item.key] = _stand_in(item)
    return values


def _stand_in(item: TemplateField) -> object:
    if item.type == "number":
        return item.minimum if item.minimum is not None else 1
    if item.type == "money":
        return str(item.minimum if item.minimum is not None else 100)
    if item.type == "date":
        return date.today().isoformat()
    if item.type == "choice":
        return item.choices[0] if item.choices else ""
    if item.type == "list":
        return [f"[{item.label}]"]
    return f"[{item.label}]"
