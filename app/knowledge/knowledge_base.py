"""The one object front ends use for documents: add, list, remove, search, collections,
watched folders and prompt grounding, over one Hearth database."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.knowledge.chunking import ChunkingOptions
from app.knowledge.document_store import DocumentStore
from app.knowledge.embedding import Embedder, VectorIndex
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.folder_sync import FolderSync
from app.knowledge.grounding import Grounding, build_grounding
from app.knowledge.indexer import BatchProgress, BatchReport, DocumentIndexer, Extractor
from app.knowledge.limits import ExtractionLimits
from app.knowledge.records import CollectionRecord, DocumentRecord, Passage
from app.knowledge.retrieval import retrieve
from app.knowledge.tokens import CountTokens, approximate_tokens
from app.storage.database import Database
from app.storage.errors import NotFoundError


class KnowledgeBase:
    def __init__(
        self,
        db: Database,
        *,
        limits: ExtractionLimits | None = None,
        chunking: ChunkingOptions | None = None,
        extractor: Extractor = extract_document,
    ) -> None:
        self.store = DocumentStore(db)
        self.indexer = DocumentIndexer(
            self.store, limits=limits, chunking=chunking, extractor=extractor
        )
        self.folders = FolderSync(self.store, self.indexer)
        self.vectors = VectorIndex(db)

    # ---- documents ---------------------------------------------------------------------------

    def add_files(
        self,
        paths: Sequence[Path],
        *,
        collection: str | None = None,
        cancel: threading.Event | None = None,
        progress: BatchProgress | None = None,
    ) -> BatchReport:
        """Index files (into `collection`, created if new); bad files are reported, not raised."""
        collection_ids: tuple[int, ...] = ()
        if collection:
            record = self.store.collection_named(collection, create=True)
            assert record is not None
            collection_ids = (record.id,)
        return self.indexer.index_files(
            paths, collection_ids=collection_ids, cancel=cancel, progress=progress
        )

    def documents(self, *, collection: str | None = None) -> list[DocumentRecord]:
        if collection is None:
            return self.store.list()
        return self.store.list(collection_id=self.collection(collection).id)

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
        scope: set[int] | None = None if document_ids is None else set(document_ids)
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
            document_ids=document_ids,
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
        document_ids, collection_ids = self.store.conversation_attachments(conversation_id)
        return self.ground(
            question,
            document_ids=document_ids,
            collection_ids=collection_ids,
            token_budget=token_budget,
            count_tokens=count_tokens,
            embedder=embedder,
        )
