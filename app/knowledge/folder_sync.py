"""Watched folders: incremental re-index (new, changed, deleted files) as resumable jobs.

A sync first *plans*: it scans the folder and writes one job row plus one item per file to add,
re-check or remove. Running the job works through the pending items, committing each one's
outcome as it goes, so a job interrupted by a crash, a quit or Cancel continues where it stopped
(`unfinished_jobs`, then `run`). Content hashes decide what really changed: a file whose mtime
moved but whose bytes did not is not extracted again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.knowledge.document_store import DocumentStore
from app.knowledge.errors import ExtractionCancelled
from app.knowledge.formats import FORMATS
from app.knowledge.indexer import DocumentIndexer
from app.storage.document_schema import IndexJobItemRow, IndexJobRow, WatchedFolderRow
from app.storage.errors import NotFoundError, StorageError

JobStatus = Literal["pending", "running", "cancelled", "done"]
ItemAction = Literal["add", "update", "remove"]


@dataclass(frozen=True)
class WatchedFolder:
    id: int
    path: str
    collection_id: int
    added_at: datetime


@dataclass(frozen=True)
class JobProgress:
    job_id: int
    folder_id: int
    status: JobStatus
    total: int
    done: int  # items finished, failed ones included
    failed: int
    current: str | None = None  # the file being worked on, when reported during a run

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.done / self.total


JobListener = Callable[[JobProgress], None]


def _now() -> datetime:
    return datetime.now(UTC)


def _files_under(root: Path) -> Iterator[Path]:
    """Supported files below `root`, hidden files and folders skipped, symlinks not followed."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.startswith("~$"):  # ~$: Office lock files
                continue
            path = Path(folder) / name
            if path.suffix.lower() in FORMATS and not path.is_symlink():
                yield path


# An indexer for one job, and the end of it: KnowledgeBase's reads each job's files in one
# child process that ends with the job.
JobReader = Callable[[], AbstractContextManager[DocumentIndexer]]


class FolderSync:
    def __init__(
        self, store: DocumentStore, indexer: DocumentIndexer, *, reader: JobReader | None = None
    ) -> None:
        """`reader` None: every job reads with `indexer` as it is."""
        self._store = store
        self._db = store.database
        self._reader: JobReader = reader or (lambda: nullcontext(indexer))

    # ---- folders -----------------------------------------------------------------------------

    def watch(self, path: Path, *, collection_name: str | None = None) -> WatchedFolder:
        """Watch a folder into a collection (by default named after the folder)."""
        root = Path(path).expanduser().absolute()
        if not root.is_dir():
            raise StorageError(f"{root} is not a folder.", kind="not_found")
        collection = self._store.collection_named(collection_name or root.name, create=True)
        assert collection is not None  # created when missing
        with self._db.session(action=f"watch the folder {root}") as session:
            row = session.scalars(
                select(WatchedFolderRow).where(WatchedFolderRow.path == str(root))
            ).first()
            if row is None:
                row = WatchedFolderRow(path=str(root), collection_id=collection.id, added_at=_now())
                session.add(row)
                session.flush()
            return _folder(row)

    def folders(self) -> list[WatchedFolder]:
        with self._db.session(write=False, action="read the watched folders") as session:
            rows = session.scalars(select(WatchedFolderRow).order_by(WatchedFolderRow.id)).all()
            return [_folder(r) for r in rows]

    def unwatch(self, folder_id: int, *, remove_documents: bool = True) -> None:
        folder = self._folder(folder_id)
        if remove_documents:
            for document_id in self._documents_under(folder).values():
                self._store.remove(document_id)
        with self._db.session(action="stop watching the folder") as session:
            row = session.get(WatchedFolderRow, folder_id)
            if row is not None:
                session.delete(row)

    # ---- jobs --------------------------------------------------------------------------------

    def plan(self, folder_id: int) -> JobProgress:
        """Scan the folder and record what has to be done as a new pending job."""
        folder = self._folder(folder_id)
        root = Path(folder.path)
        known = self._documents_under(folder)
        mtimes = self._store.mtimes(known.values())
        items: list[tuple[str, ItemAction]] = []
        seen: set[str] = set()
        if root.is_dir():
            for path in _files_under(root):
                key = str(path)
                seen.add(key)
                document_id = known.get(key)
                if document_id is None:
                    items.append((key, "add"))
                    continue
                try:
                    mtime = path.stat().st_mtime_ns
                except OSError:
                    continue
                if mtimes.get(document_id) != mtime:
                    items.append((key, "update"))  # the hash decides if it really changed
        items.extend((key, "remove") for key in sorted(known) if key not in seen)
        with self._db.session(action="plan the folder re-index") as session:
            now = _now()
            job = IndexJobRow(
                folder_id=folder_id,
                status="pending",
                total=len(items),
                done=0,
                failed=0,
                created_at=now,
                updated_at=now,
            )
            session.add(job)
            session.flush()
            session.add_all(
                IndexJobItemRow(job_id=job.id, path=p, action=a, state="pending") for p, a in items
            )
            session.flush()
            return _progress(job)

    def job(self, job_id: int) -> JobProgress:
        with self._db.session(write=False, action="read the index job") as session:
            row = session.get(IndexJobRow, job_id)
            if row is None:
                raise NotFoundError("index job", job_id)
            return _progress(row)

    def unfinished_jobs(self) -> list[JobProgress]:
        """Jobs that were planned, cancelled or cut off by a crash: run them to finish."""
        with self._db.session(write=False, action="read the index jobs") as session:
            rows = session.scalars(
                select(IndexJobRow)
                .where(IndexJobRow.status.in_(("pending", "running", "cancelled")))
                .order_by(IndexJobRow.id)
            ).all()
            return [_progress(r) for r in rows]

    def sync(
        self,
        folder_id: int,
        *,
        cancel: threading.Event | None = None,
        listener: JobListener | None = None,
    ) -> JobProgress:
        """Finish this folder's unfinished job if there is one, else plan a new one; run it."""
        unfinished = [j for j in self.unfinished_jobs() if j.folder_id == folder_id]
        job = unfinished[0] if unfinished else self.plan(folder_id)
        return self.run(job.job_id, cancel=cancel, listener=listener)

    def run(
        self,
        job_id: int,
        *,
        cancel: threading.Event | None = None,
        listener: JobListener | None = None,
    ) -> JobProgress:
        """Work through a job's pending items; stops (status "cancelled") when `cancel` is set."""
        progress = self._set_status(job_id, "running")
        folder = self._folder(progress.folder_id)
        with self._reader() as indexer:
            while True:
                if cancel is not None and cancel.is_set():
                    return self._set_status(job_id, "cancelled")
                item = self._next_item(job_id)
                if item is None:
                    return self._set_status(job_id, "done")
                path, action = item
                if listener is not None:
                    listener(_with_current(self.job(job_id), path))
                try:
                    error = self._apply(indexer, folder, Path(path), action, cancel)
                except ExtractionCancelled:
                    return self._set_status(job_id, "cancelled")
                progress = self._finish_item(job_id, path, error)
                if listener is not None:
                    listener(progress)

    # ---- helpers -----------------------------------------------------------------------------

    def _apply(
        self,
        indexer: DocumentIndexer,
        folder: WatchedFolder,
        path: Path,
        action: str,
        cancel: threading.Event | None,
    ) -> str | None:
        if action == "remove":
            existing = self._store.find_by_path(str(path))
            if existing is not None:
                self._store.remove(existing.id)
            return None
        if not path.exists():  # deleted between planning and now
            existing = self._store.find_by_path(str(path))
            if existing is not None:
                self._store.remove(existing.id)
            return None
        outcome = indexer.index_file(path, collection_ids=(folder.collection_id,), cancel=cancel)
        return outcome.error

    def _folder(self, folder_id: int) -> WatchedFolder:
        with self._db.session(write=False, action="read the watched folder") as session:
            row = session.get(WatchedFolderRow, folder_id)
            if row is None:
                raise NotFoundError("watched folder", folder_id)
            return _folder(row)

    def _documents_under(self, folder: WatchedFolder) -> dict[str, int]:
        """Path -> document id for the documents of the folder's collection inside it."""
        prefix = folder.path.rstrip(os.sep) + os.sep
        return {
            d.path: d.id
            for d in self._store.list(collection_id=folder.collection_id)
            # An e-mail's attachments are not files in the folder: they follow their mail.
            if d.path.startswith(prefix) and d.parent_id is None
        }

    def _next_item(self, job_id: int) -> tuple[str, str] | None:
        with self._db.session(write=False, action="read the index job") as session:
            row = session.scalars(
                select(IndexJobItemRow)
                .where(IndexJobItemRow.job_id == job_id, IndexJobItemRow.state == "pending")
                .order_by(IndexJobItemRow.path)
                .limit(1)
            ).first()
            return (row.path, row.action) if row is not None else None

    def _finish_item(self, job_id: int, path: str, error: str | None) -> JobProgress:
        with self._db.session(action="record index progress") as session:
            session.execute(
                update(IndexJobItemRow)
                .where(IndexJobItemRow.job_id == job_id, IndexJobItemRow.path == path)
                .values(state="failed" if error else "done", error=error)
            )
            return self._recount(session, job_id)

    def _set_status(self, job_id: int, status: JobStatus) -> JobProgress:
        with self._db.session(action="update the index job") as session:
            row = session.get(IndexJobRow, job_id)
            if row is None:
                raise NotFoundError("index job", job_id)
            row.status = status
            row.updated_at = _now()
            return self._recount(session, job_id)

    @staticmethod
    def _recount(session: Session, job_id: int) -> JobProgress:
        counts = dict(
            session.execute(
                select(IndexJobItemRow.state, func.count())
                .where(IndexJobItemRow.job_id == job_id)
                .group_by(IndexJobItemRow.state)
            ).all()
        )
        row = session.get(IndexJobRow, job_id)
        assert row is not None
        row.failed = int(counts.get("failed", 0))
        row.done = int(counts.get("done", 0)) + row.failed
        row.updated_at = _now()
        session.flush()
        return _progress(row)


def _folder(row: WatchedFolderRow) -> WatchedFolder:
    return WatchedFolder(
        id=row.id, path=row.path, collection_id=row.collection_id, added_at=row.added_at
    )


def _progress(row: IndexJobRow) -> JobProgress:
    status: JobStatus = row.status  # type: ignore[assignment]
    return JobProgress(
        job_id=row.id,
        folder_id=row.folder_id,
        status=status,
        total=row.total,
        done=row.done,
        failed=row.failed,
    )


def _with_current(progress: JobProgress, path: str) -> JobProgress:
    return replace(progress, current=path)
