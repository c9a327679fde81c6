"""The question asked before an unsaved reply edit would be lost: Save, Discard or Cancel.

Asked when the user leaves the chat (another chat, a new one, deleting it, closing the window) or
sends its history on (a new message, regenerate) while a reply editor holds changes.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.common.i18n import tr

# The English source, as tests compare it; the widget shows it through tr().
QUESTION: Final = "Save changes to this reply?"
BOX_NAME: Final = "unsavedReplyEdit"  # so a test (or a tool) can find the open question


class UnsavedEditChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_CHOICES: Final = {
    QMessageBox.StandardButton.Save: UnsavedEditChoice.SAVE,
    QMessageBox.StandardButton.Discard: UnsavedEditChoice.DISCARD,
}


def ask_about_unsaved_edit(about: QWidget) -> UnsavedEditChoice:
    """Ask, modally over `about`'s window, what to do with the reply edit in `about`."""
    box = QMessageBox(about.window())
    box.setObjectName(BOX_NAME)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Unsaved reply"))
    box.setText(tr("Save changes to this reply?"))
    box.setInformativeText(
        tr(
            "Your edit is not saved yet. Save keeps your version, which Adapter Studio learns "
            "from; Discard keeps the reply as it was."
        )
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
    box.deleteLater()  # after this event: the answer is read first
    if clicked is None:  # closed some other way (the title bar's X): Cancel, nothing is lost
        return UnsavedEditChoice.CANCEL
    return _CHOICES.get(box.standardButton(clicked), UnsavedEditChoice.CANCEL)
