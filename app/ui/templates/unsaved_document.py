"""Before the editor's document gives way to another template: Save, Discard or Cancel when it
holds unsaved edits, as the chat asks before an unsaved reply edit is lost."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Final

from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.common.i18n import tr
from app.ui.templates.document_editor import DocumentEditor

BOX_NAME: Final = "unsavedDocumentEdit"  # so a test (or a tool) can find the open question


class UnsavedDocumentChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_CHOICES: Final = {
    QMessageBox.StandardButton.Save: UnsavedDocumentChoice.SAVE,
    QMessageBox.StandardButton.Discard: UnsavedDocumentChoice.DISCARD,
}


def ask_about_unsaved_document(about: QWidget) -> UnsavedDocumentChoice:
    """Ask, modally over `about`'s window, what to do with the document's unsaved edits."""
    box = QMessageBox(about.window())
    box.setObjectName(BOX_NAME)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Unsaved document"))
    box.setText(tr("Save changes to this document?"))
    box.setInformativeText(
        tr("Your edits are not saved yet. Discard keeps the document as it was last saved.")
    )
    # Standard buttons: each platform words and orders them the way its users expect.
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is None:  # closed some other way (the title bar's X): Cancel, nothing is lost
        return UnsavedDocumentChoice.CANCEL
    return _CHOICES.get(box.standardButton(clicked), UnsavedDocumentChoice.CANCEL)


def clear_for_new_template(
    editor: DocumentEditor,
    *,
    ask: Callable[[], UnsavedDocumentChoice],
    save: Callable[[], bool],
) -> bool:
    """Empty the editor for a newly picked template; False when the user keeps the document
    (Cancel, or a Save that failed: its message is in the editor's status line)."""
    if editor.has_unsaved_changes():
        choice = ask()
        if choice is UnsavedDocumentChoice.CANCEL:
            return False
        if choice is UnsavedDocumentChoice.SAVE and not save():
            return False
    editor.clear()
    return True
