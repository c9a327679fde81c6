"""Create or edit a template: its details, fields, prompt and outline, with a live preview of
the prompt the model would get (rendered with the fields' examples), and every problem listed.

Built-in templates are not edited in place: the dialog opens an unsaved copy of one, which
becomes a user template on Save.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.file_names import safe_file_name
from app.templates import (
    CATEGORIES,
    Template,
    TemplateDefinitionError,
    TemplateError,
    TemplateLibrary,
    plan_document,
)
from app.templates.codec import template_from_dict
from app.templates.template_files import write_template_file
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.templates.field_table import FieldTable, cell, remove_current_row
from app.ui.templates.look import ErrorLabel, muted_label
from app.ui.templates.template_form_data import (
    PreviewResolver,
    blank_template_dict,
    free_id,
    preview_values,
    split_names,
    template_dict,
)
from app.ui.templates.template_list_model import category_label

PREVIEW_DELAY_MS = 250


def _monospace(widget: QPlainTextEdit) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    widget.setFont(font)


class TemplateEditorDialog(QDialog):
    def __init__(
        self,
        library: TemplateLibrary,
        template: Template | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self.saved: Template | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        taken = {t.id for t in library.list()}
        if template is None:
            data = blank_template_dict(free_id("new-template", taken))
            self._editing_id: str | None = None
            self.setWindowTitle(tr("New template"))
        elif template.is_builtin or library.is_builtin(template.id):
            data = template_dict(template)
            data["name"] = tr("{name} (copy)").format(name=template.name)
            data["id"] = free_id(data["name"], taken)
            data["version"] = 1
            self._editing_id = None
            self.setWindowTitle(tr("New template from {name}").format(name=template.name))
        else:
            data = template_dict(template)
            self._editing_id = template.id
            self.setWindowTitle(tr("Edit template: {name}").format(name=template.name))
        self._base = data
        self.resize(1100, 720)

        # ---- details
        self.name_edit = QLineEdit(data["name"])
        self.id_edit = QLineEdit(data["id"])
        self.id_edit.setReadOnly(self._editing_id is not None)
        self.id_edit.setToolTip(
            tr("Lowercase letters, digits and hyphens; unique; fixed once saved")
        )
        self.category = QComboBox()
        for category in CATEGORIES:
            self.category.addItem(category_label(category), category)
        self.category.setCurrentIndex(max(self.category.findData(data["category"]), 0))
        self.description_edit = QLineEdit(data["description"])
        self.description_edit.setCursorPosition(0)  # show the start of a long description
        self.tones_edit = QLineEdit(", ".join(data.get("tones", [])))
        self.tones_edit.setToolTip(tr("Comma-separated; the first is the default unless kept"))
        details = QFormLayout()
        details.addRow(tr("Name"), self.name_edit)
        details.addRow(tr("Id"), self.id_edit)
        details.addRow(tr("Category"), self.category)
        details.addRow(tr("Description"), self.description_edit)
        details.addRow(tr("Tones"), self.tones_edit)

        # ---- fields
        self.fields_table = FieldTable(data.get("fields", []))
        add_field = QPushButton(tr("Add field"))
        remove_field = QPushButton(tr("Remove field"))
        add_field.clicked.connect(
            lambda: self.fields_table.add_field({"key": "", "label": "", "type": "text"})
        )
        remove_field.clicked.connect(lambda: remove_current_row(self.fields_table))
        fields_page = QWidget()
        fields_layout = QVBoxLayout(fields_page)
        fields_layout.addWidget(self.fields_table, 1)
        field_buttons = QHBoxLayout()
        field_buttons.addWidget(add_field)
        field_buttons.addWidget(remove_field)
        field_buttons.addStretch(1)
        field_buttons.addWidget(muted_label(tr("Lists: items separated by ';'. Choices: by ','.")))
        fields_layout.addLayout(field_buttons)

        # ---- prompt
        self.system_edit = QPlainTextEdit(data.get("system", ""))
        self.system_edit.setPlaceholderText(tr("Optional guidance for the model's system turn"))
        self.prompt_edit = QPlainTextEdit(data.get("prompt", ""))
        self.prompt_edit.setPlaceholderText(tr("The instruction; use fields as {{ key }}"))
        for editor in (self.system_edit, self.prompt_edit):
            _monospace(editor)
        self.system_edit.setFixedHeight(self.system_edit.fontMetrics().lineSpacing() * 4 + 12)
        prompt_page = QWidget()
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.addWidget(QLabel(tr("System guidance")))
        prompt_layout.addWidget(self.system_edit)
        prompt_layout.addWidget(QLabel(tr("Prompt")))
        prompt_layout.addWidget(self.prompt_edit, 1)
        prompt_layout.addWidget(
            muted_label(
                tr(
                    "Available: each field's key, and tone, length, length_name, title. "
                    "Jinja syntax: {% if key %}…{% endif %}, {% for item in key %}…{% endfor %}."
                )
            )
        )

        # ---- outline
        self.outline_table = QTableWidget(0, 2)
        self.outline_table.setHorizontalHeaderLabels([tr("Section title"), tr("Instruction")])
        self.outline_table.horizontalHeader().setStretchLastSection(True)
        self.outline_table.setAccessibleName(tr("Outline"))
        self.outline_table.setAccessibleDescription(
            tr("One row per section: its title and the instruction the model gets for it")
        )
        self.outline_table.horizontalHeader().setAccessibleName(tr("Outline columns"))
        self.outline_table.verticalHeader().setVisible(False)
        for section in data.get("outline", []):
            self._add_section_row(section["title"], section["instruction"])
        self.outline_table.setColumnWidth(0, 200)
        add_section = QPushButton(tr("Add section"))
        remove_section = QPushButton(tr("Remove section"))
        add_section.clicked.connect(lambda: self._add_section_row("", ""))
        remove_section.clicked.connect(lambda: remove_current_row(self.outline_table))
        outline_page = QWidget()
        outline_layout = QVBoxLayout(outline_page)
        outline_layout.addWidget(
            muted_label(tr("With sections, long documents are written one section at a time."))
        )
        outline_layout.addWidget(self.outline_table, 1)
        outline_buttons = QHBoxLayout()
        outline_buttons.addWidget(add_section)
        outline_buttons.addWidget(remove_section)
        outline_buttons.addStretch(1)
        outline_layout.addLayout(outline_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(fields_page, tr("Fields"))
        self.tabs.addTab(prompt_page, tr("Prompt"))
        self.tabs.addTab(outline_page, tr("Outline"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(details)
        left_layout.addWidget(self.tabs, 1)

        # ---- preview
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(tr("Rendered prompt preview"))
        self.system_edit.setAccessibleName(tr("System guidance"))
        self.prompt_edit.setAccessibleName(tr("Prompt"))
        _monospace(self.preview)
        self.problems = ErrorLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(
            QLabel(tr("Preview of the rendered prompt (with the fields' examples)"))
        )
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.problems)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 480])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.addButton(
            tr("Export…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setToolTip(tr("Write this template to a .toml or .json file"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._export)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        for line in (self.name_edit, self.id_edit, self.description_edit, self.tones_edit):
            line.textChanged.connect(self._schedule_preview)
        for text in (self.system_edit, self.prompt_edit):
            text.textChanged.connect(self._schedule_preview)
        self.category.currentIndexChanged.connect(self._schedule_preview)
        self.fields_table.edited.connect(self._schedule_preview)
        self.outline_table.itemChanged.connect(self._schedule_preview)
        self.outline_table.model().rowsRemoved.connect(self._schedule_preview)
        self.update_preview()

    # ---- rows --------------------------------------------------------------------------------

    def _add_section_row(self, title: str, instruction: str) -> None:
        table = self.outline_table
        table.blockSignals(True)
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(title))
        table.setItem(row, 1, QTableWidgetItem(instruction))
        table.blockSignals(False)
        self._schedule_preview()

    def field_type_box(self, row: int) -> QComboBox:
        return self.fields_table.type_box(row)

    def field_required_box(self, row: int) -> QCheckBox:
        return self.fields_table.required_box(row)

    # ---- the template ------------------------------------------------------------------------

    def current_data(self) -> dict[str, Any]:
        """The template as the editor shows it, in its file form."""
        data: dict[str, Any] = {
            key: self._base[key]
            for key in ("schema", "version", "lengths", "default_length")
            if key in self._base
        }
        tones = split_names(self.tones_edit.text())
        base_tone = self._base.get("default_tone", "")
        data.update(
            id=self.id_edit.text().strip(),
            name=self.name_edit.text().strip(),
            category=self.category.currentData(),
            description=self.description_edit.text().strip(),
            tones=tones,
            default_tone=base_tone if base_tone in tones else (tones[0] if tones else ""),
            prompt=self.prompt_edit.toPlainText(),
        )
        if self.system_edit.toPlainText().strip():
            data["system"] = self.system_edit.toPlainText()
        data["fields"] = self.fields_table.fields()
        outline = [
            {
                "title": cell(self.outline_table, row, 0),
                "instruction": cell(self.outline_table, row, 1),
            }
            for row in range(self.outline_table.rowCount())
        ]
        if outline:
            data["outline"] = outline
        return data

    def current_template(self) -> Template:
        """The validated template; raises TemplateDefinitionError listing every problem."""
        return template_from_dict(self.current_data(), source="This template")

    # ---- preview -----------------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def update_preview(self) -> None:
        try:
            template = self.current_template()
            plan = plan_document(template, preview_values(template), resolver=PreviewResolver())
        except TemplateDefinitionError as exc:
            self.problems.show_message(
                tr("Problems:") + "\n" + "\n".join(f"• {p}" for p in exc.problems)
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        except TemplateError as exc:
            self.problems.show_message(tr("The prompt cannot be rendered: {exc}").format(exc=exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        parts = [
            tr("SYSTEM") + f"\n{plan.system_prompt}",
            tr("PROMPT") + f"\n{plan.brief}",
        ]
        if plan.sections:
            listed = "\n".join(
                f"{n}. {s.title}: {s.instruction}" for n, s in enumerate(plan.sections, 1)
            )
            parts.append(tr("SECTIONS (one prompt each)") + f"\n{listed}")
        self.preview.setPlainText("\n\n".join(parts))
        self.problems.show_message("")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    # ---- actions -----------------------------------------------------------------------------

    def save(self) -> None:
        try:
            template = self.current_template()
            if self._editing_id is None and self._library.find(template.id) is not None:
                raise TemplateError(
                    tr("a template with id {id} already exists; choose another id").format(
                        id=repr(template.id)
                    )
                )
            self.saved = self._library.save(replace(template, source="user"))
        except TemplateDefinitionError as exc:
            self.problems.show_message(
                tr("Not saved:") + "\n" + "\n".join(f"• {p}" for p in exc.problems)
            )
            return
        except TemplateError as exc:
            self.problems.show_message(tr("Not saved: {exc}").format(exc=exc))
            return
        self.accept()

    def _export(self) -> None:
        try:
            template = self.current_template()
        except TemplateDefinitionError as exc:
            self.problems.show_message(
                tr("Fix these before exporting:") + "\n" + "\n".join(f"• {p}" for p in exc.problems)
            )
            return
        path, _ = file_dialogs.save_file(
            self,
            tr("Export template"),
            safe_file_name(template.id, ".toml", fallback="template"),
            tr("TOML (*.toml);;JSON (*.json)"),
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        try:
            write_template_file(self.current_template(), path)
        except TemplateError as exc:
            self.problems.show_message(tr("Not exported: {exc}").format(exc=exc))
            return False
        return True
