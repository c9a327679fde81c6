"""Templates as plain dictionaries (the file format), validated key by key.

The format is schema-versioned (`schema = 1`). Reading refuses unknown keys, wrong types, bad
field definitions and prompts that do not parse or use names that are not fields, and reports
every problem found at once, each naming the key or field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final, cast

from app.templates.errors import TemplateDefinitionError
from app.templates.fields import (
    FIELD_TYPES,
    KEY_PATTERN,
    RESERVED_KEYS,
    FieldType,
    FieldValue,
    TemplateField,
    check_value,
)
from app.templates.model import (
    CATEGORIES,
    DEFAULT_LENGTHS,
    DEFAULT_TONES,
    Category,
    OutlineSection,
    Template,
    TemplateSource,
)
from app.templates.renderer import parse_problems

SCHEMA_VERSION: Final = 1
ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
MAX_FIELDS: Final = 40
MAX_SECTIONS: Final = 30
CONTEXT_NAMES: Final = frozenset({"tone", "length", "length_name", "title"})

_TOP_KEYS: Final = frozenset(
    [
        "schema",
        "id",
        "name",
        "category",
        "description",
        "version",
        "prompt",
        "system",
        "tones",
        "default_tone",
        "lengths",
        "default_length",
        "fields",
        "outline",
    ]
)
_FIELD_KEYS: Final = frozenset(
    [
        "key",
        "label",
        "type",
        "required",
        "help",
        "default",
        "example",
        "choices",
        "min",
        "max",
        "max_length",
        "max_items",
        "currency",
    ]
)
_SECTION_KEYS: Final = frozenset({"title", "instruction"})


class _Reader:
    """Reads typed values out of one mapping, collecting problems instead of stopping."""

    def __init__(self, data: Mapping[str, Any], where: str, problems: list[str]) -> None:
        self.data = data
        self.where = where
        self.problems = problems

    def refuse_unknown(self, known: frozenset[str]) -> None:
        for key in self.data:
            if key not in known:
                self.problems.append(f"{self.where}unknown key {key!r}")

    def _problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}{key} {message}")

    def text(self, key: str, *, required: bool = True, limit: int = 2_000) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self._problem(key, "is missing")
            return ""
        if not isinstance(value, str):
            self._problem(key, f"must be text, not {type(value).__name__}")
            return ""
        if required and not value.strip():
            self._problem(key, "is empty")
        if len(value) > limit:
            self._problem(key, f"is longer than {limit} characters")
        return value.strip()

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._problem(key, "must be true or false")
            return default
        return value

    def integer(self, key: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._problem(key, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._problem(key, f"must be a whole number, not {type(value).__name__}")
            return None
        if value < minimum:
            self._problem(key, f"must be at least {minimum}")
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._problem(key, f"must be a number, not {type(value).__name__}")
            return None
        return float(value)

    def strings(self, key: str, *, limit: int = 50) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._problem(key, "must be a list of non-empty text items")
            return None
        if len(value) > limit:
            self._problem(key, f"has more than {limit} items")
        if len({v.strip().casefold() for v in value}) != len(value):
            self._problem(key, "lists the same item twice")
        return tuple(v.strip() for v in value)

    def tables(self, key: str, limit: int) -> list[Mapping[str, Any]]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self._problem(key, "must be a list of tables")
            return []
        if len(value) > limit:
            self._problem(key, f"has more than {limit} entries")
            return []
        return value


def _field_value(raw: Any) -> FieldValue | None:
    if raw is None or (isinstance(raw, (str, int, float)) and not isinstance(raw, bool)):
        return cast(FieldValue | None, raw)
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return list(raw)
    return None


def _read_field(data: Mapping[str, Any], index: int, problems: list[str]) -> TemplateField | None:
    key_value = data.get("key")
    label = f"fields[{index}]" + (f" ({key_value})" if isinstance(key_value, str) else "")
    reader = _Reader(data, f"{label}: ", problems)
    before = len(problems)
    reader.refuse_unknown(_FIELD_KEYS)
    key = reader.text("key", limit=40)
    if key and not KEY_PATTERN.match(key):
        problems.append(f"{label}: key must be lowercase letters, digits and _ (start: a letter)")
    if key in RESERVED_KEYS:
        problems.append(f"{label}: key {key!r} is reserved; choose another name")
    type_name = reader.text("type", limit=20)
    if type_name and type_name not in FIELD_TYPES:
        problems.append(f"{label}: type must be one of {', '.join(FIELD_TYPES)}")
    choices = reader.strings("choices") or ()
    if type_name == "choice" and not choices:
        problems.append(f"{label}: a choice field needs a non-empty choices list")
    if type_name != "choice" and choices:
        problems.append(f"{label}: only choice fields take choices")
    defaults: dict[str, FieldValue | None] = {}
    for name in ("default", "example"):
        defaults[name] = _field_value(data.get(name))
        if data.get(name) is not None and defaults[name] is None:
            problems.append(f"{label}: {name} must be text, a number or a list of text")
    item = TemplateField(
        key=key,
        label=reader.text("label", limit=120),
        type=cast(FieldType, type_name if type_name in FIELD_TYPES else "text"),
        required=reader.boolean("required", False),
        help=reader.text("help", required=False, limit=500),
        default=defaults["default"],
        example=defaults["example"],
        choices=choices,
        minimum=reader.number("min"),
        maximum=reader.number("max"),
        max_length=reader.integer("max_length", minimum=1),
        max_items=reader.integer("max_items", minimum=1),
        currency=reader.text("currency", required=False, limit=3).upper(),
    )
    if len(problems) > before:
        return None
    for name in ("default", "example"):
        problem = check_value(item, defaults[name])
        if problem:
            problems.append(f"{label}: {name} {defaults[name]!r:.40}: {problem}")
    return item


def template_from_dict(
    data: Mapping[str, Any], *, source: str, origin: TemplateSource = "user"
) -> Template:
    """A validated Template. Raises TemplateDefinitionError listing every problem in `data`,
    each prefixed by `source` (a file name, "built-in X", ...)."""
    problems: list[str] = []
    reader = _Reader(data, "", problems)
    reader.refuse_unknown(_TOP_KEYS)
    schema = data.get("schema")
    if schema is None:
        problems.append(f"schema is missing (this Hearth writes schema = {SCHEMA_VERSION})")
    elif schema != SCHEMA_VERSION:
        problems.append(
            f"schema {schema!r} is not supported (this Hearth reads schema {SCHEMA_VERSION}); "
            "a newer Hearth may have written it"
        )
    template_id = reader.text("id", limit=64)
    if template_id and not ID_PATTERN.match(template_id):
        problems.append("id must be 2-64 lowercase letters, digits and hyphens")
    category = reader.text("category", limit=40)
    if category and category not in CATEGORIES:
        problems.append(f"category must be one of {', '.join(CATEGORIES)}")
    fields: list[TemplateField] = []
    for index, entry in enumerate(reader.tables("fields", MAX_FIELDS)):
        parsed = _read_field(entry, index, problems)
        if parsed is not None:
            fields.append(parsed)
    keys = [f.key for f in fields]
    for duplicate in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"field key {duplicate!r} is used twice")
    outline: list[OutlineSection] = []
    for index, entry in enumerate(reader.tables("outline", MAX_SECTIONS)):
        section = _Reader(entry, f"outline[{index}]: ", problems)
        section.refuse_unknown(_SECTION_KEYS)
        outline.append(
            OutlineSection(
                section.text("title", limit=200), section.text("instruction", limit=8_000)
            )
        )
    tones = reader.strings("tones", limit=12)
    if tones == ():
        problems.append("tones must list at least one tone")
    lengths = _read_lengths(data.get("lengths"), problems)
    template = Template(
        id=template_id,
        name=reader.text("name", limit=120),
        category=cast(Category, category if category in CATEGORIES else "other"),
        description=reader.text("description", limit=1_000),
        version=reader.integer("version", required=True, minimum=1) or 1,
        prompt=reader.text("prompt", limit=64_000),
        fields=tuple(fields),
        system=reader.text("system", required=False, limit=8_000),
        outline=tuple(outline),
        source=origin,
        tones=tones if tones is not None else DEFAULT_TONES,
        lengths=lengths if lengths is not None else dict(DEFAULT_LENGTHS),
    )
    default_tone = reader.text("default_tone", required=False, limit=40) or (
        template.tones[0] if template.tones else ""
    )
    default_length = reader.text("default_length", required=False, limit=40) or (
        "medium" if "medium" in template.lengths else next(iter(template.lengths), "")
    )
    if default_tone not in template.tones:
        problems.append(f"default_tone {default_tone!r} is not one of tones")
    if default_length not in template.lengths:
        problems.append(f"default_length {default_length!r} is not one of lengths")
    names = set(keys) | CONTEXT_NAMES
    problems += parse_problems(template.prompt, names, what="prompt")
    problems += parse_problems(template.system, names, what="system")
    for index, part in enumerate(template.outline):
        problems += parse_problems(part.title, names, what=f"outline[{index}].title")
        problems += parse_problems(part.instruction, names, what=f"outline[{index}].instruction")
    if problems:
        raise TemplateDefinitionError(source, problems)
    return replace(template, default_tone=default_tone, default_length=default_length)


def _read_lengths(raw: Any, problems: list[str]) -> dict[str, str] | None:
    if raw is None:
        return None
    valid = (
        isinstance(raw, Mapping)
        and 0 < len(raw) <= 6
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items())
    )
    if not valid:
        problems.append("lengths must be a table of 1-6 names, each with a text guideline")
        return None
    return {str(k): str(v).strip() for k, v in raw.items()}


def _field_to_dict(item: TemplateField) -> dict[str, Any]:
    out: dict[str, Any] = {"key": item.key, "label": item.label, "type": item.type}
    optional: dict[str, Any] = {
        "required": item.required or None,
        "help": item.help or None,
        "default": item.default if item.default not in (None, "", []) else None,
        "example": item.example if item.example not in (None, "", []) else None,
        "choices": list(item.choices) or None,
        "min": item.minimum,
        "max": item.maximum,
        "max_length": item.max_length,
        "max_items": item.max_items,
        "currency": item.currency or None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def template_to_dict(template: Template) -> dict[str, Any]:
    """The file form of `template` (what template_from_dict reads back to an equal Template)."""
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": template.id,
        "name": template.name,
        "category": template.category,
        "description": template.description,
        "version": template.version,
        "tones": list(template.tones),
        "default_tone": template.default_tone,
        "lengths": dict(template.lengths),
        "default_length": template.default_length,
    }
    if template.system:
        out["system"] = template.system
    out["prompt"] = template.prompt
    out["fields"] = [_field_to_dict(item) for item in template.fields]
    if template.outline:
        out["outline"] = [
            {"title": s.title, "instruction": s.instruction} for s in template.outline
        ]
    return out
