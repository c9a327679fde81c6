"""The collections list of the Knowledge panel: "All documents", then each named collection;
create, rename, delete, and attach one to the current chat."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.records import CollectionRecord
from app.storage.errors import StorageError
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge.dialogs import ask_choice, ask_name
from app.ui.knowledge.flow_layout import FlowLayout
from app.ui.knowledge.look import heading_label

_ID_ROLE = Qt.ItemDataRole.UserRole


class CollectionsView(QWidget):
    selection_changed = Signal(object)  # the collection id, or None for "All documents"
    attach_requested = Signal(int)
    changed = Signal()  # a collection was created, renamed or deleted
    failed = Signal(str)  # what went wrong, for the panel's message line

    def __init__(self, kb: KnowledgeBase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kb = kb
        self._collections: list[CollectionRecord] = []

        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Collections"))
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.new_button = QPushButton(tr("New…"), self)
        self.new_button.setToolTip(tr("Create a collection"))
        self.new_button.clicked.connect(self.create_collection)
        self.rename_button = QPushButton(tr("Rename…"), self)
        self.rename_button.setToolTip(tr("Rename the selected collection"))
        self.rename_button.clicked.connect(self.rename_collection)
        self.delete_button = QPushButton(tr("Delete…"), self)
        self.delete_button.setToolTip(tr("Delete the selected collection"))
        self.delete_button.clicked.connect(self.delete_collection)
        self.attach_button = QPushButton(tr("Attach to chat"), self)
        self.attach_button.setToolTip(tr("Let the current chat answer from this collection"))
        self.attach_button.clicked.connect(self._on_attach)

        # The buttons wrap onto a second row in a narrow panel, never cut to "ename…".
        buttons = FlowLayout(spacing=4)
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label(tr("Collections"), self))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.attach_button)
        self.reload()

    # ---- state -------------------------------------------------------------------------------

    def collections(self) -> list[CollectionRecord]:
        return list(self._collections)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(_ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def selected_name(self) -> str:
        selected = self.selected_id()
        return next((c.name for c in self._collections if c.id == selected), tr("All documents"))

    def select(self, collection_id: int | None) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_ID_ROLE) == collection_id:
                self.list.setCurrentRow(row)
                return

    def reload(self) -> None:
        """Read the collections again, keeping the selection where it still exists."""
        selected = self.selected_id()
        self._collections = self._kb.collections()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItem(_item(tr("All documents"), None))
        for collection in self._collections:
            count = collection.document_count
            label = tr_n(count, "{name} ({n} document)", "{name} ({n} documents)").format(
                name=collection.name
            )
            self.list.addItem(_item(label, collection.id))
        self.list.blockSignals(False)
        if selected is not None and any(c.id == selected for c in self._collections):
            self.select(selected)
        else:
            self.list.setCurrentRow(0)
            if selected is not None:  # it is gone: the documents shown must change too
                self.selection_changed.emit(None)
        self._update_buttons()

    # ---- actions -----------------------------------------------------------------------------

    def create_collection(self) -> None:
        name = ask_name(self, tr("New collection"), tr("Name of the new collection:"))
        if name is None:
            return
        try:
            record = self._kb.create_collection(name)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.select(record.id)
        self.changed.emit()

    def rename_collection(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        current = self.selected_name()
        name = ask_name(self, tr("Rename collection"), tr("New name:"), current)
        if name is None or name == current:
            return
        if any(c.name == name for c in self._collections):
            self.failed.emit(
                tr("A collection named {name} already exists.").format(name=repr(name))
            )
            return
        try:
            self._kb.rename_collection(selected, name)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.changed.emit()

    def delete_collection(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        name = self.selected_name()
        choice, with_documents = ask_choice(
            self,
            tr("Delete collection"),
            tr(
                "Delete the collection {name}? Chats that use it lose it, and a folder watched "
                "into it is no longer watched. Your files on disk are not touched."
            ).format(name=repr(name)),
            [tr("Delete")],
            checkbox=tr("Also remove its documents that are in no other collection or chat"),
        )
        if choice is None:
            return
        try:
            self._kb.delete_collection(selected, with_documents=with_documents)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.changed.emit()

    def _on_attach(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.attach_requested.emit(selected)

    def _on_current_changed(self, *_items: object) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected_id())

    def _update_buttons(self) -> None:
        named = self.selected_id() is not None
        for button in (self.rename_button, self.delete_button, self.attach_button):
            button.setEnabled(named)


def _item(label: str, collection_id: int | None) -> QListWidgetItem:
    item = QListWidgetItem(label)
    item.setData(_ID_ROLE, collection_id)
    return item
