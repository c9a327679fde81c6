"""Indexing off the GUI thread: adding files, syncing watched folders (resuming their jobs).

Each job is one KnowledgeBase call (which decides how files are read: in a child process, see
app.knowledge.knowledge_base) run on a Task's thread (app.ui.common.task); its progress and
result arrive as signals in the GUI thread, so no widget is ever touched from the worker. The
KnowledgeBase shares the app's Database, whose sessions are safe to use from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.knowledge.folder_sync import JobProgress
from app.knowledge.indexer import BatchReport
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl

# (files done, files in the batch, name of the file now being read)
ReportProgress = Callable[[int, int, str], None]
IndexingJob = Callable[[ReportProgress, threading.Event], object]


def ocr_progress_name(file_name: str, page: int, pages: int) -> str:
    """ "OCR page 3 of 12, scan.pdf" (one page: "OCR, photo.png"): the page first, so a narrow
    progress line that cuts the text still shows it."""
    if pages <= 1:
        return tr("OCR, {file}").format(file=file_name)
    return tr("OCR page {page} of {pages}, {file}").format(page=page, pages=pages, file=file_name)


class IndexingTask(QObject):
    """One indexing job as a Task. Connect the signals, then call start()."""

    progress = Signal(int, int, str)  # files done, files in total, the file being read
    finished = Signal(object)  # the job's result: a BatchReport or a list[JobProgress]
    failed = Signal(str)  # the job raised (a database error, say): its message

    def __init__(self, job: IndexingJob, *, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)

        def work(control: TaskControl) -> object:
            def report(done: int, total: int, file_name: str) -> None:
                control.report((done, total, file_name))

            return job(report, control.cancel_event)

        self._task = Task(work, name=name, parent=self)
        self._task.progress.connect(self._relay_progress)
        self._task.succeeded.connect(self.finished)
        self._task.failed.connect(self.failed)

    # ---- the common jobs ---------------------------------------------------------------------

    @classmethod
    def add_files(
        cls,
        kb: KnowledgeBase,
        paths: Sequence[Path],
        *,
        attach_to: Attach | None = None,
        parent: QObject | None = None,
    ) -> IndexingTask:
        """Index files (into a collection, or a chat, when given); `finished` carries the
        BatchReport, whose `failed` outcomes say per file what is wrong. A bad file never stops
        the batch."""
        files = [Path(p) for p in paths]

        def job(report: ReportProgress, cancel: threading.Event) -> BatchReport:
            where = {"done": 0, "total": len(files)}

            def on_progress(done: int, total: int, path: Path) -> None:
                where.update(done=done, total=total)
                report(done, total, path.name)

            def on_page(path: Path, page: int, pages: int) -> None:
                # A scan is read page by page (seconds each): say which page.
                report(where["done"], where["total"], ocr_progress_name(path.name, page, pages))

            return kb.add_files(
                files,
                attach_to=attach_to,
                cancel=cancel,
                progress=on_progress,
                page_progress=on_page,
            )

        return cls(job, name="IndexFiles", parent=parent)

    @classmethod
    def sync_folders(
        cls, kb: KnowledgeBase, folder_ids: Sequence[int], *, parent: QObject | None = None
    ) -> IndexingTask:
        """Sync each watched folder in turn: a folder's unfinished job (cancelled, or cut off by
        a quit or crash) is resumed, else a new one planned. `finished` carries the list of the
        jobs' final JobProgress (status "cancelled" for one that was stopped)."""
        ids = list(folder_ids)

        def job(report: ReportProgress, cancel: threading.Event) -> list[JobProgress]:
            return kb.sync_folders(ids, cancel=cancel, listener=_job_listener(report))

        return cls(job, name="SyncFolders", parent=parent)

    # ---- running -----------------------------------------------------------------------------

    def start(self) -> None:
        self._task.start()

    def cancel(self) -> None:
        """Ask the job to stop at the next file (a file being read stops as soon as it can)."""
        self._task.cancel()

    def is_cancelled(self) -> bool:
        return self._task.is_cancelled()

    def is_running(self) -> bool:
        return self._task.is_running()

    def wait(self, timeout_s: float | None = None) -> None:
        """Join the worker thread (for shutdown); the result still arrives through the loop."""
        self._task.wait(timeout_s)

    def _relay_progress(self, value: object) -> None:
        if isinstance(value, tuple):
            done, total, name = value
            self.progress.emit(done, total, name)


def _job_listener(report: ReportProgress) -> Callable[[JobProgress], None]:
    def on_job(progress: JobProgress) -> None:
        name = Path(progress.current).name if progress.current else ""
        report(progress.done, progress.total, name)

    return on_job
