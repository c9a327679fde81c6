"""Before the editor's document gives way to another template: Save, Discard or Cancel when it
holds unsaved edits, as the chat asks before an unsaved reply edit is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtWidgets import QWidget

from app.ui.common.i18n import tr
from app.ui.common.unsaved_question import UnsavedChoice, ask_save_discard_cancel
from app.ui.templates.document_editor import DocumentEditor

BOX_NAME: Final = "unsavedDocumentEdit"  # so a test (or a tool) can find the open question


def ask_about_unsaved_document(about: QWidget) -> UnsavedChoice:
    """Ask, modally over `about`'s window, what to do with the document's unsaved edits."""
    return ask_save_discard_cancel(
        about,
        name=BOX_NAME,
        title=tr("Unsaved document"),
        question=tr("Save changes to this document?"),
        detail=tr("Your edits are not saved yet. Discard keeps the document as it was last saved."),
    )


def clear_for_new_template(
    editor: DocumentEditor,
    *,
    ask: Callable[[], UnsavedChoice],
    save: Callable[[], bool],
) -> bool:
    """Empty the editor for a newly picked template; False when the user keeps the document
    (Cancel, or a Save that failed: its message is in the editor's status line)."""
    if editor.has_unsaved_changes():
        choice = ask()
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.SAVE and not save():
            return False
    editor.clear()
    return True
