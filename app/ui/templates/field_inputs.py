"""One input widget per template field type, all read and written as the backend takes them.

Values go to the backend as typed (strings; a list field as its lines) and the backend parses
and validates them, so the form and the CLI accept exactly the same input.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.templates import TemplateField
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr


def _placeholder(field_type: str) -> str:
    """The hint an empty input shows for a field type (in the user's language)."""
    hints = {
        "number": tr("a number"),
        "money": tr("an amount, e.g. 1250.00"),
        "date": tr("YYYY-MM-DD"),
        "list": tr("one item per line"),
        "document": tr("path of a text file"),
    }
    return hints.get(field_type, "")


def _for_example(example: str) -> str:
    return tr("e.g. {example}").format(example=example)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


class FieldInput(QWidget):
    """The input for one field. `value()` is what the user typed ("" when blank)."""

    changed = Signal()

    def __init__(self, field: TemplateField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line: QLineEdit | None = None
        self.text: QPlainTextEdit | None = None
        self.combo: QComboBox | None = None
        self._browse_button: QPushButton | None = None
        example = _shown(field.example)
        if field.type == "choice":
            self.combo = QComboBox()
            if not field.required or field.default is None:
                self.combo.addItem("", "")  # blank: "not chosen" (the default applies)
            for option in field.choices:
                self.combo.addItem(option, option)
            self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            layout.addWidget(self.combo, 1)
        elif field.type in ("long_text", "list"):
            self.text = QPlainTextEdit()
            self.text.setTabChangesFocus(True)
            hint = _placeholder(field.type)
            shown_example = _for_example(example) if example else ""
            self.text.setPlaceholderText("\n".join(part for part in (hint, shown_example) if part))
            self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
            self.text.textChanged.connect(self.changed)
            layout.addWidget(self.text, 1)
        else:
            self.line = QLineEdit()
            hint = _placeholder(field.type)
            self.line.setPlaceholderText(_for_example(example) if example else hint)
            self.line.textChanged.connect(lambda _t: self.changed.emit())
            layout.addWidget(self.line, 1)
            if field.type == "document":
                browse = QPushButton(tr("Browse…"))
                self._browse_button = browse
                browse.setAccessibleName(tr("Browse for {label}").format(label=field.label))
                browse.clicked.connect(self._browse)
                layout.addWidget(browse)
        for widget in (self.line, self.text, self.combo):
            if widget is not None:
                widget.setAccessibleName(field.label)
                widget.setToolTip(field.help)
        if field.default is not None:
            self.set_value(field.default)

    def value(self) -> str:
        if self.combo is not None:
            return str(self.combo.currentData() or "")
        if self.text is not None:
            return self.text.toPlainText()
        assert self.line is not None
        return self.line.text()

    def set_value(self, value: object) -> None:
        shown = _shown(value)
        if self.combo is not None:
            found = next(
                (
                    i
                    for i in range(self.combo.count())
                    if str(self.combo.itemData(i)).casefold() == shown.casefold()
                ),
                -1,
            )
            self.combo.setCurrentIndex(max(found, 0))
        elif self.text is not None:
            self.text.setPlainText(shown)
        elif self.line is not None:
            self.line.setText(shown)

    def focus_widget(self) -> QWidget:
        """The widget that takes the keyboard (the label's buddy)."""
        return self.line or self.text or self.combo or self

    def tab_widgets(self) -> list[QWidget]:
        """The widgets Tab visits in this input, in order (the Browse button after the path)."""
        return [w for w in (self.line, self.text, self.combo, self._browse_button) if w is not None]

    def focus_input(self) -> None:
        self.focus_widget().setFocus()

    def _browse(self) -> None:
        path = file_dialogs.open_file(
            self,
            tr("Choose {label}").format(label=self.field.label),
            tr("Text files") + " (*.txt *.md *.csv *.json *.html)",
        )
        if path is not None and self.line is not None:
            self.line.setText(str(path))
