"""The one question asked before unsaved edits would be lost: Save, Discard or Cancel."""

from __future__ import annotations

from enum import Enum
from typing import Final

from PySide6.QtWidgets import QMessageBox, QWidget


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_CHOICES: Final = {
    QMessageBox.StandardButton.Save: UnsavedChoice.SAVE,
    QMessageBox.StandardButton.Discard: UnsavedChoice.DISCARD,
}


def ask_save_discard_cancel(
    about: QWidget, *, name: str, title: str, question: str, detail: str
) -> UnsavedChoice:
    """Ask, modally over `about`'s window; `name` is the box's objectName, so a test (or a tool)
    can find the open question. The texts come translated."""
    box = QMessageBox(about.window())
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(detail)
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
        return UnsavedChoice.CANCEL
    return _CHOICES.get(box.standardButton(clicked), UnsavedChoice.CANCEL)
