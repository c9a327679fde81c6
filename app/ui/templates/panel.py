"""The Documents workspace: template gallery and generated documents, the form of the chosen
template, and the document editor. It drives generation through a GenerationJob (a background
thread running the Qt-free TemplateDocumentService) and the engine client's blocking generator
(which hands each prompt to the one inference thread and waits for it on that thread)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from app.chats.sampling import sampling_from_settings
from app.config import Settings
from app.templates import (
    DocumentPlan,
    FieldValidationError,
    GeneratedDocument,
    ModelUse,
    ReferenceDocument,
    Template,
    TemplateDocumentService,
    TemplateError,
)
from app.templates.service import check_same_setup
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr
from app.ui.common.unsaved_question import UnsavedChoice
from app.ui.templates.document_editor import DocumentEditor
from app.ui.templates.field_form import FieldForm
from app.ui.templates.generation_job import GenerationJob, Run
from app.ui.templates.generation_runs import GenerationRuns, finished_message
from app.ui.templates.model_use import AdapterLookup, ModelSource, model_use, no_adapter_record
from app.ui.templates.panel_files import TemplateFiles
from app.ui.templates.template_editor import TemplateEditorDialog
from app.ui.templates.templates_side import TemplatesSide
from app.ui.templates.unsaved_document import ask_about_unsaved_document, clear_for_new_template


class TemplatesPanel(QWidget):
    busy_changed = Signal(bool)
    document_saved = Signal(int)

    def __init__(
        self,
        service: TemplateDocumentService,
        bridge: EngineBridge,
        controller: ModelSource,
        settings_provider: Callable[[], Settings],
        parent: QWidget | None = None,
        *,
        adapter_at: AdapterLookup | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self._controller = controller
        self._settings = settings_provider
        self._adapter_at: AdapterLookup = adapter_at or no_adapter_record
        self._bridge = bridge
        self.runs = GenerationRuns(service, bridge.text_generator)
        self.job: GenerationJob | None = None
        self._attachments: tuple[ReferenceDocument, ...] = ()
        self._regenerating_section: int | None = None
        # The section being continued and its continuations before (to tell a Stop apart).
        self._continuing: tuple[int, tuple[int, ...]] | None = None
        # The template last picked (not "" while a search hides it): picking another one
        # empties the editor, asking first about unsaved edits (tests replace `ask_unsaved`).
        self._picked_template = ""
        self.ask_unsaved: Callable[[], UnsavedChoice] = lambda: ask_about_unsaved_document(self)

        left = TemplatesSide()
        self.gallery, self.documents = left.gallery, left.documents
        self.library_message, self.tabs = left.library_message, left.tabs
        self.form = FieldForm()
        self.editor = DocumentEditor()
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([260, 340, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self.gallery.template_selected.connect(self._on_template_selected)
        self.gallery.template_activated.connect(lambda _id: self.form.generate_button.setFocus())
        self.gallery.new_button.clicked.connect(lambda: self.edit_template(None))
        self.gallery.edit_button.clicked.connect(
            lambda: self.edit_template(self.gallery.current_id())
        )
        self.files = TemplateFiles(
            service,
            editor=self.editor,
            gallery=self.gallery,
            library_message=self.library_message,
            reload=lambda template_id: self.reload(select_template=template_id),
            parent=self,
        )
        self.gallery.import_button.clicked.connect(self.files.ask_import)
        self.gallery.export_button.clicked.connect(self.files.ask_export_template)
        self.gallery.delete_button.clicked.connect(self.files.ask_delete_template)
        self.documents.open_requested.connect(self.open_document)
        self.documents.delete_requested.connect(self._ask_delete_document)
        self.form.generate_requested.connect(self.generate)
        self.form.stop_requested.connect(self.stop)
        self.editor.stop_requested.connect(self.stop)
        self.editor.save_requested.connect(self.save)
        self.editor.regenerate_requested.connect(self.regenerate_document)
        self.editor.regenerate_section_requested.connect(self.regenerate_section)
        self.editor.export_requested.connect(self.files.ask_export_document)
        self.editor.copy_requested.connect(self.files.copy_rich_text)
        self.editor.revert_requested.connect(self.use_generated_text)
        self.editor.continue_requested.connect(self.continue_section)
        self.editor.accept_issues_requested.connect(self.accept_issues)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self.stop),
            (QKeySequence("Ctrl+Return"), self.generate),
            (QKeySequence.StandardKey.Save, self.save),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.reload()

    # ---- library -----------------------------------------------------------------------------

    def reload(
        self, *, select_template: str | None = None, select_document: int | None = None
    ) -> None:
        self.gallery.set_templates(self.service.library.list(), select=select_template)
        self.documents.set_documents(self.service.documents.list(), select=select_document)

    def _leave_document_for(self, template_id: str) -> bool:
        """Empty the editor when `template_id` is a newly picked template (not while a document
        is being written); False when the user chose to keep the document."""
        if not template_id or template_id == self._picked_template or self.busy:
            return True
        if not clear_for_new_template(self.editor, ask=self.ask_unsaved, save=self.save):
            return False
        self._picked_template = template_id
        return True

    def _select_quietly(self, template_id: str) -> None:
        with QSignalBlocker(self.gallery):
            self.gallery.select(template_id)

    def _on_template_selected(self, template_id: str) -> None:
        if not self._leave_document_for(template_id):
            # After this selection change has settled: the user stays with the old template.
            QTimer.singleShot(0, lambda kept=self._picked_template: self._select_quietly(kept))
            return
        self._attachments = ()
        self.form.set_attachments(())
        self.library_message.show_message("")
        self.form.set_template(self.service.library.find(template_id) if template_id else None)

    def open_template(
        self,
        template_id: str,
        *,
        attachments: Sequence[ReferenceDocument] = (),
        values: Mapping[str, object] | None = None,
    ) -> bool:
        """Show a template's form (from the chat's picker, with the chat's documents as input)."""
        known = self.service.library.find(template_id) is not None
        if known and not self._leave_document_for(template_id):
            return False
        self.tabs.setCurrentWidget(self.gallery)
        self.gallery.search.clear()
        self.gallery.category.setCurrentIndex(0)
        if not self.gallery.select(template_id):
            self.library_message.show_message(
                tr("No template {template_id!r}.").format(template_id=template_id)
            )
            return False
        self.form.set_template(self.service.library.get(template_id), values=values)
        self._attachments = tuple(attachments)
        self.form.set_attachments([d.title for d in attachments])
        return True

    def edit_template(self, template_id: str | None) -> Template | None:
        """New (None), edit a user template, or start a user copy of a built-in one."""
        template = self.service.library.find(template_id) if template_id else None
        dialog = TemplateEditorDialog(self.service.library, template, self)
        dialog.exec()
        if dialog.saved is not None:
            self.reload(select_template=dialog.saved.id)
        return dialog.saved

    # ---- generating --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _model_use(self) -> ModelUse | None:
        loaded = self._controller.loaded_model
        if loaded is None:
            return None
        return model_use(loaded, self._controller.active_adapters, self._adapter_at)

    def _plan(self) -> DocumentPlan | None:
        template = self.form.template
        if template is None:
            return None
        try:
            plan = self.service.plan(
                template.id,
                self.form.values(),
                tone=self.form.tone_choice(),
                length=self.form.length_choice(),
                title=self.form.document_title() or None,
                attachments=self._attachments,
            )
        except FieldValidationError as exc:
            self.form.show_problems(exc.problems)
            return None
        except TemplateError as exc:
            self.form.show_problems({})
            self.form.show_error(str(exc))
            return None
        self.form.show_problems({})
        return plan

    def generate(self) -> bool:
        """Validate the form and write the document (streams into the editor)."""
        if self.busy:
            return False
        plan = self._plan()
        if plan is None:
            return False
        use = self._model_use()
        if use is None:
            self.form.show_error(tr("No model is loaded. Load one in the chat first."))
            return False
        settings = self._settings()
        sampling = sampling_from_settings(settings)
        run = self.runs.new_document(plan, use, sampling, settings.template_max_retries)
        self.editor.begin_stream(plan.title, [s.title for s in plan.sections])
        self._start(run)
        return True

    def regenerate_document(self) -> bool:
        """Generate the open document again from its recipe, as a new document."""
        document = self.editor.document
        if self.busy or document is None:
            return False
        use = self._ready_for(document)
        if use is None:
            return False
        plan = document.recipe.plan
        self.editor.begin_stream(plan.title, [s.title for s in plan.sections])
        self._start(self.runs.whole_again(document.id, use))
        return True

    def regenerate_section(self, index: int, *, seed: int | None = None) -> bool:
        """Write one section again (a fresh seed unless one is given); the user's unsaved edits
        are saved first so they are kept."""
        document = self.editor.document
        if self.busy or document is None or not document.recipe.plan.outlined:
            return False
        if self.editor.has_unsaved_changes() and not self.save():
            return False
        document = self.editor.document
        assert document is not None
        use = self._ready_for(document)
        if use is None:
            return False
        chosen_seed = seed if seed is not None else sampling_from_settings(self._settings()).seed
        run = self.runs.section_again(document.id, index, use, chosen_seed)
        self._regenerating_section = index
        self.editor.begin_stream(
            document.title, [s.title for s in document.sections], keep=document
        )
        self._start(run)
        return True

    def continue_section(self, index: int) -> bool:
        """Let the model go on with a section that stopped at the token limit (index 0 for a
        document without sections); the user's unsaved edits are saved first so they are
        kept. The continuation is recorded in the recipe, so Regenerate writes it again."""
        document = self.editor.document
        if self.busy or document is None or not 0 <= index < len(document.sections):
            return False
        if not document.sections[index].cut_off:
            return False
        if self.editor.has_unsaved_changes() and not self.save():
            return False
        document = self.editor.document
        assert document is not None
        use = self._ready_for(document, doing="continue")
        if use is None:
            return False
        run = self.runs.continued(document.id, index, use)
        self._continuing = (index, document.sections[index].continuations)
        self.editor.begin_continue(document, index)
        self._start(run)
        return True

    def _ready_for(
        self, document: GeneratedDocument, *, doing: str = "regenerate"
    ) -> ModelUse | None:
        use = self._model_use()
        if use is None:
            self.editor.status.setText(tr("No model is loaded. Load one in the chat first."))
            return None
        try:
            check_same_setup(document.recipe, use)
        except TemplateError as exc:
            refusal = (
                tr("Cannot continue: {exc}.")
                if doing == "continue"
                else tr("Cannot regenerate: {exc}.")
            )
            self.editor.status.setText(refusal.format(exc=exc))
            return None
        return use

    def _start(self, run: Run) -> None:
        job = GenerationJob(run, self)
        job.section_started.connect(self.editor.stream_section)
        job.text_received.connect(self.editor.stream_text)
        job.succeeded.connect(self._on_generated)
        job.failed.connect(self._on_failed)
        self.job = job
        self.form.set_busy(True)
        self.editor.set_busy(True)
        self.busy_changed.emit(True)
        job.start()

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.editor.status.setText(tr("Stopping…"))

    def _finish_job(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None
        self.form.set_busy(False)
        self.editor.set_busy(False)
        self.busy_changed.emit(False)

    def _on_generated(self, document: GeneratedDocument) -> None:
        section = self._regenerating_section
        self._regenerating_section = None
        continuing, self._continuing = self._continuing, None
        self._finish_job()
        self.editor.show_document(document)
        self.documents.set_documents(self.service.documents.list(), select=document.id)
        message = finished_message(document, section_again=section, continuing=continuing)
        if message is not None:
            self.editor.status.setText(message)

    def _on_failed(self, message: str) -> None:
        self._regenerating_section = None
        self._continuing = None
        self._finish_job()
        self.editor.end_stream(tr("Generation failed: {message}").format(message=message))

    # ---- the open document -------------------------------------------------------------------

    def open_document(self, document_id: int) -> bool:
        if self.busy:
            return False
        try:
            document = self.service.documents.get(document_id)
        except Exception as exc:  # a deleted or unreadable record: say so, do not crash
            self.library_message.show_message(tr("Cannot open the document: {exc}").format(exc=exc))
            return False
        self.editor.show_document(document)
        return True

    def save(self) -> bool:
        document = self.editor.document
        if document is None or self.busy:
            return False
        try:
            saved = self.service.save_content(
                document.id, self.editor.markdown(), title=self.editor.title()
            )
        except Exception as exc:  # storage errors: show them where the user is looking
            self.editor.status.setText(tr("Not saved: {exc}").format(exc=exc))
            return False
        self.editor.show_document(saved)
        self.editor.status.setText(tr("Saved."))
        self.documents.set_documents(self.service.documents.list(), select=saved.id)
        self.document_saved.emit(saved.id)
        return True

    def accept_issues(self) -> bool:
        """ "Accept as is" on a flagged document: recorded, and its badge goes."""
        document = self.editor.document
        if document is None or self.busy:
            return False
        try:
            accepted = self.service.accept_issues(document.id)
        except Exception as exc:  # storage errors: show them where the user is looking
            self.editor.status.setText(tr("Not saved: {exc}").format(exc=exc))
            return False
        self.editor.document = accepted
        self.editor.check_badge.show_count(0, accepted=True)
        return True

    def use_generated_text(self) -> bool:
        document = self.editor.document
        if document is None or self.busy:
            return False
        saved = self.service.save_content(document.id, document.generated_text)
        self.editor.show_document(saved)
        return True

    def delete_document(self, document_id: int) -> bool:
        if self.busy:
            return False
        try:
            self.service.documents.delete(document_id)
        except Exception as exc:
            self.library_message.show_message(
                tr("Cannot delete the document: {exc}").format(exc=exc)
            )
            return False
        if self.editor.document is not None and self.editor.document.id == document_id:
            self.editor.clear()
        self.documents.set_documents(self.service.documents.list())
        return True

    def _ask_delete_document(self, document_id: int) -> None:
        answer = QMessageBox.question(
            self, tr("Delete document"), tr("Delete this document and its recipe?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_document(document_id)

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop a running generation and wait a little for its thread (the window closes)."""
        if self.job is not None:
            self.job.stop()
            self.job.wait(timeout_s)
