"""Indexing off the GUI thread: adding files, syncing watched folders (resuming their jobs).

The knowledge base's calls are plain, blocking Python; each runs here on its own thread, and
its progress and result come back as signals queued into the GUI thread, so no widget is ever
touched from the worker. The KnowledgeBase shares the app's Database, whose sessions are safe
to use from any thread.

A worker thread alone does not keep the GUI smooth: document parsers (pypdf above all) make
hundreds of thousands of short-lived objects, and the cyclic garbage collector's full passes
they trigger run on the worker while holding the GIL, freezing the GUI thread for about 100 ms
each (measured with bench/knowledge_gui_stall.py). So by default each task reads its files with
an IsolatedExtractor: the parsing and its garbage live in a child process, and only the
extracted text comes back (max stall then under 10 ms on the same bench).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from app.knowledge.chunking import ChunkingOptions
from app.knowledge.folder_sync import FolderSync, JobProgress
from app.knowledge.indexer import BatchReport, DocumentIndexer, Extractor
from app.knowledge.isolated_extraction import IsolatedExtractor
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.limits import ExtractionLimits

# (files done, files in the batch, name of the file now being read)
ReportProgress = Callable[[int, int, str], None]
IndexingJob = Callable[[ReportProgress, threading.Event], object]


class IndexingTask(QObject):
    """One indexing job on a Python thread. Connect the signals, then call start()."""

    progress = Signal(int, int, str)  # files done, files in total, the file being read
    finished = Signal(object)  # the job's result: a BatchReport or a list[JobProgress]
    failed = Signal(str)  # the job raised (a database error, say): its message
    _progress_from_thread = Signal(int, int, str)
    _result_from_thread = Signal(object, object)  # (result, error message or None)

    def __init__(self, job: IndexingJob, *, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._running = False
        # The worker emits the private signals; the queued connections run the relays in the
        # thread this object lives in (the GUI thread), whatever thread emitted.
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_thread.connect(self._relay_progress, queued)
        self._result_from_thread.connect(self._relay_result, queued)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    # ---- the common jobs ---------------------------------------------------------------------

    @classmethod
    def add_files(
        cls,
        kb: KnowledgeBase,
        paths: Sequence[Path],
        *,
        collection_id: int | None = None,
        options: IndexingOptions | None = None,
        parent: QObject | None = None,
    ) -> IndexingTask:
        """Index files (into a collection when given); `finished` carries the BatchReport, whose
        `failed` outcomes say per file what is wrong. A bad file never stops the batch."""
        files = [Path(p) for p in paths]
        collection_ids = () if collection_id is None else (collection_id,)
        chosen = options or IndexingOptions()

        def job(report: ReportProgress, cancel: threading.Event) -> BatchReport:
            def on_progress(done: int, total: int, path: Path) -> None:
                report(done, total, path.name)

            with chosen.indexer_for(kb) as indexer:
                return indexer.index_files(
                    files, collection_ids=collection_ids, cancel=cancel, progress=on_progress
                )

        return cls(job, name="IndexFiles", parent=parent)

    @classmethod
    def sync_folders(
        cls,
        kb: KnowledgeBase,
        folder_ids: Sequence[int],
        *,
        options: IndexingOptions | None = None,
        parent: QObject | None = None,
    ) -> IndexingTask:
        """Sync each watched folder in turn: a folder's unfinished job (cancelled, or cut off by
        a quit or crash) is resumed, else a new one planned. `finished` carries the list of the
        jobs' final JobProgress (status "cancelled" for one that was stopped)."""
        ids = list(folder_ids)
        chosen = options or IndexingOptions()

        def job(report: ReportProgress, cancel: threading.Event) -> list[JobProgress]:
            results: list[JobProgress] = []
            with chosen.indexer_for(kb) as indexer:
                folders = FolderSync(kb.store, indexer)
                for folder_id in ids:
                    if cancel.is_set():
                        break
                    results.append(
                        folders.sync(folder_id, cancel=cancel, listener=_job_listener(report))
                    )
            return results

        return cls(job, name="SyncFolders", parent=parent)

    # ---- running -----------------------------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at the next file (a file being read stops as soon as it can)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._running

    def wait(self, timeout_s: float | None = None) -> None:
        """Join the worker thread (for shutdown); the result still arrives through the loop."""
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            result = self._job(self._progress_from_thread.emit, self._cancel)
        except Exception as exc:  # every failure reaches the user as a message, none is lost
            self._result_from_thread.emit(None, str(exc) or type(exc).__name__)
        else:
            self._result_from_thread.emit(result, None)

    def _relay_progress(self, done: int, total: int, name: str) -> None:
        self.progress.emit(done, total, name)

    def _relay_result(self, result: object, error: object) -> None:
        # The worker's last act was to emit this; let it leave that emit (and the thread)
        # before anyone may delete this object in reaction: a QObject deleted while another
        # thread is still inside one of its signal emissions crashes the process.
        self._thread.join()
        self._running = False
        if error is not None:
            self.failed.emit(str(error))
        else:
            self.finished.emit(result)


@dataclass(frozen=True)
class IndexingOptions:
    """How tasks read files: the limits and chunking the app's KnowledgeBase was built with
    (defaults when None), and whether parsing runs in a child process (see the module
    docstring). With `isolate=False` the knowledge base's own indexer is used as it is."""

    limits: ExtractionLimits | None = None
    chunking: ChunkingOptions | None = None
    isolate: bool = True

    @contextmanager
    def indexer_for(self, kb: KnowledgeBase) -> Iterator[DocumentIndexer]:
        """An indexer over the knowledge base's store, for one task's thread (it owns the
        child process, which is ended when the task is)."""
        if not self.isolate:
            yield kb.indexer
            return
        with IsolatedExtractor() as extractor:
            reader: Extractor = extractor
            yield DocumentIndexer(
                kb.store, limits=self.limits, chunking=self.chunking, extractor=reader
            )


def _job_listener(report: ReportProgress) -> Callable[[JobProgress], None]:
    def on_job(progress: JobProgress) -> None:
        name = Path(progress.current).name if progress.current else ""
        report(progress.done, progress.total, name)

    return on_job
