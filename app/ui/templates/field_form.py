"""The form generated from a template's fields: an input per field, required fields marked,
defaults filled in, examples as placeholders, and each field's problem shown under it (in a line
kept free for it, so a message appearing does not move the fields below)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.templates import Template
from app.templates.fields import check_value, problem_message
from app.ui.common.i18n import tr, tr_n
from app.ui.templates.field_inputs import FieldInput
from app.ui.templates.look import ErrorLabel, chain_tab_order, muted_label


class _FieldRow(QWidget):
    """Label (required fields marked *), input, help, and the field's problem."""

    def __init__(self, field_input: FieldInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = field_input
        field = field_input.field
        self.label = QLabel(f"{field.label} *" if field.required else field.label)
        self.label.setBuddy(field_input.focus_widget())
        if field.required:
            self.label.setToolTip(tr("Required"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(field_input)
        if field_input.field.help:
            layout.addWidget(muted_label(field_input.field.help))
        self.error = ErrorLabel(reserve_line=True)
        layout.addWidget(self.error)
        self._describe("")

    def show_problem(self, message: str) -> None:
        self.error.show_message(message)
        self._describe(message)

    def _describe(self, problem: str) -> None:
        """A screen reader hears the field's problem (or else that it is required, and its help)
        with the input itself, since the message label is not in the tab chain."""
        field = self.input.field
        parts = [problem] if problem else []
        if field.required and not problem:
            parts.append(tr("Required."))
        if field.help:
            parts.append(field.help)
        self.input.focus_widget().setAccessibleDescription(" ".join(parts))


class FieldForm(QWidget):
    generate_requested = Signal()
    stop_requested = Signal()
    values_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template: Template | None = None
        self._rows: dict[str, _FieldRow] = {}
        self._attachment_titles: tuple[str, ...] = ()

        self.heading = QLabel()
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.25)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.description = muted_label()
        self.attachments_label = QLabel()
        self.attachments_label.setWordWrap(True)
        self.attachments_label.hide()

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(tr("from the fields"))
        self.title_edit.setAccessibleName(tr("Document title"))
        self.title_edit.setAccessibleDescription(
            tr("Leave empty to take the title from the fields.")
        )
        self.tone = QComboBox()
        self.tone.setAccessibleName(tr("Tone"))
        self.length = QComboBox()
        self.length.setAccessibleName(tr("Length"))

        # A plain column, not a QFormLayout: wrapped rows with word-wrapped labels get too
        # little height inside a scroll area and overlap.
        self._fields_box = QWidget()
        self._fields_layout = QVBoxLayout(self._fields_box)
        self._fields_layout.setContentsMargins(0, 0, 0, 0)
        options = QFormLayout()
        options.addRow(tr("Title"), self.title_edit)
        options.addRow(tr("Tone"), self.tone)
        options.addRow(tr("Length"), self.length)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.heading)
        inner_layout.addWidget(self.description)
        inner_layout.addWidget(self.attachments_label)
        inner_layout.addWidget(self._fields_box)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        inner_layout.addWidget(rule)
        inner_layout.addLayout(options)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        self._scroll = scroll

        self.error = ErrorLabel()
        self.generate_button = QPushButton(tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.setProperty("role", "primary")
        self.generate_button.setToolTip(
            tr("Write the document with the loaded model (Ctrl+Return)")
        )
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop generating (Esc)"))
        self.stop_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.generate_button.clicked.connect(self.generate_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.set_template(None)

    # ---- building ----------------------------------------------------------------------------

    def set_template(
        self, template: Template | None, *, values: Mapping[str, object] | None = None
    ) -> None:
        self.template = template
        for row in self._rows.values():
            # Hidden and unparented now: deleteLater() alone leaves the old rows painted over
            # the new ones until the event loop gets round to deleting them.
            self._fields_layout.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self._rows.clear()
        self.error.show_message("")
        self.title_edit.clear()
        self.tone.clear()
        self.length.clear()
        if template is None:
            self.heading.setText(tr("Choose a template"))
            self.description.setText(tr("Pick a template on the left to fill in its fields."))
            self.generate_button.setEnabled(False)
            return
        self.heading.setText(template.name)
        sections = (
            " "
            + tr_n(
                len(template.outline),
                "Written section by section: {n} section.",
                "Written section by section: {n} sections.",
            )
            if template.outline
            else ""
        )
        self.description.setText(template.description + sections)
        for field in template.fields:
            field_input = FieldInput(field)
            row = _FieldRow(field_input)
            self._fields_layout.addWidget(row)
            self._rows[field.key] = row
            field_input.changed.connect(lambda key=field.key: self._on_changed(key))
        for tone in template.tones:
            self.tone.addItem(tone)
        self.tone.setCurrentText(template.default_tone)
        for name, guideline in template.lengths.items():
            self.length.addItem(f"{name} ({guideline})", name)
        self.length.setCurrentIndex(max(self.length.findData(template.default_length), 0))
        for key, value in (values or {}).items():
            if key in self._rows:
                self._rows[key].input.set_value(value)
        self.generate_button.setEnabled(True)
        # Rows are made after the options and buttons: Tab still goes down the form in order.
        inputs = [w for row in self._rows.values() for w in row.input.tab_widgets()]
        chain_tab_order(
            [
                self._scroll,
                *inputs,
                self.title_edit,
                self.tone,
                self.length,
                self.stop_button,
                self.generate_button,
            ]
        )

    def set_attachments(self, titles: Sequence[str]) -> None:
        """The chat's documents this generation will read (shown, so the user knows)."""
        self._attachment_titles = tuple(titles)
        self.attachments_label.setText(
            tr("Uses the chat's documents: {titles}").format(titles=", ".join(titles))
            if titles
            else ""
        )
        self.attachments_label.setVisible(bool(titles))

    # ---- reading -----------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        return {key: row.input.value() for key, row in self._rows.items()}

    def tone_choice(self) -> str:
        return self.tone.currentText()

    def length_choice(self) -> str:
        return str(self.length.currentData() or "")

    def document_title(self) -> str:
        return self.title_edit.text().strip()

    def input_for(self, key: str) -> FieldInput:
        return self._rows[key].input

    def problem_for(self, key: str) -> str:
        row = self._rows.get(key)
        return row.error.message() if row is not None and row.error.has_message() else ""

    # ---- problems ----------------------------------------------------------------------------

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each field's message under it; the first faulty field gets the focus. A problem for
        a key the form does not have (should not happen) is shown at the bottom."""
        first: _FieldRow | None = None
        for key, row in self._rows.items():
            message = problems.get(key, "")
            row.show_problem(message)
            if message and first is None:
                first = row
        stray = [message for key, message in problems.items() if key not in self._rows]
        self.error.show_message("\n".join(stray))
        if first is not None:
            first.input.focus_input()

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    def set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy and self.template is not None)
        self.stop_button.setEnabled(busy)

    def _on_changed(self, key: str) -> None:
        """Check a value as it is typed; a blank one is only refused at Generate (a required
        field the user has not reached yet is not an error)."""
        row = self._rows[key]
        field = row.input.field
        problem = check_value(field, row.input.value())
        row.show_problem(problem_message(field, problem) if problem else "")
        self.values_changed.emit()
