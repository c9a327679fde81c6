"""Generated documents keep their whole recipe in the real database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths
from app.engine.types import SamplingParams
from app.storage import Database, NotFoundError
from app.storage.template_schema import GeneratedDocumentRow
from app.templates.document_repository import GeneratedDocumentRepository
from app.templates.library import builtin_templates_dir, load_builtins
from app.templates.plan import plan_document
from app.templates.recipe import (
    AdapterUse,
    GeneratedSection,
    ModelUse,
    Recipe,
    assemble_markdown,
    strip_repeated_heading,
)

MODEL = ModelUse("ab" * 32, "Tiny", (AdapterUse("legal", "cd" * 32, 0.75),))
SAMPLING = SamplingParams(temperature=0.3, top_k=20, max_tokens=64, seed=1234)


@pytest.fixture
def documents(hearth_home: Path) -> Iterator[GeneratedDocumentRepository]:
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield GeneratedDocumentRepository(db)
    db.close()


def outlined_recipe() -> Recipe:
    template = load_builtins(builtin_templates_dir())["project-status-report"]
    plan = plan_document(template, template.example_values(), tone="professional", length="long")
    return Recipe(plan, MODEL, SAMPLING)


def sections_for(recipe: Recipe) -> tuple[GeneratedSection, ...]:
    return tuple(
        GeneratedSection(s.title, s.instruction, f"Text of {s.title}.", "stop", 5)
        for s in recipe.plan.sections
    )


def test_the_recipe_round_trips(documents: GeneratedDocumentRepository) -> None:
    recipe = outlined_recipe()
    stored = documents.add(recipe, sections_for(recipe))
    again = documents.get(stored.id)
    assert again.recipe == recipe
    assert again.recipe.plan.field_values["accomplishments"] == [
        "Login and account pages live in staging",
        "Accessibility audit passed with 3 minor fixes",
    ]
    assert again.recipe.model.adapters == (AdapterUse("legal", "cd" * 32, 0.75),)
    assert again.recipe.sampling == SAMPLING
    assert again.sections == sections_for(recipe)
    record = again.recipe.as_record()
    assert record["seed"] == 1234 and record["template_version"] == 1
    assert record["rendered_prompt"] == recipe.plan.brief


def test_content_is_assembled_then_edited(documents: GeneratedDocumentRepository) -> None:
    recipe = outlined_recipe()
    stored = documents.add(recipe, sections_for(recipe))
    assert stored.content.startswith(f"# {recipe.plan.title}\n\n## Summary\n\nText of Summary.")
    assert not stored.edited
    edited = documents.save_content(stored.id, "# Mine\n\nEdited.", title="My report")
    assert edited.edited and edited.title == "My report"
    assert documents.get(stored.id).content == "# Mine\n\nEdited."
    assert documents.list()[0].id == stored.id


def test_missing_document_is_not_found(documents: GeneratedDocumentRepository) -> None:
    with pytest.raises(NotFoundError):
        documents.get(99)
    recipe = outlined_recipe()
    stored = documents.add(recipe, sections_for(recipe))
    documents.delete(stored.id)
    with pytest.raises(NotFoundError):
        documents.save_content(stored.id, "x")


def test_a_single_text_document_has_no_headings_added() -> None:
    single = (GeneratedSection("", "", "Subject: Hello\n\nDear Ann,"),)
    assert assemble_markdown("Email", single) == "Subject: Hello\n\nDear Ann,\n"


def test_a_heading_the_model_repeats_is_dropped() -> None:
    assert strip_repeated_heading("Next steps", "## Next steps\n\n- a") == "- a"
    assert strip_repeated_heading("Next steps", "**Next steps:**\n- a") == "- a"
    assert strip_repeated_heading("Next steps", "- a\n") == "- a\n"


def test_contexts_and_continuations_round_trip_and_old_records_read(
    documents: GeneratedDocumentRepository, hearth_home: Path
) -> None:
    recipe = outlined_recipe()
    first, second, *rest = sections_for(recipe)
    continued = replace(first, finish_reason="length", context=(), continuations=(1234, 7))
    shown = replace(second, context=((first.title, "Text of Summary, as it was."),))
    stored = documents.add(recipe, (continued, shown, *rest))
    again = documents.get(stored.id).sections
    assert again[0].continuations == (1234, 7) and again[0].context == ()
    assert again[1].context == (("Summary", "Text of Summary, as it was."),)
    assert again[2].context is None and again[2].continuations == ()

    # A record written before contexts and continuations were kept, or a damaged one.
    old = [{"title": "Summary", "instruction": "", "text": "Old.", "seed": None}]
    odd = [{"title": "Summary", "text": "Odd.", "context": "x", "continuations": [1, "2", True]}]
    paths = Paths.resolve()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    try:
        for sections, expected in ((old, ()), (odd, (1,))):
            with db.session(action="write an old record") as session:
                row = session.get(GeneratedDocumentRow, stored.id)
                assert row is not None
                row.sections = json.dumps(sections)
            (read,) = documents.get(stored.id).sections
            assert read.context is None and read.continuations == expected
    finally:
        db.close()
