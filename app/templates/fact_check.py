"""The fact check for template documents: what a section or document may draw on, and the
seed a retry uses.

Sources are the field values, the rendered brief (with its attached documents) and the title;
the instructions are the system text, the brief and the section's own instruction. A section
must state the required facts its own instruction names; a whole document, all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from app.checking import CheckReport, CheckSources, check_text
from app.checking.required import value_stated
from app.templates.fields import FieldValue
from app.templates.plan import DocumentPlan

DEFAULT_MAX_RETRIES = 2
MAX_RETRIES_LIMIT = 5
_SEED_STEP = 1_000_003  # a prime: retries of neighbouring sections never share a seed


def field_text(value: FieldValue) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


def _fields(values: Mapping[str, FieldValue]) -> dict[str, str]:
    return {key: field_text(value) for key, value in values.items()}


def _sources(plan: DocumentPlan, required: tuple[str, ...], instruction: str) -> CheckSources:
    return CheckSources(
        fields=_fields(plan.field_values),
        required=required,
        passages=(plan.brief, plan.title),
        instructions=tuple(t for t in (plan.system_prompt, plan.brief, instruction) if t),
    )


def section_sources(plan: DocumentPlan, index: int | None) -> CheckSources:
    """What section `index` (None: a document without sections) is checked against."""
    if index is None or not plan.outlined:
        return _sources(plan, plan.required_fields, "")
    instruction = plan.sections[index].instruction
    fields = _fields(plan.field_values)
    named = tuple(key for key in plan.required_fields if value_stated(fields[key], instruction))
    return _sources(plan, named, instruction)


def check_section(plan: DocumentPlan, index: int | None, text: str) -> CheckReport:
    return check_text(text, section_sources(plan, index))


def check_document(plan: DocumentPlan, text: str) -> CheckReport:
    """The whole document (its Markdown) against every source and required fact."""
    sources = _sources(plan, plan.required_fields, "")
    titles = tuple(section.title for section in plan.sections)
    return check_text(text, replace(sources, passages=(*sources.passages, *titles)))


def retry_seed(seed: int, index: int, attempt: int) -> int:
    """The seed of retry `attempt` (1, 2, ...) of section `index`: derived, so a whole run with
    the same seed retries the same way."""
    return (seed + _SEED_STEP * attempt + 7_919 * index) & 0xFFFFFFFF


def retry_reason(report: CheckReport) -> str:
    """Why a section is written again: its first problems, for the recipe and the status line."""
    reasons = [issue.reason for issue in report.issues]
    head = "; ".join(reasons[:2])
    more = len(reasons) - 2
    return f"{head}; and {more} more" if more > 0 else head
