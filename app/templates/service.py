"""Generate, store, regenerate and edit documents from templates: what the UI and CLI call."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from app.engine.types import SamplingParams
from app.storage.database import Database
from app.templates.document_repository import GeneratedDocumentRepository
from app.templates.errors import RecipeMismatchError, TemplateError
from app.templates.fact_check import MAX_RETRIES_LIMIT
from app.templates.generator import (
    DocumentGenerator,
    RetryListener,
    SectionListener,
    TextGenerator,
    TextListener,
)
from app.templates.library import TemplateLibrary
from app.templates.plan import DocumentPlan, plan_document
from app.templates.recipe import (
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
    assemble_markdown,
    strip_repeated_heading,
)
from app.templates.references import DocumentResolver, ReferenceDocument
from app.templates.user_template_repository import UserTemplateRepository


def _noop(_index: int, _text: str) -> None:
    pass


@dataclass(frozen=True)
class Listeners:
    """Progress callbacks for the UI: a section starts, text streams in (per section)."""

    on_section: SectionListener = _noop
    on_text: TextListener = _noop
    on_retry: RetryListener = _noop  # a section failed its fact check and is written again


def _adapter_key(model: ModelUse) -> list[tuple[str, float]]:
    return sorted((a.sha256, round(a.scale, 4)) for a in model.adapters)


def check_same_setup(recipe: Recipe, model: ModelUse) -> None:
    """Refuse to replay a recipe on another model or adapter set: the text would differ."""
    if recipe.model.sha256 != model.sha256:
        raise RecipeMismatchError(
            f"this document was generated with {recipe.model.name or 'another model'} "
            f"(sha256 {recipe.model.sha256[:12]}...); load that model to reproduce it"
        )
    if _adapter_key(recipe.model) != _adapter_key(model):
        wanted = ", ".join(f"{a.name} at {a.scale:g}" for a in recipe.model.adapters) or "none"
        raise RecipeMismatchError(
            f"this document was generated with other adapters ({wanted}); apply the same "
            "adapters and scales to reproduce it"
        )


class TemplateDocumentService:
    def __init__(
        self,
        library: TemplateLibrary,
        documents: GeneratedDocumentRepository,
        *,
        resolver: DocumentResolver | None = None,
    ) -> None:
        self.library = library
        self.documents = documents
        self.resolver = resolver

    @classmethod
    def open(
        cls, database: Database, *, resolver: DocumentResolver | None = None
    ) -> TemplateDocumentService:
        return cls(
            TemplateLibrary(UserTemplateRepository(database)),
            GeneratedDocumentRepository(database),
            resolver=resolver,
        )

    def plan(
        self,
        template_ref: str,
        values: Mapping[str, object],
        *,
        tone: str | None = None,
        length: str | None = None,
        title: str | None = None,
        attachments: Sequence[ReferenceDocument] = (),
    ) -> DocumentPlan:
        """Validate and render: the live preview calls this, and generation starts from it."""
        return plan_document(
            self.library.get(template_ref),
            values,
            tone=tone,
            length=length,
            title=title,
            attachments=attachments,
            resolver=self.resolver,
        )

    def generate(
        self,
        plan: DocumentPlan,
        *,
        engine: TextGenerator,
        model: ModelUse,
        sampling: SamplingParams,
        listeners: Listeners | None = None,
        stop: threading.Event | None = None,
        max_retries: int = 0,
    ) -> GeneratedDocument:
        """Generate the document (section by section when outlined) and store it with its
        recipe. A stopped generation is stored too, with the sections it reached. A section
        whose fact check fails is written again with a new seed, up to `max_retries` times
        (0: never; the CLI and the window pass Settings.template_max_retries, default 2); the
        recipe records every attempt. Each attempt starts with `on_section` again, so a
        listener showing the stream starts that section afresh."""
        listeners = listeners or Listeners()
        sections = DocumentGenerator(engine).document(
            plan,
            sampling,
            on_section=listeners.on_section,
            on_text=listeners.on_text,
            stop=stop,
            max_retries=max(0, min(max_retries, MAX_RETRIES_LIMIT)),
            on_retry=listeners.on_retry,
        )
        return self.documents.add(Recipe(plan, model, sampling), sections)

    def regenerate(
        self,
        document_id: int,
        *,
        engine: TextGenerator,
        model: ModelUse,
        listeners: Listeners | None = None,
        stop: threading.Event | None = None,
    ) -> GeneratedDocument:
        """Replay a stored recipe (same prompts, sampling and seeds) as a new document.

        Raises RecipeMismatchError unless the same model and adapters are loaded."""
        original = self.documents.get(document_id)
        recipe = original.recipe
        check_same_setup(recipe, model)
        listeners = listeners or Listeners()
        sections = DocumentGenerator(engine).document(
            recipe.plan,
            recipe.sampling,
            on_section=listeners.on_section,
            on_text=listeners.on_text,
            stop=stop,
            replay=original.sections,
        )
        return self.documents.add(recipe, sections)

    def regenerate_section(
        self,
        document_id: int,
        index: int,
        *,
        engine: TextGenerator,
        model: ModelUse,
        seed: int | None = None,
        listeners: Listeners | None = None,
        stop: threading.Event | None = None,
    ) -> GeneratedDocument:
        """Generate one section of an outlined document again (with `seed`, else the recipe's),
        keeping the others. The user's edits elsewhere in the text are kept: the section's old
        text is swapped for the new one where it still appears unchanged."""
        document = self.documents.get(document_id)
        recipe = document.recipe
        if not recipe.plan.outlined:
            raise TemplateError("this document has no sections; regenerate the whole document")
        if not 0 <= index < len(document.sections):
            raise TemplateError(
                f"section {index + 1} does not exist (the document has {len(document.sections)})"
            )
        check_same_setup(recipe, model)
        sampling = recipe.sampling if seed is None else replace(recipe.sampling, seed=seed)
        listeners = listeners or Listeners()
        listeners.on_section(index, document.sections[index].title)
        fresh = DocumentGenerator(engine).section(
            recipe.plan,
            index,
            document.sections[:index],
            sampling,
            on_text=listeners.on_text,
            stop=stop,
        )
        fresh = replace(fresh, seed=seed)
        sections = (*document.sections[:index], fresh, *document.sections[index + 1 :])
        content = _updated_content(document, index, sections)
        return self.documents.replace_sections(document_id, sections, content)

    def continue_section(
        self,
        document_id: int,
        index: int,
        *,
        engine: TextGenerator,
        model: ModelUse,
        listeners: Listeners | None = None,
        stop: threading.Event | None = None,
    ) -> GeneratedDocument:
        """Let the model go on with a section (index 0: a document without sections) that
        stopped at the token limit. The continuation's seed is recorded with the section, so
        "Regenerate with the same recipe" writes the same continued text. The user's edits
        are kept as for a regenerated section. After Stop the section stays as it was."""
        document = self.documents.get(document_id)
        recipe = document.recipe
        if not 0 <= index < len(document.sections):
            raise TemplateError(
                f"section {index + 1} does not exist (the document has {len(document.sections)})"
            )
        section = document.sections[index]
        if not section.cut_off:
            raise TemplateError(
                f"{_section_name(section, index)} was not cut off at the token limit; "
                "there is nothing to continue"
            )
        check_same_setup(recipe, model)
        seed = section.seed if section.seed is not None else recipe.sampling.seed
        listeners = listeners or Listeners()
        context = section.context
        if recipe.plan.outlined and context is None:  # a record from before contexts were kept
            context = tuple(
                (s.title, strip_repeated_heading(s.title, s.text))
                for s in document.sections[:index]
            )
        longer = DocumentGenerator(engine).continued(
            recipe.plan,
            index,
            replace(section, context=context),
            replace(recipe.sampling, seed=seed),
            on_text=listeners.on_text,
            stop=stop,
        )
        if longer.continuations == section.continuations:
            return document  # stopped: nothing changes
        sections = (*document.sections[:index], longer, *document.sections[index + 1 :])
        content = _updated_content(document, index, sections)
        return self.documents.replace_sections(document_id, sections, content)

    def save_content(
        self, document_id: int, content: str, *, title: str | None = None
    ) -> GeneratedDocument:
        return self.documents.save_content(document_id, content, title=title)

    def accept_issues(self, document_id: int) -> GeneratedDocument:
        """The user keeps the document as it is, flagged details and all (recorded)."""
        return self.documents.accept_issues(document_id)


def _section_name(section: GeneratedSection, index: int) -> str:
    return f"section {index + 1} ({section.title})" if section.title else "the text"


def _updated_content(
    document: GeneratedDocument, index: int, sections: tuple[GeneratedSection, ...]
) -> str:
    if not document.edited:
        return assemble_markdown(document.title, sections)
    old = document.sections[index]
    old_body = strip_repeated_heading(old.title, old.text).strip()
    new_body = strip_repeated_heading(sections[index].title, sections[index].text).strip()
    if old_body and document.content.count(old_body) == 1:
        return document.content.replace(old_body, new_body)
    return document.content
