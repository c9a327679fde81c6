"""The question asked before an unsaved reply edit would be lost: Save, Discard or Cancel.

Asked when the user leaves the chat (another chat, a new one, deleting it, closing the window) or
sends its history on (a new message, regenerate) while a reply editor holds changes.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QWidget

from app.ui.common.i18n import tr
from app.ui.common.unsaved_question import UnsavedChoice, ask_save_discard_cancel

# The English source, as tests compare it; the widget shows it through tr().
QUESTION: Final = "Save changes to this reply?"
BOX_NAME: Final = "unsavedReplyEdit"  # so a test (or a tool) can find the open question


def ask_about_unsaved_edit(about: QWidget) -> UnsavedChoice:
    """Ask, modally over `about`'s window, what to do with the reply edit in `about`."""
    return ask_save_discard_cancel(
        about,
        name=BOX_NAME,
        title=tr("Unsaved reply"),
        question=tr("Save changes to this reply?"),
        detail=tr(
            "Your edit is not saved yet. Save keeps your version, which Adapter Studio learns "
            "from; Discard keeps the reply as it was."
        ),
    )
