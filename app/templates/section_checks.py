"""Checking a generated document section by section against what it was written from: the
field values, the brief (with its reference material) and the instructions. The window calls it
when it shows a document; a section's flags carry offsets into that section's text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.checking import CheckSources, check_text
from app.templates.fields import FieldValue
from app.templates.recipe import GeneratedDocument, GeneratedSection


@dataclass(frozen=True)
class SectionFlags:
    index: int  # the section's position (0 for a document written as one text)
    title: str  # "" for a document written as one text
    text: str  # the section's text as generated (what the offsets point into)
    issues: tuple[dict[str, Any], ...]  # {kind, text, start, end, reason}


def field_texts(values: Mapping[str, FieldValue]) -> dict[str, str]:
    """Field values as the checker reads them (a list field is its items, one per line)."""
    return {
        key: "\n".join(value) if isinstance(value, list) else str(value)
        for key, value in values.items()
    }


def section_sources(document: GeneratedDocument, section: GeneratedSection) -> CheckSources:
    plan = document.recipe.plan
    instructions = tuple(
        text for text in (plan.system_prompt, section.instruction, plan.length_text) if text.strip()
    )
    return CheckSources(
        fields=field_texts(plan.field_values),
        # The brief holds the field values and the reference material the model was given;
        # (its "Label: value" lines are facts to use, not instructions not to echo).
        passages=(plan.brief,),
        instructions=instructions,
    )


def check_document(document: GeneratedDocument) -> tuple[SectionFlags, ...]:
    """The sections with flagged spans (those without any are left out), in order."""
    flagged: list[SectionFlags] = []
    for index, section in enumerate(document.sections):
        report = check_text(section.text, section_sources(document, section))
        issues = tuple(i.to_json() for i in report.issues if i.end > i.start)
        if issues:
            flagged.append(SectionFlags(index, section.title, section.text, issues))
    return tuple(flagged)
