"""The side of the document editor that lists the sections, with what acts on one section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.ui.common.i18n import tr


class SectionsSide(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = QListWidget()
        self.sections.setAccessibleName(tr("Sections"))
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.section_button = QPushButton(tr("Regenerate section"))
        self.section_button.setToolTip(tr("Write the selected section again; the others stay"))
        self.revert_button = QPushButton(tr("Use generated text"))
        self.revert_button.setToolTip(tr("Drop your edits and show the text as the model wrote it"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Sections")))
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.section_button)
        layout.addWidget(self.revert_button)
