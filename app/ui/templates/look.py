"""Small widgets shared by the templates UI: messages in an error colour that stays readable
in the light and the dark theme, and muted secondary text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget


class ErrorLabel(QLabel):
    """A word-wrapped message in red; hidden while it has no text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("tone", "error")  # red in either theme: app/ui/common/stylesheet.py
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text: the palette's placeholder colour, so it follows the theme."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
