"""The Documents workspace's left side: the template gallery and the generated documents, in
tabs, with the line that reports what happened to a template file."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.common.i18n import tr
from app.ui.templates.documents_list import DocumentsList
from app.ui.templates.gallery import TemplateGallery
from app.ui.templates.look import ErrorLabel


class TemplatesSide(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gallery = TemplateGallery()
        self.documents = DocumentsList()
        self.library_message = ErrorLabel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.gallery, tr("Templates"))
        self.tabs.addTab(self.documents, tr("Documents"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.library_message)
