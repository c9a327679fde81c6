"""A message's action buttons and the footer that shows them; who wrote it, as its header says."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.chat.message_controls import action_button
from app.ui.common.i18n import tr
from app.ui.common.wrap_layout import WrapLayout


class MessageButtons:
    """Copy, Edit (a user message), Edit (a reply, in place), Continue and Regenerate."""

    def __init__(self, parent: QWidget) -> None:
        self.copy = action_button(parent, tr("Copy"), tr("Copy the whole message"))
        self.edit = action_button(parent, tr("Edit"), tr("Edit this message and generate again"))
        self.edit_reply = action_button(
            parent,
            tr("Edit"),
            tr("Edit this reply in place: Adapter Studio learns from your version"),
        )
        self.edit_reply.setAccessibleName(tr("Edit reply"))
        self.regenerate = action_button(parent, tr("Regenerate"), tr("Generate this reply again"))
        self.continue_ = action_button(
            parent,
            tr("Continue"),
            tr("Write on from where the reply stopped, in this same reply"),
        )

    def footer(self, meta: QWidget, marks: QWidget) -> WrapLayout:
        """The metadata line, these buttons and the marks; it wraps rather than widen the
        message (see wrap_layout.py)."""
        footer = WrapLayout(lead=True)
        footer.setContentsMargins(2, 0, 0, 0)  # line up with the text's document margin
        footer.setSpacing(2)
        footer.addWidget(meta)
        for button in (self.copy, self.edit, self.edit_reply, self.continue_, self.regenerate):
            footer.addWidget(button)
        footer.addWidget(marks)
        return footer


def role_label_text(role: str) -> str:
    """Who wrote a message, as its header says."""
    if role == "user":
        return tr("You")
    if role == "assistant":
        return tr("Assistant")
    return tr("System") if role == "system" else role.title()
