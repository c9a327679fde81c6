"""The small widgets a chat message is built from: its action buttons and its metadata line."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QLabel, QToolButton, QToolTip, QWidget

from app.ui.common.i18n import tr
from app.ui.common.rich_text_css import bubble_color
from app.ui.common.theme import tokens_for

COPIED_FEEDBACK_MS: Final = 1500
USER_INDENT: Final = 64  # px of empty space left of a user message, so the two sides read apart


def action_button(parent: QWidget, text: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say `text` (a change the user cannot see the focus move to)."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def flash_copied(button: QToolButton) -> None:
    """Brief feedback that the click did something; the clipboard itself is invisible."""
    copied = tr("Copied")
    original = button.text()
    if original == copied:
        return
    button.setText(copied)
    announce(button, tr("Copied to the clipboard"))
    QTimer.singleShot(COPIED_FEEDBACK_MS, button, lambda: button.setText(original))


def show_code_copied(browser: QWidget, at: QPoint) -> None:
    """A code block's Copy is a link in the text, with no button to relabel: a tip beside it
    says the code was copied, for as long as a button would say so."""
    text = tr("Code copied")
    QToolTip.showText(at, text, browser, browser.rect(), COPIED_FEEDBACK_MS)
    announce(browser, text)


def meta_label(parent: QWidget) -> QLabel:
    """The small, muted, selectable line under a reply (model, tokens, speed, seed)."""
    label = QLabel(parent)
    label.setWordWrap(True)  # a long model name must not widen the message
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    small = label.font()
    small.setPointSizeF(max(7.0, small.pointSizeF() * 0.88))
    label.setFont(small)
    return label


def paint_bubble(widget: QWidget, *, user: bool) -> None:
    """The message's rounded background; a user's is indented so the two sides read apart."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # The user's message is filled with the accent's tint; the reply is outlined instead, so
    # the two read apart at a glance in both themes.
    if user:
        painter.setPen(Qt.PenStyle.NoPen)
    else:
        painter.setPen(QPen(QColor(tokens_for(widget.palette()).divider), 1.0))
    painter.setBrush(bubble_color(widget.palette(), user=user))
    indent = USER_INDENT if user else 0
    area = QRectF(widget.rect()).adjusted(indent + 0.5, 0.5, -0.5, -0.5)
    painter.drawRoundedRect(area, 8.0, 8.0)
    painter.end()
