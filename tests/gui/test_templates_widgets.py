"""The Documents workspace without a model: gallery, form validation, template editor with its
live preview, template files, the chat's "/" picker, and editing/exporting a stored document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.engine.types import LoadedModel, SamplingParams
from app.templates import (
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
    ReferenceDocument,
    TemplateDocumentService,
)
from app.templates.template_files import read_template_file
from app.ui.common.engine_bridge import EngineBridge
from app.ui.templates import TemplateEditorDialog, TemplatePicker, TemplatesPanel
from app.ui.templates.template_list_model import TemplateFilter, TemplateListModel

from .event_wait import wait_until


class NoModel:
    loaded_model = None
    active_adapters = ()


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


@pytest.fixture
def service(core: Core) -> TemplateDocumentService:
    return TemplateDocumentService.open(core.database)


@pytest.fixture
def panel(core: Core, service: TemplateDocumentService, qtbot: QtBot) -> TemplatesPanel:
    widget = TemplatesPanel(service, EngineBridge(), NoModel(), lambda: core.settings)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def stored_document(service: TemplateDocumentService) -> GeneratedDocument:
    plan = service.plan("business-plan", service.library.get("business-plan").example_values())
    sections = tuple(
        GeneratedSection(s.title, s.instruction, f"Text of **{s.title}**.\n\n- one\n- two")
        for s in plan.sections
    )
    recipe = Recipe(plan, ModelUse("ab" * 32, "Test model"), SamplingParams(seed=5))
    return service.documents.add(recipe, sections)


# ---- gallery and its model -----------------------------------------------------------------


def test_filter_matches_every_word_and_the_category(service: TemplateDocumentService) -> None:
    model = TemplateListModel()
    model.set_templates(service.library.list())
    proxy = TemplateFilter()
    proxy.setSourceModel(model)
    proxy.set_search("price change")
    assert [proxy.template_id(r) for r in range(proxy.rowCount())] == ["client-email-price-change"]
    proxy.set_search("")
    proxy.set_category("report")
    ids = {proxy.template_id(r) for r in range(proxy.rowCount())}
    assert "quarterly-business-report" in ids
    assert "business-plan" not in ids
    proxy.set_search("quarterly")
    assert [proxy.template_id(r) for r in range(proxy.rowCount())] == ["quarterly-business-report"]


def test_gallery_search_and_category_narrow_the_list(panel: TemplatesPanel, qtbot: QtBot) -> None:
    gallery = panel.gallery
    everything = gallery.visible_ids()
    assert len(everything) == len(panel.service.library.list())
    qtbot.keyClicks(gallery.search, "email")
    emails = gallery.visible_ids()
    assert emails and all("email" in i for i in emails)
    gallery.search.clear()
    gallery.category.setCurrentIndex(gallery.category.findData("hr"))
    assert set(gallery.visible_ids()) == {"job-description", "performance-review"}


# ---- the form ------------------------------------------------------------------------------


def test_form_shows_defaults_and_inline_validation_messages(
    panel: TemplatesPanel, qtbot: QtBot
) -> None:
    assert panel.gallery.select("business-plan")
    form = panel.form
    assert form.template is not None and form.template.id == "business-plan"
    assert form.input_for("stage").value() == "new"  # the field's default
    assert form.tone_choice() == "professional" and form.length_choice() == "medium"

    qtbot.keyClicks(form.input_for("break_even_months").line, "9999")
    assert form.problem_for("break_even_months") == (
        "Months to break even: enter a number of at most 240"
    )
    form.input_for("break_even_months").set_value("12")
    assert form.problem_for("break_even_months") == ""

    assert panel.generate() is False  # required fields are empty
    required = "enter a value (required)"
    assert form.problem_for("business_name") == f"Business name: {required}"
    assert form.problem_for("location") == f"Location: {required}"
    assert form.problem_for("stage") == ""
    assert not panel.busy

    for key, value in form.template.example_values().items():
        form.input_for(key).set_value(value)
    assert panel.generate() is False  # valid now, but no model is loaded
    assert form.problem_for("business_name") == ""
    assert "No model is loaded" in form.error.text()


def test_the_chats_documents_can_be_the_input(panel: TemplatesPanel) -> None:
    notes = ReferenceDocument("q3-notes.txt", "Revenue grew 12%.")
    assert panel.open_template("quarterly-business-report", attachments=[notes])
    assert panel.gallery.current_id() == "quarterly-business-report"
    assert "q3-notes.txt" in panel.form.attachments_label.text()
    assert not panel.open_template("no-such-template")
    assert "no-such-template" in panel.library_message.text()


# ---- the template editor -------------------------------------------------------------------


def test_editor_previews_the_rendered_prompt_live_and_lists_problems(
    service: TemplateDocumentService, qtbot: QtBot
) -> None:
    dialog = TemplateEditorDialog(service.library, service.library.get("business-plan"))
    qtbot.addWidget(dialog)
    assert dialog.id_edit.text() == "business-plan-copy"  # a built-in opens as a copy
    assert "Business plan for Loop Laundry" in dialog.preview.toPlainText()

    dialog.prompt_edit.setPlainText("Pitch {{ business_name }} to {{ target_customers }}.")
    qtbot.waitUntil(lambda: "Pitch Loop Laundry to working" in dialog.preview.toPlainText())

    dialog.prompt_edit.setPlainText("Pitch {{ business_name ")
    qtbot.waitUntil(lambda: dialog.problems.isVisibleTo(dialog))
    assert "prompt" in dialog.problems.text()
    dialog.save()
    assert dialog.saved is None  # refused, with the reason shown
    assert "Not saved" in dialog.problems.text()

    dialog.prompt_edit.setPlainText("Pitch {{ business_name }}.")
    dialog.name_edit.setText("Short pitch")
    dialog.save()
    assert dialog.saved is not None
    stored = service.library.get("business-plan-copy")
    assert stored.name == "Short pitch" and stored.prompt == "Pitch {{ business_name }}."
    assert stored.field_named("funding_needed").currency == "GBP"  # kept, though not a column
    assert not service.library.is_builtin(stored.id)


def test_editor_edits_fields_and_refuses_a_duplicate_id(
    service: TemplateDocumentService, qtbot: QtBot
) -> None:
    dialog = TemplateEditorDialog(service.library, None)
    qtbot.addWidget(dialog)
    dialog.fields_table.item(0, 0).setText("topic")
    dialog.field_type_box(0).setCurrentText("list")
    dialog.fields_table.item(0, 5).setText("opening hours; parking")
    dialog.prompt_edit.setPlainText("Write about {{ topic | join(', ') }}.")
    dialog.update_preview()
    assert "Write about opening hours, parking." in dialog.preview.toPlainText()
    dialog.id_edit.setText("business-plan")
    dialog.save()
    assert dialog.saved is None
    assert "business-plan" in dialog.problems.text()


def test_template_files_import_with_clear_errors_and_export(
    panel: TemplatesPanel, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema = 1\nid = "Bad Id"\nname = "x"\n', encoding="utf-8")
    assert panel.files.import_template(broken) is None
    message = panel.library_message.text()
    assert "broken.toml" in message and "id must be" in message

    exported = tmp_path / "plan.json"
    assert panel.files.export_template("business-plan", exported)
    again = read_template_file(exported)
    assert again.id == "business-plan"
    renamed = exported.read_text(encoding="utf-8").replace('"business-plan"', '"my-plan"')
    mine = tmp_path / "mine.json"
    mine.write_text(renamed, encoding="utf-8")
    imported = panel.files.import_template(mine)
    assert imported is not None and imported.id == "my-plan"
    assert panel.gallery.current_id() == "my-plan"
    assert panel.files.delete_template("my-plan")
    assert panel.service.library.find("my-plan") is None
    assert not panel.files.delete_template("business-plan")  # built-ins stay


# ---- the chat's "/" picker -----------------------------------------------------------------


def test_slash_picker_filters_as_you_type_and_enter_chooses(
    service: TemplateDocumentService, qtbot: QtBot
) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates(service.library.list())
    picker.open_at(QPoint(10, 10), "/quarter")
    assert picker.visible_ids() == ["quarterly-business-report"]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "client email")
    assert len(picker.visible_ids()) == 4
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.template_chosen) as chosen:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen.args == [picker.visible_ids()[1]]
    assert not picker.isVisible()


# ---- a stored document: edit, save, export, copy -------------------------------------------


def test_edit_save_export_and_copy_a_document(
    panel: TemplatesPanel, service: TemplateDocumentService, tmp_path: Path, qtbot: QtBot
) -> None:
    stored = stored_document(service)
    panel.reload()
    assert panel.documents.ids() == [stored.id]
    assert panel.open_document(stored.id)
    editor = panel.editor
    assert "Executive summary" in editor.editor.toPlainText()
    assert editor.markdown() == stored.content  # unedited: exactly the stored text
    assert not editor.save_button.isEnabled()

    cursor = editor.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.editor.setTextCursor(cursor)
    qtbot.keyClicks(editor.editor, "Signed off by Amira.")
    assert editor.save_button.isEnabled()
    editor.title_edit.setText("Loop Laundry plan")
    assert panel.save()
    saved = service.documents.get(stored.id)
    assert "Signed off by Amira." in saved.content
    assert saved.title == "Loop Laundry plan"
    assert saved.edited and saved.sections == stored.sections  # the recipe's text is kept

    for suffix in (".docx", ".pdf", ".md", ".html"):
        assert panel.files.export_to(tmp_path / f"plan{suffix}")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs]
    assert "Loop Laundry plan" in paragraphs[0] or "Loop Laundry" in " ".join(paragraphs)
    assert any("Signed off by Amira." in p for p in paragraphs)
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "plan.pdf").pages)
    assert "Signed off by Amira." in pdf_text
    assert "Signed off by Amira." in (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert not panel.files.export_to(tmp_path / "plan.txt")
    assert ".docx, .pdf, .md or .html" in editor.status.text()

    assert panel.files.copy_rich_text()
    copied = QGuiApplication.clipboard().mimeData()
    assert "<h2>Executive summary</h2>" in copied.html()
    assert "Signed off by Amira." in copied.text()

    assert panel.use_generated_text()
    reverted = service.documents.get(stored.id)
    assert reverted.content == reverted.generated_text and not reverted.edited
    assert panel.delete_document(stored.id)
    assert panel.documents.ids() == [] and panel.editor.document is None


def test_an_engine_failure_is_shown_and_the_panel_stays_usable(
    core: Core, service: TemplateDocumentService, qtbot: QtBot
) -> None:
    """The real inference thread, with no model loaded although the controller claims one:
    its failure travels back through the engine client and the job to the editor."""

    class ClaimsAModel:
        loaded_model = LoadedModel("m.gguf", "Ghost", "cd" * 32, 2048, 2048, "CPU", 0, 2, 0.1)
        active_adapters = ()

    bridge, _worker = start_engine()
    try:
        widget = TemplatesPanel(service, bridge, ClaimsAModel(), lambda: core.settings)
        qtbot.addWidget(widget)
        assert widget.open_template("client-email-follow-up")
        template = widget.form.template
        assert template is not None
        for key, value in template.example_values().items():
            widget.form.input_for(key).set_value(value)
        assert widget.generate()
        wait_until(lambda: not widget.busy, timeout_ms=30_000)
        assert widget.editor.status.text().startswith("Generation failed: ")
        assert "model" in widget.editor.status.text().lower()
        assert widget.form.generate_button.isEnabled()
        assert service.documents.list() == []  # nothing half-made was stored
    finally:
        bridge.shutdown()
