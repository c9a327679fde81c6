"""Adding files to the index: hash, skip unchanged, extract, chunk, store; a bad file never stops
the batch, and each failure says what is wrong with which file."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.knowledge.chunking import ChunkingOptions, chunk_sections
from app.knowledge.document_store import DocumentStore, FileFacts
from app.knowledge.errors import (
    DocumentError,
    ExtractionCancelled,
    ProblemKind,
    unreadable_file_error,
)
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.formats import format_for
from app.knowledge.limits import ExtractionLimits, PageProgress, check_size
from app.knowledge.ocr.runtime import ocr_installed, waiting_for_ocr
from app.knowledge.records import DocumentRecord
from app.knowledge.sections import ExtractedAttachment, ExtractedDocument

_log = logging.getLogger(__name__)

Extractor = Callable[..., ExtractedDocument]
# (files done, files in the batch, the file now being read)
BatchProgress = Callable[[int, int, Path], None]
# (the file, its page now read, its pages to read): slow pages only (OCR), between the above
FilePageProgress = Callable[[Path, int, int], None]


@dataclass(frozen=True)
class IndexOutcome:
    path: Path
    document: DocumentRecord | None = None
    error: str | None = None
    kind: ProblemKind | None = None
    unchanged: bool = False  # already indexed with the same content; nothing was done

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BatchReport:
    outcomes: list[IndexOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def indexed(self) -> list[IndexOutcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[IndexOutcome]:
        return [o for o in self.outcomes if not o.ok]


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class DocumentIndexer:
    def __init__(
        self,
        store: DocumentStore,
        *,
        limits: ExtractionLimits | None = None,
        chunking: ChunkingOptions | None = None,
        extractor: Extractor = extract_document,
    ) -> None:
        self._store = store
        self._limits = limits or ExtractionLimits()
        self._chunking = chunking or ChunkingOptions()
        self._extract = extractor

    def use_limits(self, limits: ExtractionLimits) -> None:
        """The limits for the files indexed from now on (see KnowledgeBase's limits_source)."""
        self._limits = limits

    def index_file(
        self,
        path: Path,
        *,
        collection_ids: Iterable[int] = (),
        cancel: threading.Event | None = None,
        force: bool = False,
        page_progress: PageProgress | None = None,
    ) -> IndexOutcome:
        """Index one file. Never raises for a bad file (see IndexOutcome.error); raises
        ExtractionCancelled when `cancel` is set, and StorageError when the database fails."""
        path = Path(path).expanduser().absolute()
        collections = tuple(collection_ids)
        try:
            facts = self._facts(path)
        except DocumentError as exc:
            # Each file that cannot be read leaves a line: the window shows only a count.
            _log.warning("cannot index %s (%s): %s", path, exc.kind, exc)
            return IndexOutcome(path, error=str(exc), kind=exc.kind)
        existing = self._store.find_by_path(facts.path)
        # A file left unread for want of OCR is read again once OCR is installed.
        ocr_now = existing is not None and self._ocr_would_read(existing)
        if existing is not None and existing.sha256 == facts.sha256 and not force and not ocr_now:
            # Same content: nothing to extract again (a known-bad file stays known-bad).
            self._store.touch(existing.id, facts.mtime_ns)
            if collections:
                for collection_id in collections:
                    self._store.add_to_collection(collection_id, (existing.id,))
                existing = self._store.get(existing.id)
            return IndexOutcome(path, document=existing, error=existing.error, unchanged=True)
        try:
            # Only a reader that reports pages is given the callback (tests pass plain ones).
            reporting = {"progress": page_progress} if page_progress is not None else {}
            extracted = self._extract(path, limits=self._limits, cancel=cancel, **reporting)
        except ExtractionCancelled:
            raise
        except DocumentError as exc:
            _log.warning("cannot index %s (%s): %s", path, exc.kind, exc)
            record = self._store.save_failed(facts, str(exc), collection_ids=collections)
            return IndexOutcome(path, document=record, error=str(exc), kind=exc.kind)
        chunks = chunk_sections(extracted.sections, self._chunking)
        record = self._store.save_indexed(
            facts,
            chunks,
            page_count=extracted.page_count,
            collection_ids=collections,
            notes=extracted.notes,
            ocr_pages=len(extracted.ocr_pages),
            ocr_confidence=extracted.ocr_confidence,
        )
        self._save_attachments(record, facts, extracted.attachments, collections)
        _log.info("indexed %s: %d chunks", path, len(chunks))
        return IndexOutcome(path, document=record)

    def _save_attachments(
        self,
        parent: DocumentRecord,
        parent_facts: FileFacts,
        attachments: Sequence[ExtractedAttachment],
        collections: tuple[int, ...],
    ) -> None:
        """Each attachment becomes a document of its own, linked to its mail (and in the mail's
        collections, so a collection search finds it); nested ones recursively."""
        for number, attachment in enumerate(attachments, start=1):
            facts = replace(
                parent_facts,
                # Not a file on disk: unique under the mail, and never taken for one by a
                # watched folder (which skips documents with a parent).
                path=f"{parent.path}#{number}/{attachment.name}",
                file_name=attachment.name,
                sha256=attachment.sha256,
                size_bytes=attachment.size_bytes,
                format=attachment.document.format,
            )
            chunks = chunk_sections(attachment.document.sections, self._chunking)
            child = self._store.save_indexed(
                facts,
                chunks,
                page_count=attachment.document.page_count,
                collection_ids=collections,
                parent_id=parent.id,
                notes=attachment.document.notes,
                ocr_pages=len(attachment.document.ocr_pages),
                ocr_confidence=attachment.document.ocr_confidence,
            )
            self._save_attachments(child, facts, attachment.document.attachments, collections)

    def index_files(
        self,
        paths: Sequence[Path],
        *,
        collection_ids: Iterable[int] = (),
        cancel: threading.Event | None = None,
        progress: BatchProgress | None = None,
        page_progress: FilePageProgress | None = None,
    ) -> BatchReport:
        """Index every file it can; failures are collected, not raised. Stops early on cancel."""
        report = BatchReport()
        collections = tuple(collection_ids)
        for done, path in enumerate(paths):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, len(paths), Path(path))
            try:
                report.outcomes.append(
                    self.index_file(
                        Path(path),
                        collection_ids=collections,
                        cancel=cancel,
                        page_progress=_for_file(page_progress, Path(path)),
                    )
                )
            except ExtractionCancelled:
                report.cancelled = True
                break
        if progress is not None and not report.cancelled:
            progress(len(paths), len(paths), Path(paths[-1]) if paths else Path())
        return report

    def _ocr_would_read(self, record: DocumentRecord) -> bool:
        return waiting_for_ocr(record.error, record.notes) and ocr_installed(self._limits)

    def _facts(self, path: Path) -> FileFacts:
        fmt = format_for(path)
        try:
            stat = path.stat()
        except FileNotFoundError as exc:
            raise DocumentError(path, "the file does not exist", kind="not_found") from exc
        except OSError as exc:
            raise unreadable_file_error(path, exc) from exc
        if not path.is_file():
            raise DocumentError(path, "this is a folder or device, not a file", kind="unreadable")
        check_size(path, stat.st_size, self._limits)
        try:
            digest = file_sha256(path)
        except OSError as exc:
            raise unreadable_file_error(path, exc) from exc
        return FileFacts(
            path=str(path),
            file_name=path.name,
            sha256=digest,
            size_bytes=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            format=fmt,
        )


def _for_file(progress: FilePageProgress | None, path: Path) -> PageProgress | None:
    if progress is None:
        return None
    return lambda page, pages: progress(path, page, pages)
