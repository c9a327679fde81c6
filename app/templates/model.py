"""A business-document template is data: fields, an instruction prompt, an optional outline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from app.templates.fields import TemplateField

Category = Literal[
    "email",
    "report",
    "plan",
    "minutes",
    "proposal",
    "announcement",
    "hr",
    "support",
    "marketing",
    "finance",
    "other",
]
CATEGORIES: Final[tuple[str, ...]] = get_args(Category)

TemplateSource = Literal["builtin", "user"]

DEFAULT_TONES: Final = ("professional", "warm", "direct")
# What each length option asks of the model; for outlined documents it applies per section.
DEFAULT_LENGTHS: Final[Mapping[str, str]] = {
    "short": "about 120 words",
    "medium": "about 250 words",
    "long": "about 500 words",
}


@dataclass(frozen=True)
class OutlineSection:
    """One section of a long document; generated on its own, with the earlier ones as context.

    `instruction` is a template string like the main prompt (it may use the fields).
    """

    title: str
    instruction: str


@dataclass(frozen=True)
class Template:
    id: str  # a slug: lowercase letters, digits and hyphens; unique across built-in and user
    name: str
    category: Category
    description: str
    version: int
    prompt: str  # the instruction prompt, a sandboxed Jinja template over the fields
    fields: tuple[TemplateField, ...] = ()
    system: str = ""  # extra guidance for the system turn (a template string too)
    outline: tuple[OutlineSection, ...] = ()
    tones: tuple[str, ...] = DEFAULT_TONES
    default_tone: str = "professional"
    lengths: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LENGTHS))
    default_length: str = "medium"
    source: TemplateSource = "user"  # where it was loaded from (not part of the file)

    def field_named(self, key: str) -> TemplateField | None:
        return next((f for f in self.fields if f.key == key), None)

    def example_values(self) -> dict[str, object]:
        """Each field's example (or default): enough to preview the prompt and to test it."""
        values: dict[str, object] = {}
        for item in self.fields:
            sample = item.example if item.example is not None else item.default
            if sample is not None:
                values[item.key] = sample
        return values

    @property
    def is_builtin(self) -> bool:
        return self.source == "builtin"
