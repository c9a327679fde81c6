"""Documents-mode defects of issue 23: the "/" picker stays on screen with several rows, field
messages do not move the form, picking another template empties the editor (asking first about
unsaved edits), and the mode and its dialogs pass the accessibility audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from shiboken6 import getCppPointer

from app.config import Paths
from app.core import Core
from app.engine.types import SamplingParams
from app.templates import (
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
    TemplateDocumentService,
)
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.unsaved_question import UnsavedChoice
from app.ui.templates import TemplateEditorDialog, TemplatePicker, TemplatesPanel

from .accessibility_audit import tab_chain, tab_chain_problems, unnamed_interactive_widgets


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
    widget.resize(1280, 760)
    widget.show()
    return widget


def stored_document(service: TemplateDocumentService) -> GeneratedDocument:
    plan = service.plan("business-plan", service.library.get("business-plan").example_values())
    sections = tuple(
        GeneratedSection(s.title, s.instruction, f"Text of **{s.title}**.") for s in plan.sections
    )
    recipe = Recipe(plan, ModelUse("ab" * 32, "Test model"), SamplingParams(seed=5))
    return service.documents.add(recipe, sections)


@pytest.mark.parametrize("from_bottom", [2, 40, 150])
def test_slash_picker_near_the_screen_bottom_stays_inside_with_several_rows(
    service: TemplateDocumentService, qtbot: QtBot, from_bottom: int
) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    templates = service.library.list()
    assert len(templates) >= 4
    picker.set_templates(templates)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    anchor = QPoint(screen.right() - 20, screen.bottom() - from_bottom)
    picker.open_at(anchor)
    assert screen.contains(picker.geometry()), (screen, picker.geometry())
    assert picker.visible_row_count() >= 4
    assert picker.geometry().bottom() < anchor.y()  # above the "/" line, not over it


def test_slash_picker_with_room_below_opens_under_the_anchor(
    service: TemplateDocumentService, qtbot: QtBot
) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates(service.library.list())
    screen = QGuiApplication.primaryScreen().availableGeometry()
    picker.open_at(QPoint(screen.left() + 10, screen.top() + 10))
    assert picker.geometry().topLeft() == QPoint(screen.left() + 10, screen.top() + 10)
    assert picker.visible_row_count() >= 4


def test_a_field_message_does_not_move_the_fields_below(panel: TemplatesPanel) -> None:
    assert panel.gallery.select("business-plan")
    form = panel.form
    below = form.input_for("location").line
    assert below is not None
    where = below.mapTo(form, QPoint(0, 0))
    name = form.input_for("business_name").line
    assert name is not None
    name.setText("x" * 500)  # over the length limit
    assert form.problem_for("business_name").startswith("Business name: enter at most")
    assert below.mapTo(form, QPoint(0, 0)) == where
    assert "enter at most" in name.accessibleDescription()


def _edited_document(panel: TemplatesPanel, service: TemplateDocumentService) -> int:
    stored = stored_document(service)
    assert panel.open_document(stored.id)
    panel.editor.editor.insertPlainText("My own words. ")
    assert panel.editor.has_unsaved_changes()
    return stored.id


def test_picking_another_template_empties_the_editor(
    panel: TemplatesPanel, service: TemplateDocumentService
) -> None:
    assert panel.gallery.select("business-plan")
    assert panel.open_document(stored_document(service).id)
    assert panel.editor.document is not None
    panel.ask_unsaved = lambda: pytest.fail("nothing unsaved: no question")
    assert panel.gallery.select("payment-reminder")
    assert panel.editor.document is None
    assert panel.editor.editor.toPlainText() == ""
    assert panel.form.template is not None and panel.form.template.id == "payment-reminder"


def test_unsaved_edits_are_asked_about_cancel_keeps_save_stores(
    panel: TemplatesPanel, service: TemplateDocumentService, qtbot: QtBot
) -> None:
    assert panel.gallery.select("business-plan")
    document_id = _edited_document(panel, service)
    panel.ask_unsaved = lambda: UnsavedChoice.CANCEL
    panel.gallery.select("payment-reminder")
    qtbot.waitUntil(lambda: panel.gallery.current_id() == "business-plan")
    assert panel.editor.has_unsaved_changes()
    assert panel.form.template is not None and panel.form.template.id == "business-plan"

    panel.ask_unsaved = lambda: UnsavedChoice.SAVE
    assert panel.open_template("payment-reminder")
    assert panel.editor.document is None
    assert "My own words." in service.documents.get(document_id).content


def test_documents_mode_passes_the_accessibility_audit(
    panel: TemplatesPanel, service: TemplateDocumentService, qtbot: QtBot
) -> None:
    assert panel.gallery.select("business-plan")
    name = panel.form.input_for("business_name").focus_widget()
    qtbot.waitUntil(name.isVisible)  # the form's rows are shown by the layout, queued
    assert panel.open_document(stored_document(service).id)
    assert unnamed_interactive_widgets(panel) == []
    assert tab_chain_problems(panel) == []


def test_template_editor_and_picker_pass_the_accessibility_audit(
    service: TemplateDocumentService, qtbot: QtBot
) -> None:
    dialog = TemplateEditorDialog(service.library, service.library.get("business-plan"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_interactive_widgets(dialog) == []
    assert tab_chain_problems(dialog) == []
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates(service.library.list())
    picker.open_at(QPoint(10, 10))
    assert unnamed_interactive_widgets(picker) == []
    assert tab_chain_problems(picker) == []


def test_tab_goes_down_the_form_and_along_the_gallery_in_layout_order(
    panel: TemplatesPanel, qtbot: QtBot
) -> None:
    assert panel.gallery.select("payment-reminder")
    form, gallery = panel.form, panel.gallery
    template = form.template
    assert template is not None
    fields = [form.input_for(field.key).focus_widget() for field in template.fields]
    qtbot.waitUntil(lambda: all(field.isVisible() for field in fields))  # shown by the layout
    expected = [*fields, form.title_edit, form.tone, form.length, form.generate_button]
    gallery_order = [gallery.search, gallery.category, gallery.view, gallery.new_button]
    gallery_order += [gallery.edit_button, gallery.import_button, gallery.export_button]
    # The C++ objects: PySide may hand out a new Python wrapper for the same widget.
    chain = [getCppPointer(w)[0] for w in tab_chain(panel)]
    for order in (expected, gallery_order):
        wanted = [getCppPointer(w)[0] for w in order]
        assert [w for w in chain if w in wanted] == wanted
