"""The text part of a chat message: a read-only rich-text view exactly as tall as its text."""

from __future__ import annotations

import math

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QTextOption, QWheelEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget


class MessageBrowser(QTextBrowser):
    """A read-only rich-text view whose height always equals its document's height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Navigation would replace the message with the target page; links are handled by
        # MessageWidget instead, and only on an explicit click.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setProperty("role", "message")  # no input box around it: see stylesheet.py
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Transparent, so the message bubble painted by MessageWidget shows through.
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        # A long URL or code line must wrap: there is no horizontal scrolling in a message.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setUndoRedoEnabled(False)
        # Read-only text shows no caret, so as a Tab stop it would be invisible; the message's
        # buttons are its Tab stops. A click still focuses it, to select text with the keys.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(self._fit_height)
        self._fit_height(self.document().size())

    def _fit_height(self, size: QSizeF) -> None:
        # Everything around the text counts too (a style's frame, border and padding, and any
        # viewport margins), or the last line of the text (often a code block's) is cut off.
        margins = self.viewportMargins()
        chrome = 2 * self.frameWidth() + margins.top() + margins.bottom()
        height = math.ceil(size.height()) + chrome
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Nothing scrolls inside a message (even while its height catches up with a re-layout):
        # the ignored event goes on to the conversation's scroll area.
        event.ignore()
