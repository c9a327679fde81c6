"""The one object front ends use for documents: add, list, remove, search, collections,
watched folders, chat attachments and prompt grounding, over one Hearth database.

Reading files is the knowledge base's decision, not a front end's: by default every batch
(`add_files`, `sync_folders`) parses its files in a child process (IsolatedExtractor), so a
corrupt or hostile file that crashes, hangs or bloats a parser is reported as that file's
failure instead of taking the app (or the CLI) down, and the parsers' garbage-collection
pauses stay off the GUI's interpreter. The GUI, `hearth docs add`, `chat --attach` and pack
import all come through here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.knowledge.chunking import ChunkingOptions
from app.knowledge.document_store import DocumentStore
from app.knowledge.embedding import Embedder, VectorIndex
from app.knowledge.folder_sync import FolderSync, JobListener, JobProgress
from app.knowledge.grounding import Grounding, build_grounding
from app.knowledge.indexer import (
    BatchProgress,
    BatchReport,
    DocumentIndexer,
    Extractor,
    FilePageProgress,
)
from app.knowledge.isolated_extraction import IsolatedExtractor
from app.knowledge.limits import ExtractionLimits, PageProgress
from app.knowledge.records import CollectionRecord, DocumentRecord, Passage, StoredChunk
from app.knowledge.retrieval import retrieve
from app.knowledge.search_backfill import SLICE, finish_search_upgrade
from app.knowledge.sections import ExtractedDocument
from app.knowledge.tokens import CountTokens, approximate_tokens
from app.storage.database import Database
from app.storage.errors import NotFoundError


@dataclass(frozen=True)
class Attach:
    """Where `add_files` puts what it indexed: a collection (by name, created if new, or by id)
    and/or a chat. Use the constructors: `Attach.to_collection("Work")`, `Attach.to_chat(7)`."""

    collection_name: str | None = None
    collection_id: int | None = None
    conversation_id: int | None = None

    @classmethod
    def to_collection(cls, name: str) -> Attach:
        return cls(collection_name=name)

    @classmethod
    def to_collection_id(cls, collection_id: int) -> Attach:
        return cls(collection_id=collection_id)

    @classmethod
    def to_chat(cls, conversation_id: int) -> Attach:
        return cls(conversation_id=conversation_id)


def _isolated_once(
    path: Path,
    *,
    limits: ExtractionLimits | None = None,
    cancel: threading.Event | None = None,
    progress: PageProgress | None = None,
) -> ExtractedDocument:
    """One file read in its own child process (started and ended for this file)."""
    with IsolatedExtractor() as isolated:
        return isolated(path, limits=limits, cancel=cancel, progress=progress)


class KnowledgeBase:
    def __init__(
        self,
        db: Database,
        *,
        limits: ExtractionLimits | None = None,
        chunking: ChunkingOptions | None = None,
        extractor: Extractor | None = None,
        limits_source: Callable[[], ExtractionLimits] | None = None,
    ) -> None:
        """`extractor` None: each batch parses in its own child process (see the module
        docstring). A given extractor is used in this process as it is (tests, benches).
        `limits_source`: asked again for the limits at the start of each batch, so a batch
        reads with what is installed then (an OCR component installed while Hearth runs is
        used by the next batch's child process, without a restart)."""
        self.store = DocumentStore(db)
        self._limits_source = limits_source
        if limits is None and limits_source is not None:
            limits = limits_source()
        self._limits = limits
        self._chunking = chunking
        self._isolate = extractor is None
        # Single-file calls (`indexer.index_file`) and the given extractor's batches. Without
        # an extractor a single file reads in a child process too (one per call), and a
        # folder job in one child for the job: no caller gets an unguarded, in-process parse.
        self.indexer = DocumentIndexer(
            self.store, limits=limits, chunking=chunking, extractor=extractor or _isolated_once
        )
        self.folders = FolderSync(self.store, self.indexer, reader=self._batch_indexer)
        self.vectors = VectorIndex(db)
        finish_search_upgrade(db, limit=SLICE)  # chunks indexed before schema v12: a slice

    # ---- documents ---------------------------------------------------------------------------

    def add_files(
        self,
        paths: Sequence[Path],
        *,
        attach_to: Attach | None = None,
        cancel: threading.Event | None = None,
        progress: BatchProgress | None = None,
        page_progress: FilePageProgress | None = None,
    ) -> BatchReport:
        """Index files and attach them where asked; bad files are reported, not raised. A chat
        gets every file that has a record (a failed one shows as failed there); a cancelled
        batch attaches the files read so far. `page_progress`: each page read with OCR."""
        finish_search_upgrade(self.store.database)  # the rest of them (a worker thread)
        target = attach_to or Attach()
        collection_ids: tuple[int, ...] = ()
        if target.collection_name:
            record = self.store.collection_named(target.collection_name, create=True)
            assert record is not None
            collection_ids = (record.id,)
        elif target.collection_id is not None:
            collection_ids = (target.collection_id,)
        with self._batch_indexer() as indexer:
            report = indexer.index_files(
                paths,
                collection_ids=collection_ids,
                cancel=cancel,
                progress=progress,
                page_progress=page_progress,
            )
        if target.conversation_id is not None:
            ids = [o.document.id for o in report.outcomes if o.document is not None]
            if ids:
                self.attach_to_chat(target.conversation_id, document_ids=ids)
        return report

    def sync_folders(
        self,
        folder_ids: Sequence[int],
        *,
        cancel: threading.Event | None = None,
        listener: JobListener | None = None,
    ) -> list[JobProgress]:
        """Sync each watched folder in turn (resuming its unfinished job, else planning a new
        one), reading files as `add_files` does; stops between folders on cancel."""
        finish_search_upgrade(self.store.database)
        results: list[JobProgress] = []
        for folder_id in folder_ids:
            if cancel is not None and cancel.is_set():
                break
            results.append(self.folders.sync(folder_id, cancel=cancel, listener=listener))
        return results

    @contextmanager
    def _batch_indexer(self) -> Iterator[DocumentIndexer]:
        """An indexer for one batch on the calling thread; the child process it reads with (one
        per batch: not shared between threads) ends with the batch."""
        if self._limits_source is not None:
            self._limits = self._limits_source()
            self.indexer.use_limits(self._limits)
        if not self._isolate:
            yield self.indexer
            return
        with IsolatedExtractor() as isolated:
            reader: Extractor = isolated
            yield DocumentIndexer(
                self.store, limits=self._limits, chunking=self._chunking, extractor=reader
            )

    def documents(self, *, collection: str | None = None) -> list[DocumentRecord]:
        if collection is None:
            return self.store.list()
        return self.store.list(collection_id=self.collection(collection).id)

    def documents_in(self, collection_id: int | None) -> list[DocumentRecord]:
        """The documents of a collection by id (None: every document)."""
        return self.store.list(collection_id=collection_id)

    def chunks(self, document_id: int) -> list[StoredChunk]:
        """An indexed document's passages, in reading order (Adapter Studio drafts from them)."""
        return self.store.chunks(document_id)

    def document(self, document_id: int) -> DocumentRecord:
        return self.store.get(document_id)

    def remove(self, document_id: int) -> DocumentRecord:
        """Forget a document: its chunks, index entries and vectors go with it. The user's file
        is not touched (Hearth never copied it)."""
        return self.store.remove(document_id)

    def text_of(self, document_id: int) -> str:
        """The document's extracted text, sections separated by blank lines."""
        chunks = self.store.chunks(document_id)
        parts: dict[int, list[str]] = {}
        for chunk in chunks:
            parts.setdefault(chunk.section_index, []).append(chunk.text[chunk.overlap_chars :])
        return "\n\n".join("".join(parts[i]) for i in sorted(parts))

    def attached_document_ids(self, conversation_id: int) -> list[int]:
        """The documents a chat reads: attached one by one or through a collection."""
        document_ids, collection_ids = self.store.conversation_attachments(conversation_id)
        return sorted(set(document_ids) | self.store.document_ids_in(collection_ids))

    # ---- collections -------------------------------------------------------------------------

    def collections(self) -> list[CollectionRecord]:
        return self.store.collections()

    def collection(self, name: str) -> CollectionRecord:
        record = self.store.collection_named(name)
        if record is None:
            raise NotFoundError("collection", name)
        return record

    def create_collection(self, name: str) -> CollectionRecord:
        return self.store.create_collection(name)

    def rename_collection(self, collection_id: int, name: str) -> None:
        self.store.rename_collection(collection_id, name)

    def delete_collection(self, collection_id: int, *, with_documents: bool = False) -> None:
        """Delete a collection; `with_documents` also removes its documents that are in no
        other collection or chat."""
        self.store.delete_collection(collection_id, with_documents=with_documents)

    def remove_from_collection(self, collection_id: int, document_id: int) -> None:
        self.store.remove_from_collection(collection_id, document_id)

    # ---- chat attachments --------------------------------------------------------------------

    def attach_to_chat(
        self,
        conversation_id: int,
        *,
        document_ids: Iterable[int] = (),
        collection_ids: Iterable[int] = (),
    ) -> None:
        self.store.attach_to_conversation(
            conversation_id, document_ids=document_ids, collection_ids=collection_ids
        )

    def detach_from_chat(
        self,
        conversation_id: int,
        *,
        document_ids: Iterable[int] = (),
        collection_ids: Iterable[int] = (),
    ) -> None:
        self.store.detach_from_conversation(
            conversation_id, document_ids=document_ids, collection_ids=collection_ids
        )

    def chat_attachments(self, conversation_id: int) -> tuple[list[int], list[int]]:
        """(document ids, collection ids) attached to a chat."""
        return self.store.conversation_attachments(conversation_id)

    # ---- search and grounding ----------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        collection: str | None = None,
        document_ids: Iterable[int] | None = None,
        limit: int = 10,
        embedder: Embedder | None = None,
    ) -> list[Passage]:
        scope: set[int] | None = None
        if document_ids is not None:
            scope = set(self.store.with_attachments(document_ids))
        if collection is not None:
            in_collection = self.store.document_ids_in((self.collection(collection).id,))
            scope = in_collection if scope is None else scope & in_collection
        return retrieve(
            self.store.database, query, document_ids=scope, limit=limit, embedder=embedder
        )

    def ground(
        self,
        question: str,
        *,
        document_ids: Iterable[int] = (),
        collection_ids: Iterable[int] = (),
        token_budget: int,
        count_tokens: CountTokens = approximate_tokens,
        embedder: Embedder | None = None,
    ) -> Grounding:
        return build_grounding(
            self.store,
            question,
            # A mail's attachments are read with it.
            document_ids=self.store.with_attachments(document_ids),
            collection_ids=collection_ids,
            token_budget=token_budget,
            count_tokens=count_tokens,
            embedder=embedder,
        )

    def ground_conversation(
        self,
        conversation_id: int,
        question: str,
        *,
        token_budget: int,
        count_tokens: CountTokens = approximate_tokens,
        embedder: Embedder | None = None,
    ) -> Grounding:
        """Grounding over the documents and collections attached to a chat."""
        document_ids, collection_ids = self.chat_attachments(conversation_id)
        return self.ground(
            question,
            document_ids=document_ids,
            collection_ids=collection_ids,
            token_budget=token_budget,
            count_tokens=count_tokens,
            embedder=embedder,
        )
