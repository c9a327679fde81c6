"""Plain values the knowledge package hands to the layers above (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.knowledge.page_box import PageBox

DocumentStatus = Literal["indexed", "failed"]


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    path: str
    file_name: str
    sha256: str
    size_bytes: int
    format: str
    page_count: int | None
    char_count: int
    chunk_count: int
    status: DocumentStatus
    error: str | None
    added_at: datetime
    updated_at: datetime
    collection_ids: tuple[int, ...] = ()
    parent_id: int | None = None  # the e-mail this attachment came from
    # What extraction skipped, capped or could not read (ExtractedDocument.notes): one
    # user-language sentence each. Empty for a complete document and for a failed one.
    notes: tuple[str, ...] = ()
    # Pages (or pictures) whose text came from OCR, and OCR's mean confidence on them (0..1).
    ocr_pages: int = 0
    ocr_confidence: float | None = None

    @property
    def source(self) -> str:
        """Where the text came from: "text" (the file's own), "ocr" (all of it), or "mixed"."""
        if self.ocr_pages == 0:
            return "text"
        if self.page_count is None or self.ocr_pages >= self.page_count:
            return "ocr"
        return "mixed"


@dataclass(frozen=True)
class CollectionRecord:
    id: int
    name: str
    created_at: datetime
    document_count: int = 0


@dataclass(frozen=True)
class StoredChunk:
    id: int
    document_id: int
    ordinal: int
    section_index: int
    position: str
    page: int | None
    heading: str
    text: str
    overlap_chars: int
    box: PageBox | None = None  # where on the page OCR read it; None for a text layer


@dataclass(frozen=True)
class Passage:
    """A search hit: one chunk, where it comes from, and how well it matched."""

    chunk_id: int
    document_id: int
    file_name: str
    path: str
    position: str
    page: int | None
    heading: str
    text: str
    score: float  # higher is better (BM25 sign-flipped, or a fused score)
    box: PageBox | None = None  # where on the page OCR read it; None for a text layer
