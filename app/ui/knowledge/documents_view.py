"""The documents of the selected collection (or of all): name, format, pages, status and the
problem of a file that could not be read; add files, remove documents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.file_names import shown_file_name
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.records import DocumentRecord
from app.storage.errors import StorageError
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge.attachment_bar import file_dialog_filter
from app.ui.knowledge.dialogs import ask_choice
from app.ui.knowledge.document_table_model import Column, DocumentTableModel
from app.ui.knowledge.flow_layout import FlowLayout
from app.ui.knowledge.look import heading_label, muted_label
from app.ui.knowledge.ocr_component_row import OcrComponentRow

# The English source, as tests compare it; the widget shows it through tr().
FROM_COLLECTION = "Remove from collection"
FROM_HEARTH = "Remove from Hearth"


class DocumentsView(QWidget):
    add_files_requested = Signal(list)  # list[Path], into the collection shown
    failed = Signal(str)
    changed = Signal()  # documents were removed

    def __init__(self, kb: KnowledgeBase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kb = kb
        self._collection_id: int | None = None

        self.heading = heading_label("", self)
        self.model = DocumentTableModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Documents"))
        self.table.setAccessibleDescription(
            tr("The documents of the collection chosen on the left; point at a cell for more")
        )
        self.table.horizontalHeader().setAccessibleName(tr("Document columns"))
        self.table.horizontalScrollBar().setAccessibleName(tr("Scroll the documents sideways"))
        self.table.verticalScrollBar().setAccessibleName(tr("Scroll the documents"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.NAME, 160)
        # Whether a document could be read matters more than its format: next to its name.
        header.moveSection(header.visualIndex(Column.STATUS), 1)
        for column in (Column.FORMAT, Column.PAGES, Column.STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_state = muted_label(
            tr("No documents here yet. Add files, or watch a folder."), self
        )
        self.empty_state.setProperty("role", "empty-state")
        self.ocr_row = OcrComponentRow(parent=self)

        self.add_button = QPushButton(tr("Add files…"), self)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton(tr("Remove…"), self)
        self.remove_button.setToolTip(tr("Remove the selected documents"))
        self.remove_button.clicked.connect(self._on_remove)
        # The buttons wrap onto a second row in a narrow panel, never cut to "ename…".
        buttons = FlowLayout(spacing=4)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_state)
        layout.addWidget(self.ocr_row)
        layout.addLayout(buttons)
        self.show_collection(None, tr("All documents"))

    def collection_id(self) -> int | None:
        return self._collection_id

    def show_collection(self, collection_id: int | None, name: str) -> None:
        self._collection_id = collection_id
        self.heading.setText(
            tr("Documents in {name}").format(name=name) if collection_id is not None else name
        )
        self.reload()

    def reload(self) -> None:
        documents = self._kb.documents_in(self._collection_id)
        self.model.set_documents(documents)
        self.ocr_row.show_for(documents)
        self.empty_state.setVisible(self.model.rowCount() == 0)
        self._update_buttons()

    def set_adding_enabled(self, enabled: bool) -> None:
        self.add_button.setEnabled(enabled)

    def selected_documents(self) -> list[DocumentRecord]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.document_at(r) for r in rows]

    def choose_files(self) -> list[Path]:
        """Ask for files with the system's dialog (its own method, so tests can replace it)."""
        return file_dialogs.open_files(self, tr("Add files"), file_dialog_filter())

    def _on_add(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_files_requested.emit(paths)

    def _on_remove(self) -> None:
        documents = self.selected_documents()
        if not documents:
            return
        what = (
            shown_file_name(documents[0].file_name)
            if len(documents) == 1
            else tr_n(len(documents), "{n} document", "{n} documents")
        )
        in_collection = self._collection_id is not None
        from_collection = tr("Remove from collection")
        from_hearth = tr("Remove from Hearth")
        choices = [from_collection, from_hearth] if in_collection else [from_hearth]
        text = (
            tr(
                "Remove {what}? From the collection only, or from Hearth altogether (every "
                "collection and chat)? Your files on disk are not touched."
            )
            if in_collection
            else tr(
                "Remove {what} from Hearth (every collection and chat)? Your files on disk "
                "are not touched."
            )
        ).format(what=what)
        choice, _ = ask_choice(self, tr("Remove documents"), text, choices)
        if choice is None:
            return
        try:
            for document in documents:
                if choice == from_collection and self._collection_id is not None:
                    self._kb.remove_from_collection(self._collection_id, document.id)
                else:
                    self._kb.remove(document.id)
        except StorageError as exc:
            self.failed.emit(str(exc))
        self.reload()
        self.changed.emit()

    def _update_buttons(self, *_changes: object) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
