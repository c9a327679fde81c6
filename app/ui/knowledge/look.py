"""Colours and small widgets shared by the knowledge UI, derived from the palette so the light
and the dark theme both stay readable (see app/ui/common/theme.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.common.rich_text_css import blend
from app.ui.common.theme import set_tone, tokens_for


def card_colors(palette: QPalette, *, emphasised: bool = False) -> tuple[str, str]:
    """(background, border) of a card or chip; an emphasised one is tinted with the highlight."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    if emphasised:
        return blend(base, highlight, 0.14).name(), highlight.name()
    tokens = tokens_for(palette)
    return tokens.raised, blend(base, text, 0.22).name()


class MessageLabel(QLabel):
    """A word-wrapped status line: plain text in the palette's colour, or an error in red.
    Hidden while it has no text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error = False
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_info(self, message: str) -> None:
        self._show(message, error=False)

    def show_error(self, message: str) -> None:
        self._show(message, error=True)

    def clear_message(self) -> None:
        self._show("", error=False)

    def is_error(self) -> bool:
        return self._error and bool(self.text())

    def _show(self, message: str, *, error: bool) -> None:
        self._error = error
        self.setText(message)
        set_tone(self, "error" if error else "")
        self.setVisible(bool(message))


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text in the palette's placeholder colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    return label
