"""Small widgets shared by the templates UI: messages in an error colour that stays readable
in the light and the dark theme, and muted secondary text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.common.theme import error_color


class ErrorLabel(QLabel):
    """A word-wrapped message in red; hidden while it has no text, unless it reserves its line.

    A form's per-field label reserves one line even when empty, so a message appearing as the
    user types does not push the fields below it away from the mouse."""

    def __init__(self, parent: QWidget | None = None, *, reserve_line: bool = False) -> None:
        super().__init__(parent)
        self._color = ""
        self._reserve_line = reserve_line
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("tone", "error")
        self._restyle()
        if reserve_line:
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
        else:
            self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        if not self._reserve_line:
            self.setVisible(bool(message))

    def has_message(self) -> bool:
        return bool(self.text()) and not self.isHidden()

    def _restyle(self) -> None:
        # Only when the colour changes: setting a style sheet sends a PaletteChange itself.
        color = error_color(self.palette()).name()
        if color != self._color:
            self._color = color
            self.setStyleSheet(f"color: {color};")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text: the palette's placeholder colour, so it follows the theme."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
