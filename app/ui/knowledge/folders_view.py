"""Watched folders in the Knowledge panel: add one (into a collection named after it), sync
now, stop watching. The panel runs the syncs; this view says which folders and shows how far
each one's last job got (a job cut off by a quit or crash shows as interrupted)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.knowledge.folder_sync import JobProgress, WatchedFolder
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage.errors import StorageError
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge.dialogs import ask_choice
from app.ui.knowledge.flow_layout import FlowLayout
from app.ui.knowledge.look import heading_label, muted_label

_ID_ROLE = Qt.ItemDataRole.UserRole


def job_state(job: JobProgress | None, document_count: int) -> str:
    if job is None:
        return tr_n(document_count, "{n} document", "{n} documents")
    if job.status == "running":
        return tr("interrupted at {done} of {total} files").format(done=job.done, total=job.total)
    if job.status == "cancelled":
        return tr("stopped at {done} of {total} files").format(done=job.done, total=job.total)
    return tr_n(job.total, "waiting: {n} file to check", "waiting: {n} files to check")


class FoldersView(QWidget):
    sync_requested = Signal(list)  # folder ids
    unwatch_requested = Signal(int, bool)  # folder id, also remove its documents
    failed = Signal(str)
    changed = Signal()  # a folder was added (its collection may be new)

    def __init__(self, kb: KnowledgeBase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kb = kb
        self._folders: list[WatchedFolder] = []
        self._busy = False

        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Watched folders"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.empty_state = muted_label(
            tr("No watched folders. Add one and its documents stay indexed as they change."), self
        )
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.add_button = QPushButton(tr("Add folder…"), self)
        self.add_button.setToolTip(tr("Watch a folder: its documents stay indexed as they change"))
        self.add_button.clicked.connect(self._on_add)
        self.sync_button = QPushButton(tr("Sync now"), self)
        self.sync_button.setToolTip(
            tr("Index new and changed files and forget deleted ones (the selected folder, or all)")
        )
        self.sync_button.clicked.connect(self._on_sync)
        self.unwatch_button = QPushButton(tr("Stop watching…"), self)
        self.unwatch_button.setToolTip(tr("Stop watching the selected folder"))
        self.unwatch_button.clicked.connect(self._on_unwatch)

        # The buttons wrap onto a second row in a narrow panel, never cut to "ename…".
        buttons = FlowLayout(spacing=4)
        for button in (self.add_button, self.sync_button, self.unwatch_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label(tr("Watched folders"), self))
        layout.addWidget(self.empty_state)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)  # takes the room while the list is hidden, so the text stays up
        layout.addLayout(buttons)
        self.reload()

    def folders(self) -> list[WatchedFolder]:
        return list(self._folders)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(_ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def reload(self) -> None:
        selected = self.selected_id()
        self._folders = self._kb.folders.folders()
        collections = {c.id: c for c in self._kb.collections()}
        jobs = {j.folder_id: j for j in self._kb.folders.unfinished_jobs()}
        self.list.clear()
        for folder in self._folders:
            collection = collections.get(folder.collection_id)
            count = collection.document_count if collection is not None else 0
            state = job_state(jobs.get(folder.id), count)
            name = collection.name if collection is not None else "?"
            item = QListWidgetItem(f"{folder.path}\n→ {name} · {state}")
            item.setToolTip(folder.path)
            item.setData(_ID_ROLE, folder.id)
            self.list.addItem(item)
            if folder.id == selected:
                self.list.setCurrentItem(item)
        self.empty_state.setVisible(not self._folders)
        self.list.setVisible(bool(self._folders))
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        """While a task runs, no second sync or removal can start."""
        self._busy = busy
        self._update_buttons()

    def choose_folder(self) -> Path | None:
        """Ask for a folder with the system's dialog (its own method, so tests can replace it)."""
        return file_dialogs.choose_folder(self, tr("Watch a folder"))

    def _on_add(self) -> None:
        path = self.choose_folder()
        if path is None:
            return
        try:
            folder = self._kb.folders.watch(path)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.changed.emit()
        self.sync_requested.emit([folder.id])

    def _on_sync(self) -> None:
        selected = self.selected_id()
        ids = [selected] if selected is not None else [f.id for f in self._folders]
        if ids:
            self.sync_requested.emit(ids)

    def _on_unwatch(self) -> None:
        selected = self.selected_id()
        folder = next((f for f in self._folders if f.id == selected), None)
        if folder is None:
            return
        choice, remove_documents = ask_choice(
            self,
            tr("Stop watching"),
            tr("Stop watching {folder}? Your files there are not touched.").format(
                folder=folder.path
            ),
            [tr("Stop watching")],
            checkbox=tr("Also remove its documents from Hearth"),
        )
        if choice is not None:
            self.unwatch_requested.emit(folder.id, remove_documents)

    def _update_buttons(self, *_changes: object) -> None:
        self.add_button.setEnabled(not self._busy)
        self.sync_button.setEnabled(not self._busy and bool(self._folders))
        self.unwatch_button.setEnabled(not self._busy and self.selected_id() is not None)
