"""The generated documents, most recently changed first: reopen one, or delete it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.templates import GeneratedDocument
from app.ui.common.i18n import tr
from app.ui.templates.look import muted_label


def describe(document: GeneratedDocument) -> str:
    when = document.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
    unfinished = any(s.finish_reason == "cancelled" for s in document.sections)
    return f"{document.title}\n{when} · {document.recipe.plan.template_id}" + (
        " · " + tr("stopped") if unfinished else ""
    )


class DocumentsList(QWidget):
    open_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Generated documents"))
        self.list.setAlternatingRowColors(True)
        self.empty = muted_label(tr("Documents you generate are kept here with their recipe."))
        self.open_button = QPushButton(tr("Open"))
        self.delete_button = QPushButton(tr("Delete"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.list.itemActivated.connect(lambda _item: self._open_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def set_documents(
        self, documents: Sequence[GeneratedDocument], *, select: int | None = None
    ) -> None:
        keep = select if select is not None else self.current_id()
        self.list.clear()
        for document in documents:
            item = QListWidgetItem(describe(document))
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            self.list.addItem(item)
            if document.id == keep:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not documents)
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def ids(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def _open_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.open_requested.emit(current)

    def _delete_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.delete_requested.emit(current)

    def _update_buttons(self) -> None:
        selected = self.list.currentItem() is not None
        self.open_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
