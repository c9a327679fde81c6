"""What each kind of Documents generation does on the job's thread, and what the status line
says when one ends. The panel decides when a run may start; these say what it runs."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.engine.types import SamplingParams
from app.templates import DocumentPlan, GeneratedDocument, Listeners, ModelUse
from app.templates.generator import TextGenerator
from app.templates.recipe import strip_repeated_heading
from app.templates.service import TemplateDocumentService
from app.ui.common.i18n import tr
from app.ui.templates.cut_off_bar import continued_message
from app.ui.templates.generation_job import Run


class GenerationRuns:
    """Builds the Run of each generation over one service; each run gets its own blocking
    generator from `engine_for_job` (the engine client's), made when the run is built."""

    def __init__(
        self, service: TemplateDocumentService, engine_for_job: Callable[[], TextGenerator]
    ) -> None:
        self.service = service
        self._engine_for_job = engine_for_job

    def new_document(
        self, plan: DocumentPlan, use: ModelUse, sampling: SamplingParams, max_retries: int
    ) -> Run:
        service, engine = self.service, self._engine_for_job()

        def run(listeners: Listeners, stop: threading.Event) -> GeneratedDocument:
            return service.generate(
                plan,
                engine=engine,
                model=use,
                sampling=sampling,
                listeners=listeners,
                stop=stop,
                max_retries=max_retries,
            )

        return run

    def whole_again(self, document_id: int, use: ModelUse) -> Run:
        service, engine = self.service, self._engine_for_job()

        def run(listeners: Listeners, stop: threading.Event) -> GeneratedDocument:
            return service.regenerate(
                document_id, engine=engine, model=use, listeners=listeners, stop=stop
            )

        return run

    def section_again(self, document_id: int, index: int, use: ModelUse, seed: int | None) -> Run:
        service, engine = self.service, self._engine_for_job()

        def run(listeners: Listeners, stop: threading.Event) -> GeneratedDocument:
            return service.regenerate_section(
                document_id,
                index,
                engine=engine,
                model=use,
                seed=seed,
                listeners=listeners,
                stop=stop,
            )

        return run

    def continued(self, document_id: int, index: int, use: ModelUse) -> Run:
        service, engine = self.service, self._engine_for_job()

        def run(listeners: Listeners, stop: threading.Event) -> GeneratedDocument:
            return service.continue_section(
                document_id, index, engine=engine, model=use, listeners=listeners, stop=stop
            )

        return run


def finished_message(
    document: GeneratedDocument,
    *,
    section_again: int | None,
    continuing: tuple[int, tuple[int, ...]] | None,
) -> str | None:
    """The status line once a run has saved `document` (None: nothing to add).

    `section_again`: the section that was written again; `continuing`: the section that was
    continued and its continuations before (so a Stop can be told apart)."""
    if continuing is not None:
        return continued_message(document, *continuing)
    if section_again is not None:
        new = document.sections[section_again]
        body = strip_repeated_heading(new.title, new.text).strip()
        if body and body not in document.content:
            return tr(
                "Section {number} was written again, but your edits changed it, so your text was "
                "kept. “Use generated text” shows the model's version."
            ).format(number=section_again + 1)
    stopped = [
        s.title or tr("the text") for s in document.sections if s.finish_reason == "cancelled"
    ]
    if stopped:
        return tr("Stopped. Saved what was written; not reached: {sections}.").format(
            sections=", ".join(stopped)
        )
    return None
