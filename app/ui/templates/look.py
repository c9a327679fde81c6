"""Small widgets shared by the templates UI: messages in an error colour that stays readable
in the light and the dark theme, and muted secondary text."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ErrorLabel(QLabel):
    """A word-wrapped message in red; hidden while it has no text, unless it reserves its line.

    A form's per-field label reserves one line even when empty, and keeps to that line (a longer
    message is elided, whole in the tooltip and `message()`), so a message appearing as the user
    types never pushes the fields below it away from the mouse."""

    def __init__(self, parent: QWidget | None = None, *, reserve_line: bool = False) -> None:
        super().__init__(parent)
        self._reserve_line = reserve_line
        self._message = ""
        self.setProperty("tone", "error")  # red in either theme: app/ui/common/stylesheet.py
        self.setWordWrap(not reserve_line)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if reserve_line:
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
            # Elided to the width it is given, not widening the form to fit the message.
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        else:
            self.hide()

    def show_message(self, message: str) -> None:
        self._message = message
        if self._reserve_line:
            self.setToolTip(message)
            self._elide()
        else:
            self.setText(message)
            self.setVisible(bool(message))

    def message(self) -> str:
        """The whole message (the label may show it elided)."""
        return self._message

    def has_message(self) -> bool:
        return bool(self._message) and not self.isHidden()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self._message, Qt.TextElideMode.ElideRight, self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._reserve_line:
            self._elide()


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits `widgets` in this order (the layout's), whatever order they were made in."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text: the palette's placeholder colour, so it follows the theme."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
