"""Editing an assistant reply in place: its Markdown source in a plain-text editor, Save and
Cancel. Ctrl+Enter saves, Esc cancels. The editor only collects the text; saving it (and keeping
the text as generated) is the owner's job, which answers with show_error when it cannot.
"""

from __future__ import annotations

import math
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import tr
from app.ui.common.theme import set_tone

MIN_LINES: Final = 3
MAX_LINES: Final = 18  # a longer reply scrolls inside the editor rather than pushing Save away
# The English source, as tests compare it; the widget shows it through tr().
EMPTY_REPLY: Final = "A reply cannot be empty. Write the reply you want, or press Esc to cancel."


class ReplyTextEdit(QPlainTextEdit):
    """The text box: Ctrl+Enter asks to save, Esc to cancel; its height follows the text."""

    save_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlainText(text)
        self.setTabChangesFocus(True)  # Tab moves on to Save, as in a form
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.textChanged.connect(self._fit_height)
        self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        # Qt reports macOS's Command key as ControlModifier, so Cmd+Enter saves there too.
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)

    def _fit_height(self) -> None:
        # lineCount counts wrapped lines once the text is laid out; before that, blocks do.
        lines = max(self.document().lineCount(), self.blockCount())
        lines = min(max(lines, MIN_LINES), MAX_LINES)
        # The layout places lines at whole pixels; a little slack keeps the last one from
        # counting as cut off (which would show a scroll bar for nothing).
        line_height = math.ceil(QFontMetricsF(self.font()).lineSpacing())
        margins = self.contentsMargins()
        height = math.ceil(
            lines * line_height
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 2
        )
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a narrower editor wraps into more lines


class ReplyEditor(QWidget):
    """The editor with its Save / Cancel row and a line for a refusal ("cannot be empty")."""

    saved = Signal(str)  # the text to store (never blank)
    cancelled = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_edit = ReplyTextEdit(text, self)
        # What the box shows before any typing: the editor's own round trip of `text` (it turns
        # e.g. no-break spaces into spaces), so an untouched editor never counts as changed.
        self._untouched = self.text_edit.toPlainText()
        self.text_edit.setAccessibleName(tr("Edit reply"))
        self.text_edit.save_requested.connect(self.save)
        self.text_edit.cancel_requested.connect(self.cancelled.emit)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        hint = QLabel(
            tr("Ctrl+Enter saves · Esc cancels · Adapter Studio learns from your version"), self
        )
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        small = hint.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.88))
        hint.setFont(small)
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setToolTip(tr("Save your version of this reply (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setToolTip(tr("Keep the reply as it was (Esc)"))
        self.cancel_button.clicked.connect(self.cancelled.emit)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 2, 0, 2)
        column.setSpacing(4)
        column.addWidget(self.text_edit)
        column.addWidget(self.error_label)
        column.addLayout(buttons)

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def has_changes(self) -> bool:
        """The text differs from the reply the editor opened with: leaving would lose it."""
        return self.text() != self._untouched

    def focus(self) -> None:
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.text_edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.text_edit.setTextCursor(cursor)

    def save(self) -> None:
        text = self.text()
        if not text.strip():
            self.show_error(
                tr("A reply cannot be empty. Write the reply you want, or press Esc to cancel.")
            )
            return
        self.saved.emit(text)

    def show_error(self, message: str) -> None:
        set_tone(self.error_label, "error")
        self.error_label.setText(message)
        self.error_label.show()

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""
