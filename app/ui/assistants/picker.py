"""The toolbar's assistant picker: a combo box of assistants; choosing one asks to switch."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.assistants.model import Assistant
from app.ui.assistants.look import icon_of
from app.ui.common.i18n import tr


class AssistantPicker(QComboBox):
    assistant_chosen = Signal(int)  # the user picked an assistant (not emitted by set_assistants)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.setIconSize(QSize(20, 20))
        self.setToolTip(tr("Start a chat with an assistant"))
        self.setAccessibleName(tr("Assistant"))
        self.setAccessibleDescription(tr("Start a chat with an assistant"))
        self.activated.connect(self._on_activated)
        self.set_assistants([])

    def set_assistants(self, assistants: list[Assistant], current_id: int | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(tr("No assistant"), None)
        for assistant in assistants:
            self.addItem(icon_of(assistant.profile, 20), assistant.name, assistant.id)
        index = self.findData(current_id) if current_id is not None else 0
        self.setCurrentIndex(max(0, index))
        self.blockSignals(False)

    def _on_activated(self, index: int) -> None:
        assistant_id = self.itemData(index)
        if isinstance(assistant_id, int):
            self.assistant_chosen.emit(assistant_id)
