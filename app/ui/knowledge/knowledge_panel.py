"""The Knowledge panel: collections, their documents, watched folders, and the indexing that
runs behind them, with progress, Cancel, and a report of the files that could not be read.

One indexing task runs at a time (adding files, syncing folders, or removing a watched folder's
documents), on its own thread (IndexingTask, a Task); its signals arrive queued in the GUI
thread, so the panel stays responsive. Folder jobs are stored as they go: a job cut off by a
quit or crash is offered again when the panel opens ("Resume"), and carries on where it stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.knowledge.folder_sync import JobProgress
from app.knowledge.indexer import BatchReport
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge.collections_view import CollectionsView
from app.ui.knowledge.dialogs import IndexingReportDialog
from app.ui.knowledge.documents_view import DocumentsView
from app.ui.knowledge.folders_view import FoldersView
from app.ui.knowledge.indexing_task import IndexingTask, ReportProgress
from app.ui.knowledge.look import MessageLabel
from app.ui.knowledge.progress_row import IndexingProgressRow

# Narrower than this (the side panel's default width), the documents go below the collections
# rather than beside them, so the table has the panel's whole width for its Status column.
STACK_BELOW_PX = 600


def batch_summary(report: BatchReport) -> str:
    indexed, failed = len(report.indexed), len(report.failed)
    text = tr_n(indexed, "Indexed {n} file", "Indexed {n} files")
    if failed:
        text += tr("; {count} could not be read (see the list)").format(count=failed)
    if report.cancelled:
        text += tr(". Cancelled: the remaining files were not added")
    return text + "."


def sync_summary(jobs: Sequence[JobProgress]) -> str:
    done = sum(j.done for j in jobs)
    failed = sum(j.failed for j in jobs)
    text = tr_n(done, "Folder sync: {n} file checked", "Folder sync: {n} files checked")
    if failed:
        text += tr(", {count} could not be read (marked in the documents)").format(count=failed)
    if any(j.status == "cancelled" for j in jobs):
        text += tr(". Stopped: the rest is done on the next sync")
    return text + "."


class KnowledgePanel(QWidget):
    attach_collection_requested = Signal(int)
    collections_changed = Signal()  # created, renamed, deleted, or documents added or removed
    busy_changed = Signal(bool)  # an indexing task started (True) or ended (False)

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        auto_resume: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kb = kb
        self._task: IndexingTask | None = None
        self._on_task_done: Callable[[object], None] = self._on_batch_done
        self.report_dialog: IndexingReportDialog | None = None

        self.collections_view = CollectionsView(kb, self)
        self.documents_view = DocumentsView(kb, self)
        self.folders_view = FoldersView(kb, self)
        self.message = MessageLabel(self)
        self.progress = IndexingProgressRow(self)
        self.progress.cancel_clicked.connect(self.cancel)

        self.resume_banner = QFrame(self)
        self.resume_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label = QLabel(self.resume_banner)
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton(tr("Resume"), self.resume_banner)
        self.resume_button.clicked.connect(self.resume_unfinished)
        self.later_button = QPushButton(tr("Later"), self.resume_banner)
        self.later_button.clicked.connect(self.resume_banner.hide)
        banner = QHBoxLayout(self.resume_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(self.resume_label, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.later_button)

        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(12)
        left_column.addWidget(self.collections_view, 3)
        left_column.addWidget(self.folders_view, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter = splitter
        splitter.addWidget(left)
        splitter.addWidget(self.documents_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)

        self.collections_view.selection_changed.connect(self._on_collection_selected)
        self.collections_view.attach_requested.connect(self.attach_collection_requested.emit)
        self.collections_view.changed.connect(self._on_collections_changed)
        self.collections_view.failed.connect(self.message.show_error)
        self.documents_view.add_files_requested.connect(self._on_add_files_requested)
        self.documents_view.changed.connect(self._on_documents_changed)
        self.documents_view.failed.connect(self.message.show_error)
        self.folders_view.sync_requested.connect(self.sync_folders)
        self.folders_view.unwatch_requested.connect(self.unwatch_folder)
        self.folders_view.changed.connect(self._on_collections_changed)
        self.folders_view.failed.connect(self.message.show_error)

        self._offer_unfinished_jobs()
        if auto_resume and self.resume_banner.isVisibleTo(self):
            self.resume_unfinished()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = event.size().width() < STACK_BELOW_PX
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)

    # ---- the public operations ---------------------------------------------------------------

    def add_files(self, paths: Sequence[Path], *, collection_id: int | None = None) -> bool:
        """Index files into a collection (None: into no collection) on a background thread;
        False when another task is still running."""
        return self._start(
            lambda: IndexingTask.add_files(
                self._kb,
                paths,
                attach_to=None if collection_id is None else Attach.to_collection_id(collection_id),
                parent=self,
            ),
            self._on_batch_done,
        )

    def sync_folders(self, folder_ids: Sequence[int]) -> bool:
        """Sync watched folders (resuming their unfinished jobs) on a background thread."""
        return self._start(
            lambda: IndexingTask.sync_folders(self._kb, folder_ids, parent=self),
            self._on_sync_done,
        )

    def resume_unfinished(self) -> bool:
        """Finish the folder jobs a quit, crash or Cancel left unfinished."""
        self.resume_banner.hide()
        folder_ids = sorted({j.folder_id for j in self._kb.folders.unfinished_jobs()})
        return bool(folder_ids) and self.sync_folders(folder_ids)

    def unwatch_folder(self, folder_id: int, remove_documents: bool) -> bool:
        """Stop watching a folder; removing its documents can take a while, so off the GUI
        thread too."""
        kb = self._kb

        def job(report: ReportProgress, _cancel: threading.Event) -> None:
            report(0, 0, "")
            kb.folders.unwatch(folder_id, remove_documents=remove_documents)

        return self._start(
            lambda: IndexingTask(job, name="Unwatch", parent=self), self._on_unwatch_done
        )

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def is_busy(self) -> bool:
        return self._task is not None

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Before the database closes: stop the running task and wait for its thread. A folder
        job stopped here is resumed next time."""
        task = self._task
        if task is not None:
            task.cancel()
            task.wait(timeout_s)

    def reload(self) -> None:
        self.collections_view.reload()
        self.documents_view.reload()
        self.folders_view.reload()

    # ---- running tasks -----------------------------------------------------------------------

    def _start(
        self, make_task: Callable[[], IndexingTask], on_done: Callable[[object], None]
    ) -> bool:
        if self._task is not None:
            self.message.show_error(tr("Indexing is already running; wait for it or cancel it."))
            return False
        task = make_task()
        self._task = task
        self._on_task_done = on_done
        # Methods, not lambdas that capture the task: a slot holding its own sender alive
        # crashes PySide when the task object is deleted.
        task.progress.connect(self.progress.show_progress)
        task.finished.connect(self._on_task_finished)
        task.failed.connect(self._on_task_failed)
        self.message.clear_message()
        self.progress.show_progress(0, 0, "")
        self._set_busy(True)
        task.start()
        return True

    def _on_task_finished(self, result: object) -> None:
        self._on_task_done(result)
        self._end()

    def _on_task_failed(self, message: str) -> None:
        self.message.show_error(message)
        self._end()

    def _end(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        self.progress.hide_progress()
        self._set_busy(False)
        self.reload()
        self.collections_changed.emit()

    def _set_busy(self, busy: bool) -> None:
        self.documents_view.set_adding_enabled(not busy)
        self.folders_view.set_busy(busy)
        self.resume_button.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def _on_batch_done(self, result: object) -> None:
        if not isinstance(result, BatchReport):
            return
        self.message.show_info(batch_summary(result))
        if result.failed:
            dialog = IndexingReportDialog(result.failed, indexed=len(result.indexed), parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.report_dialog = dialog
            dialog.show()  # not modal: the list stays open while the user carries on

    def _on_unwatch_done(self, _result: object) -> None:
        self.message.show_info(tr("Folder no longer watched."))

    def _on_sync_done(self, result: object) -> None:
        jobs = [j for j in result if isinstance(j, JobProgress)] if isinstance(result, list) else []
        self.message.show_info(sync_summary(jobs))

    # ---- reactions ---------------------------------------------------------------------------

    def _offer_unfinished_jobs(self) -> None:
        jobs = self._kb.folders.unfinished_jobs()
        if not jobs:
            self.resume_banner.hide()
            return
        done = sum(j.done for j in jobs)
        total = sum(j.total for j in jobs)
        folders = len({j.folder_id for j in jobs})
        self.resume_label.setText(
            tr_n(
                folders,
                "Indexing of {n} watched folder did not finish ({done} of {total} files done). "
                "Resume where it stopped?",
                "Indexing of {n} watched folders did not finish ({done} of {total} files done). "
                "Resume where it stopped?",
            ).format(done=done, total=total)
        )
        self.resume_banner.show()

    def _on_add_files_requested(self, paths: list[Path]) -> None:
        self.add_files(paths, collection_id=self.documents_view.collection_id())

    def _on_collection_selected(self, collection_id: object) -> None:
        selected = collection_id if isinstance(collection_id, int) else None
        self.documents_view.show_collection(selected, self.collections_view.selected_name())

    def _on_collections_changed(self) -> None:
        self.reload()
        self.collections_changed.emit()

    def _on_documents_changed(self) -> None:
        self.collections_view.reload()  # the document counts changed
        self.collections_changed.emit()
