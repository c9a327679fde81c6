"""The built-in library: every template is valid, renders with its example values, and
round-trips through both file formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.templates.codec import template_from_dict, template_to_dict
from app.templates.fields import FIELD_TYPES
from app.templates.library import builtin_templates_dir, load_builtins
from app.templates.model import Template
from app.templates.plan import plan_document
from app.templates.references import ReferenceDocument
from app.templates.template_files import parse_template_text, template_text
from app.templates.turns import section_turns, whole_document_turns

BUILTINS = load_builtins(builtin_templates_dir())
NAMED_IN_ISSUE = {
    "client-email-price-change",
    "client-email-follow-up",
    "client-email-apology",
    "client-email-cold-outreach",
    "internal-announcement",
    "meeting-minutes",
    "project-status-report",
    "quarterly-business-report",
    "market-analysis",
    "business-plan",
    "executive-summary",
    "proposal",
    "press-release",
    "job-description",
    "performance-review",
    "customer-support-reply",
    "payment-reminder",
}
LONG_DOCUMENTS = {
    "business-plan",
    "quarterly-business-report",
    "market-analysis",
    "project-status-report",
    "proposal",
}


class EchoResolver:
    """Resolves a document field's value to a document whose text names it."""

    def resolve(self, reference: str) -> ReferenceDocument:
        return ReferenceDocument(title=reference, text=f"Contents of {reference}.")


def test_the_library_has_every_template_the_issue_names() -> None:
    assert len(BUILTINS) >= 15
    assert set(BUILTINS) >= NAMED_IN_ISSUE
    assert all(t.source == "builtin" for t in BUILTINS.values())


def test_the_built_ins_use_every_field_type() -> None:
    used = {f.type for t in BUILTINS.values() for f in t.fields}
    assert used == set(FIELD_TYPES)


def test_long_documents_have_an_outline() -> None:
    for template_id in LONG_DOCUMENTS:
        assert len(BUILTINS[template_id].outline) >= 4, template_id
    assert len(BUILTINS["business-plan"].outline) >= 7


def _with_documents(template: Template) -> dict[str, object]:
    values = template.example_values()
    for item in template.fields:
        if item.type == "document":
            values[item.key] = f"{item.key}.md"
    return values


@pytest.mark.parametrize("template_id", sorted(BUILTINS))
def test_every_built_in_renders_with_its_example_values(template_id: str) -> None:
    template = BUILTINS[template_id]
    plan = plan_document(template, _with_documents(template), resolver=EchoResolver())
    # Every example value reaches the prompt the model sees.
    for item in template.fields:
        value = plan.field_values[item.key]
        if item.type in ("text", "long_text") and value:
            assert str(value) in plan.brief, item.key
        if item.type == "document":
            assert f"Contents of {item.key}.md." in plan.brief
    assert "{{" not in plan.brief and "{%" not in plan.brief
    if template.outline:
        assert len(plan.sections) == len(template.outline)
        for index, section in enumerate(plan.sections):
            assert section.title and "{{" not in section.title
            turns = section_turns(plan, index, [(s.title, "Text.") for s in plan.sections[:index]])
            assert [t.role for t in turns] == ["system", "user"]
            assert section.instruction in turns[1].content
    else:
        turns = whole_document_turns(plan)
        assert turns[1].content.startswith(plan.brief)


@pytest.mark.parametrize("template_id", sorted(BUILTINS))
def test_required_fields_have_examples_or_defaults(template_id: str) -> None:
    template = BUILTINS[template_id]
    for item in template.fields:
        if item.required:
            assert item.example is not None or item.default is not None, item.key


@pytest.mark.parametrize("file_format", ["toml", "json"])
def test_every_built_in_round_trips_through_files(file_format: str) -> None:
    for template in BUILTINS.values():
        text = template_text(template, file_format)  # type: ignore[arg-type]
        again = parse_template_text(text, file_format, source="x", origin="builtin")  # type: ignore[arg-type]
        assert again == template, template.id
        assert (
            template_from_dict(template_to_dict(template), source="y", origin="builtin") == template
        )


def test_the_folder_holds_only_valid_templates() -> None:
    files = sorted(Path(builtin_templates_dir()).glob("*.toml"))
    assert {p.stem for p in files} == set(BUILTINS)
